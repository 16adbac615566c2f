"""A bibliography after the last footnote ends that footnote (issue 7): by its heading or,
printed without one, by a run of author-first entries."""

from __future__ import annotations

from pathlib import Path

import pytest

from citewatch.citations.extract import extract_document
from citewatch.citations.model import Citation, NoteKind
from citewatch.documents.model import DocFormat, Document

NOTES = (
    "Body text here.1 More body text.2\n\n"
    "1 Human Rights Watch, “Report One” (2020), https://www.hrw.org/x.\n"
    "2 Amnesty International, “Report Two” (London: AI, 2021), https://www.amnesty.org/y.\n"
)
ENTRIES = (
    "Smith, John. The Book of Things. Oxford: OUP, 2019.\n"
    "Doe, Jane. Another Book. London: Verso, 2018. https://verso.com/b\n"
    "Brown, Alan. “An Article.” Journal of Law 12 (2020): 1–20.\n"
    "https://doi.org/10.1/abc\n"
)


def _cits(text: str) -> list[Citation]:
    return list(extract_document(Document(Path("b.txt"), text, DocFormat.TEXT)).citations)


@pytest.mark.parametrize(
    "between",
    ["", "\n", "Bibliography\n", "Works Cited\n", "Sources\n", "\nREFERENCES\n\n", "3\n\f"],
)
def test_the_last_note_ends_where_the_bibliography_starts(between: str) -> None:
    cits = _cits(NOTES + between + ENTRIES)
    notes = [c for c in cits if c.kind is NoteKind.FOOTNOTE]
    assert [c.label for c in notes] == ["1", "2"]
    assert [u.url for u in notes[1].urls] == ["https://www.amnesty.org/y"]
    assert "Smith" not in notes[1].text
    refs = [c for c in cits if c.kind is NoteKind.REFERENCE]
    assert len(refs) == 3
    assert [u.url for u in refs[1].urls] == ["https://verso.com/b"]
    assert [u.url for u in refs[2].urls] == ["https://doi.org/10.1/abc"]


def test_a_note_naming_authors_is_not_a_bibliography() -> None:
    # two author-first lines inside the last note are not a run of three entries
    text = NOTES.replace(
        "https://www.amnesty.org/y.\n",
        "https://www.amnesty.org/y; see also\nSmith, John. The Book. Oxford: OUP, 2019; and\n"
        "Doe, Jane. Another Book. London: Verso, 2018.\n",
    )
    cits = _cits(text)
    assert not [c for c in cits if c.kind is NoteKind.REFERENCE]
    assert "Doe" in " ".join(c.text for c in cits if c.label == "2")
