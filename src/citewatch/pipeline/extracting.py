"""Documents → citations → the BibTeX store, over many documents.

Errors in one document are collected, not raised, so one bad file does not stop the
others; the CLI turns them into exit code 2.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from citewatch.citations.model import Citation, Extraction, FoundUrl
from citewatch.documents import iter_document_paths, load_document
from citewatch.errors import CitewatchError, InputError
from citewatch.store import StoreIndex, WriteResult, write_extraction

Progress = Callable[[str], None]
"""Called with a short description of the item just finished."""
Notify = Callable[[str], None]
"""Called with one line the user should read (a folder skipped, a wait for the store)."""


@dataclass
class Extracted:
    """The outcome of extracting many documents."""

    extractions: list[Extraction] = field(default_factory=list)
    errors: list[CitewatchError] = field(default_factory=list)


def document_paths(paths: Sequence[Path], warn: Notify | None = None) -> list[Path]:
    """The documents named by ``paths`` (folders walked).

    Nothing here stops the run: a missing path is returned as it is, and
    :func:`extract_paths` reports it; a folder that cannot be listed is skipped and
    reported to ``warn``; documents sharing a name are all returned, and
    :func:`extract_paths` reads the first and reports the others.
    """

    def unreadable(folder: Path, exc: OSError) -> None:
        if warn is not None:
            warn(f"{folder}: cannot read this folder ({exc.strerror or exc}); skipped")

    found = list(iter_document_paths([p for p in paths if p.exists()], unreadable))
    return found + [p for p in paths if not p.exists()]


def admitted(paths: Iterable[Path]) -> Iterator[tuple[Path, InputError | None]]:
    """Each path, with why it cannot be extracted (None when it can): it does not exist, or
    an earlier path has its stem (both would be stored in ``<stem>.bib``)."""
    by_stem: dict[str, Path] = {}
    for path in paths:
        other = by_stem.setdefault(path.stem, path)
        if not path.exists():
            yield path, InputError("no such file or folder", path=path)
        elif other != path:
            yield path, InputError(
                f"has the same name as {other}: both would be stored in {path.stem}.bib; "
                "not processed (rename one, or run it separately with another --refs)",
                path=path,
            )
        else:
            yield path, None


def extract_paths(paths: Iterable[Path], progress: Progress | None = None) -> Extracted:
    """Read and extract each document; a document that cannot be read is recorded as an error.

    Two documents with one stem would share ``<stem>.bib`` and overwrite each other's
    entries: the first is extracted, each later one is an error (the rest still run).
    """
    from citewatch.citations.extract import extract_document  # not for listing documents

    out = Extracted()
    for path, problem in admitted(paths):
        try:
            if problem is not None:
                raise problem
            out.extractions.append(extract_document(load_document(path)))
        except CitewatchError as exc:
            out.errors.append(exc)
        if progress:
            progress(str(path))
    return out


@dataclass
class Stored:
    """The outcome of storing many extractions."""

    written: list[tuple[Extraction, WriteResult]] = field(default_factory=list)
    errors: list[CitewatchError] = field(default_factory=list)


def store_extractions(
    extractions: Iterable[Extraction],
    refs_dir: Path,
    *,
    dry_run: bool = False,
    on_wait: Notify | None = None,
) -> Stored:
    """Merge each document's citations into ``refs_dir/<stem>.bib`` (atomic, validated).

    A malformed ``.bib`` stops only its own document; nothing stored is overwritten.
    ``on_wait`` is told when another run holds the store's lock and this one waits.
    """
    out = Stored()
    index = StoreIndex(refs_dir)
    for extraction in extractions:
        try:
            written = write_extraction(
                extraction, refs_dir, dry_run=dry_run, index=index, on_wait=on_wait
            )
            out.written.append((extraction, written))
        except CitewatchError as exc:
            out.errors.append(exc)
    return out


def _url_record(u: FoundUrl) -> dict[str, Any]:
    return {
        "url": u.url,
        "raw": u.raw,
        "why": [str(r) for r in u.suspect],
        "detail": u.detail or None,
        "lines": [u.line, u.end_line],
    }


def citation_record(extraction: Extraction, citation: Citation, key: str | None) -> dict[str, Any]:
    """The JSON Lines object for one citation (documented in the README)."""
    f = citation.fields
    own = [u.url for u in citation.urls]
    resolved = list(extraction.resolved_urls(citation))
    return {
        "document": citation.document,
        "kind": str(citation.kind),
        "note": citation.label,
        "part": citation.part,
        "key": key,
        "urls": resolved,
        "inherited": bool(resolved) and not own,
        "suspect_urls": [_url_record(u) for u in citation.suspect_urls],
        "ref": (
            {
                "kind": str(citation.ref.kind),
                "target": citation.ref.target,
                "chain": list(citation.ref.chain),
            }
            if citation.ref
            else None
        ),
        "fields": {
            "author": f.author,
            "title": f.title,
            "container": f.container,
            "date": f.date,
            "date_iso": f.date_iso,
            "accessed": f.accessed,
            "accessed_iso": f.accessed_iso,
            "pinpoint": f.pinpoint,
            "doi": f.doi,
            "kind": str(f.kind),
            "note": f.note,
        },
        "is_citation": citation.is_citation,
        "lines": list(citation.lines),
        "text": citation.text,
    }
