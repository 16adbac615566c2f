"""Segment extracted text into footnotes/endnotes and reference-list entries.

Text extractors scatter a note in many ways: the number on its own line, a run of numbers
followed by a run of bodies (pdftotext on some PDFs), the number glued to the first word
(pypdf), the body continued on the next page, columns interleaved. We therefore never trust a
single line: note starts are *candidates*, and the notes are the candidate chain whose numbers
run 1, 2, 3 … in document order with the best evidence (see :func:`find_footnotes`).
Word documents add their own damage: superscript markers glued into running text
(``…eradicated.107 According to …``, never a note start: :func:`is_marker_split`), note
bodies printed without their numbers (given to the markers waiting for them:
:func:`_lost_number_notes`), and body paragraphs right under a note (which end it:
:func:`is_body_text`). Reference
lists are read from their heading on, in the list's own style (``[n]``, ``n.``, author-date,
bibliography).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import accumulate, count, pairwise, repeat
from operator import attrgetter
from typing import Any, NamedTuple

from citewatch.citations.model import NoteKind


class Row(NamedTuple):
    """One line of the document, or one page's part of it when a ``\\f`` falls mid-line.

    A tuple: a document has a row per line, and building them is most of reading rows."""

    line: int
    """1-based line number in the document text."""
    page: int
    """0-based page index (count of ``\\f`` before this row)."""
    text: str
    """The row's text, without ``\\f`` and line end."""
    start: int
    """Offset of ``text[0]`` in the document text."""

    @property
    def blank(self) -> bool:
        return not self.text or self.text.isspace()


_new_row = partial(tuple.__new__, Row)
"""``Row`` from one (line, page, text, start) tuple, without a call to Python code."""


@dataclass(frozen=True, slots=True)
class RawNote:
    """A note or reference entry as segmented, before URLs, fields and short forms."""

    kind: NoteKind
    label: str
    rows: tuple[int, ...]
    """Indices into the row list, in reading order."""
    lines: tuple[int, ...]
    """1-based document lines (sorted, unique)."""
    text: str
    """The note's text, lines joined (see :func:`join_lines`), label removed."""
    page: int
    """Page where the note starts."""


def rows_of(text: str) -> list[Row]:
    """Split ``text`` into rows; a line holding a ``\\f`` becomes one row per page part.

    Read a page at a time: the page's lines are rows as they stand, except the parts a
    ``\\f`` cuts from a line, which are rows only when they hold text."""
    rows: list[Row] = []
    offset, lineno, page = 0, 1, 0
    while True:
        # One page sliced at a time, not the text split at every \f at once: that list, a
        # copy of the whole text, stayed alive beside the rows (peak RSS 9.2x → 10.2x the
        # text on 20 MB as printed).
        end = text.find("\f", offset)
        last = end < 0
        lines = text[offset:len(text) if last else end].split("\n")
        starts = accumulate(map((1).__add__, map(len, lines)), initial=offset)
        new = list(map(_new_row, zip(count(lineno), repeat(page), lines, starts)))
        if not last and not lines[-1]:
            new.pop()  # an empty part before a page break
        if page > 0 and not lines[0] and new:
            del new[0]  # an empty part after a page break
        rows += new
        lineno += len(lines) - 1
        if last:
            return rows
        offset, page = end + 1, page + 1


def reading_rows(text: str) -> list[Row]:
    """Rows in reading order: pages laid out in two columns (``pdftotext -layout``) are split
    at their gutter, the left column's rows first. Rows keep their document line and offset."""
    rows = _unglue_page_numbers(_blank_furniture(rows_of(text)))
    out: list[Row] = []
    for a, b in _page_spans(rows).values():
        out += _uncolumn(rows[a:b])
    return out


def _unglue_page_numbers(rows: list[Row]) -> list[Row]:
    """Cut the page number off a page's last line where the extractor glued it to the text
    (``… Abuses in Nagorno4``, ``…/demand-an4`` in a URL cut by the page break).

    The evidence is the document's own numbering: pages whose last line is a lone number
    give the offset between page index and printed number; a page whose last line instead
    ends in a word with that number stuck to it gets the number removed.
    """
    spans = _page_spans(rows)
    if len(spans) < 2:
        return rows  # one page: no numbering to vote for
    last: dict[int, int] = {}
    for page, (a, b) in spans.items():
        for at in _nonblank(rows, range(b - 1, a - 1, -1), 1):
            last[page] = at
    offsets: Counter[int] = Counter()
    for page, i in last.items():
        m = _LONE_NUMBER.fullmatch(rows[i].text)
        if m:
            offsets[int(m.group(1)) - page] += 1
    if not offsets:
        return rows
    offset, votes = offsets.most_common(1)[0]
    if votes < 2:
        return rows
    out = list(rows)
    n = len(rows)
    for page, (a, b) in spans.items():
        number = str(page + offset)
        for i in range(a, b):
            r = rows[i]
            if number not in r.text:  # both patterns print the number
                continue
            # the page's last row, or (two columns) the last row of a column, before a blank
            if i != last.get(page) and not (i + 1 < n and rows[i + 1].blank):
                continue
            m = _page_number_glued(page + offset, i == last.get(page)).search(r.text)
            if m and m.start(1) >= 8:
                out[i] = Row(r.line, r.page, r.text[:m.start(1)], r.start)
    return out


_LONE_NUMBER = re.compile(r"\s*(\d{1,4})\s*")


def _page_spans(rows: Sequence[Row]) -> dict[int, tuple[int, int]]:
    """Each page holding rows: the range of its rows' indices (``rows`` in page order, as
    :func:`rows_of` gives them)."""
    spans: dict[int, tuple[int, int]] = {}
    a, n = 0, len(rows)
    while a < n:
        page = rows[a].page
        b = bisect_left(rows, page + 1, a, key=_page_of)
        spans[page] = (a, b)
        a = b
    return spans


_page_of = attrgetter("page")
_text_of = attrgetter("text")


def _nonblank(rows: Sequence[Row], span: range, k: int) -> list[int]:
    """The first ``k`` indices of ``span`` (read in its order) whose rows hold text."""
    out: list[int] = []
    for i in span:
        t = rows[i].text
        if t and not t.isspace():
            out.append(i)
            if len(out) == k:
                break
    return out


@lru_cache(maxsize=256)
def _page_number_glued(number: int, page_end: bool) -> re.Pattern[str]:
    """Page ``number`` stuck to a row's last word: after a letter at a page's end, after two
    lower-case letters at a column's end."""
    if page_end:
        return re.compile(rf"(?<=[^\W\d_])({number})\s*$")
    return re.compile(rf"(?<=[^\W\d_A-ZÀ-Ý]{{2}})({number})\s*$")


def _furniture_key(text: str) -> str:
    return _NOT_A_TO_Z.sub("", text.lower())


_NOT_A_TO_Z = re.compile(r"[^a-z]+")


def _blank_furniture(rows: list[Row]) -> list[Row]:
    """Blank running heads and feet (a title or author repeated at the top or bottom of most
    pages), which otherwise glue themselves to the note or entry cut by the page break."""
    if not rows or rows[-1].page < 2:
        return rows  # fewer than three pages
    # each page's first two and last two rows that hold text (once each where they are
    # fewer), read from the page's ends
    pages: dict[int, list[int]] = {}
    for page, (a, b) in _page_spans(rows).items():
        head = _nonblank(rows, range(a, b), 2)
        if head:
            pages[page] = head + _nonblank(rows, range(b - 1, a - 1, -1), 2)[::-1]
    if len(pages) < 3:
        return rows
    edge: dict[str, set[int]] = {}
    where: dict[str, list[int]] = {}
    for page, idx in pages.items():
        for i in idx:
            key = _furniture_key(rows[i].text)
            if len(key) < 4 or "ibid" in key or "supra" in key:
                continue
            edge.setdefault(key, set()).add(page)
            where.setdefault(key, []).append(i)
    blank: set[int] = set()
    for key, on_pages in edge.items():
        # a short head (the author's surname) must recur on most pages to count
        if len(on_pages) >= 3 and (len(key) >= 10 or len(on_pages) >= 0.6 * len(pages)):
            blank.update(where[key])
    if not blank:
        return rows
    out = list(rows)
    for i in blank:
        r = rows[i]
        out[i] = Row(r.line, r.page, "", r.start)
    return out


_RESTART = re.compile(r"(?<=  )[^ ]")
_NOTE_LABEL = re.compile(r"(?:\[\d{1,4}\]|\d{1,4}\.?|[*†])\s*")


def _uncolumn(rows: list[Row]) -> list[Row]:
    """Split a two-column page at its gutter, row by row.

    The right column starts where many rows of the neighbourhood restart text after a run of
    spaces; that column moves down the page (body text and footnotes are set differently),
    and justified lines may leave only one space before it, so each row is cut at its
    neighbourhood's column where it has a space there.
    """
    texts = list(map(_text_of, rows))
    ends = list(map(len, map(str.rstrip, texts)))  # where each row's text ends
    live = len(ends) - ends.count(0)  # rows holding text
    if live < 12:
        return rows
    width = max(ends)
    lo, hi = int(width * 0.3), int(width * 0.75)
    if hi - lo < 10:
        return rows
    n = len(rows)
    restarts: list[Sequence[int]] = []
    start = max(lo, 2)
    for t in texts:
        lead = len(t) - len(t.lstrip()) if t[:1].isspace() else 0
        # text restarting after two spaces, past the row's first text
        found = [
            p for m in _RESTART.finditer(t, start, min(hi, len(t))) if (p := m.start()) > lead
        ] if "  " in t else []
        if lo <= lead < hi:
            found.append(lead)
        restarts.append(found or ())
    if not any(restarts):
        return rows  # no row restarts text where a gutter could be
    cut: list[int | None] = [None] * n
    # restart counts over the rows i-8 … i+8, kept up to date as the window slides, and
    # their total (a cut needs four or more: see below)
    counts: dict[int, int] = {}
    total = 0

    def count(j: int, d: int) -> None:
        for p in restarts[j]:
            c = counts.get(p, 0) + d
            if c:
                counts[p] = c
            else:
                del counts[p]

    for j in range(min(n, 8)):
        if restarts[j]:
            count(j, 1)
            total += len(restarts[j])
    for i in range(n):
        if i + 8 < n and restarts[i + 8]:
            count(i + 8, 1)
            total += len(restarts[i + 8])
        if i >= 9 and restarts[i - 9]:
            count(i - 9, -1)
            total -= len(restarts[i - 9])
        if total < 4:
            continue  # neither four restarts at one place nor five near one
        if ends[i] <= lo:
            continue
        t = texts[i]
        top = max(counts.values())
        col = min([p for p, c in counts.items() if c == top])
        if counts[col] < 4:
            if total < 5:
                continue
            # the column's rows may restart a character or two apart (labels, indents)
            get = counts.get
            near = {
                p: get(p - 2, 0) + get(p - 1, 0) + c + get(p + 1, 0) + get(p + 2, 0)
                for p, c in counts.items()
            }
            most = max(near.values())
            if most < 5:
                continue
            col = min((p for p, v in near.items() if v == most), key=lambda p: (-counts[p], p))
        # the column's outdented first lines (hanging indents) restart a little left of it
        outdent = min(
            (p for p in range(max(lo, col - 8), col - 2) if counts.get(p, 0) >= 2), default=col
        )
        for q in (col, col - 1, col + 1, col - 2, col + 2):
            if 0 < q < len(t) and t[q - 1] == " " and t[q:].strip():
                if outdent < q and not t[outdent - 2 : q].strip():
                    q = outdent  # keep the row's indentation under the outdented lines
                # a right-aligned note number ("10 Anahit") starts a little left of the column
                for p in range(q - 1, max(1, q - 9), -1):
                    if t[p] != " " and t[p - 1] == " " and t[p - 2] == " " and (
                        _NOTE_LABEL.fullmatch(t, p, q)
                    ):
                        q = p
                        break
                cut[i] = q
                break
        else:
            # a hanging indent (author-date entries, notes with their number outdented):
            # the column's first lines start a few characters left of its other rows, where
            # other rows of the neighbourhood restart too
            for p in range(col - 3, max(lo, col - 9), -1):
                if (
                    p < len(t) and t[p] != " " and t[p - 2 : p] == "  "
                    and counts.get(p, 0) >= 2 and t[:p].strip()
                ):
                    cut[i] = p
                    break
    both = sum(
        1 for r, c in zip(rows, cut, strict=True)
        if c is not None and r.text[:c].strip() and r.text[c:].strip()
    )
    if both < 0.3 * live:
        return rows
    left: list[Row] = []
    right: list[Row] = []
    for r, x in zip(rows, cut, strict=True):
        if x is None:
            left.append(r)
            continue
        t = r.text
        if t[:x].strip():
            left.append(Row(r.line, r.page, t[:x].rstrip(), r.start))
        else:
            left.append(Row(r.line, r.page, "", r.start))
        right.append(Row(r.line, r.page, t[x:], r.start + x))
    return left + [Row(r.line, r.page, "", r.start) for r in left[-1:]] + right


