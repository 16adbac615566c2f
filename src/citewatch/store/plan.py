"""Deciding the new content of a document's ``.bib`` file: keys, entries, order.

Keys, in this order of preference (each pass in the works' deterministic order — first
appearance in the document, then identity):

1. the key of the entry this file already holds for the work (matched by URL, DOI,
   title+author, or the fingerprints citewatch recorded, so a key survives edits and URL
   repair) — once written, a key never changes;
2. the key another ``.bib`` file of the store gives the same work (same URL …), so one
   work has one key across the store (files are consulted in name order);
3. a new key from :func:`citewatch.store.keys.base_key`, with ``a``, ``b`` … appended
   while it is taken by any other entry of this file or of the store.

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
from citewatch.store.bibfile import read_bib
from citewatch.store.keys import base_key, disambiguate
from citewatch.store.merge import (
    is_managed,
    is_touched,
    merge_entry,
    parse_written,
)
from citewatch.store.values import decode, encode
from citewatch.store.works import (
    CROSS_DOCUMENT,
    Work,
    desired_entry,
    group_works,
    normalise_doi,
    normalise_text,
    normalise_url,
    title_author_token,
    title_year_token,
)

META_MARK = "citewatch-document"
"""First word of the ``@comment`` that holds the document's own metadata."""

_TOKEN_PRIORITY = ("url:", "doi:", "h:url:", "tay:")


def bib_path_for(document: str, refs_dir: Path) -> Path:
    """``refs/<document-stem>.bib``."""
    return refs_dir / f"{Path(document).stem}.bib"


def _field(entry: Entry, name: str) -> str | None:
    for f in entry.fields:
        if f.key.lower() == name:
            return str(f.value)
    return None


def entry_tokens(entry: Entry) -> set[str]:
    """Identity tokens of a stored entry, comparable with :attr:`Work.tokens`."""
    tokens: set[str] = set()
    url = _field(entry, "url")
    if url:
        tokens.add(f"url:{normalise_url(url)}")
    for extra in decode("citewatch-urls", _field(entry, "citewatch-urls") or "").split():
        tokens.add(f"url:{normalise_url(extra)}")
    doi = _field(entry, "doi")
    if doi:
        tokens.add(f"doi:{normalise_doi(doi)}")
    title = _field(entry, "title")
    if title:
        author = _field(entry, "author")
        tokens.add(
            title_author_token(decode("title", title), decode("author", author) if author else None)
        )
    if title and not url:
        date = _field(entry, "date")
        author = _field(entry, "author")
        tokens.add(
            title_year_token(
                decode("title", title), decode("author", author) if author else None, date
            )
        )
    raw = _field(entry, "citewatch-raw")
    if raw:
        tokens.add(f"text:{normalise_text(decode('citewatch-raw', raw))}")
    written = parse_written(entry)
    if "url" in written:
        tokens.add(f"h:url:{written['url']}")
    if "title" in written:
        tokens.add(f"h:ta:{written['title']}:{written.get('author', '-')}")
    return tokens


def _ranked(tokens: Iterable[str]) -> list[str]:
    def rank(token: str) -> tuple[int, str]:
        for i, prefix in enumerate(_TOKEN_PRIORITY):
            if token.startswith(prefix):
                return (i, token)
        return (len(_TOKEN_PRIORITY), token)

    return sorted(tokens, key=rank)


@dataclass(frozen=True)
class StoreView:
    """What the rest of the store says, for key decisions: every other file's keys."""

    keys: frozenset[str]
    """Lower-cased keys of every entry in the other files."""
    by_token: dict[str, tuple[str, ...]]
    """Identity token → keys holding it, in file-name then key order."""


def read_others(refs_dir: Path, exclude: Path) -> StoreView:
    """Read every other ``.bib`` of the store (raising on a malformed one)."""
    keys: set[str] = set()
    by_token: dict[str, list[str]] = {}
    if refs_dir.is_dir():
        for path in sorted(refs_dir.glob("*.bib")):
            if path.resolve() == exclude.resolve() or not path.is_file():
                continue
            read = read_bib(path)
            if read is None:
                continue
            library, _ = read
            for entry in sorted(library.entries, key=lambda e: e.key):
                keys.add(entry.key.lower())
                for token in entry_tokens(entry):
                    by_token.setdefault(token, []).append(entry.key)
    return StoreView(keys=frozenset(keys), by_token={t: tuple(ks) for t, ks in by_token.items()})


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


def assign_keys(
    works: list[Work], managed: list[Entry], local_keys: set[str], others: StoreView
) -> tuple[list[str], dict[int, Entry]]:
    """The key of each work (same order), and which existing entry each work claimed."""
    keys: list[str | None] = [None] * len(works)
    claimed: dict[int, Entry] = {}
    free = list(managed)
    tokens_of = {id(e): entry_tokens(e) for e in managed}
    for i, work in enumerate(works):
        best: Entry | None = None
        best_score = (0, 0)
        for entry in free:
            shared = work.tokens & tokens_of[id(entry)]
            if not shared:
                continue
            score = (
                sum(1 for t in shared if t.startswith(("url:", "h:url:", "doi:"))),
                len(shared),
            )
            if score > best_score:
                best, best_score = entry, score
        if best is not None:
            free.remove(best)
            claimed[i] = best
            keys[i] = best.key
    taken = set(local_keys)
    for i, work in enumerate(works):
        if keys[i] is not None:
            continue
        for token in _ranked(t for t in work.tokens if t.startswith(CROSS_DOCUMENT)):
            found = next(
                (k for k in others.by_token.get(token, ()) if k.lower() not in taken), None
            )
            if found is not None:
                keys[i] = found
                taken.add(found.lower())
                break
    for i, work in enumerate(works):
        if keys[i] is not None:
            continue
        rep = work.representative
        key = disambiguate(base_key(rep.fields, work.urls, rep.text), taken | others.keys)
        keys[i] = key
        taken.add(key.lower())
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


def plan_extraction(extraction: Extraction, refs_dir: Path) -> Plan:
    """Work out the new ``.bib`` for ``extraction`` (reads the store, writes nothing)."""
    path = bib_path_for(extraction.document, refs_dir)
    read = read_bib(path)
    old_library, old_text = read if read is not None else (Library(), None)
    others = read_others(refs_dir, path)

    old_entries = list(old_library.entries)
    managed = [e for e in old_entries if is_managed(e)]
    hand = [e for e in old_entries if not is_managed(e)]
    works = group_works(extraction)
    local_keys = {e.key.lower() for e in old_entries}
    keys, claimed = assign_keys(works, managed, local_keys, others)

    new_entries: list[Entry] = []
    added: list[str] = []
    updated: list[str] = []
    kept: list[str] = []
    key_of: dict[Citation, str] = {}
    for i, (work, key) in enumerate(zip(works, keys)):
        desired = desired_entry(work, extraction.document)
        existing = claimed.get(i)
        entry = merge_entry(key, desired, existing)
        new_entries.append(entry)
        if existing is None:
            added.append(key)
        elif _signature(existing) == _signature(entry):
            kept.append(key)
        else:
            updated.append(key)
        for c in work.citations:
            key_of.setdefault(c, key)

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
        keys=key_of,
        old_text=old_text,
        added=tuple(sorted(added)),
        updated=tuple(sorted(updated)),
        kept=tuple(sorted(kept)),
        removed=tuple(sorted(removed)),
    )
