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

__all__ = ["MAX_ORPHANS", "orphan_fragments"]

MAX_ORPHANS = 8
"""Fragments kept per document: each is a candidate for every failing URL."""
_FRAGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-._~%/?#=&+]{4,}[A-Za-z0-9/]")
_URL_START = re.compile(r"(?i:https?:|ftp:|www\.)")
_WORDY = re.compile(r"[-/_=?&%]")
"""A URL tail has a joiner; a word with a period and a number is a sentence and its note."""


def orphan_fragments(text: str, found: Sequence[FoundUrl]) -> tuple[str, ...]:
    """Lines that are one URL-like token standing apart (a blank line or the text's edge on
    at least one side), claimed by no URL, in document order. The lines are read one at a
    time and the URLs' spans sorted only once a token qualifies (a text of short lines
    would otherwise be held twice over)."""
    spans: tuple[list[int], list[int]] | None = None
    out: list[str] = []
    before = ""
    lines = _lines(text)
    nxt = next(lines, None)
    while nxt is not None and len(out) < MAX_ORPHANS:
        start, line = nxt
        nxt = next(lines, None)
        prev, before = before, line
        token = line.strip(" \t\r\f")
        if not _FRAGMENT.fullmatch(token) or _URL_START.match(token) or token.isdigit():
            continue
        if not _WORDY.search(token) or not any(c.isalpha() for c in token):
            continue  # a word, a number: prose or page furniture
        if prev.strip() and (nxt is not None and nxt[1].strip()):
            continue
        if spans is None:
            claimed = sorted((u.start, u.end) for u in found)
            spans = [a for a, _ in claimed], list(accumulate((b for _, b in claimed), max))
        starts, ends = spans  # ends: the furthest end so far
        at = start + line.index(token)
        k = bisect_right(starts, at) - 1
        if k >= 0 and ends[k] > at:
            continue  # inside a URL's span
        if token not in out:
            out.append(token)
    return tuple(out[:MAX_ORPHANS])


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """Each line's offset and text, as ``text.split("\\n")`` cuts them."""
    pos = 0
    while (nl := text.find("\n", pos)) >= 0:
        yield pos, text[pos:nl]
        pos = nl + 1
    yield pos, text[pos:]