# ---------------------------------------------------------------------------------------
# Joining lines

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


_TAIL_WORD = re.compile(r"([^\W\d_]+)-$")
_URL_START = re.compile(r"https?://|www\.")
_HEAD_WORD = re.compile(r"^([^\W\d_]+)")


def join_lines(parts: Sequence[str], vocab: Mapping[str, int] | None = None) -> str:
    """Join text lines with spaces; a hyphen at a line end is dropped when it breaks a word.

    Which spelling ``vocab`` (words seen elsewhere in the document) holds more often decides;
    without evidence a lowercase continuation is taken as a word break, a capitalised one
    (``Smith-\\nLaurent``) as a real hyphen. URLs are joined without space when the line ends
    inside one (after ``/``, ``://``, ``.`` or ``-`` in a URL).
    """
    if vocab is None:
        vocab = {}
    out = ""
    for raw in parts:
        part = raw.strip()
        if not part:
            continue
        if not out:
            out = part
            continue
        last_token = out.rsplit(" ", 1)[-1]
        # ``out`` never ends in whitespace (its parts are stripped), so what the patterns
        # anchored at its end can see is its last whitespace-free run: searching only that
        # keeps joining a long note linear
        run = out.rsplit(None, 1)[-1]
        in_url = bool(_URL_START.search(run)) and not last_token.endswith(
            (".", ",", ";", ")")
        ) or last_token.endswith(("://", "/"))
        if in_url and _URL_START.search(last_token) and not part[0].isupper():
            out += part
            continue
        m = _TAIL_WORD.search(run) if out.endswith("-") else None
        h = _HEAD_WORD.match(part)
        if m and h and len(out) > len(m.group(0)) and not in_url:
            head, tail = m.group(1), h.group(1)
            joined, hyphened = (head + tail).lower(), (head + "-" + tail).lower()
            with_hyphen, without = vocab.get(hyphened, 0), vocab.get(joined, 0)
            if with_hyphen > without or with_hyphen == without and not tail[0].islower():
                out += part
            else:
                out = out[:-1] + part
            continue
        if out.endswith(("-", "/")) and (in_url or not out.endswith(" /")):
            out += part  # "Radio Free Europe/\nRadio Liberty"
            continue
        out += " " + part
    return fix_spacing_accents(out)


_SPACING_ACCENTS = {
    "\u00b4": "\u0301", "\u02d8": "\u0306", "\u00b8": "\u0327", "\u02c6": "\u0302",
    "\u00a8": "\u0308", "\u02dc": "\u0303", "\u02c7": "\u030c", "\u02da": "\u030a",
    "\u02d9": "\u0307", "\u02db": "\u0328", "\u02dd": "\u030b",
}
_SPACING_ACCENT = re.compile("([" + "".join(_SPACING_ACCENTS) + "])([^\\W\\d_])")


def fix_spacing_accents(text: str) -> str:
    """Recompose letters pypdf splits into a spacing accent and a letter (``Tadi´c`` →
    ``Tadić``, ``A˘gayev`` → ``Ağayev``, ``Garc´ıa`` → ``García``)."""
    if not _SPACING_ACCENT.search(text):
        return text

    def compose(m: re.Match[str]) -> str:
        letter = "i" if m.group(2) == "ı" else m.group(2)
        return unicodedata.normalize("NFC", letter + _SPACING_ACCENTS[m.group(1)])

    return _SPACING_ACCENT.sub(compose, text)


# ---------------------------------------------------------------------------------------
# Footnote candidates

_INLINE = re.compile(r"^\s{0,16}(\d{1,4})(\.?)\s+(\S.*)$")
_GLUED = re.compile(r"^\s{0,3}(\d{1,4})([A-Z“‘\"(\[][^\d].*)$")
_ALONE = re.compile(r"^\s*(\d{1,4})\s*$")
_STAR = re.compile(r"^\s{0,16}[*∗†]\s*(\S.*)$")
_TERMINAL_CHARS = (".", "”", "\"", "’", ")", "]", ">")


def _terminal(text: str) -> bool:
    """The text's last character other than white space ends a sentence, quote or bracket
    (read at its end: a pattern anchored there is tried at every position)."""
    return text.rstrip().endswith(_TERMINAL_CHARS)


_URL_HINT = re.compile(r"https?://|www\.|\.(?:org|com|net|int|am|az|ru|gov)/", re.IGNORECASE)


@dataclass(frozen=True)
class _Cand:
    row: int
    number: int
    alone: bool
    score: float
    body: str


_SIGNAL = re.compile(r"\s*(?:See(?:,? e\.g\.,| also| generally)?|Cf\.|But see|Compare|E\.g\.,)\s")
"""A citation signal opening a note; no heading starts with one."""


_VERSUS = re.compile(r"\s(?:v|vs)\.?\s")


def _heading_like(sep: str, body: str) -> bool:
    """``1. Introduction`` and the like: short, no sentence end, mostly capitalised words."""
    if len(body) > 70 or _terminal(body) and body.rstrip().endswith("."):
        return False
    if _SIGNAL.match(body) or _VERSUS.search(body):
        # "15 See “How Drones Changed…”", "22 Makuchyan and Minasyan v. Azerbaijan": a
        # note's wrapped first row (a signal, a case name)
        return False
    words = [w for w in body.split() if w[:1].isalpha()]
    if not words:
        return False
    caps = sum(1 for w in words if w[0].isupper())
    return caps / len(words) >= 0.5 and not _URL_HINT.search(body)


_B_ALONE = re.compile(r"^\s*\[(\d{1,4})\]\s*$")
_B_INLINE = re.compile(r"^\s{0,16}\[(\d{1,4})\]\s*(\S.*)$")


_DIGIT_FIRST = re.compile(r"\n[^\S\n]*\d")
_BRACKET_FIRST = re.compile(r"\n[^\S\n]*\[")


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


_DIGIT_OR_PUNCT = re.compile(r"[\d,;:]")
_NOTE_EVIDENCE = re.compile(
    r"[“\"]|\b(?:1[89]|20)\d\d\b|https?://|www\.|\bIbid\b|\bsupra\b|\bId\."
)
_NUMBER_FIRST = re.compile(r"^\(?\d")
_SHORT_SIGNAL = re.compile(r"I(?<!\wI)(?:bid|d\.)\b|s(?<!\ws)upra\b|S(?<!\wS)ee\b")
"""``Ibid``, ``Id.``, ``supra``, ``See`` from a word start on (each followed by a word
boundary). Each alternative opens with its letter (the word start is checked behind it) so
that the regex engine jumps between those letters instead of trying every position."""
_TRAILING_MARKER = re.compile(r"[^\W_)][.,;:”’)](\d{1,4})\s*$")
_YEAR_FIRST = re.compile(r"^(?:[A-Z][a-z]+ )?(?:19|20)\d\d\b")


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
        ) and not _name_goes_on(rows, i) and not _citation_goes_on(rows, i):
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


_QUOTE_OR_YEAR = re.compile(r"[“\"]|\b(?:1[89]|20)\d\d\b")
_SURNAME_COMMA = re.compile(r"^[A-ZÀ-Ý][\w’'\-]+,\s")


def _name_goes_on(rows: Sequence[Row], i: int) -> bool:
    """``3 Dmitri`` / ``Whitfield, “‘We Buried Them…’”``: an author's name the extractor broke
    after the first word, not a heading: the next row goes on with a surname, a comma and a
    quoted title or a year."""
    if i + 1 >= len(rows) or rows[i + 1].page != rows[i].page or len(rows[i].text.split()) > 3:
        return False
    nxt = rows[i + 1].text.strip()
    return bool(_SURNAME_COMMA.match(nxt)) and bool(_QUOTE_OR_YEAR.search(nxt))


_CITATION_TAIL = re.compile(r",\s(?:\d|[A-Z][a-z]+\.? \d|[“\"])|\b(?:supra|infra|ibid)\b|\bnote \d")


def _citation_goes_on(rows: Sequence[Row], i: int) -> bool:
    """``5 Convention for the Protection of Cultural`` / ``Property in the Event of Armed
    Conflict, 14 May 1954, 249 UNTS 240``: a title wrapped in a note, not a heading: the next
    row goes on with a date, volume, page or quoted title after a comma, or a short form's
    "supra note 17", and reads as no prose."""
    if i + 1 >= len(rows) or rows[i + 1].page != rows[i].page or rows[i + 1].blank:
        return False
    nxt = rows[i + 1].text.strip()
    return bool(_CITATION_TAIL.search(nxt)) and not is_body_text(nxt)


