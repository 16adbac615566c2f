"""The date a citation saw its page: each rule of the order, and what is not evidence."""

from __future__ import annotations

from datetime import date

from citewatch.citations.model import (
    Citation,
    DocumentMeta,
    Extraction,
    Fields,
    NoteKind,
    Ref,
    RefKind,
)
from citewatch.citations.seen import DateSource, SeenDate, end_of, seen_dates

TODAY = date(2026, 12, 2)


def note(label: str, part: int = 0, ref: str | None = None, **fields: str) -> Citation:
    return Citation(
        document="d.txt",
        kind=NoteKind.FOOTNOTE,
        label=label,
        text=f"note {label}",
        lines=(int(label),),
        ref=Ref(RefKind.IBID, ref) if ref else None,
        fields=Fields(**fields),  # type: ignore[arg-type]
        part=part,
    )


def test_each_rule_in_order() -> None:
    accessed = note("1", date_iso="2019-05", accessed_iso="2020-01-02")
    published = note("2", date_iso="2018-03-04")
    same_note = note("3", part=1)
    other_part = note("3", date_iso="2017")
    ibid = note("4", ref="2")
    bare = note("5")
    ex = Extraction(
        "d.txt", DocumentMeta(), (accessed, published, other_part, same_note, ibid, bare)
    )
    seen = seen_dates(ex, TODAY)
    assert seen[accessed] == SeenDate(date(2020, 1, 2), DateSource.ACCESSED)
    assert seen[published] == SeenDate(date(2018, 3, 4), DateSource.PUBLISHED)
    assert seen[same_note] == SeenDate(date(2017, 12, 31), DateSource.NOTE)
    assert seen[ibid] == SeenDate(date(2018, 3, 4), DateSource.PUBLISHED)  # the same work
    assert seen[bare] == SeenDate(date(2020, 1, 2), DateSource.LATEST_CITED)


def test_document_date_before_latest_cited_and_today_last() -> None:
    bare = note("1")
    dated = Extraction(
        "d.txt", DocumentMeta(date_iso="2021-06"), (bare, note("2", date_iso="2020"))
    )
    assert seen_dates(dated, TODAY)[bare] == SeenDate(date(2021, 6, 30), DateSource.DOCUMENT)
    alone = Extraction("d.txt", DocumentMeta(), (bare,))
    assert seen_dates(alone, TODAY)[bare] == SeenDate(TODAY, DateSource.TODAY)


def test_a_date_after_today_is_no_evidence() -> None:
    misread = note("1", date_iso="2099-01-01")
    ex = Extraction("d.txt", DocumentMeta(), (misread,))
    assert seen_dates(ex, TODAY)[misread].source is DateSource.TODAY


def test_partial_dates_stand_for_their_last_day() -> None:
    assert end_of("2019") == date(2019, 12, 31)
    assert end_of("2020-02") == date(2020, 2, 29)
    assert end_of("2020-02-30") is None
    assert end_of("spring") is None and end_of(None) is None


def test_a_date_the_citation_prints_that_no_field_took() -> None:
    """ "Geneva, 12 August 1949." at the end of a treaty note, "(Stepanakert: 18 October
    2020)" in a publisher parenthetical: the work's date, whatever the field reader made of
    the note."""
    treaty = Citation(
        document="d.txt", kind=NoteKind.FOOTNOTE, label="10", lines=(10,),
        text="See Article 49 of Convention (IV). Geneva, 12 August 1949.",
    )  # fmt: skip
    ex = Extraction("d.txt", DocumentMeta(), (treaty,))
    assert seen_dates(ex, TODAY)[treaty] == SeenDate(date(1949, 8, 12), DateSource.PUBLISHED)
