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
MAX_RUN = 120
"""Longer runs are prose or another URL, not the rest of this one."""


def with_continuations(text: str, found: Sequence[FoundUrl]) -> list[FoundUrl]:
    """``found`` with ``continuation`` set on each URL that ends its line (only punctuation
    after it) and whose next line begins with URL characters that are not a URL of their
    own."""
    out: list[FoundUrl] = []
    for u in found:
        rest = _LINE_REST.match(text, u.end)
        if rest is None:
            out.append(u)
            continue
        start = rest.end()
        while start < len(text) and text[start] in " \t\f":
            start += 1
        m = _RUN.match(text, start)
        run = m.group(0).rstrip(_TRAILING) if m else ""
        if not run or len(run) > MAX_RUN or run.lower().startswith(("http", "www.")):
            out.append(u)
            continue
        out.append(replace(u, continuation=run))
    return out
