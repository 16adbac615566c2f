"""Rows in reading order: rows, page furniture removed, columns undone."""

from __future__ import annotations

from citewatch.citations.notes.columns import _uncolumn
from citewatch.citations.notes.pages import _blank_furniture, _unglue_page_numbers
from citewatch.citations.notes.rows import Row, _page_spans, rows_of


def reading_rows(text: str) -> list[Row]:
    """Rows in reading order: pages laid out in two columns (``pdftotext -layout``) are split
    at their gutter, the left column's rows first. Rows keep their document line and offset."""
    rows = _unglue_page_numbers(_blank_furniture(rows_of(text)))
    out: list[Row] = []
    for a, b in _page_spans(rows).values():
        out += _uncolumn(rows[a:b])
    return out