_STAR_ALONE = re.compile(r"^\s*[*∗†]\s*$")


def _prev_nonblank(rows: Sequence[Row], i: int) -> int | None:
    for j in range(i - 1, -1, -1):
        if not rows[j].blank:
            return j
    return None


def _next_nonblank(rows: Sequence[Row], i: int) -> int | None:
    for j in range(i + 1, len(rows)):
        if not rows[j].blank:
            return j
    return None


def _best_chain(cands: Sequence[_Cand]) -> list[_Cand]:
    """The best chain, plus the best chains in what lies wholly before or after it (a run of
    notes the extractor broke apart from the rest)."""
    chain = _one_chain(cands)
    if not chain:
        return chain
    first, last = chain[0], chain[-1]
    before = [c for c in cands if c.row < first.row and c.number < first.number]
    after = [c for c in cands if c.row > last.row and c.number > last.number]
    return _best_chain(before) + chain + _best_chain(after)


def _one_chain(cands: Sequence[_Cand]) -> list[_Cand]:
    """The chain of increasing numbers in document order with the highest total score.

    Steps of +1 are free; a skipped number (a note the extractor garbled) costs a penalty,
    so one lost note does not split the chain in two.
    """
    best: list[float] = []
    back: list[int] = []
    # per number, the candidates that may still be chosen as a predecessor: one followed by
    # a candidate with the same number and a best at least as high never wins (the later
    # one scores as well and wins ties), so each list keeps strictly falling bests; this
    # keeps a long document (numbering restarting per chapter) from going quadratic
    by_number: dict[int, list[int]] = {}
    for k, c in enumerate(cands):
        top, arg = -1e9, -1
        for gap in range(1, _MAX_GAP + 2):
            for j in by_number.get(c.number - gap, []):
                val = best[j] - _GAP_COST * (gap - 1)
                if val >= top:  # ties: the nearer predecessor
                    top, arg = val, j
        fresh = c.score + (0.5 if c.number == 1 else -0.6 - 0.1 * min(c.number, 10))
        if arg < 0 or fresh >= top + c.score:
            best.append(fresh)
            back.append(-1)
        else:
            best.append(top + c.score)
            back.append(arg)
        live = by_number.setdefault(c.number, [])
        while live and best[live[-1]] <= best[k]:
            live.pop()
        live.append(k)
    if not cands:
        return []
    end = max(range(len(cands)), key=lambda k: (best[k], -k))
    if best[end] < 1.5:
        return []
    chain: list[_Cand] = []
    while end >= 0:
        chain.append(cands[end])
        end = back[end]
    chain.reverse()
    return chain


_BIG_NOTE = 1000
"""Note numbers from here on are taken only in a document whose numbering reaches them."""
_MAX_GAP = 3
_GAP_COST = 0.8


@lru_cache(maxsize=256)
def _glued_patterns(n: int) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Note number ``n`` glued mid-row before a note's first word, and at a row's end."""
    return (
        re.compile(rf"(?<=[^\s\d(\[])\s?({n})\s+(?=[A-Z“\"‘])"),
        re.compile(rf"\s({n})\s*$"),
    )


def _split_glued(rows: list[Row], chain: Sequence[_Cand]) -> bool:
    """Split rows where the extractor glued a missing note's start onto another line
    (``…into-al33 Kevin van der Meer``, ``…throughout the hos 1`` before a run of numbers).
    Returns True when a row was split."""
    changed = False
    bounds = [(0, -1)] + [(c.row, c.number) for c in chain] + [(len(rows), 10**6)]
    for (a_row, a_num), (b_row, b_num) in pairwise(bounds):
        if b_num >= 10**6:
            break
        alone_next = b_row < len(rows) and _ALONE.match(rows[b_row].text) is not None
        for n in range(a_num + 1, min(b_num, a_num + _MAX_GAP + 2)):
            if n < 1:
                continue
            rx_mid, rx_end = _glued_patterns(n)
            number = str(n)
            blank_between = True  # rows i+1 … b_row-1 are blank
            # nearest first: a note's own text lies closer to the next note than its marker
            for i in range(b_row - 1, max(a_row, -1), -1):
                if i + 1 < b_row:
                    blank_between = blank_between and rows[i + 1].blank
                row = rows[i]
                if number not in row.text:  # both patterns print the number
                    continue
                m = None
                if alone_next and blank_between:
                    m = rx_end.search(row.text, 10)
                if m is None:
                    m = _glued_start(rx_mid, row.text)
                if m is None:
                    continue
                _split_row(rows, i, m.start(1))
                return True
    return changed


def _split_row(rows: list[Row], i: int, pos: int) -> None:
    """Cut row ``i`` in two at ``pos``: a note start printed on the line before it."""
    row = rows[i]
    rows[i:i + 1] = [
        Row(row.line, row.page, row.text[:pos], row.start),
        Row(row.line, row.page, row.text[pos:], row.start + pos),
    ]


def _glued_start(rx: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The first match of ``rx`` (a number inside a row) that can be a note start glued on
    by the extractor rather than a note marker in running text (see :func:`is_marker_split`)."""
    for m in rx.finditer(text, 20):
        at = m.start(1)  # bounded context: a row may be a whole one-line document
        if not is_marker_split(text[max(0, at - 80):at], text[at:at + 400]):
            return m
    return None


_FINISHED_END = re.compile(r"[.!?;:,”\"’)]\s*$")
_NUMBER_THEN_TEXT = re.compile(r"\s*\d{1,4}\s+(.*)$")


def is_marker_split(before: str, after: str) -> bool:
    """True when the number opening ``after`` is a superscript note marker in running text
    (``…eradicated.107 According to …``), not a note the extractor glued onto ``before``.

    A glued note start follows text cut mid-word or mid-sentence (``…remain ur`` + ``25 See
    …``) and reads like a citation; a marker follows a finished word, sentence or quote, and
    prose goes on after it. ``after`` starts with the number.
    """
    m = _NUMBER_THEN_TEXT.match(after)
    if m is None:
        return False
    rest = m.group(1).strip()
    if _MONTH_YEAR.match(rest):
        return True  # "18 October 1907": the number is a day of a date
    if is_prose(rest):
        return True
    finished = bool(_FINISHED_END.search(before))
    return finished and not _NOTE_OPENING.match(rest)


_NOTE_OPENING = re.compile(
    r"^(?:(?:See|Ibid|Id\.|Supra|Cf\.)\b|[“\"‘]"
    r"|(?:[A-ZÀ-Ý][\w’'\-.]*|de|van|von|der|al|el|da|di|du|le|la|&|and)"
    r"(?:\s+(?:[A-ZÀ-Ý][\w’'\-.]*|de|van|von|der|al|el|da|di|du|le|la|&|and)){1,6},"
    r"|[A-ZÀ-Ý][\w’'\-.]*\s+(?:of|on|for|to)\s+(?:the\s+)?[A-ZÀ-Ý]"
    r"|[A-ZÀ-Ý][\w’'\-]+(?:\s+[A-ZÀ-Ý][\w’'\-]+){0,3}\s+et al\b)"
)
"""How notes open: a signal (``See``, ``Ibid``), a quoted title, an author or body
(``Kevin van der Meer,``), a title (``Report of the …``, ``Convention on …``)."""

_PROSE_OPENER = re.compile(
    r"^(?:According|In|These|This|That|Those|The|It|Its|When|While|Whereas|Furthermore|"
    r"Moreover|However|Therefore|Thus|Hence|Additionally|Also|Although|Though|After|Before|"
    r"During|Despite|Given|Since|As|On|At|By|From|With|Without|Here|There|He|She|They|We|"
    r"Our|His|Her|Their|Such|Many|Most|Some|Both|Neither|Nevertheless|Indeed|Instead|"
    r"Meanwhile|Today|Yet|But|And|Or|So|If|Once|Even|Only|Not|No|A|An)\b[,]?"
)
_CITATION_MARK = re.compile(
    r"https?://|www\.|\bonline\b|\(\d{4}\)|\(\d{1,2}\s+[A-Z][a-z]+\.?\s+\d{4}\)|"
    r"\b(?:supra|ibid|id\.|op\. cit|pp?\.\s*\d|para\.?\s*\d|art\.?\s*\d|No\.\s*\d|"
    r"Vol\.|U\.N\. Doc|UN Doc|available at|accessed|retrieved|last visited|doi)|\bv\.?\s[A-Z]|"
    r"[<>]|(?-i:\b[A-Z]{2,}\s+\d)",
    re.IGNORECASE,
)


def is_prose(text: str) -> bool:
    """Running text rather than a citation: it opens like a sentence of the body (``In
    another video, …``, ``Furthermore, …``, ``These killings …``) and carries nothing a
    citation carries (URL, ``online``, a year in parentheses, ``supra``, a pinpoint)."""
    t = text.strip()
    return bool(_PROSE_OPENER.match(t)) and not _CITATION_MARK.search(t)


def _ends_note(text: str) -> bool:
    t = text.rstrip()
    return t.endswith(_TERMINAL_CHARS) and not t.endswith(("://", "et al."))


def _extent(
    rows: Sequence[Row], first: int, stop: int, page: int, head: int | None = None,
    *, body_ends: bool = True,
) -> list[int]:
    """Rows from ``first`` while they stay on ``page`` and look like the same note.

    ``head`` is the note's first row when it carries the number; without it (the number was
    printed alone) blank rows before the body are skipped.
    """
    if head is not None:
        return _extent_from([head], rows, first, stop, page, body_ends)[1:]
    return _extent_from([], rows, first, stop, page, body_ends)


def _extent_from(
    out: list[int], rows: Sequence[Row], first: int, stop: int, page: int,
    body_ends: bool = True,
) -> list[int]:
    i = first
    while i < stop and len(out) < _MAX_NOTE_ROWS:
        row = rows[i]
        if row.page != page:
            break
        if row.blank:
            nxt = _next_nonblank(rows, i)
            # cross a blank only when the note is visibly unfinished
            if out and nxt is not None and nxt < stop and rows[nxt].page == page and (
                _goes_on_below_blank(rows, out, nxt)
            ) or out and nxt is not None and nxt < stop and rows[nxt].page == page and not _ends_note(
                rows[out[-1]].text
            ) and (
                rows[nxt].text.strip()[:1].islower()
                or _indent(rows[nxt].text) > _indent(rows[out[0]].text)
                or _unbalanced(" ".join(rows[k].text for k in out))
                and rows[nxt].text.strip()[:1].isalpha()
                # ``pdftotext -layout``: the numbered first line is indented, the wrapped
                # text goes on at the margin below a blank row
                # (a row starting with a number only a character or two further left is
                # the next note, its number right-aligned: "   9 …", "  10 …")
                or _indent(rows[nxt].text) < _indent(rows[out[0]].text)
                and len(rows[out[-1]].text.strip()) >= 60
                and not (_INLINE.match(rows[nxt].text)
                         and _indent(rows[out[0]].text) - _indent(rows[nxt].text) <= 2)
                and 0 < rows[nxt].line - rows[out[-1]].line <= 3  # not the next column
            ):
                i = nxt
                continue
            if not out:
                i += 1
                continue
            break
        if _is_ref_heading(row.text):
            break
        if _ALONE.match(row.text) and not _number_in_text(rows, out, i, page):
            break
        if out and _resumes_body(rows[out[-1]].text, row.text):
            break
        if body_ends and out and _ends_note(rows[out[-1]].text) and not _abbrev_end(
            rows[out[-1]].text.rstrip()
        ) and (_body_follows(rows, i, page) or _lost_start(row.text)):
            break  # body text resumes, or the next note, its number lost, begins
        out.append(i)
        i += 1
    return out


