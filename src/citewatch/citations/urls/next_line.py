"""What the next line begins with, for a URL that ends where its line ends.

Whether a URL goes on past a line end is often undecidable from the text: ``…/ejil/chab``
then ``076 (accessed …)`` on the next line reads like a URL and a new phrase. Extraction
decides one way; the other way is kept here, as the next line's first run of URL characters,
so that a URL which fails can be tried with it and a live check or the archive settles it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from citewatch.citations.model import FoundUrl
from citewatch.lazy import lazy_pattern

__all__ = ["with_continuations"]

_RUN = lazy_pattern(r"[A-Za-z0-9\-._~%/?#=&+:;,@!$'()*\[\]]+")
_TRAILING = ".,;:!?)]}'\"”’>"
_LINE_REST = lazy_pattern(r"[ \t\r.,;:)\]>\"'”’]*\n")
_GAP = lazy_pattern(r"[ \t][ \t]+")
r"""Two spaces or more: a column gap in ``pdftotext -layout`` text (``[ \t]{2,}`` opening
with a class, so the engine skips ahead to a blank)."""
_COLUMN_GAP = lazy_pattern(r"[.,;:)\]>\"'”’]*[ \t]{2,}\S")
"""After the URL, a gap and then the other column's text: the URL ended its column."""
_BLANK_ROW = lazy_pattern(r"[ \t\r]*\n(?=[^\n]*\S)")
"""A row holding nothing, with text on the row below it."""
_SENTENCE_END_ROW = lazy_pattern(r"\.[ \t\r]*(?:\n|\Z)")
"""A period and the row's end: what follows a URL's last digits printed on a row of their own."""
_NUMBER_DIGITS = 3
"""A note's or page's number has at most this many digits."""
MAX_RUN = 120
"""Longer runs are prose or another URL, not the rest of this one."""


def with_continuations(text: str, found: Sequence[FoundUrl]) -> list[FoundUrl]:
    """``found`` with ``continuation`` set on each URL that ends its line or its column (only
    punctuation after it, or a gap of spaces before another column's text) and whose next
    line begins, in the same column, with URL characters that are not a URL of their own."""
    out: list[FoundUrl] = []
    line = _Line(text)
    for u in found:
        run = _next_run(text, u.end, line)
        out.append(replace(u, continuation=run) if run else u)
    return out


@dataclass(slots=True)
class _Line:
    """The line around an offset and the column gaps before it, read on from the previous
    offset asked: URLs come in document order, and a long line holding thousands of them
    must not be scanned again for each (a one-line text took quadratic time)."""

    text: str
    at: int = -1
    """The last offset asked (-1: none yet)."""
    end: int = -1
    """``text.find("\\n", at)``."""
    start: int = 0
    """``text.rfind("\\n", 0, at) + 1``."""
    gaps_to: int = 0
    """Offset up to which the line's gaps are read; no gap runs over it."""
    gap_end: int = -1
    """End of the last gap before ``gaps_to`` (-1: none)."""

    def move(self, pos: int) -> None:
        """Make ``pos`` the offset asked about."""
        if self.at < 0 or pos < self.at:
            self.end = self.text.find("\n", pos)
            self.start = self.text.rfind("\n", 0, pos) + 1
            self.gaps_to, self.gap_end = self.start, -1
        elif self.end >= 0 and pos > self.end:  # a later line
            self.start = self.text.rfind("\n", self.end, pos) + 1
            self.end = self.text.find("\n", pos)
            self.gaps_to, self.gap_end = self.start, -1
        self.at = pos

    def last_gap(self, pos: int) -> int:
        """End of the last :data:`_GAP` match between the line start and ``pos`` (the offset
        asked), or -1."""
        last = self.gap_end
        text, at = self.text, self.gaps_to
        # a gap is two blanks, so it holds "  " or a tab: most lines hold neither
        if text.find("  ", at, pos) >= 0 or text.find("\t", at, pos) >= 0:
            for m in _GAP.finditer(text, at, pos):
                last = m.end()
        if pos > self.gaps_to and self.text[pos - 1] not in " \t":
            self.gaps_to, self.gap_end = pos, last
        return last


def _next_run(text: str, end: int, line: _Line) -> str:
    if not (_LINE_REST.match(text, end) or _COLUMN_GAP.match(text, end)):
        # the URL does not end its line or column (neither match runs over a line end, so
        # this is tested before the line is read: skipping a move leaves ``line`` right)
        return ""
    line.move(end)
    line_end = line.end
    if line_end < 0:
        return ""
    line_start = line.start
    gap = line.last_gap(end)
    column = (gap if gap >= 0 else line_start) - line_start
    base = line_end + 1  # the next line's first character
    blank = _BLANK_ROW.match(text, base)
    if blank is not None:
        # one blank row inside a note (pdftotext spaces some notes' rows apart): the rest
        # is read on the row after it, where a note goes on
        base = blank.end()
    longer = base + column < len(text) and text.find("\n", base, base + column + 1) < 0
    start = column if column and longer and text[base + column - 1] == " " else 0
    start += base
    while start < len(text) and text[start] in " \t\f":
        start += 1
    if text[start : start + 4].lower() == "http":
        return ""  # a URL of its own (a list of URLs): the run would open with "http"
    m = _RUN.match(text, start)  # never runs over a line end
    run = m.group(0).rstrip(_TRAILING) if m else ""
    if not run or len(run) > MAX_RUN or run.lower().startswith(("http", "www.")):
        return ""
    if blank is not None and run.isdigit() and len(run) <= _NUMBER_DIGITS and not (
        _SENTENCE_END_ROW.match(text, start + len(run))
    ):
        # below a blank row, a short number opens a note ("8 See…") or numbers a page ("8"
        # alone); one that ends the sentence ("3.") is the URL's last digits
        return ""
    if text.startswith(".", end) and not text[end + 1 : line_end].strip():
        # the period that ended the line is the URL's when it goes on ("…/23761199.2014."
        # then "6457279"): a sentence does not end inside a URL
        return "." + run
    return run
