"""Regex scans that start where a match can first begin. A pattern opening with optional
punctuation and spaces (``,?\\s*online:``) leaves the regex engine nothing to jump to, so it
tries the whole pattern at every position of the text; the word every match holds is found
with ``str.find`` instead, and the scan starts just before it."""

from __future__ import annotations

import re
from collections.abc import Callable


def first_of(text: str, words: tuple[str, ...]) -> int:
    """Where the first of ``words`` starts in ``text`` (-1 when none is there)."""
    found = [i for i in (text.find(w) for w in words) if i >= 0]
    return min(found) if found else -1


def sub_after(
    pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str], text: str, start: int
) -> str:
    """``pattern.sub(repl, text)`` for a pattern that never matches the empty string and
    that no match of starts before ``start`` (none at all when it is negative): the text
    before it is not scanned."""
    if start < 0:
        return text
    pieces: list[str] = []
    last = 0
    for m in pattern.finditer(text, start):  # the text before ``start`` still counts for \b
        pieces += (text[last : m.start()], repl(m))
        last = m.end()
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)
