"""One pattern for every number (the digits compared after the match) finds what a pattern
compiled for each number found: note numbers glued into a row (``notes/glued.py``) and page
numbers glued to a page's last word (``notes/pages.py``), on text built from the pieces those
patterns look for and on every line of the seeds and the dev corpus."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from citewatch.citations.notes import glued, pages

_ROOT = Path(__file__).resolve().parents[2]


@cache
def _plain_mid(n: int) -> re.Pattern[str]:
    return re.compile(rf"(?<=[^\s\d(\[])\s?({n})\s+(?=[A-Z“\"‘])")


@cache
def _plain_end(n: int) -> re.Pattern[str]:
    return re.compile(rf"\s({n})\s*$")


@cache
def _plain_page(n: int, page_end: bool) -> re.Pattern[str]:
    if page_end:
        return re.compile(rf"(?<=[^\W\d_])({n})\s*$")
    return re.compile(rf"(?<=[^\W\d_A-ZÀ-Ý]{{2}})({n})\s*$")
"""The patterns as they were: one compiled per number."""


def _span(m: re.Match[str] | None) -> tuple[int, int] | None:
    return None if m is None else m.span(1)


def _first_mid(text: str, number: str) -> tuple[int, int] | None:
    """What ``_glued_start`` reads of the new pattern, before its marker test."""
    return next((m.span(1) for m in glued._GLUED_MID.finditer(text, 20)
                 if m.group(1) == number), None)


def _check(text: str, n: int) -> None:
    number = str(n)
    mids = [m.span(1) for m in _plain_mid(n).finditer(text, 20)]
    assert mids == [m.span(1) for m in glued._GLUED_MID.finditer(text, 20)
                    if m.group(1) == number], (text, n)
    assert _first_mid(text, number) == (mids[0] if mids else None), (text, n)
    m = glued._GLUED_END.search(text, 10)
    assert _span(_plain_end(n).search(text, 10)) == (
        _span(m) if m and m.group(1) == number else None), (text, n)
    for page_end, rx in ((True, pages._GLUED_PAGE_END), (False, pages._GLUED_COLUMN_END)):
        m = rx.search(text)
        assert _span(_plain_page(n, page_end).search(text)) == (
            _span(m) if m and m.group(1) == number else None), (text, n, page_end)


_PIECES = st.sampled_from([
    "ab", "x", "al", "É", "Ş", "é", " ", "  ", "\t", "\n", "(", "[", ".", "“", "‘", "A", "Kevin",
    "1", "2", "3", "12", "33", "07", "123", "1000", "10001", "٣", "²", "hos", "van der Meer",
])
TEXT = st.lists(_PIECES, max_size=16).map("".join)


@settings(max_examples=200, deadline=None)
@given(TEXT, st.sampled_from([1, 2, 3, 7, 12, 23, 33, 100, 123, 1000, 10001]))
def test_one_pattern_for_every_number_finds_what_one_per_number_found(text: str, n: int) -> None:
    _check("padding words before it " + text, n)
    _check(text, n)


@cache
def _real_lines() -> tuple[str, ...]:
    corpus = _ROOT / "tests" / "fixtures" / "corpus"
    paths = sorted(corpus.glob("*/doc.*.txt")) + sorted((_ROOT / "seeds").glob("*.txt"))
    return tuple(line for p in paths for line in p.read_text("utf-8").splitlines())


def test_real_lines_with_the_numbers_they_print() -> None:
    found = 0
    for line in _real_lines()[::3]:  # a third of them: the test stays fast
        # the numbers the line prints that a note or page may carry
        for number in {int(d) for d in re.findall(r"\d{1,3}", line)} - {0}:
            _check(line, number)
            found += bool(_first_mid(line, str(number)))
    assert found > 50
