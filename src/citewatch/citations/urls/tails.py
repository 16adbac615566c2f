"""Orphan tails: a cut-off URL whose rest pdftotext printed a few paragraphs later."""

from __future__ import annotations

import bisect
import sys

from citewatch.citations.model import FoundUrl, SuspectReason
from citewatch.citations.patterns import ANGLE_CLOSE, URL_RUN, URL_START
from citewatch.citations.urls.continuation import _plain_url_piece
from citewatch.citations.urls.geometry import _MAX_LINE, _Context
from citewatch.citations.urls.seams import _hyphen_is_real
from citewatch.citations.urls.shape import _incomplete, _trim
from citewatch.lazy import lazy_pattern

_ORPHAN_LINES = 150
"""How many lines after a cut-off URL its tail is looked for."""


def attach_orphan_tails(text: str, found: list[FoundUrl]) -> list[FoundUrl]:
    """Join cut-off URLs with tails printed apart, first head with first tail.

    A tail is a run of URL characters opening a paragraph (after a blank line or a page
    break) that no URL claims, for instance ``//rm.coe.int/…>`` a few lines after
    ``<web.archive.org/web/20210630094132/https:`` followed by a blank line.
    """
    claimed = [(f.start, f.end) for f in found]
    ctx = _Context(text)
    used: set[int] = set()
    out: list[FoundUrl] = []
    for f in found:
        angle = f.start > 0 and text[f.start - 1] == "<"
        if (
            SuspectReason.TRUNCATED not in f.suspect
            or not _cut_at_paragraph_end(text, f.end)
            # a blank line ends a URL: only one that cannot have ended (an unclosed "<",
            # a bare scheme, a host without its TLD) looks for its rest elsewhere
            or not (angle or _incomplete(URL_RUN.match(text, f.start).group(0)))  # type: ignore[union-attr]
        ):
            out.append(f)
            continue
        tail = _find_tail(text, f.end, angle, claimed, used)
        if tail is None:
            out.append(f)
            continue
        t_start, _t_end, piece = tail
        used.add(t_start)
        head = f.url
        if angle:  # inside <…> the trimmed punctuation ("https:") belongs to the URL
            trimmed = URL_RUN.match(text, f.end)
            head += trimmed.group(0) if trimmed else ""
        line = f.end_line + text.count("\n", f.end, t_start)
        reasons = tuple(r for r in f.suspect if r is not SuspectReason.TRUNCATED)
        # what said the URL was cut off no longer holds
        notes = [
            d
            for d in f.detail.split("; ")
            if d != "'<' never closed" and not d.startswith("ends in")
        ]
        alternative = ""
        if head.endswith("-") and head[-2:-1].isalnum() and piece[:1].isalnum():
            keep, sure = _hyphen_is_real(ctx, head, piece, f.end)
            alternative = head[:-1] + piece if keep else head + piece
            head = head if keep else head[:-1]
            if not sure:
                reasons = (*reasons, SuspectReason.HYPHEN_AT_BREAK)
            notes.append(f"{'or without' if keep else 'or with'} the hyphen at the break")
        out.append(
            FoundUrl(
                url=head + piece,
                raw=f.raw,
                line=f.line,
                end_line=f.end_line,
                start=f.start,
                end=f.end,
                suspect=(*reasons, SuspectReason.ORPHAN_TAIL),
                alternatives=(*f.alternatives, alternative) if alternative else f.alternatives,
                detail="; ".join(
                    d for d in (*notes, f"tail {piece!r} printed apart at line {line}") if d
                ),
            )
        )
    return out


_PARAGRAPH_END = lazy_pattern(r"[^\s<>]{0,3}[ \t]*\r?\n[ \t\r]*(?:\n|\f)")


def _cut_at_paragraph_end(text: str, end: int) -> bool:
    """The URL's text stops at the end of a line followed by a blank line or page break."""
    return _PARAGRAPH_END.match(text, end) is not None


_TAIL_OPENING = lazy_pattern(r"(?:\A|\n)[ \t]*(?:\r?\n|\f)[ \t\f]*(?=\S)")


def _find_tail(
    text: str, after: int, angle: bool, claimed: list[tuple[int, int]], used: set[int]
) -> tuple[int, int, str] | None:
    """The first unclaimed tail after ``after``: (start, end, its text with breaks removed)."""
    limit = after
    for _ in range(_ORPHAN_LINES):
        nl = text.find("\n", limit + 1, limit + 1 + _MAX_LINE)
        if nl < 0:  # a very long line: look no further than a line's worth
            limit = min(len(text), limit + 1 + _MAX_LINE)
            break
        limit = nl
    pos = after
    while True:
        m = _TAIL_OPENING.search(text, pos, limit)
        if m is None:
            return None
        t_start = m.end()
        pos = t_start
        if t_start in used or _inside(claimed, t_start):
            continue
        piece = _read_tail(text, t_start, angle)
        if piece is not None:
            return t_start, piece[0], piece[1]


def _inside(spans: list[tuple[int, int]], offset: int) -> bool:
    """Whether ``offset`` lies in one of ``spans`` (sorted by start, not overlapping)."""
    k = bisect.bisect_right(spans, (offset, sys.maxsize)) - 1
    return k >= 0 and spans[k][0] <= offset < spans[k][1]


_TAIL_LINES = 3
"""Lines an orphan tail may span (a long path wraps)."""


def _read_tail(text: str, start: int, angle: bool) -> tuple[int, str] | None:
    """Read a tail opening at ``start``: URL pieces over at most three lines."""
    parts: list[str] = []
    pos = start
    for _ in range(_TAIL_LINES):
        run = URL_RUN.match(text, pos)
        assert run is not None
        token = text[pos : run.end()]
        if not token or (not parts and not _plain_url_piece(token)):
            return None
        if not parts and URL_START.match(token):
            return None
        parts.append(token)
        pos = run.end()
        if ANGLE_CLOSE.match(text, pos):
            return (pos, "".join(parts)) if angle else None
        nl = text.find("\n", pos, pos + 2)
        if nl != pos or angle is False:
            break
        pos = nl + 1
    if angle:
        return None
    joined = _trim("".join(parts))
    return (start + len(joined), joined) if joined else None