_NUMBER_GOES_ON = re.compile(r"\s*\d+(?:[,)\]:;–/-]|\s+[,)–])")
"""A row opening with a number that goes on a sentence ("2021), online: …", "346, 361 …"),
unlike a note's number ("2 See …", "12Emily …", "5")."""


_URL_AT_END = re.compile(r"(?:https?://|www\.)\S*$")
_URL_FIRST = re.compile(r"\s*(?:https?://|www\.)")


def _goes_on_below_blank(rows: Sequence[Row], out: Sequence[int], nxt: int) -> bool:
    """A note goes on below a single stray blank row (pdftotext prints one where line spacing
    varies) when its last row stops mid-sentence, at a comma or colon ("… by Troops," /
    "Armenpress (Dec. 8, 2020), …") or before a number that goes on ("(18 March" / "2021),
    online: …"), and the row below is no body text."""
    last, below = rows[out[-1]].text.rstrip(), rows[nxt].text
    if rows[nxt].line - rows[out[-1]].line != 2 or is_body_text(below) or _ALONE.match(below):
        return False
    unfinished = not _ends_note(last) or _abbrev_end(last)
    if below.strip()[:1].isdigit():
        return unfinished and bool(_NUMBER_GOES_ON.match(below))
    if rows[out[0]].text.lstrip().startswith("["):
        # ``[n]`` entries of two-column pages: a blank row often parts the columns
        return last.endswith((",", ";", ":"))
    # the rest of a sentence left open ("… Emerges Following" / "Karabakh War, News.am …"); an
    # entry ending in its URL needs no period, and a URL alone below may be a link block
    return unfinished and not _URL_AT_END.search(last) and not _URL_FIRST.match(below)


def _number_in_text(rows: Sequence[Row], out: Sequence[int], i: int, page: int) -> bool:
    """A number alone on a row inside an unfinished note ("… Amnesty International, / 02 /
    October / 2021") is part of its text, not a page number: the page goes on after it."""
    if not out or _ends_note(rows[out[-1]].text) or i + 1 >= len(rows):
        return False
    nxt = rows[i + 1]
    return not nxt.blank and nxt.page == page and not _ALONE.match(nxt.text)


_MAX_NOTE_ROWS = 25
"""Longer "notes" are body text that no page break or blank line stopped."""


_URLISH = re.compile(r"://|www\.|/|\.[a-z]{2,4}$")


def _resumes_body(prev: str, cur: str) -> bool:
    """A finished note followed by a lowercase line that is no URL: the body text resumes
    (an extractor put the page's notes inside a paragraph)."""
    head = cur.strip().split(" ", 1)[0]
    return (
        prev.rstrip().endswith((".", ".”"))
        and not prev.rstrip().endswith((" al.", "e.g.", "i.e.", " pp.", " p.", " v.", " No."))
        and head[:1].islower()
        and not _URLISH.search(head)
    )


_CITATION_PUNCT_OR_YEAR = re.compile(r"[,;:“”\"]|\d{4}")


def _body_follows(rows: Sequence[Row], i: int, page: int) -> bool:
    """After a finished note, row ``i`` starts body text again: a sentence of prose (see
    :func:`is_body_text`), or a heading line with prose right under it."""
    text = rows[i].text
    if is_body_text(text) or _marked_paragraph(rows, i, page):
        return True
    nxt = _next_nonblank(rows, i)
    return (
        nxt is not None and nxt == i + 1 and rows[nxt].page == page
        and len(text.split()) <= 12 and text.strip()[:1].isupper()
        and not _CITATION_MARK.search(text) and not _CITATION_PUNCT_OR_YEAR.search(text)
        and is_body_text(rows[nxt].text)
    )


_QUOTED = re.compile(r"“[^”]{3,}”")
_SENTENCE_MARKER_END = re.compile(r"[^\W\d_]{2}[.!?”\"’)]{1,2}\s?\d{1,4}$")


def _marked_paragraph(rows: Sequence[Row], i: int, page: int) -> bool:
    """Rows from ``i`` to the next blank row (a short paragraph, a figure caption) that cite
    nothing and end a sentence with a note marker (``… stepped on.12``): body text."""
    block: list[str] = []
    for j in range(i, min(len(rows), i + 8)):
        if rows[j].blank or rows[j].page != page or _ALONE.match(rows[j].text):
            break
        block.append(rows[j].text.strip())
    if not block:
        return False
    joined = " ".join(block)
    return bool(_SENTENCE_MARKER_END.search(block[-1])) and not (
        _CITATION_MARK.search(joined) or _QUOTED.search(joined)
    )


_BODY_MARKER = re.compile(r"(?:^|\s)[^\W\d_]*[^\W\d_]{2}[.,;:!?”\"’)]{0,2}\d{1,4}(?=[\s,.;:]|$)")
"""A superscript note marker glued to a word of running text: ``…eradicated.107``."""


_MARKER_THEN_PROSE = re.compile(
    r"[^\W\d_][.,;:!?”\"’)]{0,2}\d{1,4}\s+(?=(?:According|Furthermore|Moreover|However|"
    r"Therefore|Additionally|Nevertheless|Indeed|Thus|Hence|These|This|It|The|In|As|On|When|"
    r"While|Although|He|She|They|We)\b)"
)
"""A marker ending a sentence and the next sentence of running text after it."""


def is_body_text(text: str) -> bool:
    """A row of running text: prose (:func:`is_prose`), or a longer row carrying a note
    marker glued to a word and nothing a citation carries."""
    t = text.strip()
    if is_prose(t) or _MARKER_THEN_PROSE.search(t):
        return True
    return len(t) >= 40 and bool(_BODY_MARKER.search(t)) and not _CITATION_MARK.search(t) and not (
        _NOTE_OPENING.match(t)
    )


_ABBREV_END = re.compile(
    r"(?:\b(?:[A-Z]\.){1,3}|\b(?:Rev|No|Vol|Doc|Res|Int[’']l|Eur|Stud|Sec|ed|eds|pp|p|v|art|"
    r"para|Cf|Dep[’']t|Gov[’']t|Comm|Ass[’']n|Univ|Inst|Hum|Rts|Sept?|Oct|Nov|Dec|Jan|Feb|Mar|"
    r"Apr|Aug|Jr|Dr|St|Co|Corp|Inc|Ltd)\.)$"
)


def _abbrev_end(text: str) -> bool:
    """``text`` ends with an abbreviation (:data:`_ABBREV_END`), which is at most seven
    characters long (a line end included): searched for there only."""
    return _ABBREV_END.search(text, max(0, len(text) - 8)) is not None


def _split_run(rows: Sequence[Row], body_rows: list[int], k: int) -> list[list[int]]:
    """Split rows holding ``k`` note bodies (numbers printed apart) at the likeliest ends."""
    if k <= 1 or len(body_rows) <= k:
        few = [[r] for r in body_rows[:k]]
        if len(body_rows) > k and few:
            few[-1].extend(body_rows[k:])
        return few + [[] for _ in range(k - len(few))]
    scores = _cut_scores(rows, body_rows)
    cuts = sorted(p for _, p in sorted(scores, key=lambda t: (-t[0], t[1]))[: k - 1])
    groups: list[list[int]] = []
    prev_cut = 0
    for c in [*cuts, len(body_rows)]:
        groups.append(body_rows[prev_cut:c])
        prev_cut = c
    return groups


_CLOSED_END = re.compile(r"[\])>”]\.?$")
_COMMA_IN_QUOTE_END = re.compile(r",[”\"’]$")
_SHORT_HEAD_COMMA = re.compile(r"^[^,]{1,60},")
_SIGNAL_START = re.compile(r"(?:Ibid|Id\.|See\b|Supra)")
_URL_ENDS_ROW = re.compile(r"(?:https?://|www\.)\S+[\w)]$")
_URL_OPENS = re.compile(r"(?:https?://|www\.)")
_URL_OR_PATH_ROW = re.compile(r"\s*(?:https?://|www\.)\S+|\s*\S*\w[/=&]\S*")


def _cut_scores(rows: Sequence[Row], body_rows: Sequence[int]) -> list[tuple[float, int]]:
    """How likely one note ends and the next begins before each position of ``body_rows``."""
    width = max(len(rows[r].text.rstrip()) for r in body_rows)
    scores: list[tuple[float, int]] = []
    for pos in range(1, len(body_rows)):
        prev = rows[body_rows[pos - 1]].text.rstrip()
        cur = rows[body_rows[pos]].text.strip()
        s = 0.0
        if _ends_note(prev) or _URL_OR_PATH_ROW.fullmatch(prev) or (
            _URL_ENDS_ROW.search(prev)  # "… Available: https://…/x.pdf"
        ):
            s += 2.0
        if _DATE_LEAD.match(cur) and (
            not _SHORT_HEAD_COMMA.match(cur) or _MONTH_DAY.match(cur)
        ):
            s -= 1.5
        if _COMMA_IN_QUOTE_END.search(prev):
            s -= 2.5  # a title closed with its comma ("…prisoners of war,”): the work goes on
        if prev.endswith((":", "://", "-")) or cur[:1].islower():
            s -= 3.0
        if _abbrev_end(prev):
            s -= 2.5  # "N.Y." or "Int’l L." ends an abbreviation, not the note
        elif _CLOSED_END.search(prev):
            s += 0.5
        if len(prev) < 0.85 * width:
            s += 1.5
        if cur[:1].isupper() or cur[:1] in "“\"‘":
            s += 0.5
        if _SIGNAL_START.match(cur):
            s += 1.0
        if _URL_OPENS.match(cur) or cur[:1].isdigit():
            s -= 1.5
        scores.append((s, pos))
    return scores


