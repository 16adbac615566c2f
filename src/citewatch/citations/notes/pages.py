"""Page furniture: running heads and feet blanked, page numbers glued to a page's last
line cut off, read from the document's own numbering."""

from __future__ import annotations

from collections import Counter

from citewatch.citations.notes.rows import Row, _nonblank, _page_spans
from citewatch.lazy import lazy_pattern


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
            m = (_GLUED_PAGE_END if i == last.get(page) else _GLUED_COLUMN_END).search(r.text)
            if m and m.group(1) == number and m.start(1) >= 8:
                out[i] = Row(r.line, r.page, r.text[:m.start(1)], r.start)
    return out


_LONE_NUMBER = lazy_pattern(r"\s*(\d{1,4})\s*")


_GLUED_PAGE_END = lazy_pattern(r"(?<=[^\W\d_])(\d+)\s*$")
"""A page number stuck to a row's last word: after a letter at a page's end, after two
lower-case letters at a column's end (:data:`_GLUED_COLUMN_END`). The number read is the
whole run of digits, compared with the page's after the match: one pattern for every page,
not one compiled per page number."""
_GLUED_COLUMN_END = lazy_pattern(r"(?<=[^\W\d_A-ZÀ-Ý]{2})(\d+)\s*$")


def _furniture_key(text: str) -> str:
    return _NOT_A_TO_Z.sub("", text.lower())


_NOT_A_TO_Z = lazy_pattern(r"[^a-z]+")


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
