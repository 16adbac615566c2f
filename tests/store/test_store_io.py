"""Atomic, checked writes; malformed files refused; load_store and update_fields."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from citewatch import atomic
from citewatch.errors import StoreError
from citewatch.store import bibfile, load_store, update_fields, write_extraction
from citewatch.store.lock import LOCK_NAME
from tests.store._build import HRW, extraction, note

HRW_URL = "https://www.hrw.org/news/2020/05/12/azerbaijan-crackdown"


def _doc(document: str = "docs/report.pdf", **changes: object):  # type: ignore[no-untyped-def]
    return extraction(
        note("1", urls=(HRW_URL,), **{**HRW, **changes}),  # type: ignore[arg-type]
        document=document,
    )


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def _files(folder: Path) -> list[str]:
    """What the folder holds besides the store's lock file."""
    return sorted(p.name for p in folder.iterdir() if p.name != LOCK_NAME)


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    refs = tmp_path / "refs"
    dry = write_extraction(_doc(), refs, dry_run=True)
    assert dry.changed and dry.dry_run and not refs.exists()
    real = write_extraction(_doc(), refs)
    assert real.text == dry.text == real.path.read_text(encoding="utf-8")


def test_corrupt_render_is_caught_and_old_file_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_extraction(_doc(), tmp_path).path
    before = path.read_bytes()
    real = bibfile.write_string

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        return real(*args, **kwargs).replace("title = {", "title = {{", 1)

    monkeypatch.setattr(bibfile, "write_string", broken)
    with pytest.raises(StoreError, match="refusing to write") as info:
        write_extraction(_doc(title="Changed"), tmp_path)
    assert info.value.path == path
    assert path.read_bytes() == before and _leftovers(tmp_path) == []


def test_value_change_in_render_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = bibfile.write_string
    monkeypatch.setattr(
        bibfile, "write_string", lambda *a, **k: real(*a, **k).replace("Critics", "Critic")
    )
    with pytest.raises(StoreError, match="does not read back"):
        write_extraction(_doc(), tmp_path)
    assert _files(tmp_path) == []


def test_failure_after_temp_file_leaves_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_extraction(_doc(), tmp_path).path
    before = path.read_bytes()
    calls = []
    real_check = bibfile.check_round_trip

    def second_check_fails(text, meant, where):  # type: ignore[no-untyped-def]
        calls.append(where)
        if len(calls) == 2:
            assert _leftovers(tmp_path), "the temp file exists while it is checked"
            raise StoreError("simulated", path=where)
        real_check(text, meant, where)

    monkeypatch.setattr(bibfile, "check_round_trip", second_check_fails)
    with pytest.raises(StoreError, match="simulated"):
        write_extraction(_doc(title="Changed"), tmp_path)
    assert path.read_bytes() == before and _leftovers(tmp_path) == []

    def replace_fails(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(bibfile, "check_round_trip", real_check)
    monkeypatch.setattr(atomic.os, "replace", replace_fails)
    with pytest.raises(StoreError, match="cannot write: disk full"):
        write_extraction(_doc(title="Changed"), tmp_path)
    assert path.read_bytes() == before and _leftovers(tmp_path) == []


MALFORMED = """@comment{citewatch-document,
  document = {docs/report.pdf}
}

@online{ok,
  title = {Fine}
}

@online{broken,
  title = {unbalanced { brace},
  url = {https://x.org}
}

@misc{after,
  title = {After}
}
"""


@pytest.mark.parametrize("which", ["own", "other"])
def test_malformed_file_raises_with_line_and_is_not_touched(tmp_path: Path, which: str) -> None:
    name = "report.bib" if which == "own" else "another.bib"
    bad = tmp_path / name
    bad.write_text(MALFORMED, encoding="utf-8")
    with pytest.raises(StoreError) as info:
        write_extraction(_doc(), tmp_path)
    assert info.value.path == bad and info.value.line == 9
    assert f"{bad}:9:" in str(info.value)
    assert bad.read_text(encoding="utf-8") == MALFORMED
    assert _files(tmp_path) == [name]
    with pytest.raises(StoreError):
        load_store(tmp_path)


def test_duplicate_keys_and_bad_utf8_are_refused(tmp_path: Path) -> None:
    dup = tmp_path / "report.bib"
    dup.write_text("@misc{a,\n  title = {x}\n}\n\n@misc{a,\n  title = {y}\n}\n", encoding="utf-8")
    with pytest.raises(StoreError, match="duplicate key 'a'") as info:
        write_extraction(_doc(), tmp_path)
    assert info.value.line == 5
    dup.write_bytes(b"@misc{a,\n  title = {\xff}\n}\n")
    with pytest.raises(StoreError, match="UTF-8") as info:
        write_extraction(_doc(), tmp_path)
    assert info.value.line == 2 and dup.read_bytes() == b"@misc{a,\n  title = {\xff}\n}\n"


def test_load_store_reads_every_file(tmp_path: Path) -> None:
    assert load_store(tmp_path / "missing") == []
    write_extraction(_doc("a.pdf"), tmp_path)
    write_extraction(_doc("b.pdf", title="Other"), tmp_path)
    (tmp_path / "c.bib").write_text("@book{hand,\n  title = {By Hand}\n}\n", encoding="utf-8")
    entries = load_store(tmp_path)
    assert [(e.bib_path.name, e.key, e.managed) for e in entries] == [
        ("a.bib", "hrw2020azerbaijan", True),
        ("b.bib", "hrw2020azerbaijan", True),
        ("c.bib", "hand", False),
    ]
    assert entries[1].document == "b.pdf" and entries[1].url == HRW_URL
    assert entries[2].document is None and entries[2].fields["title"] == "By Hand"


def test_update_fields_sets_and_removes_atomically(tmp_path: Path) -> None:
    path = write_extraction(_doc(accessed_iso="2020-06-01"), tmp_path).path
    assert "urldate = {2020-06-01}" in path.read_text(encoding="utf-8")
    archive = "https://web.archive.org/web/20200601000000*/hrw.org/x_y?a=1&b=%20"
    update_fields(
        path,
        {
            "hrw2020azerbaijan": {
                "archiveurl": archive,
                "archivedate": "2020-06-01",
                "urldate": None,
            }
        },
    )
    text = path.read_text(encoding="utf-8")
    assert f"archiveurl = {{{archive}}}" in text
    # new fields go before citewatch's provenance
    assert text.index("archivedate") < text.index("citewatch-document =")
    [e] = load_store(tmp_path)
    assert e.fields["archiveurl"] == archive and "urldate" not in e.fields
    # the archive fields survive re-extraction; a removed field stays removed
    write_extraction(_doc(accessed_iso="2020-06-02"), tmp_path)
    [e] = load_store(tmp_path)
    assert e.fields["archiveurl"] == archive and "urldate" not in e.fields
    # unknown key: nothing written
    before = path.read_bytes()
    with pytest.raises(StoreError, match="no entry"):
        update_fields(path, {"hrw2020azerbaijan": {"note": "x"}, "nope": {"note": "y"}})
    assert path.read_bytes() == before
    with pytest.raises(StoreError, match="no such"):
        update_fields(tmp_path / "missing.bib", {})


def test_written_file_is_readable_by_others(tmp_path: Path) -> None:
    path = write_extraction(_doc(), tmp_path).path
    assert os.stat(path).st_mode & 0o444 == 0o444