def find_footnotes(
    rows: list[Row], vocab: Mapping[str, int], skip_lines: Iterable[int] = (),
    *, bracketed: bool = False,
) -> list[RawNote]:
    """Footnotes and endnotes in document order (by number).

    Rows on ``skip_lines`` are never note starts. ``rows`` may be split in place where an
    extractor glued a note's start onto another line; callers must use the list afterwards.
    """
    skipset = frozenset(skip_lines)
    memo: dict[tuple[object, ...], _Cand | None] = {}
    # the candidates of the rows as they stand: rows only change by a split, which adds one
    read: dict[tuple[bool, int], list[_Cand]] = {}

    def all_candidates(br: bool) -> list[_Cand]:
        key = (br, len(rows))
        if key not in read:
            read[key] = _candidates(rows, skipset, br, memo)
        return read[key]

    # numbers of four digits are notes only where the numbering reaches them: otherwise
    # years opening lines (2020, 2021, 2022 …) would pass for a run of notes
    probe = _best_chain([c for c in all_candidates(bracketed) if c.number < _BIG_NOTE])
    big = bool(probe) and max(c.number for c in probe) >= _BIG_NOTE - _MAX_GAP - 1

    def candidates(br: bool) -> list[_Cand]:
        found = all_candidates(br)
        return list(found) if big else [c for c in found if c.number < _BIG_NOTE]

    chain = _best_chain(candidates(bracketed))
    for _ in range(40):
        if bracketed or not _split_glued(rows, chain):
            break
        chain = _best_chain(candidates(False))
    chain = _add_strays(chain, candidates(bracketed))
    for _ in range(20):
        if bracketed or not _split_glued_near(rows, chain):
            break
        chain = _best_chain(candidates(False))
        chain = _add_strays(chain, candidates(False))
    chain = sorted(chain, key=lambda c: c.row)
    kind = NoteKind.REFERENCE if bracketed else NoteKind.FOOTNOTE
    starts = {c.row for c in chain}
    groups: dict[int, list[int]] = {}
    k = 0
    while k < len(chain):
        c = chain[k]
        if c.alone:
            # a run of numbers printed apart, followed by the run of their bodies
            run = [c]
            prev = _prev_nonblank(rows, c.row)
            if prev is not None and _STAR_ALONE.match(rows[prev].text) and 0 not in groups:
                run.insert(0, _Cand(prev, 0, True, 0.9, ""))  # the author note, "*"
            j = k + 1
            while j < len(chain) and chain[j].alone and _only_blank_between(
                rows, run[-1].row, chain[j].row
            ):
                run.append(chain[j])
                j += 1
            nxt_start = chain[j].row if j < len(chain) else len(rows)
            page = rows[run[-1].row].page
            # (several bodies in a row: a remark among them must not end the run)
            body = _extent(rows, run[-1].row + 1, nxt_start, page, body_ends=len(run) == 1)
            if len(run) > 1 and body and _CONTINUES.match(rows[body[0]].text):
                # the first block under the numbers continues an earlier note (pdftotext
                # printed a column's top before its labels' bodies): the bodies follow it
                rest = _extent(rows, body[-1] + 1, nxt_start, page, body_ends=False)
                if len(rest) >= len(run):
                    body = rest
            if len(run) == 1:
                groups[c.number] = body
            else:
                for cand, g in zip(run, _split_run(rows, body, len(run)), strict=True):
                    groups[cand.number] = g
            k = j
            continue
        nxt_start = chain[k + 1].row if k + 1 < len(chain) else len(rows)
        groups[c.number] = [c.row] + _extent(
            rows, c.row + 1, nxt_start, rows[c.row].page, head=c.row
        )
        k += 1
    chain = _split_label_moved(rows, chain, groups, candidates(bracketed))
    # a note cut by a page break continues above the next page's first note
    by_number = sorted(chain, key=lambda c: c.number)
    for idx, c in enumerate(by_number[:-1]):
        g = groups[c.number]
        if not g or _ends_note(rows[g[-1]].text):
            continue
        nxt = by_number[idx + 1]
        if rows[nxt.row].page == rows[g[-1]].page:
            continue
        g.extend(_continuation_above(rows, nxt.row, starts))
    lost = _lost_number_notes(rows, chain, groups, skipset, vocab) if not bracketed and chain else []
    _attach_fragments(rows, chain, groups, vocab, reserved={r for n in lost for r in n.rows})
    notes: list[RawNote] = []
    star = None if bracketed or 0 in groups else _star_note(rows, chain, skipset)
    if 0 in groups:
        notes.append(_make(rows, kind, "*", groups[0], vocab, strip_label=False))
    if star is not None:
        groups_star, label = star
        notes.append(_make(rows, NoteKind.FOOTNOTE, label, groups_star, vocab, strip_label=True))
    for c in chain:
        g = groups[c.number]
        if not g:
            continue
        notes.append(
            _make(rows, kind, str(c.number), g, vocab, strip_label=not c.alone,
                  page=rows[c.row].page)
        )
    if lost:
        notes = sorted([*notes, *lost], key=lambda n: n.rows[0] if n.rows else 0)
    return notes


_MARKER_NUMBER = re.compile(
    r"(?:(?<=[^\W\d_]{2})|(?<=[^\W\d_][.,;:!?”\"’)])|(?<=[^\W\d_][.!?,][”\"’])"
    r"|(?<=[.!?][”\"’)]\s))(\d{1,4})(?=[\s,.;:)]|$)"
)
"""A note marker in running text: ``word12``, ``word.12``, ``quote.”12``, ``sentence.” 12``."""


def _lost_number_notes(
    rows: Sequence[Row], chain: Sequence[_Cand], groups: Mapping[int, Sequence[int]],
    skip: frozenset[int], vocab: Mapping[str, int],
) -> list[RawNote]:
    """Note bodies whose numbers the extractor lost (Word footnotes through pdftotext often
    print `` Smith, “Title” (2020), online: <…>.`` with the superscript number dropped).

    Such a body is an unclaimed block that reads like a citation (:func:`_orphan_blocks`),
    under body text (or under the notes printed below it) whose note markers have no body
    yet. A run of ``k`` such blocks takes those markers' numbers in order when there are
    exactly ``k`` of them, or the first ``k`` when they continue the numbering (the note
    before the first exists, no gaps). Otherwise the blocks are kept as body citations (kind
    ``BODY``, empty label): a wrong number would put a link under the wrong note.
    """
    claimed = {r for g in groups.values() for r in g}
    claimed_sorted = sorted(claimed)
    numbers = {c.number for c in chain}
    by_row = sorted(chain, key=lambda c: c.row)
    starts = [c.row for c in by_row]
    top = list(accumulate((c.number for c in by_row), max))  # highest number up to each note
    labelled_top = 0
    stop = find_reference_section(rows)
    end = len(rows) if stop is None else stop
    blocks = _orphan_blocks(rows, claimed, skip, chain[0].row, end)
    out: list[RawNote] = []
    done_until = chain[0].row
    k = 0
    while k < len(blocks):
        run = [blocks[k]]
        while k + len(run) < len(blocks) and all(
            rows[i].blank for i in range(run[-1][-1] + 1, blocks[k + len(run)][0])
        ):
            run.append(blocks[k + len(run)])
        k += len(run)
        first = run[0][0]
        at = bisect.bisect_left(starts, first)
        last = max(top[at - 1] if at else 0, labelled_top)
        # the body text before the block, or before the notes printed just above it
        j = first - 1
        while j > done_until and (rows[j].blank or j in claimed):
            j -= 1
        at = bisect.bisect_left(claimed_sorted, j)
        region = range(max(done_until, claimed_sorted[at - 1] if at else -1) + 1, j + 1)
        markers: list[int] = []
        for i in region:
            if i in claimed or rows[i].blank:
                continue
            for m in _MARKER_NUMBER.finditer(rows[i].text):
                n = int(m.group(1))
                if last - 10 < n <= last + 40 and n not in numbers and (
                    not markers or n > markers[-1]
                ):
                    markers.append(n)
        done_until = run[-1][-1]
        # the count matches, or the first pending markers continue the numbering; blocks
        # with no marker to take are kept as body citations
        labelled = bool(markers) and (
            len(markers) == len(run)
            or markers[0] - 1 in numbers and len(markers) >= len(run)
            and all(b - a == 1 for a, b in pairwise(markers[: len(run)]))
        )
        for pos, block in enumerate(run):
            if labelled:
                numbers.add(markers[pos])
                labelled_top = max(labelled_top, markers[pos])
                out.append(_make(rows, NoteKind.FOOTNOTE, str(markers[pos]), block, vocab,
                                 strip_label=False))
            else:
                out.append(_make(rows, NoteKind.BODY, "", block, vocab, strip_label=False))
    return out


_LINK_MARK = re.compile(r"https?://|www\.|\bonline\b|<[^<>\s]+>")
_QUOTED_TITLE = re.compile(r"“[^”]{8,}”")


def _orphan_blocks(
    rows: Sequence[Row], claimed: set[int], skip: frozenset[int], first: int, end: int
) -> list[tuple[int, ...]]:
    """Unclaimed blocks of rows from ``first`` to ``end`` that read like a note's citation:
    they open like a note (:data:`_NOTE_OPENING`), carry a citation's marks, and are no body
    text. A block ends at a blank row, at body text, or where the next block opens (a row
    indented by one space, where the lost number stood)."""
    out: list[tuple[int, ...]] = []
    taken: set[int] = set()
    i = first
    while i < end:
        row = rows[i]
        text = row.text.strip()
        if i in claimed or row.blank or row.line in skip:
            i += 1
            continue
        indented = _lost_start(row.text)
        after_blank = i > 0 and rows[i - 1].blank
        prev = _prev_nonblank(rows, i) if indented or after_blank else None
        if (not (indented or after_blank and _note_opening(text))
                or prev is not None and prev not in claimed and prev not in taken
                and not _paragraph_end(rows[prev].text)
                or _body_follows(rows, i, row.page)):
            i += 1
            continue
        block = [i]
        j = i + 1
        while j < end and len(block) < 8:
            nxt = rows[j]
            if (j in claimed or nxt.blank or nxt.page != row.page or nxt.line in skip
                    or _ALONE.match(nxt.text) or _lost_start(nxt.text)
                    or is_body_text(nxt.text) or _body_follows(rows, j, nxt.page)):
                break
            if _ends_note(rows[block[-1]].text) and nxt.text.strip()[:1].isupper() and not (
                _CITATION_MARK.search(nxt.text)
            ):
                break  # the citation is finished and the row after it cites nothing
            block.append(j)
            j += 1
        joined = " ".join(rows[b].text.strip() for b in block)
        cites = _CITATION_MARK.search(joined) or _QUOTED_TITLE.search(joined)
        if not indented:  # no trace of the lost number: the block must cite a link
            cites = _LINK_MARK.search(joined)
        if cites and not is_prose(text) and len(joined) >= 25:
            out.append(tuple(block))
            taken.update(block)
            i = j
        else:
            i += 1
    return out


_ONE_SPACE_INDENT = re.compile(r"^ \S")


