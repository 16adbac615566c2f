"""Folders the user may not write or read: a clear message, no traceback."""

from __future__ import annotations

from pathlib import Path

from tests.unprivileged import restore, run_citewatch

DOC = "A report.\n\n1 See https://example.org/page for more.\n"


def test_read_only_refs_exits_2_with_a_clear_message(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text(DOC, encoding="utf-8")
    (tmp_path / "other.txt").write_text(DOC.replace("page", "other"), encoding="utf-8")
    refs = tmp_path / "refs"
    refs.mkdir()
    refs.chmod(0o555)
    try:
        done = run_citewatch(["extract", "doc.txt", "other.txt", "--refs", "refs"], tmp_path)
    finally:
        restore(refs)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "refs/doc.bib: cannot write" in done.stderr
    assert "refs/other.bib: cannot write" in done.stderr  # each document reported
    assert "read-only" in done.stderr
    assert list(refs.iterdir()) == []


def test_unreadable_subfolder_is_reported_and_the_rest_is_read(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "secret").mkdir(parents=True)
    (docs / "secret" / "hidden.txt").write_text(DOC, encoding="utf-8")
    (docs / "open.txt").write_text(DOC, encoding="utf-8")
    (docs / "secret").chmod(0o000)
    try:
        done = run_citewatch(["extract", "docs", "--refs", "refs"], tmp_path)
    finally:
        restore(docs)
    assert done.returncode == 0, done.stderr
    assert "warning: docs/secret: cannot read this folder" in done.stderr
    assert (tmp_path / "refs" / "open.bib").is_file()
