"""The document's word counts: the evidence for de-hyphenation, counted on first use."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from typing import Any

_WORD = re.compile(r"[^\W\d_][^\W\d_]*(?:-[^\W\d_]+)*", re.UNICODE)
"""A word, or hyphenated compound. Written ``XX*`` rather than ``X+``: a pattern opening
with a character class lets the regex engine skip to the next letter; one opening with a
repeat is tried at every position."""


def vocabulary(text: str) -> Counter[str]:
    """Lower-cased words (hyphenated compounds kept whole) with their counts: the evidence
    for de-hyphenation."""
    counts: Counter[str] = Counter()
    pos, n = 0, len(text)
    while pos < n:  # in pieces cut at white space: the word list of one piece stays small
        cut = min(n, pos + _VOCAB_CHUNK)
        if cut < n:
            m = _SPACE.search(text, cut)
            cut = m.end() if m else n
        counts.update(map(str.lower, _WORD.findall(text, pos, cut)))
        pos = cut
    return counts


_VOCAB_CHUNK = 1 << 18

_SPACE = re.compile(r"\s")


class LazyCounts(Mapping[str, int]):
    """Word counts built by ``build`` on first use: half the documents never weigh a
    hyphen at a line end, and counting every word costs as much as segmenting them."""

    __slots__ = ("_build", "_counts")

    def __init__(self, build: Callable[[], Mapping[str, int]]) -> None:
        self._build: Callable[[], Mapping[str, int]] | None = build
        self._counts: Mapping[str, int] = {}

    def _built(self) -> Mapping[str, int]:
        if self._build is not None:
            self._counts, self._build = self._build(), None
        return self._counts

    def get(self, key: str, default: Any = None) -> Any:
        return self._built().get(key, default)

    def __getitem__(self, key: str) -> int:
        return self._built()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._built())

    def __len__(self) -> int:
        return len(self._built())
