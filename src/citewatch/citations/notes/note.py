"""A segmented note (:class:`RawNote`) and how one is made from its rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from citewatch.citations.model import NoteKind
from citewatch.citations.notes.join import join_lines
from citewatch.citations.notes.rows import Row
from citewatch.lazy import lazy_pattern


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


_LABEL_PREFIX = lazy_pattern(r"^\s*(?:\[\d{1,4}\]|\d{1,4}\.?|[*∗†])\s*")


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
