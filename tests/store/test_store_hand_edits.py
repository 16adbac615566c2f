"""Hand edits of ``refs/*.bib``: a broken one stops with the file and line; any other is
read faithfully: nothing a person wrote is lost, no work gets a second entry."""

from __future__ import annotations

import functools
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citewatch.errors import StoreError
from citewatch.store import write_extraction
from citewatch.store.bibfile import parse_text
from citewatch.store.values import PROVENANCE_PREFIX
from tests.store._build import HRW, extraction, note

DOE = {"author": "Jane Doe", "title": "Other Page", "date_iso": "2021-05-01"}


def _doc():  # type: ignore[no-untyped-def]
    return extraction(
        note("1", urls=("https://www.hrw.org/news/2020/05/12/azerbaijan",), **HRW),  # type: ignore[arg-type]
        note("2", urls=("https://example.org/other",), **DOE),  # type: ignore[arg-type]
        note("3", urls=("https://example.net/third?a=1&b=2",), title="Third {Work}"),
    )


def _fresh_store(root: Path) -> Path:
    path = write_extraction(_doc(), root / "refs").path
    text = path.read_text(encoding="utf-8")
    # what a person adds: a macro, and a field of their own in an entry
    text = text.replace("@online{doe2021other,", '@online{doe2021other,\n  keywords = {web},', 1)
    path.write_text('@string{hrw = "Human Rights Watch"}\n\n' + text, encoding="utf-8")
    write_extraction(_doc(), root / "refs")  # settle the hand edits
    return path


@pytest.mark.parametrize(
    ("line_text", "edited", "said"),
    [
        ("  title = {Other Page},", "  title = {Other Page}", "comma missing"),
        (
            "  url = {https://example.org/other},",
            "  url = https://example.org/other},",
            "brace missing",
        ),
    ],
)
def test_a_broken_hand_edit_stops_with_file_and_line(
    tmp_path: Path, line_text: str, edited: str, said: str
) -> None:
    path = _fresh_store(tmp_path)
    text = path.read_text(encoding="utf-8")
    line = text.splitlines().index(line_text) + 1
    path.write_text(text.replace(line_text, edited), encoding="utf-8")
    broken = path.read_bytes()
    with pytest.raises(StoreError) as info:
        write_extraction(_doc(), tmp_path / "refs")
    assert info.value.path == path and info.value.line == line, str(info.value)
    assert said in str(info.value)
    assert path.read_bytes() == broken


@functools.cache
def _settled_text() -> str:
    """The text of a store file after a person's edits were settled (built once)."""
    with tempfile.TemporaryDirectory() as folder:
        return _fresh_store(Path(folder)).read_text(encoding="utf-8")


def _entries(text: str, path: Path) -> dict[str, dict[str, str]]:
    lib = parse_text(text, path)
    return {e.key: {f.key.lower(): str(f.value) for f in e.fields} for e in lib.entries}


_EDIT = st.tuples(
    st.sampled_from(["delete", "insert", "delete-line", "duplicate-line", "swap"]),
    st.floats(min_value=0, max_value=1, exclude_max=True),
    st.sampled_from(list(',{}"=#@%\\\n a1')),
)


@settings(max_examples=120, deadline=None, database=None)
@given(edits=st.lists(_EDIT, min_size=1, max_size=2))
def test_any_hand_edit_is_read_faithfully_or_refused_by_line(
    edits: list[tuple[str, float, str]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "refs" / "report.bib"
        path.parent.mkdir()
        text = _settled_text()
        for kind, where, char in edits:
            at = int(where * len(text))
            if kind == "delete":
                text = text[:at] + text[at + 1 :]
            elif kind == "insert":
                text = text[:at] + char + text[at:]
            elif kind == "swap":
                text = text[:at] + text[at + 1 : at + 2] + text[at : at + 1] + text[at + 2 :]
            else:
                lines = text.splitlines(keepends=True)
                n = int(where * len(lines))
                lines[n:n + 1] = [] if kind == "delete-line" else [lines[n], lines[n]]
                text = "".join(lines)
        path.write_text(text, encoding="utf-8")
        try:
            result = write_extraction(_doc(), path.parent)
        except StoreError as exc:
            assert exc.path is not None and exc.path.name == path.name, str(exc)
            assert exc.line is None or 1 <= exc.line <= text.count("\n") + 1, str(exc)
            assert path.read_text(encoding="utf-8") == text  # nothing overwritten
            return
        before = _entries(text, path)
        after = _entries(path.read_text(encoding="utf-8"), path)
        # nothing a person wrote is lost (citewatch-* fields are citewatch's to recompute)
        for key, fields in before.items():
            for name, value in fields.items():
                if not name.startswith(PROVENANCE_PREFIX):
                    assert after.get(key, {}).get(name) == value, (key, name, value)
        # no work gets a second entry without a word
        urls_before = Counter(f.get("url") for f in before.values() if f.get("url"))
        urls_after = Counter(f.get("url") for f in after.values() if f.get("url"))
        for url, count in urls_after.items():
            if count > max(1, urls_before[url]):
                doubles = [k for k in result.added if after[k].get("url") == url]
                assert doubles and any(
                    d in w and "also holds" in w for d in doubles for w in result.warnings
                ), (url, sorted(after), result.warnings)


def test_quiet_prints_only_our_error_for_a_broken_file(tmp_path: Path) -> None:
    # a real process: under pytest, library log lines go to pytest's handler, not stderr
    doc = tmp_path / "doc.txt"
    doc.write_text("A report.\n\n1 See https://example.org/page.\n", encoding="utf-8")
    refs = tmp_path / "refs"
    refs.mkdir()
    (refs / "doc.bib").write_text("@misc{a,\n  title = {x\n}\n@misc{b, title={y}}\n")
    done = subprocess.run(
        [sys.executable, "-m", "citewatch", "extract", "-q", "doc.txt"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2 and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr  # bibtexparser's own log line is not printed
    assert lines[0].startswith("error: refs/doc.bib:1:")
    assert "Unexpected block start" in lines[0]  # its reason is in our message


def test_library_log_lines_never_reach_the_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # bibtexparser logs a performance note when writing 10,000+ blocks; lower its
    # threshold so a small store triggers it, and a malformed block logs a warning
    import bibtexparser.entrypoint

    monkeypatch.setattr(bibtexparser.entrypoint, "LARGE_LIBRARY_WARNING_THRESHOLD", 1)
    caplog.set_level("DEBUG")
    path = write_extraction(_doc(), tmp_path / "refs").path
    write_extraction(_doc(), tmp_path / "refs")
    path.write_text("@misc{a,\n  title = {x\n}\n@misc{b, title={y}}\n", encoding="utf-8")
    with pytest.raises(StoreError, match="Unexpected block start"):
        write_extraction(_doc(), tmp_path / "refs")
    assert [r.getMessage() for r in caplog.records if r.name.startswith("bibtexparser")] == []
