"""Attach links printed apart from their notes (a block of bare URLs under a page's notes or
at the end of an article) to the notes they belong to.

Evidence, strongest first: the words of the URL's slug found in a note's text, then the
order of the notes on that page that print no URL of their own. A link the evidence does not
place stays a document-level (body) link: guessing wrong would put a dead link under the
wrong footnote in a report.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from citewatch.citations.model import FoundUrl


@dataclass(frozen=True, slots=True)
class BlockNote:
    """A note that may receive a link."""

    label: str
    text: str
    first_row: int
    """Index of its first row in reading order."""
    page: int
    has_url: bool
    eligible: bool
    """False for short forms and non-citations, which never take a link."""


@dataclass(frozen=True, slots=True)
class Link:
    """A URL no note contains, with where it stands in reading order."""

    url: FoundUrl
    bare: bool
    """Its rows hold nothing but the URL."""
    first_row: int
    last_row: int
    page: int


def is_bare(url: str, row_texts: Sequence[str]) -> bool:
    """True when ``row_texts`` hold nothing but ``url`` (and ``<>``, ``.`` around it)."""
    if sum(len(t) for t in row_texts) > 2 * len(url) + 64:
        return False  # more than brackets and stops around it; also keeps one-line files linear
    span = "".join(t.strip() for t in row_texts)
    rest = span.replace(url, "", 1)
    if rest == span:
        return False
    return not re.sub(r"[\s<>.,;()\[\]]", "", rest)


def _tokens(s: str) -> set[str]:
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return {w for w in re.split(r"[^a-z0-9]+", s) if len(w) > 2 and not w.isdigit()}


_STOP = {"www", "http", "https", "com", "org", "net", "html", "htm", "php", "pdf", "the", "and",
         "for", "news", "article", "articles", "en", "eng", "index", "content", "uploads", "wp"}


def _path_words(url: str) -> set[str]:
    return _tokens(re.sub(r"^(?:https?://)?[^/]+", "", url)) - _STOP


def _note_words(text: str) -> set[str]:
    """The note's words, plus each word joined to the number after it (``Rule 12`` gives
    ``rule12``, as a slug prints it)."""
    joined = {
        (w + n).lower()
        for w, n in re.findall(r"\b([^\W\d_]{3,})\.?\s+(\d{1,4})\b", unicodedata.normalize("NFKC", text))
    }
    return _tokens(text) | joined


def similarity(url: str, text: str, common: frozenset[str] = frozenset()) -> float:
    """Share of the URL path's words that occur in the note (0 when the path has none).

    Words in ``common`` (printed in the other links of the same block: ``customary-ihl``,
    ``docs``) tell the links apart from nothing and are left out while others remain.
    """
    words = _path_words(url)
    if words - common:
        words -= common
    if not words:
        return 0.0
    note = _note_words(text)
    return len(words & note) / len(words)


def attach(
    notes: Sequence[BlockNote], links: Sequence[Link], blank_rows: frozenset[int]
) -> dict[int, str]:
    """Map indices of ``links`` that form link blocks to the label of their note.

    ``links`` are in reading order; ``blank_rows`` are the indices of empty rows. A URL
    printed twice in a row is one link: both indices map to the same note.
    """
    blocks: list[list[int]] = []
    for k, link in enumerate(links):
        if not link.bare:
            continue
        if blocks and _adjacent(links[blocks[-1][-1]], link, blank_rows):
            blocks[-1].append(k)
        else:
            blocks.append([k])
    out: dict[int, str] = {}
    prev_end = -1
    for block in blocks:
        first = links[block[0]]
        cands = [
            n for n in notes
            if n.eligible and not n.has_url and prev_end < n.first_row < first.first_row
            and n.page >= first.page - 1
        ]
        prev_end = links[block[-1]].last_row
        if not cands:
            continue  # no note to take them (a text of bare URLs has thousands)
        distinct: list[list[int]] = []
        for k in block:
            if distinct and links[distinct[-1][0]].url.url == links[k].url.url:
                distinct[-1].append(k)
            else:
                distinct.append([k])
        assigned = _align(cands, [links[g[0]].url.url for g in distinct])
        for g, label in zip(distinct, assigned, strict=True):
            if label is not None:
                for k in g:
                    out[k] = label
    return out


def _adjacent(a: Link, b: Link, blank_rows: frozenset[int]) -> bool:
    return all(i in blank_rows for i in range(a.last_row + 1, b.first_row))


def _align(cands: Sequence[BlockNote], urls: Sequence[str]) -> list[str | None]:
    """Order-preserving assignment of ``urls`` to ``cands`` maximising slug similarity; when
    the counts agree, order alone is enough evidence."""
    n, m = len(cands), len(urls)
    if not n or not m:
        return [None] * m
    words = [_path_words(u) for u in urls]
    sim = [
        [similarity(u, c.text, frozenset().union(*(w for k, w in enumerate(words) if k != i)))
         for c in cands]
        for i, u in enumerate(urls)
    ]
    if m == n:
        return [c.label for c in cands]
    # DP over (url i, note j): either skip note j, skip url i, or pair them.
    neg = -1e9
    best = [[neg] * (n + 1) for _ in range(m + 1)]
    move: list[list[int]] = [[0] * (n + 1) for _ in range(m + 1)]
    for j in range(n + 1):
        best[0][j] = 0.0
    for i in range(1, m + 1):
        best[i][0] = 0.0
        move[i][0] = 1
        for j in range(1, n + 1):
            opts = [(best[i][j - 1], 0), (best[i - 1][j], 1)]
            s = sim[i - 1][j - 1]
            if s >= 0.34:
                opts.append((best[i - 1][j - 1] + s, 2))
            best[i][j], move[i][j] = max(opts, key=lambda t: t[0])
    out: list[str | None] = [None] * m
    i, j = m, n
    while i > 0 and j > 0:
        mv = move[i][j]
        if mv == 2:
            out[i - 1] = cands[j - 1].label
            i, j = i - 1, j - 1
        elif mv == 1:
            i -= 1
        else:
            j -= 1
    # between two matched pairs (or after the last), as many links as unmatched notes:
    # order is evidence enough
    pairs = [(-1, -1)] + [
        (i, next(j for j, c in enumerate(cands) if c.label == lab))
        for i, lab in enumerate(out) if lab is not None
    ] + [(m, n)]
    for (i0, j0), (i1, j1) in pairwise(pairs):
        free_urls = list(range(i0 + 1, i1))
        free_notes = list(range(j0 + 1, j1))
        if free_urls and len(free_urls) == len(free_notes):
            for i, j in zip(free_urls, free_notes, strict=True):
                out[i] = cands[j].label
    return out
