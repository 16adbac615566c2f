"""Fragments of URLs printed apart: the tail of a URL cut at a margin or a page end.

PDF text sometimes loses the end of a URL to another place — the last line of a page, a
block after the notes — where it stands alone: ``arabakh-war-a72312`` two blank lines after
``…/atrocities-emerges-following-k``. Such a line is one token of URL characters that no URL
claims. Extraction keeps them so that a URL which fails can be tried with each, and the
one that answers (or that the archive holds) decides; joining them blindly would be a guess.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from itertools import accumulate

from citewatch.citations.model import FoundUrl
from citewatch.lazy import lazy_pattern

__all__ = ["MAX_ORPHANS", "orphan_fragments"]

MAX_ORPHANS = 8
"""Fragments kept per document: each is a candidate for every failing URL."""
_FRAGMENT = r"[A-Za-z0-9][A-Za-z0-9\-._~%/?#=&+]{4,}[A-Za-z0-9/]"
_ONE_TOKEN = rf"[ \t\r\f]*({_FRAGMENT})[ \t\r\f]*(?=\n|\Z)"
_FIRST_LINE = lazy_pattern(_ONE_TOKEN)
_LATER_LINE = lazy_pattern(rf"\n{_ONE_TOKEN}")
"""A line (as ``text.split("\\n")`` cuts them) that is one fragment-shaped token; the
line break opening it lets the regex engine skip to line starts."""
_URL_START = lazy_pattern(r"(?i:https?:|ftp:|www\.)")
_WORDY = lazy_pattern(r"[-/_=?&%]")
"""A URL tail has a joiner; a word with a period and a number is a sentence and its note."""


def orphan_fragments(text: str, found: Sequence[FoundUrl]) -> tuple[str, ...]:
    """Lines that are one URL-like token standing apart (a blank line or the text's edge on
    at least one side), claimed by no URL, in document order. One regex pass finds the lines
    that are one token (a Python step per line was most of the cost on long texts); the
    URLs' spans are sorted only once a token qualifies."""
    spans: tuple[list[int], list[int]] | None = None
    out: list[str] = []
    for m in _one_token_lines(text):
        if len(out) >= MAX_ORPHANS:
            break
        token = m.group(1)
        if _URL_START.match(token) or token.isdigit():
            continue
        if not _WORDY.search(token) or not any(c.isalpha() for c in token):
            continue  # a word, a number: prose or page furniture
        start = m.start() + (text[m.start()] == "\n")  # where the line starts
        end = m.end()
        if start > 0 and end < len(text):
            # both neighbouring lines (as text.split("\n") cuts them) hold text
            prev = text[text.rfind("\n", 0, start - 1) + 1 : start - 1]
            nl = text.find("\n", end + 1)
            nxt = text[end + 1 : nl if nl >= 0 else len(text)]
            if prev.strip() and nxt.strip():
                continue
        if spans is None:
            claimed = sorted((u.start, u.end) for u in found)
            spans = [a for a, _ in claimed], list(accumulate((b for _, b in claimed), max))
        starts, ends = spans  # ends: the furthest end so far
        at = m.start(1)
        k = bisect_right(starts, at) - 1
        if k >= 0 and ends[k] > at:
            continue  # inside a URL's span
        if token not in out:
            out.append(token)
    return tuple(out[:MAX_ORPHANS])


def _one_token_lines(text: str) -> Iterator[re.Match[str]]:
    """The lines that are one fragment-shaped token (group 1), in order."""
    first = _FIRST_LINE.match(text)
    if first is not None:
        yield first
    yield from _LATER_LINE.finditer(text)
