"""What the next line begins with, for a URL that ends where its line ends.

Whether a URL goes on past a line end is often undecidable from the text: ``…/ejil/chab``
then ``076 (accessed …)`` on the next line reads like a URL and a new phrase. Extraction
decides one way; the other way is kept here, as the next line's first run of URL characters,
so that a URL which fails can be tried with it and a live check or the archive settles it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from citewatch.citations.model import FoundUrl

__all__ = ["with_continuations"]

_RUN = re.compile(r"[A-Za-z0-9\-._~%/?#=&+:;,@!$'()*\[\]]+")
_TRAILING = ".,;:!?)]}'\"”’>"
_LINE_REST = re.compile(r"[ \t\r.,;:)\]>\"'”’]*\n")
_GAP = re.compile(r"[ \t]{2,}")
"""Two spaces or more: a column gap in ``pdftotext -layout`` text."""
_COLUMN_GAP = re.compile(r"[.,;:)\]>\"'”’]*[ \t]{2,}\S")
"""After the URL, a gap and then the other column's text: the URL ended its column."""
MAX_RUN = 120
"""Longer runs are prose or another URL, not the rest of this one."""


def with_continuations(text: str, found: Sequence[FoundUrl]) -> list[FoundUrl]:
    """``found`` with ``continuation`` set on each URL that ends its line or its column (only
    punctuation after it, or a gap of spaces before another column's text) and whose next
    line begins, in the same column, with URL characters that are not a URL of their own."""
    out: list[FoundUrl] = []
    for u in found:
        run = _next_run(text, u.end)
        out.append(replace(u, continuation=run) if run else u)
    return out


def _next_run(text: str, end: int) -> str:
    line_end = text.find("\n", end)
    if line_end < 0:
        return ""
    after = text[end:line_end]
    if not (_LINE_REST.match(text, end) or _COLUMN_GAP.match(after)):
        return ""
    line_start = text.rfind("\n", 0, end) + 1
    gap = [m.end() for m in _GAP.finditer(text, line_start, end)]
    column = (gap[-1] if gap else line_start) - line_start
    nxt_end = text.find("\n", line_end + 1)
    nxt = text[line_end + 1 : nxt_end if nxt_end >= 0 else len(text)]
    start = column if column and len(nxt) > column and nxt[column - 1] == " " else 0
    while start < len(nxt) and nxt[start] in " \t\f":
        start += 1
    m = _RUN.match(nxt, start)
    run = m.group(0).rstrip(_TRAILING) if m else ""
    if not run or len(run) > MAX_RUN or run.lower().startswith(("http", "www.")):
        return ""
    return run
