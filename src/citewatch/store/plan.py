"""Deciding the new content of a document's ``.bib`` file: keys, entries, order.

Keys, in this order of preference:

1. the key of the entry this file already holds for the work (matched by URL, DOI,
   title+author, or the fingerprints citewatch recorded, so a key survives edits and URL
   repair; URL and DOI matches are served first, so a weak match of an earlier work
   cannot take a later work's entry) — once written, a key never changes;
2. the key another ``.bib`` file of the store gives the same work (same URL or DOI, or
   for a work without URL the same title, author and year), so one work has one key
   across the store (files consulted in name order);
3. a new key from :func:`citewatch.store.keys.base_key`, with ``a``, ``b`` … appended
   while it is taken by any other entry of this file or of the store; works are served in
   order of first appearance in the document.

The only order-dependence left is between documents that are written for the first time
and cite *different* works with the same base key: the first written gets the bare key.
Re-runs never change a key.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from bibtexparser.library import Library
from bibtexparser.model import Block, Entry, ExplicitComment

from citewatch.citations.model import Citation, Extraction
from citewatch.citations.seen import seen_dates
from citewatch.store.bibfile import read_bib
from citewatch.store.index import StoreIndex, StoreView, entry_tokens
from citewatch.store.keys import KeyAllocator, base_key
from citewatch.store.merge import (
    is_managed,
    is_touched,
    merge_entry,
)
from citewatch.store.values import encode
from citewatch.store.works import (
    CROSS_DOCUMENT,
    Work,
    desired_entry,
    group_works,
)

META_MARK = "citewatch-document"
"""First word of the ``@comment`` that holds the document's own metadata."""

_TOKEN_PRIORITY = ("url:", "doi:", "h:url:", "tay:")


def bib_path_for(document: str, refs_dir: Path) -> Path:
    """``refs/<document-stem>.bib``."""
    return refs_dir / f"{Path(document).stem}.bib"


def _ranked(tokens: Iterable[str]) -> list[str]:
    def rank(token: str) -> tuple[int, str]:
        for i, prefix in enumerate(_TOKEN_PRIORITY):
            if token.startswith(prefix):
                return (i, token)
        return (len(_TOKEN_PRIORITY), token)

    return sorted(tokens, key=rank)


@dataclass(frozen=True)
class Plan:
    """The new file, before it is written."""

    path: Path
    library: Library
    keys: dict[Citation, str]
    old_text: str | None
    added: tuple[str, ...]
    updated: tuple[str, ...]
    kept: tuple[str, ...]
    removed: tuple[str, ...]
    warnings: tuple[str, ...] = ()


def _shadowed(hand: list[Entry], added: list[Entry], path: Path) -> list[str]:
    """Warnings for new entries that share a URL with an entry citewatch once wrote but
    that no longer counts as this document's: a person edited or removed its
    ``citewatch-document``, or copied it here. Such an entry is kept untouched (it is
    theirs), so the work got a second entry; say so instead of leaving it silent."""
    if not hand or not added:
        return []
    holders: dict[str, str] = {}
    for entry in hand:
        if any(f.key.lower().startswith("citewatch-") for f in entry.fields):
            for token in entry_tokens(entry):
                if token.startswith("url:"):
                    holders.setdefault(token, entry.key)
    out: list[str] = []
    for entry in added:
        other = next((holders[t] for t in sorted(entry_tokens(entry)) if t in holders), None)
        if other is not None:
            out.append(
                f"{path.name}: {entry.key} was added for a URL that {other} also holds; "
                f"{other} is kept as a hand entry because its citewatch-document does not "
                "name this document (edited or removed?). Restore that field or delete one "
                "of the two entries."
            )
    return out


def assign_keys(
    works: list[Work], managed: list[Entry], local_keys: set[str], others: StoreView
) -> tuple[list[str], dict[int, Entry]]:
    """The key of each work (same order), and which existing entry each work claimed."""
    keys: list[str | None] = [None] * len(works)
    claimed: dict[int, Entry] = {}
    # best matches first (URL/DOI matches outrank title or text matches), so an early
    # work with a weak match cannot take the entry of a later work with a strong one
    candidates: list[tuple[int, int, int, int]] = []
    holders: dict[str, list[int]] = {}
    for j, entry in enumerate(managed):
        for token in entry_tokens(entry):
            holders.setdefault(token, []).append(j)
    for i, work in enumerate(works):
        shared: dict[int, list[str]] = {}
        for token in work.tokens:
            for j in holders.get(token, ()):
                shared.setdefault(j, []).append(token)
        for j, tokens in shared.items():
            strong = sum(1 for t in tokens if t.startswith(("url:", "h:url:", "doi:")))
            candidates.append((-strong, -len(tokens), i, j))
    used: set[int] = set()
    for _, _, i, j in sorted(candidates):
        if keys[i] is None and j not in used:
            used.add(j)
            claimed[i] = managed[j]
            keys[i] = managed[j].key
    taken = set(local_keys)
    for i, work in enumerate(works):
        if keys[i] is not None:
            continue
        # only tokens another file holds can give a key (ranked: same order, fewer to rank)
        held = [t for t in work.tokens if t in others.by_token]
        for token in _ranked(t for t in held if t.startswith(CROSS_DOCUMENT)):
            found = next(
                (k for k in others.by_token.get(token, ()) if k.lower() not in taken), None
            )
            if found is not None:
                keys[i] = found
                taken.add(found.lower())
                break
    allocator = KeyAllocator(taken | others.keys)
    for i, work in enumerate(works):
        if keys[i] is not None:
            continue
        rep = work.representative
        keys[i] = allocator.allocate(base_key(rep.fields, work.urls, rep.text))
    return [k for k in keys if k is not None], claimed


