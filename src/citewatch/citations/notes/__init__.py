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

The package, in the order the data flows:

- ``rows``: the document's rows (:class:`Row`) and the helpers that walk them;
  ``pages``: running heads and glued page numbers; ``columns``: two-column pages split at
  their gutter; ``reading``: all three, rows in reading order (:func:`reading_rows`).
- ``words``: the document's word counts; ``join``: a note's rows joined into its text.
- ``cues``: how one row reads (a note's number or end, body text, prose, a heading),
  shared by the readers below.
- ``candidates`` → ``chains`` → ``glued``: rows that may open a note, the chain of numbers
  through them, and note starts glued onto other lines cut free; ``extent``: each note's
  rows; ``lost`` and ``fragments``: notes that lost their number, pieces of notes put back;
  ``footnotes``: the search that runs them (:func:`find_footnotes`); ``note``: its result
  (:class:`RawNote`).
- ``references`` and ``authordate``: reference lists and their labels.
"""

from __future__ import annotations

from citewatch.citations.model import NoteKind
from citewatch.citations.notes.authordate import author_date_label, cited_title_labels
from citewatch.citations.notes.cues import (
    find_reference_section,
    is_body_text,
    is_marker_split,
    is_prose,
)
from citewatch.citations.notes.footnotes import find_footnotes
from citewatch.citations.notes.join import fix_spacing_accents, join_lines
from citewatch.citations.notes.note import RawNote
from citewatch.citations.notes.reading import reading_rows
from citewatch.citations.notes.references import (
    end_notes_at,
    find_references,
    find_unheaded_bibliography,
)
from citewatch.citations.notes.rows import Row, rows_of
from citewatch.citations.notes.words import WordCounts, vocabulary

__all__ = [
    "NoteKind",
    "RawNote",
    "Row",
    "WordCounts",
    "author_date_label",
    "cited_title_labels",
    "end_notes_at",
    "find_footnotes",
    "find_reference_section",
    "find_references",
    "find_unheaded_bibliography",
    "fix_spacing_accents",
    "is_body_text",
    "is_marker_split",
    "is_prose",
    "join_lines",
    "reading_rows",
    "rows_of",
    "vocabulary",
]
