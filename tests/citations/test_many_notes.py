"""Long treatises: notes numbered 1000 and up (issue 10 item 11). A generated document of
2,500 notes, each citing its own URL, must come out note by note, in time linear enough
for thousands of notes."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from citewatch.citations.extract import extract_document
from citewatch.citations.model import NoteKind
from citewatch.documents.model import DocFormat, Document

_WORDS = ["court", "argument", "witnesses", "events", "shelling", "village", "report", "mission", "council", "article", "treaty", "displacement", "families", "detainees", "evidence", "ceasefire", "hospital", "school"]


def treatise(notes: int, numbers: str, seed: int = 3) -> str:
    """Pages of five notes each: body text with glued markers, then the notes and a folio."""
    rng = random.Random(seed)

    def words(k: int) -> str:
        return " ".join(rng.choice(_WORDS) for _ in range(k))

    lines: list[str] = []
    for first in range(1, notes + 1, 5):
        page = range(first, min(notes, first + 4) + 1)
        lines.extend(f"The {words(5)}.{n} Then {words(6)}." for n in page)
        lines.append("")
        for n in page:
            body = f"Human Rights Watch, “{words(4).title()}” (2020), https://www.hrw.org/report/{n}/x."
            lines.extend([str(n), body] if numbers == "own" else [f"{n} {body}"])
        lines.extend([str(first // 5 + 1), "\f"])
    return "\n".join(lines)


@pytest.mark.parametrize(("numbers", "count"), [("inline", 2500), ("own", 1100)])
def test_thousands_of_notes_each_keep_their_number_and_url(numbers: str, count: int) -> None:
    text = treatise(count, numbers)
    t0 = time.perf_counter()
    ex = extract_document(Document(Path("treatise.txt"), text, DocFormat.TEXT))
    elapsed = time.perf_counter() - t0
    notes = {c.label: c for c in ex.citations if c.kind is NoteKind.FOOTNOTE}
    missing = sorted(set(map(str, range(1, count + 1))) - set(notes), key=int)
    assert missing == []
    wrong = [
        n for n in range(1, count + 1)
        if [u.url for u in notes[str(n)].urls] != [f"https://www.hrw.org/report/{n}/x"]
    ]
    assert wrong == []
    assert not [c for c in ex.citations if c.kind is NoteKind.BODY]
    assert elapsed < 20  # was quadratic in the number of notes (short-form resolution)


def test_a_year_opening_a_line_is_not_a_note_number() -> None:
    text = (
        "Body text.1 More text.2\n\n"
        "1 Human Rights Watch, “Report” (2020), https://www.hrw.org/a.\n"
        "2 Amnesty International, “Another report” (2021), https://www.amnesty.org/b.\n"
        "2020 was a year of war, as the report explains at length.\n"
    )
    ex = extract_document(Document(Path("y.txt"), text, DocFormat.TEXT))
    assert sorted(c.label for c in ex.citations if c.kind is NoteKind.FOOTNOTE) == ["1", "2"]