def _signature(entry: Entry) -> tuple[object, ...]:
    return (entry.entry_type, tuple((f.key, str(f.value)) for f in entry.fields))


def meta_comment(extraction: Extraction) -> ExplicitComment:
    """The leading ``@comment`` holding what the document says about itself."""
    meta = extraction.meta
    values = [
        ("document", extraction.document),
        ("title", meta.title),
        ("author", meta.author),
        ("publisher", meta.publisher),
        ("date", meta.date),
        ("date-iso", meta.date_iso),
        ("original-url", meta.original_url),
    ]
    lines = [f"{META_MARK},"]
    body = [f"  {name} = {{{encode('citewatch-' + name, v)}}}" for name, v in values if v]
    lines.append(",\n".join(body))
    return ExplicitComment("\n".join(lines) + "\n")


@dataclass(frozen=True)
class KeyPlan:
    """The first half of a plan: the document's file as it is, its works and their keys.
    Enough for :func:`citewatch.store.api.keys_for` (``check`` of documents needs no
    entries); :func:`plan_extraction` builds the entries on it."""

    path: Path
    old_library: Library
    old_text: str | None
    managed: list[Entry]
    hand: list[Entry]
    works: list[Work]
    keys: list[str]
    claimed: dict[int, Entry]

    def key_of(self) -> dict[Citation, str]:
        """Each citation's key (a citation in two works keeps its first work's)."""
        out: dict[Citation, str] = {}
        for work, key in zip(self.works, self.keys):
            for c in work.citations:
                out.setdefault(c, key)
        return out


def plan_keys(extraction: Extraction, refs_dir: Path, index: StoreIndex | None = None) -> KeyPlan:
    """The works of ``extraction`` and the key each gets (reads the store, writes nothing)."""
    path = bib_path_for(extraction.document, refs_dir)
    read = read_bib(path)
    old_library, old_text = read if read is not None else (Library(), None)
    if index is None:
        index = StoreIndex(refs_dir)
    index.refresh()
    others = index.view(path)

    old_entries = list(old_library.entries)
    stem = Path(extraction.document).stem
    managed = [e for e in old_entries if is_managed(e, stem)]
    hand = [e for e in old_entries if not is_managed(e, stem)]
    works = group_works(extraction)
    local_keys = {e.key.lower() for e in old_entries}
    keys, claimed = assign_keys(works, managed, local_keys, others)
    return KeyPlan(path, old_library, old_text, managed, hand, works, keys, claimed)


def plan_extraction(
    extraction: Extraction, refs_dir: Path, index: StoreIndex | None = None
) -> Plan:
    """Work out the new ``.bib`` for ``extraction`` (reads the store, writes nothing)."""
    kp = plan_keys(extraction, refs_dir, index)
    path, old_library, managed, hand = kp.path, kp.old_library, kp.managed, kp.hand
    works, keys, claimed = kp.works, kp.keys, kp.claimed
    seen = seen_dates(extraction)

    new_entries: list[Entry] = []
    added: list[str] = []
    added_entries: list[Entry] = []
    updated: list[str] = []
    kept: list[str] = []
    for i, (work, key) in enumerate(zip(works, keys)):
        desired = desired_entry(work, extraction.document, seen)
        existing = claimed.get(i)
        entry = merge_entry(key, desired, existing)
        new_entries.append(entry)
        if existing is None:
            added.append(key)
            added_entries.append(entry)
        elif _signature(existing) == _signature(entry):
            kept.append(key)
        else:
            updated.append(key)

    claimed_ids = {id(e) for e in claimed.values()}
    removed: list[str] = []
    for entry in managed:
        if id(entry) in claimed_ids:
            continue
        if is_touched(entry):
            new_entries.append(entry)
            kept.append(entry.key)
        else:
            removed.append(entry.key)
    for entry in hand:
        new_entries.append(entry)
        kept.append(entry.key)

    blocks: list[Block] = [meta_comment(extraction)]
    for block in old_library.blocks:
        if isinstance(block, Entry):
            continue
        if isinstance(block, ExplicitComment) and block.comment.lstrip().startswith(META_MARK):
            continue
        blocks.append(block)
    new_entries.sort(key=lambda e: (e.key.lower(), e.key))
    blocks.extend(new_entries)
    library = Library(blocks)
    return Plan(
        path=path,
        library=library,
        keys=kp.key_of(),
        old_text=kp.old_text,
        added=tuple(sorted(added)),
        updated=tuple(sorted(updated)),
        kept=tuple(sorted(kept)),
        removed=tuple(sorted(removed)),
        warnings=tuple(_shadowed(hand, added_entries, path)),
    )
