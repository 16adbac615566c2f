"""Reference lists read from their heading on, in the list's own style (``[n]``, ``n.``,
author-date, bibliography), and bibliographies printed without a heading."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import pairwise

from citewatch.citations.model import NoteKind
from citewatch.citations.notes.authordate import author_date_label, cited_title_labels
from citewatch.citations.notes.cues import (
    _ALONE,
    _DATE_LEAD,
    _GLUED,
    _INLINE,
    _URL_HINT,
    _ends_note,
    _heading_like,
    _is_ref_heading,
    _terminal,
)
from citewatch.citations.notes.join import join_lines
from citewatch.citations.notes.note import RawNote, _make
from citewatch.citations.notes.rows import Row, _indent
from citewatch.lazy import lazy_pattern


def _is_author_date(text: str) -> bool:
    """``_AUTHOR_DATE.match(text)``, skipped without the ``(`` it needs: its lazy name part
    is otherwise tried at every length up to 160."""
    return "(" in text and _AUTHOR_DATE.match(text) is not None


_IEEE = lazy_pattern(r"^\s*\[(\d{1,4})\]\s*(.*)$")

_NUMBERED = lazy_pattern(r"^\s*(\d{1,3})\.\s+(\S.*)$")

_AUTHOR_DATE = lazy_pattern(
    r"^\s*(?:[“\"]?[\w’'\-\.&,@()\[\] ]{1,160}?)[.\]]\s*\((?:\d{4}|n\.\s?d\.)[a-z]?(?:,[^)]*)?\)"
)

_BIB_START = lazy_pattern(
    r"^\s*(?:[A-ZÀ-Ý“\"]|(?:de|von|van|al|el|da|di|le|la|du)\s)"
)

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


_STRONG_BIB = lazy_pattern(
    r"^(?:(?:de|von|van|van der|al|el|da|di|du|le|la)\s+)?[A-ZÀ-Ýa-z][\w’'\-]+"
    r"(?:\s[A-ZÀ-Ý][\w’'\-]+)*,\s+[A-ZÀ-Ý][\w’'\-]*\.?(?:\s[A-Z]\.)*(?:\s+and\s|\s\(|\.\s|,\s|$)"
)

_URL_TAIL_END = lazy_pattern(r"(?:^|\s)\S*(?:/\S*/|\.[a-z]{2,6}/)\S*\.$")
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


def _filed_running_head(
    rows: Sequence[Row], live: Sequence[int], pos: int, group: Sequence[int],
    files_here: Callable[[int], bool],
) -> bool:
    """In an alphabetical bibliography, a page's first row is a running head (a chapter or
    section title, with or without its page number) when the entry above had ended, the row
    reads like a title and does not file where it stands, and the row below opens an entry
    that does."""
    row = rows[live[pos]]
    if pos + 1 >= len(live) or rows[live[pos - 1]].page == row.page:
        return False
    text = " ".join(row.text.split())  # a layout head spaces its page number far out
    below = rows[live[pos + 1]].text.strip()
    return (
        _complete(rows, group)
        and not _terminal(text)
        and _heading_like("", text)
        and not files_here(pos)
        and (bool(_STRONG_BIB.match(below)) or bool(_WRAPPED_AUTHOR.match(below))
             or files_here(pos + 1))
    )


_WRAPPED_AUTHOR = lazy_pattern(r"[A-ZÀ-Ý][^,.“\"]{1,100}\.\s+[“\"]")
"""An organisation as author, then a quoted title: "Amnesty International. “Peacekeepers…",
also wrapped over two rows: "Ministry of Foreign Affairs of the Republic of" / "Azerbaijan.
“Azerbaijan Releases…”"."""

_SENTENCE_AFTER = lazy_pattern(r"[a-z]{2}\.\s+\S")

_TITLE_NUMBER_OR_URL = lazy_pattern(r"[“\"”\d]|://|www\.")


