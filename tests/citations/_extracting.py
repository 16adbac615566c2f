"""Run the whole extractor on a string, for tests written as small documents."""

from __future__ import annotations

from pathlib import Path

from citewatch.citations.extract import extract_document
from citewatch.citations.model import Citation, NoteKind
from citewatch.documents.model import DocFormat, Document


def extract_text(text: str) -> list[Citation]:
    """The citations ``extract_document`` finds in ``text`` read as a plain-text file."""
    return list(extract_document(Document(Path("t.txt"), text, DocFormat.TEXT)).citations)


def urls_by_label(text: str, kind: NoteKind) -> dict[str, list[str]]:
    """Label → URLs of the citations of ``kind`` (body links under ``""``)."""
    out: dict[str, list[str]] = {}
    for c in extract_text(text):
        if c.kind is kind:
            out.setdefault(c.label or "", []).extend(u.url for u in c.urls)
    return out
