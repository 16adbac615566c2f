"""No input text may raise (issue 7, issue 10): the extractor over arbitrary text and over
URL-ish text (schemes, ``www.``, brackets, glued ``[12]`` markers, line breaks, hyphens,
form feeds, unicode), and every URL it reports lies within the text it was given."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citewatch.citations.extract import extract_document
from citewatch.citations.model import Extraction
from citewatch.citations.urls import find_urls
from citewatch.documents.model import DocFormat, Document

_PIECES = st.sampled_from([
    "https://", "http://", "https:", "//", "www.", "example.com", "hrw.org/", "x.org/a-",
    "[12]", "[", "]", "(", ")", "<", ">", "[https](", "mailto:a@b.c", "http://[::1]:80/",
    "_", " _", "-", "\n", "\n\n", "\f", " ", "   ", ".", ",", "1 ", "12 ", "1000 ", "Ibid.",
    "See ", "supra note 3", "“", "”", "é", "ß", "İ", "\u200b", "\r\n", "%20", "?a=1&b=", "#x",
    "Bibliography\n", "References\n", "(Geneva: UNHCR, March 2019)", "2020", "accessed ",
])
URLISH = st.lists(_PIECES | st.text(max_size=4), max_size=40).map("".join)

_SETTINGS = settings(
    max_examples=int(os.environ.get("CITEWATCH_PROPERTY_EXAMPLES", "50")), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def _extract(text: str) -> Extraction:
    return extract_document(Document(Path("prop.txt"), text, DocFormat.TEXT))


def _check(text: str) -> None:
    lines = text.count("\n") + 1
    for u in find_urls(text):
        assert 0 <= u.start <= u.end <= len(text)
        assert 1 <= u.line <= u.end_line <= lines
        assert u.url
    ex = _extract(text)
    for c in ex.citations:
        for u in c.urls:
            assert 0 <= u.start <= u.end <= len(text), u
            assert 1 <= u.line <= u.end_line <= lines, u
        assert all(1 <= n <= lines for n in c.lines)


@_SETTINGS
@given(st.text(max_size=400))
def test_arbitrary_text_never_raises(text: str) -> None:
    _check(text)


@_SETTINGS
@given(URLISH)
def test_urlish_text_never_raises_and_offsets_stay_in_the_text(text: str) -> None:
    _check(text)


@settings(max_examples=int(os.environ.get("CITEWATCH_PROPERTY_EXAMPLES", "50")) // 2, deadline=None)
@given(st.lists(URLISH, min_size=1, max_size=12))
def test_notes_of_urlish_text_never_raise(bodies: list[str]) -> None:
    text = "Body text.1\n\n" + "\n".join(f"{k} {b}" for k, b in enumerate(bodies, 1))
    _check(text)