def _has_more_than_names(text: str) -> bool:
    """An entry so far holds more than its authors: a quoted title, a year or other number,
    a URL, or a sentence after the names (a narrow column wraps after the authors)."""
    if _TITLE_NUMBER_OR_URL.search(text):
        return True
    return bool(_SENTENCE_AFTER.search(text))


_HEAD_COMMA = lazy_pattern(r"^[^,]{1,80}[,.]")

_PATH_FINISHED = lazy_pattern(r"\S*/\S*[^\-/]")

_URL_FINISHED_END = lazy_pattern(r"(?:https?://|www\.)\S+[^\-/]$")

_URL_PERIOD_END = lazy_pattern(r"(?:https?://|www\.|doi\.org/)\S+\.$")


_PARTICLE = lazy_pattern(r"(?:de|von|van|van der|al|el|da|di|du|le|la)\s+")

_YEAR = lazy_pattern(r"\b(?:1[5-9]|20)\d\d\b")

_ABBREVIATION_END = lazy_pattern(r"(?:^|\s)(?:[A-Za-z]{1,3}|et al|eds?|trans|vols?|repr|rev)\.$")
"""A row ending in an abbreviation ("ed.", "no.", "J.", "et al."), not an entry's end."""


def _sort_keys(text: str) -> tuple[str, str]:
    """The alphabetical keys an entry opening with ``text`` may be filed under: its first
    words folded (case, accents, punctuation), with and without a name particle ("de la
    Cruz" sorts under D or C, by the style)."""
    head = unicodedata.normalize("NFKD", text.lstrip("“\"‘'( ")[:40])
    folded = "".join(c for c in head if c.isalnum()).casefold()
    m = _PARTICLE.match(text)
    if not m:
        return folded, folded
    bare = unicodedata.normalize("NFKD", text[m.end():][:40])
    return folded, "".join(c for c in bare if c.isalnum()).casefold()


def _alphabetical(keys: Sequence[tuple[str, str]]) -> bool:
    """Entries filed in alphabetical order (most neighbours in order, allowing for
    particles and for a few filed by another rule)."""
    if len(keys) < 4:
        return False
    in_order = sum(1 for a, b in pairwise(keys) if min(a) <= max(b))
    return in_order >= 0.75 * (len(keys) - 1)


def _files_between(text: str, lower: tuple[str, str], upper: tuple[str, str] | None) -> bool:
    """``text`` sorts between the entry above and the next entry that opens with a name."""
    key = max(_sort_keys(text))
    return min(lower) <= key and (upper is None or key <= max(upper))


_DANGLING = lazy_pattern(r"\s(?:of|and|for|the|in|on|to|at|&)$")
"""A row ending in a word that needs the next row (a wrapped name: "UN Office for the
Coordination of" / "Humanitarian Affairs. (2021…")."""


def _continues(text: str) -> bool:
    """A row that opens in lower case, other than with a name's particle ("de la Cruz"),
    carries on the row above."""
    return text[:1].islower() and not _PARTICLE.match(text)


def _url_runs_to_end(rows: Sequence[Row], group: Sequence[int]) -> bool:
    """The entry's last rows are one URL broken over them ("https://apnews.com/article/after-"
    / "ceasefire-slow-reckoning-abuses-" / "238ba4623d6f…"): an APA entry ends there."""
    for k in range(len(group) - 1, -1, -1):
        text = rows[group[k]].text.strip()
        last = text.rsplit(None, 1)[-1] if text else ""
        if "://" in last or last.startswith(("www.", "doi.org/")):
            return k < len(group) - 1 or " " not in text
        if " " in text or k < len(group) - 4:
            return False
    return False


_YEAR_IN_PARENS = lazy_pattern(r"\((?:\d{4}|n\.\s?d\.)")


def _has_year(rows: Sequence[Row], group: Sequence[int]) -> bool:
    """An author-date entry past its author: it holds its ``(2021`` or ``(n.d.``."""
    return any(_YEAR_IN_PARENS.search(rows[i].text) for i in group)