def _lost_start(text: str) -> bool:
    """A row where a note whose number was lost may begin: indented by the one space that
    stood after the number, opening like a note (``Smith, …``, ``“Title” …``, ``Report on
    X, …``), not like a sentence."""
    return bool(_ONE_SPACE_INDENT.match(text)) and _note_opening(text.strip())


_HANDLE_TITLE = re.compile(r"^[\w.@\-]{2,30},\s+[“\"]")
_NAME_COMMA = re.compile(r"^[A-ZÀ-Ý][^,.;:“”\"]{0,60},")


def _note_opening(t: str) -> bool:
    """``t`` opens like a note (an author, body or title and a comma, a quoted title, a
    user name and a quoted title), not like a sentence."""
    return not is_prose(t) and bool(
        _NOTE_OPENING.match(t) or _NAME_COMMA.match(t) or _HANDLE_TITLE.match(t)
    )


_MARKER_AFTER_SENTENCE = re.compile(r"[.!?”\"’)]\s?\d{1,4}$")


def _paragraph_end(text: str) -> bool:
    """A row that ends a paragraph of body text: a sentence end, or a note marker after one."""
    t = text.rstrip()
    return _ends_note(t) or bool(_MARKER_AFTER_SENTENCE.search(t))


def _split_label_moved(
    rows: Sequence[Row], chain: list[_Cand], groups: dict[int, list[int]],
    cands: Sequence[_Cand],
) -> list[_Cand]:
    """Notes whose number the extractor printed elsewhere (pdftotext may move a lone number
    below the page's notes): when number ``n`` is missing between ``n-1`` and ``n+1``, a lone
    ``n`` stands out of order, and the body under ``n-1`` reads as two notes, split it."""
    have = {c.number: c for c in chain}
    used = {c.row for c in chain}
    out = list(chain)
    for n in range(2, max(have, default=0)):
        prev = have.get(n - 1)
        if n in have or n + 1 not in have or prev is None or not prev.alone:
            continue
        if not any(c.number == n and c.alone and c.row not in used for c in cands):
            continue
        body = [r for r in groups.get(n - 1, []) if not rows[r].blank]
        if len(body) < 2:
            continue
        score, pos = max(_cut_scores(rows, body), key=lambda t: (t[0], -t[1]))
        if score < 3.0:
            continue
        groups[n - 1] = groups[n - 1][: groups[n - 1].index(body[pos])]
        groups[n] = body[pos:]
        out.append(_Cand(body[pos], n, True, 0.5, ""))
    return sorted(out, key=lambda c: c.row)


def _split_glued_near(rows: list[Row], chain: Sequence[_Cand]) -> bool:
    """Like :func:`_split_glued`, for numbers still missing once out-of-order notes are in:
    look just before the next note and just after the previous one."""
    where = {c.number: c.row for c in chain}
    if not where:
        return False
    for n in range(1, max(where) + 1):
        if n in where:
            continue
        spans: list[range] = []
        if n + 1 in where:
            spans.append(range(where[n + 1] - 1, max(-1, where[n + 1] - 40), -1))
        if n - 1 in where:
            spans.append(range(where[n - 1] + 1, min(len(rows), where[n - 1] + 40)))
        number = str(n)
        for span in spans:
            for i in span:
                row = rows[i]
                if number not in row.text:  # the pattern prints the number
                    continue
                m = _glued_start(_glued_patterns(n)[0], row.text)
                if m is None:
                    continue
                _split_row(rows, i, m.start(1))
                return True
    return False


_SENTENCE_END = re.compile(r"[.!?][\"”’)]?\s?\d{1,4}\s*$")
"""A body line ending a sentence and carrying its note marker: ``… war crimes. 29``."""
_MARKER = re.compile(r"[^\W\d][.,;:”’)]\d{1,4}(?:\s|$)")


def _continuation_above(rows: Sequence[Row], start: int, starts: set[int]) -> list[int]:
    """Rows just above the note starting at ``start`` that continue the previous note (cut by
    a page break): up to a blank row, or, where the extractor leaves no blank rows (pypdf),
    up to the body text's last line, which ends a sentence or carries a note marker."""
    cont: list[int] = []
    i = start - 1
    page = rows[start].page
    while i >= 0 and len(cont) < 6 and rows[i].page == page:
        row = rows[i]
        if row.blank or i in starts or _ALONE.match(row.text):
            break
        text = row.text.rstrip()
        if _SENTENCE_END.search(text):
            return list(reversed(cont))
        if _MARKER.search(text):
            return []  # body text that runs on into the rows below
        cont.append(i)
        i -= 1
    if cont and i >= 0 and (rows[i].blank or _ALONE.match(rows[i].text)):
        return list(reversed(cont))
    return []


def _add_strays(chain: list[_Cand], cands: Sequence[_Cand]) -> list[_Cand]:
    """Notes the chain skipped because the extractor put them out of order (two-column pages):
    a strong candidate (number and text on one line, looks like a citation) for a number the
    chain lacks is kept wherever it stands."""
    if not chain:
        return chain
    have = {c.number for c in chain}
    used = {c.row for c in chain}
    top = max(have)
    out = list(chain)
    n, misses = 0, 0
    while n < top or misses <= _MAX_GAP:
        n += 1
        if n in have:
            misses = 0
            continue
        opts = [c for c in cands if c.number == n and not c.alone and c.score >= 1.0
                and c.row not in used]
        if opts:
            best = max(opts, key=lambda c: c.score)
            out.append(best)
            used.add(best.row)
            misses = 0
        elif n > top:
            misses += 1
    # whole runs of missing numbers elsewhere (labels printed apart, out of order)
    for _ in range(10):
        have = {c.number for c in out}
        used = {c.row for c in out}
        rest = [c for c in cands if c.number not in have and c.row not in used and c.score > 0.5]
        extra = _one_chain(rest)
        if len(extra) < 2:
            break
        out.extend(extra)
    return out


def _unbalanced(t: str) -> bool:
    return t.count("<") > t.count(">") or t.count("“") > t.count("”") or t.count("(") > t.count(")")


def _unfinished(text: str) -> bool:
    """A note's text that visibly stops mid-way (open bracket or quote, no sentence end)."""
    t = text.rstrip()
    if not t:
        return False
    if t.count("<") > t.count(">") or t.count("“") > t.count("”"):
        return True
    return not _ends_note(t)


_FRAGMENT_HEAD = re.compile(r"^\s*(?:[a-z]|//|[-_/%.=&?#~:]\S)")
_CONTINUES = re.compile(r"^\s*(?:[a-z]|//|[-_/%.=&?#~:]\S|[^“\"\s]{1,30}[,.]?”)")
"""A row that opens mid-sentence: lowercase, inside a URL, or closing a quote (a title's
last word, ``Karabakh,”``)."""


_PIECE_MARK = re.compile(r"[>.;)]\s*$|https?:|www\.|/")


def _attach_fragments(
    rows: Sequence[Row], chain: Sequence[_Cand], groups: dict[int, list[int]],
    vocab: Mapping[str, int] | None = None, reserved: Iterable[int] = (),
) -> None:
    """Give orphan pieces of notes (two-column pages read out of order by pdftotext) back to
    the unfinished note they continue.

    A piece opens like the middle of a sentence or URL after a blank row: either a block of
    unclaimed rows, or the part of a note beyond a blank row it crossed (pdftotext prints a
    column's cut-off notes, then their continuations, so the piece after a blank may belong
    to another note that breaks off above). Pieces go to the unfinished note they fit best,
    by shared words and by the word the break cuts in two; the note a piece follows keeps it
    unless another fits clearly better.
    """
    if not chain:
        return
    if vocab is None:
        vocab = {}
    # pieces a note took by crossing a blank row
    owner: dict[tuple[int, ...], int] = {}
    for c in chain:
        g = groups[c.number]
        for k in range(1, len(g)):
            a, b = g[k - 1], g[k]
            if b > a + 1 and rows[a].page == rows[b].page and all(
                rows[i].blank for i in range(a + 1, b)
            ) and _FRAGMENT_HEAD.match(rows[b].text) and not _ends_note(rows[a].text):
                piece = tuple(g[k:])
                if len(piece) <= 4:
                    owner[piece] = c.number
                    groups[c.number] = g[:k]
                break
    claimed = {r for g in groups.values() for r in g} | {r for p in owner for r in p}
    claimed |= set(reserved)  # notes whose numbers were lost
    first_row = chain[0].row
    blocks: list[tuple[int, ...]] = []
    cur: list[int] = []
    for i in range(first_row, len(rows)):
        if i in claimed or rows[i].blank or _ALONE.match(rows[i].text):
            if cur:
                blocks.append(tuple(cur))
                cur = []
            continue
        cur.append(i)
    if cur:
        blocks.append(tuple(cur))
    paged = rows[-1].page > 0 if rows else False
    pieces = [b for b in blocks if len(b) <= 4 and _CONTINUES.match(rows[b[0]].text)]
    pieces += list(owner)
    pieces = [
        p for p in pieces
        if p in owner or _PIECE_MARK.search(_join(rows, p))
    ]
    if not pieces:
        return
    frags = {p: _join(rows, p) for p in pieces}
    texts = {c.number: _join(rows, groups[c.number]) for c in chain}
    # what each note's text tells, read once: a piece may only continue an unfinished note
    ends = {n: _NoteEnd.of(t) for n, t in texts.items()}
    while pieces:
        best: tuple[float, int, tuple[int, ...]] | None = None
        open_notes = [c for c in chain if ends[c.number].unfinished]
        for piece in pieces:
            frag = frags[piece]
            page = rows[piece[0]].page
            for c in open_notes:
                g = groups[c.number]
                if not g or rows[g[0]].page < page - 1:
                    continue
                # pdftotext may print a column's top (the end of the note cut at the foot
                # of the column before) a little ahead of that note
                ahead = g[0] > piece[0]
                if ahead and (piece in owner or rows[g[0]].page != page or not paged
                              or g[0] - piece[-1] > 40):
                    continue
                score = _fit(frag, ends[c.number], vocab) + 0.001 * g[0]  # nearest wins ties
                if ahead and score < 0.8:
                    continue
                if owner.get(piece) == c.number:
                    score += 0.5
                if best is None or score > best[0]:
                    best = (score, c.number, piece)
        if best is None or best[0] < 0.3:
            break
        groups[best[1]].extend(best[2])
        texts[best[1]] = _join(rows, groups[best[1]])
        ends[best[1]] = _NoteEnd.of(texts[best[1]])
        pieces.remove(best[2])
    for piece in pieces:  # no note fits better than where the extractor left it
        if piece in owner:
            groups[owner[piece]].extend(piece)


def _join(rows: Sequence[Row], idx: Iterable[int]) -> str:
    return " ".join(rows[i].text.strip() for i in idx)


