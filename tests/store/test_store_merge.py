"""Re-running is idempotent and never loses what a person added or edited."""

from __future__ import annotations

from pathlib import Path

import pytest

from citewatch.citations.model import Extraction
from citewatch.store import load_store, write_extraction
from tests.store._build import HRW, corpus_docs, corpus_extraction, extraction, note

HRW_URL = "https://www.hrw.org/news/2020/05/12/azerbaijan-crackdown"


def _doc(**changes: object) -> Extraction:
    return extraction(
        note("1", urls=(HRW_URL,), **{**HRW, **changes}),  # type: ignore[arg-type]
        note(
            "2",
            title="Second Work",
            author="Jane Smith",
            date_iso="2019",
            urls=("https://example.org/second",),
        ),
    )


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_write_twice_is_byte_identical(tmp_path: Path) -> None:
    first = write_extraction(_doc(), tmp_path)
    data = first.path.read_bytes()
    mtime = first.path.stat().st_mtime_ns
    second = write_extraction(_doc(), tmp_path)
    assert first.changed and not second.changed
    assert second.kept == first.added and not second.added and not second.updated
    assert first.path.read_bytes() == data and first.path.stat().st_mtime_ns == mtime


def test_citation_order_does_not_change_the_file(tmp_path: Path) -> None:
    ex = _doc()
    a = write_extraction(ex, tmp_path / "a").text
    reversed_ex = Extraction(document=ex.document, meta=ex.meta, citations=ex.citations[::-1])
    assert write_extraction(reversed_ex, tmp_path / "b").text == a


@pytest.mark.parametrize("doc", corpus_docs()[:4])
def test_corpus_documents_rewrite_identically(tmp_path: Path, doc: str) -> None:
    ex = corpus_extraction(doc)
    first = write_extraction(ex, tmp_path)
    assert first.added and not write_extraction(ex, tmp_path).changed
    stored = load_store(tmp_path)
    printed = {u.absolute for c in ex.citations for u in c.urls}
    assert printed == {u for e in stored for u in e.urls}


def test_citewatch_fields_follow_the_extraction(tmp_path: Path) -> None:
    write_extraction(_doc(), tmp_path)
    result = write_extraction(_doc(date_iso="2020-06-01", container="HRW site"), tmp_path)
    assert result.updated == ("hrw2020azerbaijan",)
    e = {e.key: e for e in load_store(tmp_path)}["hrw2020azerbaijan"]
    assert e.fields["date"] == "2020-06-01" and e.fields["organization"] == "HRW site"
    result = write_extraction(_doc(), tmp_path)  # and back: the container goes again
    e = {e.key: e for e in load_store(tmp_path)}["hrw2020azerbaijan"]
    assert "organization" not in e.fields and e.fields["date"] == "2020-05-12"


def test_hand_added_edited_and_deleted_fields_survive(tmp_path: Path) -> None:
    path = write_extraction(_doc(), tmp_path).path
    _edit(
        path,
        "  title = {Azerbaijan: Crackdown on Critics},\n",
        "  title = {Azerbaijan: The Crackdown on Critics},\n  keywords = {azerbaijan, press},\n"
        '  abstract = "Quoted {and} kept",\n',
    )
    _edit(path, "  date = {2020-05-12},\n", "")
    _edit(path, "@online{hrw2020azerbaijan,", "@report{hrw2020azerbaijan,")
    # the first run puts the person's fields after citewatch's; then nothing changes
    write_extraction(_doc(), tmp_path)
    settled = path.read_text(encoding="utf-8")
    assert "keywords = {azerbaijan, press}" in settled and " date = {2020" not in settled
    assert not write_extraction(_doc(), tmp_path).changed
    assert path.read_text(encoding="utf-8") == settled
    # a changed extraction updates citewatch's fields only
    result = write_extraction(
        _doc(title="New Title", date_iso="2021", accessed_iso="2021-02-03"), tmp_path
    )
    assert result.updated == ("hrw2020azerbaijan",)
    text = path.read_text(encoding="utf-8")
    assert "@report{hrw2020azerbaijan," in text
    assert "title = {Azerbaijan: The Crackdown on Critics}" in text
    assert "keywords = {azerbaijan, press}" in text
    assert 'abstract = "Quoted {and} kept"' in text
    assert "\n  date = {" not in text.split("@report{hrw2020azerbaijan,")[1].split("\n}")[0]
    assert "urldate = {2021-02-03}" in text
    assert not write_extraction(
        _doc(title="New Title", date_iso="2021", accessed_iso="2021-02-03"), tmp_path
    ).changed


