"""Citation keys: readable, stable, disambiguated, one key per URL across the store."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citewatch.citations.model import Fields, WorkKind
from citewatch.store import keys_for, load_store, update_fields, write_extraction
from citewatch.store import plan as plan_module
from citewatch.store.keys import _FOLD_EXTRA, ascii_fold, base_key, disambiguate
from citewatch.store.plan import plan_extraction
from tests.store._build import HRW, extraction, note

HRW_URL = "https://www.hrw.org/news/2020/05/12/azerbaijan-crackdown"


def test_base_key_reads_author_year_and_title_word() -> None:
    assert base_key(Fields(**HRW)) == "hrw2020azerbaijan"  # type: ignore[arg-type]
    assert (
        base_key(
            Fields(
                author="Amnesty International", title="The State of the World", date="12 May 2019"
            )
        )
        == "amnesty2019state"
    )
    assert (
        base_key(Fields(author="Smith, Jane and John Doe", title="On Treaties", date_iso="2001"))
        == "smith2001treaties"
    )
    assert (
        base_key(Fields(author="Jürgen Müller", title="Über Völkerrecht", date_iso="1999-01"))
        == "muller1999uber"
    )


def test_base_key_falls_back_to_url_host_and_path() -> None:
    assert base_key(Fields(), ("https://www.bbc.co.uk/news/world-europe-53456789",)) == "bbcworld"
    assert base_key(Fields(), ("news.un.org/en/story/2020/05/1063482",)) == "un"
    assert base_key(Fields()) == "work"


def test_keys_are_ascii_lowercase() -> None:
    key = base_key(Fields(author="Łukasz Żółć-Ørsted", title="Œuvres complètes", date_iso="2010"))
    assert key == key.lower() and key.isascii() and key.isalnum()
    assert ascii_fold("Straße Ærø") == "Strasse AEro"


def test_disambiguate_appends_letters_in_order() -> None:
    assert disambiguate("k", set()) == "k"
    assert disambiguate("k", {"k"}) == "ka"
    assert disambiguate("k", {"k", "ka", "kb"}) == "kc"
    taken = {"k"} | {f"k{c}" for c in "abcdefghijklmnopqrstuvwxyz"}
    assert disambiguate("k", taken) == "kaa"


def test_same_base_key_in_one_document_gets_suffixes(tmp_path: Path) -> None:
    ex = extraction(
        note("1", urls=(HRW_URL,), **HRW),  # type: ignore[arg-type]
        note(
            "2",
            urls=("https://www.hrw.org/other",),
            **{**HRW, "title": "Azerbaijan: Another Report"},
        ),  # type: ignore[arg-type]
    )
    keys = keys_for(ex, tmp_path)
    assert [keys[c] for c in ex.citations] == ["hrw2020azerbaijan", "hrw2020azerbaijana"]
    result = write_extraction(ex, tmp_path)
    assert result.added == ("hrw2020azerbaijan", "hrw2020azerbaijana")
    assert keys_for(ex, tmp_path) == keys


def test_keys_survive_a_new_work_cited_earlier(tmp_path: Path) -> None:
    second = note(
        "5", urls=("https://www.hrw.org/other",), **{**HRW, "title": "Azerbaijan: Another"}
    )  # type: ignore[arg-type]
    write_extraction(extraction(second), tmp_path)
    assert keys_for(extraction(second), tmp_path)[extraction(second).citations[0]] == (
        "hrw2020azerbaijan"
    )
    # the document now cites, before it, another work with the same base key
    ex = extraction(note("1", urls=(HRW_URL,), **HRW), second)  # type: ignore[arg-type]
    keys = keys_for(ex, tmp_path)
    assert keys[ex.citations[1]] == "hrw2020azerbaijan"
    assert keys[ex.citations[0]] == "hrw2020azerbaijana"


def test_same_url_gets_same_key_in_two_documents_in_either_order(tmp_path: Path) -> None:
    def docs(first_doc: str) -> dict[str, dict[str, str]]:
        refs = tmp_path / first_doc
        a = extraction(
            note("1", urls=(HRW_URL,), **HRW),  # type: ignore[arg-type]
            document="a.pdf",
        )
        # document b prints the URL without scheme and with www dropped, no author
        b = extraction(
            note(
                "7",
                urls=("hrw.org/news/2020/05/12/azerbaijan-crackdown/",),
                title="Crackdown",
                kind=WorkKind.WEB,
            ),
            note("8", urls=("https://example.org/x",), title="Unrelated"),
            document="b.pdf",
        )
        order = (a, b) if first_doc == "a" else (b, a)
        for ex in order:
            write_extraction(ex, refs)
        return {
            e.bib_path.stem: {"url": e.url or "", "key": e.key}
            for e in load_store(refs)
            if e.url and "hrw" in e.url
        }

    for first in ("a", "b"):
        found = docs(first)
        assert found["a"]["key"] == found["b"]["key"], first


def test_different_work_with_taken_base_key_in_other_file_gets_suffix(tmp_path: Path) -> None:
    write_extraction(
        extraction(note("1", urls=(HRW_URL,), **HRW), document="a.pdf"),  # type: ignore[arg-type]
        tmp_path,
    )
    b = extraction(
        note("1", urls=("https://www.hrw.org/elsewhere",), **HRW),  # type: ignore[arg-type]
        document="b.pdf",
    )
    assert list(keys_for(b, tmp_path).values()) == ["hrw2020azerbaijana"]


def test_key_survives_url_repair_and_title_edit(tmp_path: Path) -> None:
    ex = extraction(note("1", urls=("https://www.hrw.org/news/azerbai-jan",), **HRW))  # type: ignore[arg-type]
    path = write_extraction(ex, tmp_path).path
    update_fields(
        path,
        {
            "hrw2020azerbaijan": {
                "url": "https://www.hrw.org/news/azerbaijan",
                "title": "Corrected by hand",
            }
        },
    )
    result = write_extraction(ex, tmp_path)
    assert result.kept == ("hrw2020azerbaijan",) and not result.added and not result.removed
    [entry] = load_store(tmp_path)
    assert entry.url == "https://www.hrw.org/news/azerbaijan"
    assert entry.fields["title"] == "Corrected by hand"


def test_store_index_gives_the_same_keys_and_sees_outside_changes(tmp_path: Path) -> None:
    from citewatch.store import StoreIndex

    a = extraction(note("1", urls=(HRW_URL,), **HRW), document="a.pdf")  # type: ignore[arg-type]
    b = extraction(note("3", urls=(HRW_URL,), title="Other words"), document="b.pdf")
    index = StoreIndex(tmp_path / "indexed")
    for ex in (a, b):
        with_index = write_extraction(ex, tmp_path / "indexed", index=index)
        without = write_extraction(ex, tmp_path / "plain")
        assert with_index.text == without.text
        assert with_index.keys == without.keys == keys_for(ex, tmp_path / "plain")
    # another process writes a file the index has not seen: a new work takes the key
    other = extraction(note("2", urls=("https://x.org/new",), **HRW), document="c.pdf")
    write_extraction(other, tmp_path / "indexed")
    d = extraction(note("9", urls=("https://x.org/another",), **HRW), document="d.pdf")
    assert list(keys_for(d, tmp_path / "indexed", index=index).values()) == ["hrw2020azerbaijanb"]


def test_strong_url_match_wins_over_an_earlier_title_match(tmp_path: Path) -> None:
    write_extraction(extraction(note("1", urls=(HRW_URL,), **HRW)), tmp_path)  # type: ignore[arg-type]
    # now note 1 cites the same title at another URL, and note 5 the stored URL
    same_title = note("1", urls=("https://mirror.org/copy",), **HRW)  # type: ignore[arg-type]
    same_url = note(
        "5", urls=(HRW_URL,), title="Renamed", author="Human Rights Watch", date_iso="2020-05-12"
    )
    keys = keys_for(extraction(same_title, same_url), tmp_path)
    assert keys[same_url] == "hrw2020azerbaijan"
    assert keys[same_title] == "hrw2020azerbaijana"


def test_keys_for_builds_no_entries_and_gives_the_plans_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``check`` of documents only needs keys: the entries (the larger half of a plan) are
    not built, and the keys are the ones a write would give, over a store holding some."""
    stored = extraction(note("1", urls=(HRW_URL,), **HRW))  # type: ignore[arg-type]
    write_extraction(stored, tmp_path)
    ex = extraction(
        note("3", urls=("https://www.hrw.org/other",), **{**HRW, "title": "Azerbaijan: Other"}),  # type: ignore[arg-type]
        note("1", urls=(HRW_URL,), **HRW),  # type: ignore[arg-type]
        note("4", urls=("https://example.org/x",), title="Example"),
    )
    planned = plan_extraction(ex, tmp_path).keys

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("keys_for built an entry")

    monkeypatch.setattr(plan_module, "desired_entry", refuse)
    monkeypatch.setattr(plan_module, "seen_dates", refuse)
    assert keys_for(ex, tmp_path) == planned
    assert set(planned.values()) == {"hrw2020azerbaijan", "hrw2020azerbaijana", "example"}


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=30))
def test_ascii_fold_keeps_the_ascii_of_the_decomposed_text(text: str) -> None:
    """``ascii_fold`` skips the decomposition of ASCII text and drops the rest by encoding:
    the same as filtering the NFKD form character by character."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD_EXTRA))
    assert ascii_fold(text) == "".join(c for c in decomposed if ord(c) < 128)
