"""Two-column pages (``pdftotext -layout``) split at their gutter, row by row."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from citewatch.citations.notes.rows import Row, _text_of
from citewatch.lazy import lazy_pattern

_RESTART = lazy_pattern(r"(?<=  )[^ ]")

_FOLIO = lazy_pattern(r" {8,}(?:\d{1,4}|[ivxlc]{1,6})")
"""A page number standing far right of the right column's edge."""

_CENTRED = 8
"""A row indented this far holds no full left-column line."""

_NOTE_LABEL = lazy_pattern(r"(?:\[\d{1,4}\]|\d{1,4}\.?|[*†])\s*")


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
    # a gutter needs four rows restarting text at it (below), nothing more: a short page
    # (a last page, a page under a figure) has its two columns too
    if live < 4:
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
    page_counts = Counter(p for found in restarts for p in found)
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
        # (the page's restarts when the rows around hold fewer than two: an entry's first
        # line every dozen rows must not leave some rows cut at the column's text and others
        # at its outdent, so that indentation, which tells entries apart, comes and goes)
        outdent = min(
            (p for p in range(max(lo, col - 8), col - 2) if counts.get(p, 0) >= 2),
            default=min(
                (p for p in range(max(lo, col - 8), col - 2) if page_counts[p] >= 2),
                default=col,
            ),
        )
        # a line centred across the gutter (a running head, a title) has words one space
        # apart there: a single space is a column's edge only after a full left line (or
        # a note's number standing out to the column's left)
        lead = len(t) - len(t.lstrip(" "))
        for q in (col, col - 1, col + 1, col - 2, col + 2):
            if 0 < q < len(t) and t[q - 1] == " " and t[q:].strip() and (
                t[q - 2] == " " or lead < _CENTRED or _NOTE_LABEL.fullmatch(t, lead, q)
            ):
                if t[q] == " " and _FOLIO.fullmatch(t, q) and t[:q].strip():
                    break  # a running head with the page number at its far end: one row
                if outdent < q and not t[outdent - 2 : q].strip():
                    q = outdent  # keep the row's indentation under the outdented lines
                elif (
                    outdent < q and t[q - 2] != " " and t[outdent - 2 : outdent] == "  "
                    and t[outdent] != " " and "  " not in t[outdent:q]
                ):
                    # an outdented first line whose words run into the column one space
                    # apart ("de la Cruz, O.", "von Hagen, M."): it starts after the gutter
                    q = outdent
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
    parted = left + [Row(r.line, r.page, "", r.start) for r in left[-1:]] + right
    # a URL cut at the left column's foot goes on at the top of the right column: the two
    # are read as one run there, the page's foot (its number, blank rows) after both
    k = len(left) - 1
    while k >= 0 and (left[k].blank or _LONE_NUMBER.fullmatch(left[k].text)):
        k -= 1
    first = next((r for r in right if not r.blank), None)
    if k >= 0 and first is not None and _URL_AT_END.search(left[k].text) and (
        _URL_REST.match(first.text)
    ):
        return left[:k + 1] + right + left[k + 1:]
    return parted


_LONE_NUMBER = lazy_pattern(r"\s*\d{1,4}\s*")

_URL_AT_END = lazy_pattern(r"(?:https?://|www\.|\w\.[a-z]{2,6}/)\S*$")
"""A row ending in a URL (it may go on below)."""

_URL_REST = lazy_pattern(r"\s*[a-z0-9%/_.#?=&-]\S*(?:\s|$)")
"""A row opening with what may be a URL's rest: no capital, bracket or quote first."""