def test_hand_entries_strings_preambles_and_comments_survive(tmp_path: Path) -> None:
    path = write_extraction(_doc(), tmp_path).path
    extra = (
        "% a person's comment\n"
        "@string{hrw = {Human Rights Watch}}\n"
        '@preamble{"\\newcommand{\\noop}[1]{}"}\n'
        "@comment{jabref-meta: databaseType:biblatex;}\n"
        "@book{mine2001,\n  author = hrw,\n  title = {My {Own} Book},\n  month = jan,\n"
        "  pages = {1--2}\n}\n"
    )
    path.write_text(path.read_text(encoding="utf-8") + "\n" + extra, encoding="utf-8")
    result = write_extraction(_doc(), tmp_path)
    assert "mine2001" in result.kept and not result.removed
    text = path.read_text(encoding="utf-8")
    for piece in (
        "% a person's comment",
        "@string{hrw = {Human Rights Watch}}",
        '@preamble{"\\newcommand{\\noop}[1]{}"}',
        "@comment{jabref-meta: databaseType:biblatex;}",
        "author = hrw,",
        "title = {My {Own} Book}",
        "month = jan,",
    ):
        assert piece in text, piece
    assert text.count("@comment{citewatch-document") == 1
    assert not write_extraction(_doc(), tmp_path).changed


def test_works_no_longer_cited_go_unless_touched(tmp_path: Path) -> None:
    path = write_extraction(_doc(), tmp_path).path
    only_first = extraction(_doc().citations[0])
    result = write_extraction(only_first, tmp_path)
    assert result.removed == ("smith2019second",)
    write_extraction(_doc(), tmp_path)
    _edit(path, "  title = {Second Work},\n", "  title = {Second Work},\n  keywords = {mine},\n")
    result = write_extraction(only_first, tmp_path)
    assert not result.removed and "smith2019second" in result.kept
    assert "keywords = {mine}" in path.read_text(encoding="utf-8")


def test_hand_entry_with_same_url_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "report.bib"
    path.write_text(
        f"@online{{hrw2020azerbaijan,\n  url = {{{HRW_URL}}},\n  title = {{Mine}}\n}}\n",
        encoding="utf-8",
    )
    result = write_extraction(_doc(), tmp_path)
    assert "hrw2020azerbaijan" in result.kept and "hrw2020azerbaijana" in result.added
    assert "title = {Mine}" in path.read_text(encoding="utf-8")


def test_entry_copied_from_another_document_is_a_hand_entry(tmp_path: Path) -> None:
    other = write_extraction(
        extraction(note("1", title="Elsewhere", urls=("https://e.org/",)), document="other.pdf"),
        tmp_path,
    ).text
    copied = other[other.index("@online{") :]
    path = write_extraction(_doc(), tmp_path).path
    path.write_text(path.read_text(encoding="utf-8") + "\n" + copied, encoding="utf-8")
    result = write_extraction(_doc(), tmp_path)
    assert "eelsewhere" in result.kept and not result.removed
    assert "https://e.org/" in path.read_text(encoding="utf-8")


def test_renamed_key_is_kept(tmp_path: Path) -> None:
    path = write_extraction(_doc(), tmp_path).path
    _edit(path, "@online{hrw2020azerbaijan,", "@online{MyKey,")
    result = write_extraction(_doc(title="Retitled"), tmp_path)
    assert result.updated == ("MyKey",) and not result.added and not result.removed
    assert result.keys[_doc(title="Retitled").citations[0]] == "MyKey"


def test_whole_corpus_one_key_per_url_and_stable(tmp_path: Path) -> None:
    from citewatch.store import StoreIndex

    index = StoreIndex(tmp_path)
    extractions = [corpus_extraction(doc) for doc in corpus_docs()]
    for ex in extractions:
        write_extraction(ex, tmp_path, index=index)
    keys_by_url: dict[str, set[str]] = {}
    for e in load_store(tmp_path):
        for u in e.urls:
            keys_by_url.setdefault(u, set()).add(e.key)
    assert keys_by_url and all(len(keys) == 1 for keys in keys_by_url.values())
    for ex in reversed(extractions):
        assert not write_extraction(ex, tmp_path, index=index).changed
