"""Footnotes and endnotes: the chain of numbered notes, their extents, the pieces and
lost numbers, in one search (:func:`find_footnotes`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from citewatch.citations.model import NoteKind
from citewatch.citations.notes.candidates import _Cand, _candidates
from citewatch.citations.notes.chains import _BIG_NOTE, _MAX_GAP, _add_strays, _best_chain
from citewatch.citations.notes.cues import _CONTINUES, _ends_note
from citewatch.citations.notes.extent import (
    _continuation_above,
    _extent,
    _split_label_moved,
    _split_run,
    _star_note,
)
from citewatch.citations.notes.fragments import _attach_fragments
from citewatch.citations.notes.glued import _split_glued, _split_glued_near
from citewatch.citations.notes.lost import _lost_number_notes
from citewatch.citations.notes.note import RawNote, _make
from citewatch.citations.notes.rows import Row, _only_blank_between, _prev_nonblank
from citewatch.lazy import lazy_pattern

_STAR_ALONE = lazy_pattern(r"^\s*[*∗†]\s*$")


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
