"""From citations to entries: types, fields, grouping, provenance, encoding."""

from __future__ import annotations

from pathlib import Path

import bibtexparser
import pytest

from citewatch.citations.model import (
    Citation,
    NoteKind,
    RefKind,
    SuspectReason,
    WorkKind,
)
from citewatch.store import keys_for, load_store, write_extraction
from citewatch.store.model import StoredEntry
from tests.store._build import HRW, body, extraction, ibid, note, url

HRW_URL = "https://www.hrw.org/news/2020/05/12/azerbaijan-crackdown"


def _entries(tmp_path: Path, *citations: Citation) -> dict[str, StoredEntry]:
    write_extraction(extraction(*citations), tmp_path)
    return {e.key: e for e in load_store(tmp_path)}


@pytest.mark.parametrize(
    ("kind", "has_url", "entry_type", "container_field"),
    [
        (WorkKind.WEB, True, "online", "organization"),
        (WorkKind.SOCIAL, True, "online", "organization"),
        (WorkKind.NEWS, True, "article", "journaltitle"),
        (WorkKind.REPORT, True, "report", "institution"),
        (WorkKind.ARTICLE, False, "article", "journaltitle"),
        (WorkKind.BOOK, False, "book", "publisher"),
        (WorkKind.CASE, False, "jurisdiction", "organization"),
        (WorkKind.LEGISLATION, False, "legislation", "organization"),
        (WorkKind.TREATY, True, "legislation", "organization"),
        (WorkKind.MISC, False, "misc", "organization"),
        (WorkKind.MISC, True, "online", "organization"),
    ],
)
def test_entry_type_follows_kind(
    tmp_path: Path, kind: WorkKind, has_url: bool, entry_type: str, container_field: str
) -> None:
    c = note(
        "1", urls=(HRW_URL,) if has_url else (), title="A Title", container="The Holder", kind=kind
    )
    [entry] = _entries(tmp_path, c).values()
    assert entry.entry_type == entry_type
    assert entry.fields[container_field] == "The Holder"
    assert (entry.fields.get("entrysubtype") == "newspaper") == (kind is WorkKind.NEWS)


def test_online_entry_fields(tmp_path: Path) -> None:
    c = note(
        "1",
        urls=("www.hrw.org/x",),
        accessed="1 June 2020",
        accessed_iso="2020-06-01",
        doi="10.1000/XYZ",
        note="unparsed bit",
        pinpoint="p. 4",
        **HRW,
    )  # type: ignore[arg-type]
    e = _entries(tmp_path, c)["hrw2020azerbaijan"]
    assert e.fields["url"] == "https://www.hrw.org/x"  # scheme added, printed form in raw
    assert e.fields["urldate"] == "2020-06-01"
    assert e.fields["date"] == "2020-05-12"
    assert e.fields["doi"] == "10.1000/xyz"
    assert e.fields["author"] == "Human Rights Watch"
    assert e.fields["note"] == "unparsed bit"
    assert e.fields["citewatch-pinpoints"] == "1: p. 4"
    assert e.fields["citewatch-raw"] == c.text
    assert e.document == "docs/report.pdf" and e.notes == ("1",) and e.lines == (10,)


def test_organisation_author_is_braced_people_joined_with_and(tmp_path: Path) -> None:
    write_extraction(
        extraction(
            note("1", title="One", author="Human Rights Watch"),
            note("2", title="Two", author="Jane Smith & John Doe"),
        ),
        tmp_path,
    )
    text = (tmp_path / "report.bib").read_text(encoding="utf-8")
    assert "author = {{Human Rights Watch}}" in text
    assert "author = {Jane Smith and John Doe}" in text


def test_url_is_never_latex_escaped(tmp_path: Path) -> None:
    raw = "https://example.org/a_b/c%20d?x=1&y=2#frag~z"
    write_extraction(extraction(note("1", urls=(raw,), title="T")), tmp_path)
    text = (tmp_path / "report.bib").read_text(encoding="utf-8")
    assert f"url = {{{raw}}}" in text
    lib = bibtexparser.parse_file(str(tmp_path / "report.bib"))
    assert lib.entries[0]["url"] == raw


def test_url_with_braces_and_backslash_is_percent_encoded(tmp_path: Path) -> None:
    raw = "https://example.org/q?{x}=}\\"
    [e] = _entries(tmp_path, note("1", urls=(raw,), title="T")).values()
    assert e.url == "https://example.org/q?%7Bx%7D=%7D%5C"
    assert e.fields["citewatch-raw"] == "note 1"


def test_unicode_is_kept_as_utf8(tmp_path: Path) -> None:
    c = note(
        "1",
        title="Права человека — «доклад» ünïcödé 人権",
        author="Müller, Jürgen",
        urls=("https://ru.wikipedia.org/wiki/Права_человека",),
    )
    [e] = _entries(tmp_path, c).values()
    text = (tmp_path / "report.bib").read_bytes().decode("utf-8")
    assert "Права человека — «доклад» ünïcödé 人権" in text
    assert "https://ru.wikipedia.org/wiki/Права_человека" in text
    assert e.fields["title"] == "Права человека — «доклад» ünïcödé 人権"


