"""The document's word counts: the evidence for de-hyphenation, counted for the words looked up."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any

from citewatch.lazy import lazy_pattern

_WORD = lazy_pattern(r"[^\W\d_][^\W\d_]*(?:-[^\W\d_]+)*", re.UNICODE)
"""A word, or hyphenated compound. Written ``XX*`` rather than ``X+``: a pattern opening
with a character class lets the regex engine skip to the next letter; one opening with a
repeat is tried at every position."""


def vocabulary(text: str) -> Counter[str]:
    """Lower-cased words (hyphenated compounds kept whole) with their counts: the evidence
    for de-hyphenation. Words are counted as printed, then each distinct one lower-cased
    (a text repeats its words: a few thousand distinct in a hundred thousand)."""
    printed: Counter[str] = Counter()
    pos, n = 0, len(text)
    while pos < n:  # in pieces cut at white space: the word list of one piece stays small
        cut = min(n, pos + _VOCAB_CHUNK)
        if cut < n:
            m = _SPACE.search(text, cut)
            cut = m.end() if m else n
        printed.update(_WORD.findall(text, pos, cut))
        pos = cut
    counts: Counter[str] = Counter()
    for word, k in printed.items():
        counts[word.lower()] += k
    return counts


_VOCAB_CHUNK = 1 << 18

_SPACE = lazy_pattern(r"\s")


class WordCounts(Mapping[str, int]):
    """:func:`vocabulary` of ``text``, counted only for the words asked about.

    Only the words around a hyphen at a line end are ever looked up (a few dozen in a
    document), and counting every word costs as much as segmenting them; finding one word
    in the lower-cased text is a C scan (about 1 % of that count). Each match is kept when it
    is a whole word where :data:`_WORD` reads the text. The whole count is made instead when
    a look-up could differ from it (a text whose lower case changes its length, a word with
    a sigma, whose lower case depends on the letters around it) or once the scans have cost
    as much as it would (:data:`_SCAN_BUDGET`, :data:`_SCAN_CAP`)."""

    __slots__ = ("_asked", "_counts", "_low", "_spent", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._low: str | None = None
        self._asked: dict[str, int] = {}
        self._spent = 0
        self._counts: Counter[str] | None = None

    def _count(self, key: str) -> int:
        if self._counts is not None:
            return self._counts[key]
        n = self._asked.get(key)
        if n is None:
            n = self._asked[key] = self._scan(key)
        return n

    def _scan(self, key: str) -> int:
        text = self._text
        if "σ" in key or "ς" in key or not key or self._spent > _scan_limit(len(text)):
            return self._full()[key]
        if self._low is None:
            self._low = text.lower()
        low = self._low
        if len(low) != len(text):
            return self._full()[key]
        self._spent += len(text)
        width, n = len(key), 0
        at = low.find(key)
        while at >= 0:
            self._spent += _MATCH_COST
            if _whole_word(text, at, at + width):
                n += 1
            at = low.find(key, at + 1)
        return n

    def _full(self) -> Counter[str]:
        if self._counts is None:
            self._counts = vocabulary(self._text)
        return self._counts

    def get(self, key: str, default: Any = None) -> Any:
        return self._count(key) or default

    def __getitem__(self, key: str) -> int:
        n = self._count(key)
        if not n:
            raise KeyError(key)
        return n

    def __iter__(self) -> Iterator[str]:
        return iter(self._full())

    def __len__(self) -> int:
        return len(self._full())


_SCAN_BUDGET = 96
"""Scans of the whole text (and matches, at :data:`_MATCH_COST` characters each) spent on
look-ups before the whole count is made instead: a scan reads a character in about 0.5 ns,
the count in about 60 (the most look-ups a real document made: 74)."""
_SCAN_CAP = 1 << 22
"""Characters scanned at most, whatever the text's length: look-ups come with line-end
hyphens, about one every few hundred characters, so a scan each costs the square of the
text's length; a long text has its words counted after a few look-ups."""
_MATCH_COST = 1024
"""A match found costs about a microsecond to weigh: the time a scan takes to read this
many characters."""
_MIN_SCANS = 16
"""A text too long for this many scans has its words counted at the first look-up: lowering
it costs a dozen scans, which only a few look-ups would not repay."""


def _scan_limit(length: int) -> int:
    """Characters scanned at most on look-ups in a text of ``length``."""
    limit = min(_SCAN_BUDGET * length, _SCAN_CAP)
    return limit if limit >= _MIN_SCANS * length else -1


_LETTER = lazy_pattern(r"[^\W\d_]")


def _whole_word(text: str, a: int, b: int) -> bool:
    """``text[a:b]`` is one of the words :data:`_WORD` finds in ``text``: a word itself,
    with no letter (or hyphen and letter, which would join a compound) on either side."""
    if _WORD.fullmatch(text, a, b) is None:
        return False
    if a and (
        _LETTER.match(text, a - 1) or text[a - 1] == "-" and a > 1 and _LETTER.match(text, a - 2)
    ):
        return False
    return not (b < len(text) and (
        _LETTER.match(text, b) or text[b] == "-" and _LETTER.match(text, b + 1)
    ))