def _complete(rows: Sequence[Row], group: Sequence[int]) -> bool:
    """An entry that reads as finished: its last row ends with a period after a word or
    number (not an abbreviation) and it has a year (a bibliography entry's date)."""
    last = rows[group[-1]].text.rstrip()
    if not last.endswith(".") or _ABBREVIATION_END.search(last):
        return False
    return any(_YEAR.search(rows[i].text) for i in group)


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
    # Name-first rows: in a bibliography filed alphabetically, an entry that opens otherwise
    # (a treaty, an organisation wrapped over rows, a title) still sorts between its
    # neighbours, which tells its first row from a wrapped one.
    named = [] if author_date else [
        pos for pos, i in enumerate(live) if _STRONG_BIB.match(rows[i].text.strip())
    ]
    filed = _alphabetical([_sort_keys(rows[live[pos]].text.strip()) for pos in named])
    next_named: list[int | None] = [None] * len(live)
    named_at = set(named)
    if filed:
        nxt: int | None = None
        for pos in range(len(live) - 1, -1, -1):
            next_named[pos] = nxt
            if pos in named_at:
                nxt = pos
    groups: list[list[int]] = []

    def files_here(pos: int) -> bool:
        """Row ``pos`` sorts between the entry above and the next name-first row that files
        after that entry (one that does not is a running head or a wrapped row:
        "Speech, Incitement and the…")."""
        lower = _sort_keys(rows[groups[-1][0]].text.strip())
        upper = None
        nxt = next_named[pos]
        for _ in range(3):
            if nxt is None:
                break
            keys = _sort_keys(rows[live[nxt]].text.strip())
            if max(keys) >= min(lower):
                upper = keys
                break
            nxt = next_named[nxt]
        return _files_between(rows[live[pos]].text.strip(), lower, upper)

    for pos, i in enumerate(live):
        row = rows[i]
        text = row.text.strip()
        joined = text + " " + rows[live[pos + 1]].text.strip() if pos + 1 < len(live) else text
        if not groups:
            groups.append([i])
            continue
        if _running_head(rows, live, pos) or filed and _filed_running_head(
            rows, live, pos, groups[-1], files_here
        ):
            continue
        prev_row = rows[groups[-1][-1]]
        prev = prev_row.text.rstrip()
        ended = _ends_note(prev) or bool(_URL_FINISHED_END.search(prev)) or (
            author_date and (
                bool(_PATH_FINISHED.fullmatch(prev.strip())) or _url_runs_to_end(rows, groups[-1])
            )
        )
        if hanging and row.page == prev_row.page:
            starts = _indent(row.text) <= base + 1 and (ended or author_date)
        elif author_date:
            # An APA entry ends with its URL, often without a period. An organisation's name
            # wraps ("Ministry of Foreign Affairs of the Republic" / "of Armenia. (2021, …"):
            # its first row opens the entry, though the row below reads as an author and a
            # date too; the second row does not.
            below = rows[live[pos + 1]].text.strip() if pos + 1 < len(live) else ""
            starts = not prev.endswith(("://", "-")) and not _DANGLING.search(prev) and (
                _is_author_date(text)
                or ended and text[:1].isupper() and _is_author_date(joined)
                and (not _is_author_date(below) or _continues(below) or bool(
                    _DANGLING.search(text)
                ))
            ) and (ended or _has_year(rows, groups[-1]) and not _continues(text))
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
                ) or (
                    filed and text[:1].isupper() and _complete(rows, groups[-1]) and files_here(pos)
                )
            )
            if starts and filed and text[:1].isalpha() and pos not in named_at and not (
                _WRAPPED_AUTHOR.match(text)
            ):
                # a row that opens with a word, but not with a name, opens an entry only
                # where it files: "Montreal: McGill-Queen’s…" is a book's imprint
                starts = files_here(pos)
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
