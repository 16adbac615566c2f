"""Shared end-to-end check for the readers: each note's URL is found under its number."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from citewatch.citations.extract import extract_document
from citewatch.citations.model import Extraction, NoteKind
from citewatch.documents import load_document


def assert_notes_carry_urls(path: Path, urls: Mapping[str, str]) -> Extraction:
    """Read ``path``, extract it, and check note ``label`` cites ``urls[label]``."""
    doc = load_document(path)
    result = extract_document(doc)
    for label, url in urls.items():
        notes = result.by_label(label)
        assert notes, (label, doc.text)
        assert url in [u.url for n in notes for u in n.urls], (label, notes)
        assert all(n.kind is NoteKind.FOOTNOTE for n in notes)
    assert {u for _, u in doc.link_targets} == set(urls.values())
    return result
