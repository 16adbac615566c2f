"""Where each note's rows end: the rows under its start, bodies printed under a run of
numbers, a note continued on the next page, a note an extractor printed under another's number."""

from __future__ import annotations

from collections.abc import Sequence

from citewatch.citations.notes.candidates import _Cand
from citewatch.citations.notes.cues import (
    _ALONE,
    _DATE_LEAD,
    _GLUED,
    _INLINE,
    _MONTH_DAY,
    _STAR,
    _abbrev_end,
    _body_follows,
    _ends_note,
    _is_ref_heading,
    _lost_start,
    _unbalanced,
    is_body_text,
)
from citewatch.citations.notes.rows import Row, _indent, _next_nonblank
from citewatch.lazy import lazy_pattern


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


_NUMBER_GOES_ON = lazy_pattern(r"\s*\d+(?:[,)\]:;–/-]|\s+[,)–])")
"""A row opening with a number that goes on a sentence ("2021), online: …", "346, 361 …"),
unlike a note's number ("2 See …", "12Emily …", "5")."""

_URL_AT_END = lazy_pattern(r"(?:https?://|www\.)\S*$")

_URL_FIRST = lazy_pattern(r"\s*(?:https?://|www\.)")

_BRACKETED_URL_FIRST = lazy_pattern(r"\s*\[(?:https?://|www\.)")


_URL_ALONE = lazy_pattern(r"[ \t]*(?:https?://|www\.)\S+[ \t]*")


def _note_or_end_after(rows: Sequence[Row], at: int) -> bool:
    """The row under row ``at`` opens a note ("14 Council…", "14Council…"), numbers the page,
    or is on another page (or there is none): nothing else shares row ``at``'s paragraph."""
    if at + 1 >= len(rows) or rows[at + 1].page != rows[at].page:
        return True
    below = rows[at + 1].text
    return bool(_INLINE.match(below) or _GLUED.match(below) or _ALONE.match(below))


def _goes_on_below_blank(rows: Sequence[Row], out: Sequence[int], nxt: int) -> bool:
    """A note goes on below a single stray blank row (pdftotext prints one where line spacing
    varies) when its last row stops mid-sentence, at a comma or colon ("… by Troops," /
    "Armenpress (Dec. 8, 2020), …") or before a number that goes on ("(18 March" / "2021),
    online: …"), and the row below is no body text."""
    last, below = rows[out[-1]].text.rstrip(), rows[nxt].text
    if rows[nxt].line - rows[out[-1]].line != 2 or is_body_text(below) or _ALONE.match(below):
        return False
    if _BRACKETED_URL_FIRST.match(below):
        return True  # "… https://bit.ly/86KRBYV" / "[https://perma.cc/9Q7T-DM5X].": an archive
        # link in brackets goes with the citation above, it opens no note or paragraph
    if _URL_ALONE.fullmatch(below) and _note_or_end_after(rows, nxt):
        return True  # "BBC News, 06 July 2021." / "https://www.bbc.com/news/…" / "14 Council…":
        # one URL alone on its row, the next note (or the page's end) right under it, is the
        # note's own; a block of links holds more than one
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

_URLISH = lazy_pattern(r"://|www\.|/|\.[a-z]{2,4}$")


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


_CLOSED_END = lazy_pattern(r"[\])>”]\.?$")

_COMMA_IN_QUOTE_END = lazy_pattern(r",[”\"’]$")

_SHORT_HEAD_COMMA = lazy_pattern(r"^[^,]{1,60},")

_SIGNAL_START = lazy_pattern(r"(?:Ibid|Id\.|See\b|Supra)")

_URL_ENDS_ROW = lazy_pattern(r"(?:https?://|www\.)\S+[\w)]$")

_URL_OPENS = lazy_pattern(r"(?:https?://|www\.)")

_URL_OR_PATH_ROW = lazy_pattern(r"\s*(?:https?://|www\.)\S+|\s*\S*\w[/=&]\S*")


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


_SENTENCE_END = lazy_pattern(r"[.!?][\"”’)]?\s?\d{1,4}\s*$")
"""A body line ending a sentence and carrying its note marker: ``… war crimes. 29``."""

_MARKER = lazy_pattern(r"[^\W\d][.,;:”’)]\d{1,4}(?:\s|$)")


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
