"""Read the store into :class:`BibItem` values: every ``refs/*.bib``, or the entries of
the given documents or ``.bib`` files; one item per key, sorted by key (the order every
format writes, so two runs give the same bytes)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from bibtexparser.model import Entry

from citewatch.bib.model import CONTAINER_FIELDS, BibItem, parse_names
from citewatch.errors import InputError
from citewatch.store.bibfile import read_bib
from citewatch.store.values import PROVENANCE_PREFIX, decode


def item_from_entry(entry: Entry) -> BibItem:
    raw = {f.key.lower(): str(f.value) for f in entry.fields}
    text = {k: decode(k, v) for k, v in raw.items()}
    authors, et_al = parse_names(raw["author"]) if raw.get("author") else ((), False)
    container_field = next((f for f in CONTAINER_FIELDS if text.get(f)), None)
    return BibItem(
        key=entry.key,
        entry_type=entry.entry_type.lower(),
        authors=authors,
        et_al=et_al,
        title=text.get("title") or None,
        container=text.get(container_field) if container_field else None,
        container_field=container_field,
        newspaper=text.get("entrysubtype", "").lower() == "newspaper",
        date=text.get("date") or None,
        url=text.get("url") or None,
        urldate=text.get("urldate") or None,
        doi=text.get("doi") or None,
        note=text.get("note") or None,
        archive_url=text.get("archiveurl") or None,
        archive_date=text.get("archivedate") or None,
        document=text.get("citewatch-document") or None,
        raw={k: v for k, v in raw.items() if not k.startswith(PROVENANCE_PREFIX)},
    )


def _read(path: Path) -> list[BibItem]:
    read = read_bib(path)
    if read is None:
        return []
    library, _ = read
    return [item_from_entry(e) for e in library.entries]


def _same_document(stored: str | None, wanted: Path) -> bool:
    if not stored:
        return False
    a, b = Path(stored), wanted
    return a == b or a.resolve() == b.resolve()


def load_items(refs_dir: Path, paths: Sequence[Path] = ()) -> list[BibItem]:
    """The store's works, sorted by key. ``paths``: ``.bib`` files, or documents whose
    entries to take (matched against ``citewatch-document``); a path that matches nothing
    is an error naming it (a typo should not give an empty bibliography)."""
    only_bib_files = bool(paths) and all(p.suffix.lower() == ".bib" for p in paths)
    if not refs_dir.is_dir() and not only_bib_files:
        raise InputError("no BibTeX store here (citewatch extract or audit writes it)",
                         path=refs_dir)
    files = sorted(refs_dir.glob("*.bib")) if refs_dir.is_dir() else []
    items: list[BibItem] = []
    if not paths:
        for path in files:
            items += _read(path)
    else:
        store: list[BibItem] | None = None
        for wanted in paths:
            if wanted.suffix.lower() == ".bib":
                if not wanted.is_file():
                    raise InputError("no such .bib file", path=wanted)
                items += _read(wanted)
                continue
            if store is None:
                store = [i for path in files for i in _read(path)]
            found = [i for i in store if _same_document(i.document, wanted)]
            if not found:
                raise InputError(f"no entries in the store {refs_dir} cite this document",
                                 path=wanted)
            items += found
    return unique_sorted(items)


def unique_sorted(items: Iterable[BibItem]) -> list[BibItem]:
    """One item per key (the first seen: the same URL has the same key in every file)."""
    seen: dict[str, BibItem] = {}
    for item in items:
        seen.setdefault(item.key.lower(), item)
    return [seen[k] for k in sorted(seen)]
