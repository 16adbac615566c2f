"""Rows that may open a footnote, each read and scored once."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from operator import attrgetter

from citewatch.citations.notes.cues import (
    _ALONE,
    _CITATION_MARK,
    _GLUED,
    _INLINE,
    _URL_HINT,
    _heading_like,
    _terminal,
    is_body_text,
)
from citewatch.citations.notes.rows import Row, _indent, _next_nonblank, _prev_nonblank
from citewatch.lazy import lazy_pattern


@dataclass(frozen=True)
class _Cand:
    row: int
    number: int
    alone: bool
    score: float
    body: str


_B_ALONE = lazy_pattern(r"^\s*\[(\d{1,4})\]\s*$")

_B_INLINE = lazy_pattern(r"^\s{0,16}\[(\d{1,4})\]\s*(\S.*)$")

_DIGIT_FIRST = lazy_pattern(r"\n[^\S\n]*\d")

_BRACKET_FIRST = lazy_pattern(r"\n[^\S\n]*\[")


def _numbered_rows(rows: Sequence[Row], bracketed: bool) -> list[int]:
    """Indices of the rows whose first non-blank character is a digit (``[`` for bracketed
    lists): the only rows a note number can open. Found by one scan of the rows joined,
    since the search for notes runs again after every row it splits; joined a block of
    rows at a time, so that no copy of the whole text is made."""
    rx = _BRACKET_FIRST if bracketed else _DIGIT_FIRST
    out: list[int] = []
    for base in range(0, len(rows), _ROW_BLOCK):
        texts = list(map(attrgetter("text"), rows[base:base + _ROW_BLOCK]))
        # each row is searched from the newline before it (a literal the scan finds fast);
        # with one put before the first row, a match's offset is its row's offset in the
        # rows joined
        joined = "\n" + "\n".join(texts)
        if joined.count("\n") != len(texts):  # a row holding a newline: read row by row
            firsts = [t.lstrip()[:1] for t in texts]
            out += [base + i for i, f in enumerate(firsts)
                    if (f == "[" if bracketed else f.isdigit())]
            continue
        starts = list(accumulate(map((1).__add__, map(len, texts)), initial=0))
        out += [base + bisect_left(starts, m.start()) for m in rx.finditer(joined)]
    return out


_ROW_BLOCK = 4096
"""Rows joined at once by :func:`_numbered_rows`."""


def _candidates(
    rows: Sequence[Row], skip: frozenset[int], bracketed: bool = False,
    memo: dict[tuple[object, ...], _Cand | None] | None = None,
) -> list[_Cand]:
    """Rows that may open a note, scored. ``memo`` keeps each row's reading across the
    repeated searches of :func:`find_footnotes` (a row's reading depends only on it, the
    next row and the next non-blank row, whatever their index)."""
    cands: list[_Cand] = []
    for i in _numbered_rows(rows, bracketed):
        row = rows[i]
        if row.line in skip:
            continue
        if memo is None:
            c = _cand_at(rows, i, bracketed)
        else:
            nxt = _next_nonblank(rows, i)
            key = (bracketed, row, rows[i + 1] if i + 1 < len(rows) else None,
                   rows[nxt] if nxt is not None else None)
            if key in memo:
                c = memo[key]
            else:
                c = memo[key] = _cand_at(rows, i, bracketed)
        if c is not None:
            cands.append(c if c.row == i else _Cand(i, c.number, c.alone, c.score, c.body))
    return cands


_DIGIT_OR_PUNCT = lazy_pattern(r"[\d,;:]")

_NOTE_EVIDENCE = lazy_pattern(
    r"[“\"]|\b(?:1[89]|20)\d\d\b|https?://|www\.|\bIbid\b|\bsupra\b|\bId\."
)

_NUMBER_FIRST = lazy_pattern(r"^\(?\d")

_SHORT_SIGNAL = lazy_pattern(r"I(?<!\wI)(?:bid|d\.)\b|s(?<!\ws)upra\b|S(?<!\wS)ee\b")
"""``Ibid``, ``Id.``, ``supra``, ``See`` from a word start on (each followed by a word
boundary). Each alternative opens with its letter (the word start is checked behind it) so
that the regex engine jumps between those letters instead of trying every position."""

_TRAILING_MARKER = lazy_pattern(r"[^\W_)][.,;:”’)](\d{1,4})\s*$")

_YEAR_FIRST = lazy_pattern(r"^(?:[A-Z][a-z]+ )?(?:19|20)\d\d\b")


def _cand_at(rows: Sequence[Row], i: int, bracketed: bool) -> _Cand | None:
    """Row ``i`` read as the start of a note, or None."""
    row = rows[i]
    text = row.text
    if bracketed:
        m = _B_ALONE.match(text)
        if m:
            return _Cand(i, int(m.group(1)), True, 0.9, "")
        m = _B_INLINE.match(text)
        if m:
            score = 1.3 if _URL_HINT.search(m.group(2)) else 1.0
            return _Cand(i, int(m.group(1)), False, score, m.group(2))
        return None
    m = _ALONE.match(text)
    if m:
        n = int(m.group(1))
        nxt = _next_nonblank(rows, i)
        score = 0.9
        prv = _prev_nonblank(rows, i)
        if nxt is None or rows[nxt].page != row.page or _indent(text) >= 20:
            score = 0.15  # a page number at the page foot, or centred
        elif row.page > 0 and (prv is None or rows[prv].page != row.page):
            score = 0.15  # a page number heading the page: notes stand at a page's foot
        elif _heading_like("", rows[nxt].text.strip()) and not _DIGIT_OR_PUNCT.search(
            rows[nxt].text
        ) and not _terminal(rows[nxt].text):
            score = 0.1  # a section number before its heading
        return _Cand(i, n, True, score, "")
    m = _INLINE.match(text)
    if m:
        n, sep, body = int(m.group(1)), m.group(2), m.group(3)
        if body[:1] in "-–—)%" or n == 0:
            return None
        score = 1.0
        if sep and _heading_like(sep, body):
            score = -1.0
        elif sep and not _NOTE_EVIDENCE.search(body):
            score = 0.5  # "12. Rome Statute - Article 8": a numbered list, not a note
        elif not sep and _heading_like(sep, body) and not _DIGIT_OR_PUNCT.search(body) and (
            not body.rstrip().endswith(".")
        ) and not _name_goes_on(rows, i) and not _citation_goes_on(rows, i) and (
            not _wraps_into_citation(rows, i)
        ):
            score = -1.0  # "9 Conclusions and Recommendations"
        elif body[:1].islower() and not body.startswith(("von ", "van ", "de ", "id.")):
            score = 0.3
        elif _YEAR_FIRST.match(body):
            score = 0.5
        elif _NUMBER_FIRST.match(body):
            score = 0.2  # "no. 1 (2016): 501" wrapped: a volume or page, not a note
        if _URL_HINT.search(body) or _SHORT_SIGNAL.search(body):
            score += 0.3
        indent = len(text) - len(text.lstrip())
        if indent > 8:
            score -= 0.3
        # (a match ends the row's text: it starts at most six characters before its end)
        tail = _TRAILING_MARKER.search(body, max(0, len(body.rstrip()) - 6))
        if tail and int(tail.group(1)) > n and not _URL_HINT.search(body) and (
            sep or not _CITATION_MARK.search(body)
        ):
            score -= 0.8  # "40. Protocol III …, Article 1-2,89": a list item of the
            # body text, carrying the marker of a later note
        if score > 0:
            return _Cand(i, n, False, score, body)
        return None
    m = _GLUED.match(text)
    if m:
        n, body = int(m.group(1)), m.group(2)
        return _Cand(i, n, False, 0.7, body)
    return None


_QUOTE_OR_YEAR = lazy_pattern(r"[“\"]|\b(?:1[89]|20)\d\d\b")

_SURNAME_COMMA = lazy_pattern(r"^[A-ZÀ-Ý][\w’'\-]+,\s")


def _name_goes_on(rows: Sequence[Row], i: int) -> bool:
    """``3 Dmitri`` / ``Whitfield, “‘We Buried Them…’”``: an author's name the extractor broke
    after the first word, not a heading: the next row goes on with a surname, a comma and a
    quoted title or a year."""
    if i + 1 >= len(rows) or rows[i + 1].page != rows[i].page or len(rows[i].text.split()) > 3:
        return False
    nxt = rows[i + 1].text.strip()
    return bool(_SURNAME_COMMA.match(nxt)) and bool(_QUOTE_OR_YEAR.search(nxt))


_CITATION_TAIL = lazy_pattern(
    r",\s+(?:\d|[A-Z][a-z]+\.? \d|[“\"])|\b(?:supra|infra|ibid)\b|\bnote \d"
)


def _citation_goes_on(rows: Sequence[Row], i: int) -> bool:
    """``5 Convention for the Protection of Cultural`` / ``Property in the Event of Armed
    Conflict, 14 May 1954, 249 UNTS 240``: a title wrapped in a note, not a heading: the next
    row goes on with a date, volume, page or quoted title after a comma, or a short form's
    "supra note 17", and reads as no prose."""
    if i + 1 >= len(rows) or rows[i + 1].page != rows[i].page or rows[i + 1].blank:
        return False
    nxt = rows[i + 1].text.strip()
    return bool(_CITATION_TAIL.search(nxt)) and not is_body_text(nxt)


_GOES_ON_AS_CITATION = lazy_pattern(r"\s*[a-z]|.*[,;:(“\"\d]")

_FIRST_WORD = lazy_pattern(r"\s*(\S+)")

_EDGE_ROWS = 5
"""Rows below a note's first row read to find its column's right edge."""


def _wraps_into_citation(rows: Sequence[Row], i: int) -> bool:
    """``14 Ministry of Foreign Affairs of the`` / ``Republic of Azerbaijan, News Release,``:
    a note's first row set in capitalised words (a title, an author), not a heading: the row
    fills its column (the next row's first word would not have fitted after it, so the line
    was broken there) and the next row goes on as a citation does (lower case, or a comma,
    a date, a quote). A heading is short, and a heading that wraps goes on as a heading."""
    page = rows[i].page
    nxt = _next_nonblank(rows, i)
    if nxt is None or nxt > i + 2 or rows[nxt].page != page:
        return False
    below = rows[nxt].text
    if not _GOES_ON_AS_CITATION.match(below) or is_body_text(below):
        return False
    m = _FIRST_WORD.match(below)
    if m is None:
        return False
    edge = max(
        len(r.text.rstrip()) for r in rows[nxt:nxt + _EDGE_ROWS] if r.page == page
    )
    return len(rows[i].text.rstrip()) + 1 + len(m.group(1)) > edge