def test_short_forms_join_their_target_and_inherit_its_url(tmp_path: Path) -> None:
    ex = extraction(
        note("1", urls=(HRW_URL,), **HRW),  # type: ignore[arg-type]
        ibid("2", "1"),
        note("3", title="Other", urls=("https://other.org/",)),
        ibid("4", "1", kind=RefKind.SUPRA),
        ibid("5", "4"),  # an ibid of a supra: chain
        ibid("6", "99"),  # unresolvable, nothing of its own: no entry
    )
    entries = _entries(tmp_path, *ex.citations)
    assert len(entries) == 2
    e = entries["hrw2020azerbaijan"]
    assert e.notes == ("1", "2", "4", "5")
    assert e.fields["citewatch-ref"] == "2 ibid 1; 4 supra 1; 5 ibid 4"
    keys = keys_for(ex, tmp_path)
    assert [keys.get(c) for c in ex.citations] == [
        "hrw2020azerbaijan",
        "hrw2020azerbaijan",
        "other",
        "hrw2020azerbaijan",
        "hrw2020azerbaijan",
        None,
    ]


def test_same_work_in_several_notes_is_one_entry(tmp_path: Path) -> None:
    entries = _entries(
        tmp_path,
        note("1", urls=(HRW_URL,), **HRW),  # type: ignore[arg-type]
        note("4", urls=("http://hrw.org/news/2020/05/12/azerbaijan-crackdown/",), title="x"),
        note("7", author="HRW", title="A Book", kind=WorkKind.BOOK),
        note("9", author="hrw", title="a book!", kind=WorkKind.BOOK, container="Pub"),
    )
    assert sorted(entries) == ["hrw2020azerbaijan", "hrwbook"]
    assert entries["hrw2020azerbaijan"].notes == ("1", "4")
    assert entries["hrwbook"].notes == ("7", "9")
    assert entries["hrwbook"].fields["publisher"] == "Pub"  # most complete citation wins


def test_parts_and_reference_labels_and_body_links(tmp_path: Path) -> None:
    entries = _entries(
        tmp_path,
        note("3", title="First", urls=("https://a.org/one",)),
        note("3", title="Second work", part=1, urls=("https://b.org/two",)),
        note("12", title="Listed", where=NoteKind.REFERENCE, line=200),
        body("https://a.org/one", 300),
        body("https://c.org/three", 301),
    )
    by_url = {e.url: e for e in entries.values()}
    assert by_url["https://a.org/one"].notes == ("3", "body")
    assert by_url["https://a.org/one"].lines == (30, 300)
    assert by_url["https://b.org/two"].notes == ("3.2",)
    assert by_url["https://c.org/three"].entry_type == "online"
    assert by_url["https://c.org/three"].notes == ("body",)
    assert [e.notes for e in entries.values() if e.url is None] == [("[12]",)]


def test_several_urls_in_one_citation(tmp_path: Path) -> None:
    [e] = _entries(tmp_path, note("1", title="T", urls=("https://a.org/1", "b.org/2"))).values()
    assert e.urls == ("https://a.org/1", "https://b.org/2")


def test_suspect_url_provenance(tmp_path: Path) -> None:
    found = url(
        "https://www.hrw.org/news/azerbai-jan",
        10,
        raw="https://www.hrw.org/news/azerbai-\njan",
        suspect=(SuspectReason.HYPHEN_AT_BREAK, SuspectReason.AMBIGUOUS_JOIN),
        detail="or azerbaijan",
    )
    c = Citation(
        document="docs/report.pdf",
        kind=NoteKind.FOOTNOTE,
        label="1",
        text="HRW",
        lines=(10, 11),
        urls=(found,),
    )
    [e] = _entries(tmp_path, c).values()
    [s] = e.suspects
    assert s.url == found.url and s.raw == found.raw and s.detail == "or azerbaijan"
    assert s.reasons == ("hyphen-at-break", "ambiguous-join")
    assert e.lines == (10, 11)


def test_non_citations_are_skipped_and_bare_notes_keep_their_text(tmp_path: Path) -> None:
    c1 = Citation(
        document="d",
        kind=NoteKind.FOOTNOTE,
        label="*",
        text="The author thanks…",
        lines=(1,),
        is_citation=False,
    )
    c2 = note("2", "Interview with a witness, Baku, 3 March 2021.")
    entries = _entries(tmp_path, c1, c2)
    [e] = entries.values()
    assert e.entry_type == "misc"
    assert e.fields["note"] == "Interview with a witness, Baku, 3 March 2021."
    assert e.key == "interview"


def test_document_metadata_is_a_leading_comment(tmp_path: Path) -> None:
    from citewatch.citations.model import DocumentMeta

    ex = extraction(
        note("1", title="T"),
        meta=DocumentMeta(
            title="Report {draft}",
            author="HRW",
            date_iso="2021-01-02",
            original_url="https://hrw.org/r",
        ),
    )
    text = write_extraction(ex, tmp_path).text
    assert text.startswith("@comment{citewatch-document,\n  document = {docs/report.pdf},\n")
    assert "title = {Report \\x7bdraft\\x7d}" in text
    assert "original-url = {https://hrw.org/r}" in text
