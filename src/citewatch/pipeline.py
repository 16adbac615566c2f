"""Where the stages meet: documents → citations → store → check → archive → report.

Each function here runs one or more stages over many documents and hands progress to a
callback, so the CLI can draw it without the core importing rich. Errors in one document
are collected, not raised, so one bad file does not stop the others; the CLI turns them
into exit code 2.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from citewatch.citations.extract import extract_document
from citewatch.citations.model import Citation, Extraction, FoundUrl
from citewatch.documents import iter_document_paths, load_document
from citewatch.errors import CitewatchError

Progress = Callable[[str], None]
"""Called with a short description of the item just finished."""


@dataclass
class Extracted:
    """The outcome of extracting many documents."""

    extractions: list[Extraction] = field(default_factory=list)
    errors: list[CitewatchError] = field(default_factory=list)


def document_paths(paths: Sequence[Path]) -> list[Path]:
    """The documents named by ``paths`` (folders walked). Raises InputError for a missing path."""
    return list(iter_document_paths(paths))


def extract_paths(paths: Iterable[Path], progress: Progress | None = None) -> Extracted:
    """Read and extract each document; a document that cannot be read is recorded as an error."""
    out = Extracted()
    for path in paths:
        try:
            out.extractions.append(extract_document(load_document(path)))
        except CitewatchError as exc:
            out.errors.append(exc)
        if progress:
            progress(str(path))
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
            {"kind": str(citation.ref.kind), "target": citation.ref.target,
             "chain": list(citation.ref.chain)}
            if citation.ref else None
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
