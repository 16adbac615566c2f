"""Orphan pieces of notes (columns read out of order) given back to the note they continue."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from citewatch.citations.notes.candidates import _Cand
from citewatch.citations.notes.cues import _ALONE, _CONTINUES, _ends_note, _unfinished
from citewatch.citations.notes.rows import Row
from citewatch.lazy import lazy_pattern

_FRAGMENT_HEAD = lazy_pattern(r"^\s*(?:[a-z]|//|[-_/%.=&?#~:]\S)")

_PIECE_MARK = lazy_pattern(r"[>.;)]\s*$|https?:|www\.|/")


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


_TAIL_LETTERS = lazy_pattern(r"([^\W\d_]+)-?$")

_LETTER_RUN = lazy_pattern(r"[^\W\d_]*")

_FRAG_HEAD_WORD = lazy_pattern(r"-?([^\W\d_]+)")

_NON_AZ = lazy_pattern(r"[^a-z]+")


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
