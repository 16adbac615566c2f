"""Indentation in plain text separates a URL from the paragraph after it."""

from __future__ import annotations

from pathlib import Path

from citewatch.citations.extract import extract_document
from citewatch.documents import DocFormat, Document

TEXT = """A Report on Schools

1 Jane Roe, “Schools Hit”, Example News, 3 May 2021.
2 John Doe, “Clinics Hit”, Example News, 4 May 2021.

https://example.org/news/2021/05/03/schools-hit
https://example.org/reports/clinics/1680a46e9d
 C1. Recommendations:

12- Protect schools and clinics.
"""


def test_an_indented_line_after_a_url_is_not_its_tail() -> None:
    doc = Document(path=Path("report.txt"), text=TEXT, format=DocFormat.TEXT)
    urls = {u.url for c in extract_document(doc).citations for u in c.urls}
    assert "https://example.org/reports/clinics/1680a46e9d" in urls
    assert not any(u.endswith("C1") for u in urls)