@dataclass(frozen=True, slots=True)
class _NoteEnd:
    """A note's text as :func:`_attach_fragments` weighs pieces against it."""

    text: str
    unfinished: bool
    tail: re.Match[str] | None
    """The note's last word (:func:`_last_word`)."""

    @classmethod
    def of(cls, text: str) -> _NoteEnd:
        return cls(text, _unfinished(text), _last_word(text))


def _fit(frag: str, note: _NoteEnd, vocab: Mapping[str, int]) -> float:
    """How well ``frag`` continues the unfinished ``note``."""
    text = note.text
    score = _overlap(frag, text)
    if text.endswith(("https:", "http:")) and frag.startswith("//"):
        score += 2.0
    if text.count("<") > text.count(">") and ">" in frag:
        score += 0.3
    if text.count("“") > text.count("”") and "”" in frag.split("“", 1)[0]:
        score += 0.3  # the piece closes the quoted title the note leaves open
    tail = note.tail
    head = _FRAG_HEAD_WORD.match(frag)
    if tail and head and (
        not text.endswith(" " + tail.group(0)) or min(len(tail.group(1)), len(head.group(1))) >= 4
    ):
        # a word the break cut in two ("…/unlawfu" + "l-detention")
        # (or a compound whose hyphen the extractor dropped at the break: "Nagorno" +
        # "Karabakh,”")
        joined = (tail.group(1) + head.group(1)).lower()
        compound = (tail.group(1) + "-" + head.group(1)).lower()
        if len(joined) >= 5 and (vocab.get(joined, 0) > 0 or vocab.get(compound, 0) > 0):
            score += 1.0
    return score


_TAIL_LETTERS = re.compile(r"([^\W\d_]+)-?$")
_LETTER_RUN = re.compile(r"[^\W\d_]*")
_FRAG_HEAD_WORD = re.compile(r"-?([^\W\d_]+)")
_NON_AZ = re.compile(r"[^a-z]+")


def _last_word(text: str) -> re.Match[str] | None:
    """``_TAIL_LETTERS.search(text)`` (the same span and groups), found from the text's end:
    a search tries every position of the note and costs microseconds even in a window of its
    last words. Only the letter run that ends the text (before an optional ``-`` and a
    newline) can match; it is read backwards in a reversed slice, widened only for a long
    run, and matched once from its start."""
    end = len(text) - text.endswith("\n")
    if text.endswith("-", 0, end):
        end -= 1
    width = 64
    while True:
        start = max(0, end - width)
        m = _LETTER_RUN.match(text[start:end][::-1])  # (a pattern that matches always)
        run = m.end() if m else 0
        if run < end - start or not start:
            break
        width *= 4
    return _TAIL_LETTERS.match(text, end - run) if run else None


@lru_cache(maxsize=1024)
def _long_words(text: str) -> frozenset[str]:
    """Words of more than three letters: cached, as one note is weighed against every
    fragment."""
    return frozenset(w for w in _NON_AZ.split(text.lower()) if len(w) > 3)


def _overlap(fragment: str, text: str) -> float:
    words = _long_words(fragment)
    if not words:
        return 0.0
    return len(words & _long_words(text)) / len(words)


def _only_blank_between(rows: Sequence[Row], a: int, b: int) -> bool:
    return all(rows[i].blank for i in range(a + 1, b))


def _star_note(
    rows: Sequence[Row], chain: Sequence[_Cand], skip: frozenset[int]
) -> tuple[list[int], str] | None:
    """An author note (``*``) printed before the first numbered note."""
    limit = chain[0].row if chain else min(len(rows), 80)
    for i in range(limit):
        if rows[i].line in skip:
            continue
        m = _STAR.match(rows[i].text)
        if m and len(m.group(1)) > 15:
            g = [i] + _extent(rows, i + 1, limit, rows[i].page, head=i)
            return g, "*"
    return None


_LABEL_PREFIX = re.compile(r"^\s*(?:\[\d{1,4}\]|\d{1,4}\.?|[*∗†])\s*")


def _make(
    rows: Sequence[Row],
    kind: NoteKind,
    label: str,
    group: Sequence[int],
    vocab: Mapping[str, int],
    *,
    strip_label: bool,
    page: int | None = None,
) -> RawNote:
    texts = [rows[i].text for i in group]
    if texts and strip_label:
        texts[0] = _LABEL_PREFIX.sub("", texts[0], count=1)
    lines = tuple(sorted({rows[i].line for i in group}))
    pg = page if page is not None else (rows[group[0]].page if group else 0)
    return RawNote(kind, label, tuple(group), lines, join_lines(texts, vocab), pg)


# ---------------------------------------------------------------------------------------
# Reference lists

_REF_HEADING = re.compile(
    r"^\s*(?:\d+\.?\s*)?(references|bibliography|works cited|sources|reference list)\s*:?\s*$",
    re.IGNORECASE,
)
_REF_HEADING_ENDS = frozenset(":DSTYdstyſ")
"""The characters that end a heading :data:`_REF_HEADING` matches before its trailing space
(``s``, ``y``, ``d``, ``t`` under ``IGNORECASE``, where ``ſ`` is an ``s``, or a colon)."""


def _is_ref_heading(text: str) -> bool:
    """``_REF_HEADING.match(text)``, skipped for the rows whose last character rules it out
    (nearly all: the test runs on every row)."""
    end = text[-1:]
    return (end in _REF_HEADING_ENDS or end.isspace()) and _REF_HEADING.match(text) is not None


def _is_author_date(text: str) -> bool:
    """``_AUTHOR_DATE.match(text)``, skipped without the ``(`` it needs: its lazy name part
    is otherwise tried at every length up to 160."""
    return "(" in text and _AUTHOR_DATE.match(text) is not None


_IEEE = re.compile(r"^\s*\[(\d{1,4})\]\s*(.*)$")
_NUMBERED = re.compile(r"^\s*(\d{1,3})\.\s+(\S.*)$")
_AUTHOR_DATE = re.compile(
    r"^\s*(?:[“\"]?[\w’'\-\.&,@()\[\] ]{1,160}?)[.\]]\s*\((?:\d{4}|n\.\s?d\.)[a-z]?(?:,[^)]*)?\)"
)
_BIB_START = re.compile(
    r"^\s*(?:[A-ZÀ-Ý“\"]|(?:de|von|van|al|el|da|di|le|la|du)\s)"
)


def find_reference_section(rows: Sequence[Row]) -> int | None:
    """Row index of the (last) reference-list heading, or None."""
    for i in range(len(rows) - 1, -1, -1):
        if _is_ref_heading(rows[i].text):
            return i
    return None


_MIN_BIB_ENTRIES = 3
"""Author-first entries that make an unheaded bibliography."""
_MAX_ENTRY_ROWS = 4
"""Rows an entry may wrap over below its first."""


def _entry_start(text: str) -> bool:
    """A row opening a bibliography entry: ``Name, First.``, ``Name, I. (2020).``."""
    t = text.strip()
    return bool(_STRONG_BIB.match(t) or _is_author_date(t)) and not _URL_HINT.match(t)


def find_unheaded_bibliography(rows: Sequence[Row]) -> int | None:
    """Row index where a bibliography printed without a heading starts: a run of at least
    three author-first entries (each wrapping over a few rows at most) that runs to the
    end of the document, after the last numbered note. None when there is none."""
    entries = 0
    first: int | None = None
    since = 0
    for i in range(len(rows) - 1, -1, -1):
        t = rows[i].text
        if not t.strip() or _ALONE.match(t):
            continue  # blank rows and page numbers
        if _entry_start(t):
            entries += 1
            first, since = i, 0
            continue
        if _INLINE.match(t) or _GLUED.match(t) or _is_ref_heading(t):
            break  # a numbered note (or a heading): the run ends above it
        since += 1
        if since > _MAX_ENTRY_ROWS:
            break
    return first if entries >= _MIN_BIB_ENTRIES else None


def end_notes_at(
    rows: Sequence[Row], notes: Sequence[RawNote], at: int, vocab: Mapping[str, int]
) -> list[RawNote]:
    """``notes`` without their rows from ``at`` on (a note ends where a bibliography
    starts); notes left without rows are dropped."""
    out: list[RawNote] = []
    for n in notes:
        kept = [r for r in n.rows if r < at]
        if len(kept) == len(n.rows):
            out.append(n)
        elif kept:
            first = rows[kept[0]].text.strip()
            strip = first.startswith(n.label) and not n.text.startswith(n.label)
            out.append(_make(rows, n.kind, n.label, kept, vocab, strip_label=strip, page=n.page))
    return out


def find_references(
    rows: Sequence[Row], vocab: Mapping[str, int], start: int, skip: Iterable[int] = ()
) -> list[RawNote]:
    """Entries of the reference list whose heading is at row ``start``."""
    skipset = set(skip)
    body = [i for i in range(start + 1, len(rows)) if i not in skipset]
    texts = [rows[i].text for i in body]
    if sum(1 for t in texts if _IEEE.match(t)) >= 2:
        return _numbered(rows, body, vocab, _IEEE, bracket=True)
    if sum(1 for t in texts if _NUMBERED.match(t)) >= 3:
        return _numbered(rows, body, vocab, _NUMBERED, bracket=False)
    return _unnumbered(rows, body, vocab)


def _numbered(
    rows: Sequence[Row], body: list[int], vocab: Mapping[str, int], rx: re.Pattern[str],
    *, bracket: bool,
) -> list[RawNote]:
    out: list[RawNote] = []
    cur: list[int] = []
    label = ""
    expected = 1
    for i in body:
        row = rows[i]
        m = rx.match(row.text)
        if m and int(m.group(1)) == expected:
            if cur:
                out.append(_make(rows, NoteKind.REFERENCE, label, cur, vocab, strip_label=True))
            cur, label = [i], m.group(1)
            expected += 1
            continue
        if not cur or row.blank or _ALONE.match(row.text):
            continue
        if row.page != rows[cur[-1]].page and _ends_note(rows[cur[-1]].text):
            continue
        cur.append(i)
    if cur:
        out.append(_make(rows, NoteKind.REFERENCE, label, cur, vocab, strip_label=True))
    return out


_STRONG_BIB = re.compile(
    r"^(?:(?:de|von|van|van der|al|el|da|di|du|le|la)\s+)?[A-ZÀ-Ýa-z][\w’'\-]+"
    r"(?:\s[A-ZÀ-Ý][\w’'\-]+)*,\s+[A-ZÀ-Ý][\w’'\-]*\.?(?:\s[A-Z]\.)*(?:\s+and\s|\s\(|\.\s|,\s|$)"
)


_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DATE_LEAD = re.compile(rf"^(?:{_MONTH}\s+\d|\d|[^,]{{1,60}},\s+(?:{_MONTH}\s+\d|\d{{1,2}}\s+{_MONTH}))")
_MONTH_DAY = re.compile(rf"^{_MONTH}\s+\d")
_MONTH_YEAR = re.compile(rf"^{_MONTH}\s+(?:1[5-9]|20)\d\d\b")


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip())


