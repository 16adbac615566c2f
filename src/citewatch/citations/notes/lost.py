"""Note bodies whose numbers the extractor lost, given the markers waiting for them."""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from itertools import accumulate, pairwise

from citewatch.citations.model import NoteKind
from citewatch.citations.notes.candidates import _Cand
from citewatch.citations.notes.cues import (
    _ALONE,
    _CITATION_MARK,
    _body_follows,
    _ends_note,
    _lost_start,
    _note_opening,
    find_reference_section,
    is_body_text,
    is_prose,
)
from citewatch.citations.notes.note import RawNote, _make
from citewatch.citations.notes.rows import Row, _prev_nonblank
from citewatch.lazy import lazy_pattern

_MARKER_NUMBER = lazy_pattern(
    r"(\d(?:(?<=[^\W\d_]{2}\d)|(?<=[^\W\d_][.,;:!?”\"’)]\d)|(?<=[^\W\d_][.!?,][”\"’]\d)"
    r"|(?<=[.!?][”\"’)]\s\d))\d{0,3})(?=[\s,.;:)]|$)"
)
"""A note marker in running text: ``word12``, ``word.12``, ``quote.”12``, ``sentence.” 12``.
What stands before the number is looked at from its first digit: a pattern that opens with
a digit lets the regex engine skip to the next one, where one that opens with look-behinds
is tried at every position of every row of body text."""


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


_LINK_MARK = lazy_pattern(r"https?://|www\.|\bonline\b|<[^<>\s]+>")

_QUOTED_TITLE = lazy_pattern(r"“[^”]{8,}”")


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


_MARKER_AFTER_SENTENCE = lazy_pattern(r"[.!?”\"’)]\s?\d{1,4}$")


def _paragraph_end(text: str) -> bool:
    """A row that ends a paragraph of body text: a sentence end, or a note marker after one."""
    t = text.rstrip()
    return _ends_note(t) or bool(_MARKER_AFTER_SENTENCE.search(t))
