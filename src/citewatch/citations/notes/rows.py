"""Rows: the document's lines, a page's part of a line each, with their place in the text.

Every reader of notes works on these; the helpers here find rows by page and skip blanks."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from functools import partial
from itertools import accumulate, count, repeat
from operator import attrgetter
from typing import NamedTuple


class Row(NamedTuple):
    """One line of the document, or one page's part of it when a ``\\f`` falls mid-line.

    A tuple: a document has a row per line, and building them is most of reading rows."""

    line: int
    """1-based line number in the document text."""
    page: int
    """0-based page index (count of ``\\f`` before this row)."""
    text: str
    """The row's text, without ``\\f`` and line end."""
    start: int
    """Offset of ``text[0]`` in the document text."""

    @property
    def blank(self) -> bool:
        return not self.text or self.text.isspace()


_new_row = partial(tuple.__new__, Row)
"""``Row`` from one (line, page, text, start) tuple, without a call to Python code."""


def rows_of(text: str) -> list[Row]:
    """Split ``text`` into rows; a line holding a ``\\f`` becomes one row per page part.

    Read a page at a time: the page's lines are rows as they stand, except the parts a
    ``\\f`` cuts from a line, which are rows only when they hold text."""
    rows: list[Row] = []
    offset, lineno, page = 0, 1, 0
    while True:
        # One page sliced at a time, not the text split at every \f at once: that list, a
        # copy of the whole text, stayed alive beside the rows (peak RSS 9.2x → 10.2x the
        # text on 20 MB as printed).
        end = text.find("\f", offset)
        last = end < 0
        lines = text[offset:len(text) if last else end].split("\n")
        starts = accumulate(map((1).__add__, map(len, lines)), initial=offset)
        new = list(map(_new_row, zip(count(lineno), repeat(page), lines, starts)))
        if not last and not lines[-1]:
            new.pop()  # an empty part before a page break
        if page > 0 and not lines[0] and new:
            del new[0]  # an empty part after a page break
        rows += new
        lineno += len(lines) - 1
        if last:
            return rows
        offset, page = end + 1, page + 1


def _page_spans(rows: Sequence[Row]) -> dict[int, tuple[int, int]]:
    """Each page holding rows: the range of its rows' indices (``rows`` in page order, as
    :func:`rows_of` gives them)."""
    spans: dict[int, tuple[int, int]] = {}
    a, n = 0, len(rows)
    while a < n:
        page = rows[a].page
        b = bisect_left(rows, page + 1, a, key=_page_of)
        spans[page] = (a, b)
        a = b
    return spans


_page_of = attrgetter("page")

_text_of = attrgetter("text")


def _nonblank(rows: Sequence[Row], span: range, k: int) -> list[int]:
    """The first ``k`` indices of ``span`` (read in its order) whose rows hold text."""
    out: list[int] = []
    for i in span:
        t = rows[i].text
        if t and not t.isspace():
            out.append(i)
            if len(out) == k:
                break
    return out


def _prev_nonblank(rows: Sequence[Row], i: int) -> int | None:
    for j in range(i - 1, -1, -1):
        if not rows[j].blank:
            return j
    return None


def _next_nonblank(rows: Sequence[Row], i: int) -> int | None:
    for j in range(i + 1, len(rows)):
        if not rows[j].blank:
            return j
    return None


def _only_blank_between(rows: Sequence[Row], a: int, b: int) -> bool:
    return all(rows[i].blank for i in range(a + 1, b))


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip())