_URL_TAIL_END = re.compile(r"(?:^|\s)\S*(?:/\S*/|\.[a-z]{2,6}/)\S*\.$")
"""A row ending in a URL's last piece and a period: two slashes, or a domain and a slash."""


def _running_head(rows: Sequence[Row], live: Sequence[int], pos: int) -> bool:
    """The first row of a page inside a reference list is a running head, not part of an
    entry, when the entry before the page break had ended, the row reads like a title (no
    comma, no sentence end) and the row below opens an entry (``Name, First``)."""
    row = rows[live[pos]]
    if pos == 0 or pos + 1 >= len(live) or rows[live[pos - 1]].page == row.page:
        return False
    text = row.text.strip()
    return (
        _ends_note(rows[live[pos - 1]].text)
        and "," not in text
        and not _terminal(text)
        and _heading_like("", text)
        and bool(_STRONG_BIB.match(rows[live[pos + 1]].text.strip()))
    )


_WRAPPED_AUTHOR = re.compile(r"[A-ZÀ-Ý][^,.“\"]{1,100}\.\s+[“\"]")
"""An organisation as author, then a quoted title: "Amnesty International. “Peacekeepers…",
also wrapped over two rows: "Ministry of Foreign Affairs of the Republic of" / "Azerbaijan.
“Azerbaijan Releases…”"."""


_SENTENCE_AFTER = re.compile(r"[a-z]{2}\.\s+\S")
_TITLE_NUMBER_OR_URL = re.compile(r"[“\"”\d]|://|www\.")


def _has_more_than_names(text: str) -> bool:
    """An entry so far holds more than its authors: a quoted title, a year or other number,
    a URL, or a sentence after the names (a narrow column wraps after the authors)."""
    if _TITLE_NUMBER_OR_URL.search(text):
        return True
    return bool(_SENTENCE_AFTER.search(text))


_HEAD_COMMA = re.compile(r"^[^,]{1,80}[,.]")
_PATH_FINISHED = re.compile(r"\S*/\S*[^\-/]")
_URL_FINISHED_END = re.compile(r"(?:https?://|www\.)\S+[^\-/]$")
_URL_PERIOD_END = re.compile(r"(?:https?://|www\.|doi\.org/)\S+\.$")


def _unnumbered(rows: Sequence[Row], body: list[int], vocab: Mapping[str, int]) -> list[RawNote]:
    """Author-date (APA) or bibliography entries.

    With a hanging indent (``pdftotext -layout``) the indent decides. Otherwise a new entry
    starts where the last one visibly ended (sentence end, short line) and the line opens like
    an entry (``Name, I. (2020)``, ``Name, First.``, an organisation or a quoted title).
    """
    live = [i for i in body if rows[i].text.strip() and not _ALONE.match(rows[i].text)]
    author_date = sum(1 for i in live if _is_author_date(rows[i].text)) >= 2
    indents = [_indent(rows[i].text) for i in live]
    base = min(indents) if indents else 0
    hanging = bool(live) and sum(1 for d in indents if d >= base + 3) >= 0.2 * len(live)
    lengths = sorted(len(rows[i].text.rstrip()) for i in live)
    width = lengths[int(0.8 * (len(lengths) - 1))] if lengths else 0
    groups: list[list[int]] = []
    for pos, i in enumerate(live):
        row = rows[i]
        text = row.text.strip()
        joined = text + " " + rows[live[pos + 1]].text.strip() if pos + 1 < len(live) else text
        if not groups:
            groups.append([i])
            continue
        if _running_head(rows, live, pos):
            continue
        prev_row = rows[groups[-1][-1]]
        prev = prev_row.text.rstrip()
        ended = _ends_note(prev) or bool(_URL_FINISHED_END.search(prev)) or (
            author_date and bool(_PATH_FINISHED.fullmatch(prev.strip()))
        )
        if hanging and row.page == prev_row.page:
            starts = _indent(row.text) <= base + 1 and (ended or author_date)
        elif author_date:
            # an APA entry ends with its URL, often without a period
            starts = not prev.endswith(("://", "-")) and (
                _is_author_date(text)
                or ended and text[:1].isupper() and _is_author_date(joined)
                and not _is_author_date(rows[live[pos + 1]].text.strip())
            )
        else:
            # an entry ends with its URL and a period, also the tail of a URL that began on
            # the row above ("policy.com/2020/10/28/videos-appear-…/.")
            short = len(prev) < 0.8 * width or bool(
                _URL_PERIOD_END.search(prev) or _URL_TAIL_END.search(prev)
            )
            starts = ended and bool(_BIB_START.match(text)) and not _URL_HINT.match(text) and not (
                _DATE_LEAD.match(text)
            ) and (
                bool(_STRONG_BIB.match(text)) or bool(_WRAPPED_AUTHOR.match(text)) or (
                    short and bool(
                        _HEAD_COMMA.match(text) or _WRAPPED_AUTHOR.match(joined)
                    )
                )
            )
        if starts and not author_date and len(groups[-1]) == 1 and _STRONG_BIB.match(
            prev.strip()
        ) and not _has_more_than_names(prev):
            starts = False  # "Harrington, Arzu and Emily Vardanyan." / "“Self-determination…”"
        if starts:
            groups.append([i])
        else:
            groups[-1].append(i)
    out: list[RawNote] = []
    for n, g in enumerate(groups, start=1):
        texts = [rows[i].text for i in g]
        text = join_lines(texts, vocab)
        label = author_date_label(text) if author_date else f"B{n}"
        lines = tuple(sorted({rows[i].line for i in g}))
        out.append(RawNote(NoteKind.REFERENCE, label, tuple(g), lines, text, rows[g[0]].page))
    if author_date:
        out = cited_title_labels(out, "\n".join(r.text for r in rows))
    return out


_AD_HEAD = re.compile(r"^(?P<who>.*?[.\])])\s*\((?P<year>\d{4}|n\.\s?d\.)(?P<rest>[^)]*)\)")


_IN_TEXT_TITLE = re.compile(r"[“\"]([^”\"]{2,80}?),?[”\"],?\s+((?:\d{4}|n\.\s?d\.)[a-z]?)")


_YEAR_SUFFIX_END = re.compile(r"\d([a-z])\s*$")
_YEAR_SUFFIX_START = re.compile(r"^([a-z])\b")


def cited_title_labels(entries: Sequence[RawNote], text: str) -> list[RawNote]:
    """Relabel author-date entries the document cites by (short) title: when the body has
    ``(“Fears Grow,” 2020)`` and an entry's title begins "Fears Grow …" in 2020, that is the
    entry's label."""
    # In order of first citation, not a set's: between two forms of one length the first
    # cited wins, the same on every run (a set's order changes with the hash seed).
    forms = dict.fromkeys((m.group(1).strip(), m.group(2)) for m in _IN_TEXT_TITLE.finditer(text))
    if not forms:
        return list(entries)
    folded = [(q, y, _fold(q)) for q, y in forms]
    flat = ""  # the text on one line, made when an entry is first found cited by title
    out: list[RawNote] = []
    for e in entries:
        m = _AD_HEAD.match(e.text)
        best = None
        if m:
            year = m.group("year").replace(" ", "")
            sm = _YEAR_SUFFIX_END.search(m.group("rest")) or _YEAR_SUFFIX_START.match(m.group("rest"))
            year += sm.group(1) if sm else ""
            who = _fold(m.group("who"))
            title = _fold(e.text[m.end():].lstrip(". "))
            for q, y, fq in folded:
                fits = y == year and fq and (who.startswith(fq) or title.startswith(fq))
                if fits and (best is None or len(q) > len(best)):
                    best = q
        if best is None:
            out.append(e)
            continue
        flat = flat or " ".join(text.split())
        cited_by_author = bool(re.search(
            re.escape(e.label.rsplit(",", 1)[0]) + r",?\s*\(?" + re.escape(e.label.rsplit(" ", 1)[-1]),
            flat,
        )) and not e.label.startswith("“")
        if not cited_by_author:
            out.append(RawNote(e.kind, f"“{best},” {year}", e.rows, e.lines, e.text, e.page))
        else:
            out.append(e)
    return out


_PUNCT = re.compile(r"[^\w\s]")


def _fold(s: str) -> str:
    return " ".join(_PUNCT.sub(" ", s.lower()).split())


_AUTHOR_NAMES = re.compile(
    r"(?:^|&|,)\s*((?:(?:de|von|van|der|la|le|da|di|al|el)\s+)*[^\W\d][\w’'\-]*"
    r"(?:\s[^\W\d][\w’'\-]*)*),\s*(?:[A-Z]\.\s*-?)+"
)
_BRACKETED = re.compile(r"\s*\[[^\]]*\]")
_INITIALS_AFTER_NAME = re.compile(r",\s*(?:[A-Z]\.\s*-?)+(?:,|$|\s*&)")
_INITIAL_END = re.compile(r"\b[A-Z]\.$")
_PERIOD_PAREN = re.compile(r"\.\s*\(")


def author_date_label(text: str) -> str:
    """The in-text citation label of an APA entry: ``Smith & Jones, 2020``, ``Smith et al.,
    2021a``, or the quoted title when the entry starts with it."""
    m = _AD_HEAD.match(text)
    if not m:
        return text[:40]
    who, year, rest = m.group("who").strip(), m.group("year"), m.group("rest")
    who = _BRACKETED.sub("", who).replace("..", ".")
    if not _INITIAL_END.search(who):
        who = who.rstrip(".")
    suffix = ""
    sm = _YEAR_SUFFIX_END.search(rest) or _YEAR_SUFFIX_START.match(rest)
    if sm:
        suffix = sm.group(1)
    year = year.replace(" ", "") + suffix
    # authors: "Surname, I., & Surname, I." or an organisation
    if _INITIALS_AFTER_NAME.search(who + ","):
        names = _AUTHOR_NAMES.findall(who)
        names = [n.strip() for n in names if n.strip()]
        if names:
            if len(names) == 1:
                who_label = names[0]
            elif len(names) == 2:
                who_label = f"{names[0]} & {names[1]}"
            else:
                who_label = f"{names[0]} et al."
            return f"{who_label}, {year}"
    if _PERIOD_PAREN.search(text[: m.end()]) and m.end() and _is_title_first(text, m):
        return f"“{who},” {year}"
    return f"{who}, {year}"


_IN_CONTAINER = re.compile(r"^\.?\s*In\s+[A-Z]")


def _is_title_first(text: str, m: re.Match[str]) -> bool:
    """``Title. (2021). In Wikipedia`` — the work is cited by its title."""
    after = text[m.end():m.end() + 40]
    return bool(_IN_CONTAINER.match(after))
