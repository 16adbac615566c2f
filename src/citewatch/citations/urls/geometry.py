"""Where text stands on its page: columns, layout-text blocks, line ends, gutters.

:class:`_Context` holds the ONE layout (``pdftotext -layout``) verdict per block of text
and the lowercased window around an offset that the hyphen decision searches."""

from __future__ import annotations

import re


class _Context:
    """Lazily computed facts about the text around an offset, cached per block so that
    a file joining many documents (or differently extracted ones) is read right and only
    blocks holding a URL cost anything."""

    _BLOCK = 32_768
    _REACH = 12_000
    """How far around a hyphenated break words are looked up (a few pages of notes)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._layout: dict[int, bool] = {}
        self._window: tuple[int, str] | None = None

    def layout(self, offset: int) -> bool:
        """Layout text (``pdftotext -layout``) has column gaps of several spaces mid-line."""
        block = offset // self._BLOCK
        verdict = self._layout.get(block)
        if verdict is None:
            lo = block * self._BLOCK
            sample = self.text[lo : lo + self._BLOCK]
            verdict = sample.count("   ") * 10 > sample.count("\n") + 1
            self._layout[block] = verdict
        return verdict

    def window(self, offset: int) -> tuple[int, str]:
        """The lowercased text around ``offset`` (at least ``_REACH`` each side), and where
        it starts. The last window is kept: hyphenated breaks come in clusters."""
        step = self._REACH // 2
        lo = max(0, (offset // step) * step - self._REACH)
        if self._window is None or self._window[0] != lo:
            hi = lo + 2 * self._REACH + step
            low = self.text[lo:hi].lower()
            if len(low) != min(hi, len(self.text)) - lo:
                low = self.text[lo:hi]  # lowercasing changed lengths: search as printed
            self._window = (lo, low)
        return self._window


_MAX_LINE = 4096
"""Lines are looked at up to this length, so that a huge one-line text stays linear."""


def _column(text: str, offset: int) -> int:
    """Column of ``offset`` in its line (capped for very long lines)."""
    lo = max(0, offset - _MAX_LINE)
    nl = text.rfind("\n", lo, offset)
    return offset - (nl + 1 if nl >= 0 else lo)


def _block_left(text: str, offset: int) -> int:
    """Column where the text block (layout column) holding ``offset`` starts on its line:
    after the last run of three or more spaces before it, else at the line's first text."""
    col = _column(text, offset)
    line = text[offset - col : offset]
    gap = line.rfind("   ")
    if gap < 0:
        return len(line) - len(line.lstrip(" \t"))
    j = gap
    while j < len(line) and line[j] == " ":
        j += 1
    return j


def _line_end(text: str, offset: int) -> int:
    """Offset of the end of the line at ``offset`` (looking at most ``_MAX_LINE`` ahead)."""
    eol = text.find("\n", offset, offset + _MAX_LINE)
    return eol if eol >= 0 else min(len(text), offset + _MAX_LINE)


def _crosses_gutter(line: str, left: int) -> bool:
    """Whether ``line`` prints a word through the two columns before ``left``, where a
    gutter would stand if ``left`` started a layout column."""
    return left >= 2 and len(line) > left and " " not in line[left - 2 : left + 1]


def _justification_gap(text: str, at: int) -> bool:
    """Whether the spaces before ``at`` (text after a URL on its line) are a justified
    line's, not a column gap: a line next to it prints a word through where the gutter
    would stand, so the URL ends here rather than going on below."""
    col = _column(text, at)
    start = at - col
    lo = max(0, start - 1 - _MAX_LINE)
    prev_start = max(lo, text.rfind("\n", lo, max(0, start - 1)) + 1)  # a bounded slice
    prev = text[prev_start : start - 1] if start > 0 else ""
    end = _line_end(text, at)
    nxt = text[end + 1 : _line_end(text, end + 1)] if end < len(text) else ""
    return _crosses_gutter(prev, col) or _crosses_gutter(nxt, col)


def _second_block(line: str) -> int:
    """Column where ``line``'s second block of text (after a gap of three or more spaces)
    starts; 0 when there is none. A block starting right of where a URL's run ended is not
    the URL's column, so the URL stands in the line's first block."""
    m = re.search(r"\S {3,}(?=\S)", line)
    return m.end() if m else 0
