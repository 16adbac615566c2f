"""Note starts an extractor glued onto another line, cut back into rows of their own."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from citewatch.citations.notes.candidates import _Cand
from citewatch.citations.notes.chains import _MAX_GAP
from citewatch.citations.notes.cues import _ALONE, is_marker_split
from citewatch.citations.notes.rows import Row
from citewatch.lazy import lazy_pattern

_GLUED_MID = lazy_pattern(r"(?<=[^\s\d(\[])\s?(\d+)\s+(?=[A-Z“\"‘])")
"""A number glued mid-row before a note's first word, and (:data:`_GLUED_END`) at a row's
end: the number read is a whole run of digits, compared with the one sought after the match.
(A pattern per number, compiled for every number a document's notes reach, cost more
than the search for glued notes itself.)"""
_GLUED_END = lazy_pattern(r"\s(\d+)\s*$")


def _split_glued(rows: list[Row], chain: Sequence[_Cand]) -> bool:
    """Split rows where the extractor glued a missing note's start onto another line
    (``…into-al33 Kevin van der Meer``, ``…throughout the hos 1`` before a run of numbers).
    Returns True when a row was split."""
    bounds = [(0, -1)] + [(c.row, c.number) for c in chain] + [(len(rows), 10**6)]
    for (a_row, a_num), (b_row, b_num) in pairwise(bounds):
        if b_num >= 10**6:
            break
        alone_next = b_row < len(rows) and _ALONE.match(rows[b_row].text) is not None
        for n in range(a_num + 1, min(b_num, a_num + _MAX_GAP + 2)):
            if n < 1:
                continue
            number = str(n)
            blank_between = True  # rows i+1 … b_row-1 are blank
            # nearest first: a note's own text lies closer to the next note than its marker
            for i in range(b_row - 1, max(a_row, -1), -1):
                if i + 1 < b_row:
                    blank_between = blank_between and rows[i + 1].blank
                row = rows[i]
                if number not in row.text:  # both patterns print the number
                    continue
                m = None
                if alone_next and blank_between:
                    m = _GLUED_END.search(row.text, 10)
                    if m is not None and m.group(1) != number:
                        m = None
                if m is None:
                    m = _glued_start(number, row.text)
                if m is None:
                    continue
                _split_row(rows, i, m.start(1))
                return True
    return False


def _split_row(rows: list[Row], i: int, pos: int) -> None:
    """Cut row ``i`` in two at ``pos``: a note start printed on the line before it."""
    row = rows[i]
    rows[i:i + 1] = [
        Row(row.line, row.page, row.text[:pos], row.start),
        Row(row.line, row.page, row.text[pos:], row.start + pos),
    ]


def _glued_start(number: str, text: str) -> re.Match[str] | None:
    """The first place where ``number`` stands inside a row (:data:`_GLUED_MID`) that can be a
    note start glued on by the extractor rather than a note marker in running text (see
    :func:`is_marker_split`)."""
    for m in _GLUED_MID.finditer(text, 20):
        if m.group(1) != number:
            continue
        at = m.start(1)  # bounded context: a row may be a whole one-line document
        if not is_marker_split(text[max(0, at - 80):at], text[at:at + 400]):
            return m
    return None


def _split_glued_near(rows: list[Row], chain: Sequence[_Cand]) -> bool:
    """Like :func:`_split_glued`, for numbers still missing once out-of-order notes are in:
    look just before the next note and just after the previous one."""
    where = {c.number: c.row for c in chain}
    if not where:
        return False
    for n in range(1, max(where) + 1):
        if n in where:
            continue
        spans: list[range] = []
        if n + 1 in where:
            spans.append(range(where[n + 1] - 1, max(-1, where[n + 1] - 40), -1))
        if n - 1 in where:
            spans.append(range(where[n - 1] + 1, min(len(rows), where[n - 1] + 40)))
        number = str(n)
        for span in spans:
            for i in span:
                row = rows[i]
                if number not in row.text:  # the pattern prints the number
                    continue
                m = _glued_start(number, row.text)
                if m is None:
                    continue
                _split_row(rows, i, m.start(1))
                return True
    return False
