"""The command line end to end: exit codes, JSON Lines, the store and the reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from citewatch.cli import app
from tests.cli.conftest import DOC, write_doc

runner = CliRunner()


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("citewatch ")


def test_extract_writes_the_store_and_a_rerun_changes_nothing(workdir: Path) -> None:
    write_doc(workdir)
    first = runner.invoke(app, ["extract", "docs"])
    assert first.exit_code == 0, first.output
    bib = workdir / "refs" / "report.bib"
    text = bib.read_bytes()
    assert b"example.org/ok/news/2020/10/23/azerbaijan-cluster-munitions-used" in text
    second = runner.invoke(app, ["extract", "docs"])
    assert second.exit_code == 0
    assert bib.read_bytes() == text


def test_extract_json_lines(workdir: Path) -> None:
    write_doc(workdir)
    result = runner.invoke(app, ["extract", "--json", "--dry-run", "docs"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    by_note = {r["note"]: r for r in records if r["kind"] == "footnote"}
    for key in ("document", "note", "key", "urls", "suspect_urls", "ref", "fields", "lines"):
        assert key in by_note["1"]
    assert by_note["1"]["urls"] == [
        "https://example.org/ok/news/2020/10/23/azerbaijan-cluster-munitions-used"
    ]
    assert by_note["3"]["ref"]["kind"] == "ibid" and by_note["3"]["ref"]["target"] == "2"
    assert by_note["3"]["urls"] == by_note["2"]["urls"]
    assert by_note["3"]["key"] == by_note["2"]["key"]
    assert not (workdir / "refs").exists(), "--dry-run must not write"


def test_bad_input_exits_2_naming_the_file_and_keeps_the_store(workdir: Path) -> None:
    path = write_doc(workdir)
    assert runner.invoke(app, ["extract", "docs"]).exit_code == 0
    bib = workdir / "refs" / "report.bib"
    before = bib.read_bytes()
    path.write_bytes(b"")
    (workdir / "docs" / "blob.txt").write_bytes(bytes(range(256)) * 10)
    result = runner.invoke(app, ["extract", "docs"])
    assert result.exit_code == 2
    assert "report.txt" in result.output and "empty" in result.output
    assert "blob.txt" in result.output and "binary" in result.output
    assert bib.read_bytes() == before


def test_malformed_bib_in_store_exits_2_and_is_not_touched(workdir: Path) -> None:
    write_doc(workdir)
    refs = workdir / "refs"
    refs.mkdir()
    broken = "@online{ok,\n  title = {Fine}\n}\n\n@online{bad,\n  title = {Unclosed\n"
    (refs / "report.bib").write_text(broken, encoding="utf-8")
    result = runner.invoke(app, ["extract", "docs"])
    assert result.exit_code == 2
    assert "report.bib" in result.output
    assert (refs / "report.bib").read_text(encoding="utf-8") == broken


def test_missing_path_is_a_usage_error(workdir: Path) -> None:
    result = runner.invoke(app, ["extract", "nowhere"])
    assert result.exit_code == 2 and "nowhere" in result.output


def test_a_missing_path_does_not_stop_the_other_documents(workdir: Path) -> None:
    write_doc(workdir)
    result = runner.invoke(app, ["extract", "nowhere.txt", "docs"])
    assert result.exit_code == 2
    assert "error: nowhere.txt: no such file or folder" in result.output
    assert (workdir / "refs" / "report.bib").is_file()


def test_check_json_and_exit_codes_against_a_loopback_server(workdir: Path, web: str) -> None:
    write_doc(workdir, web)
    assert runner.invoke(app, ["extract", "-q", "docs"]).exit_code == 0
    lenient = runner.invoke(app, ["check", "--json", "-q", "--max-age", "0"])
    assert lenient.exit_code == 0, lenient.output  # one failure is not "broken" yet
    records = {r["url"]: r for r in map(json.loads, lenient.stdout.splitlines())}
    ok = records[f"{web}/ok/news/2020/10/23/azerbaijan-cluster-munitions-used"]
    gone = records[f"{web}/gone/page"]
    assert ok["status"] == "alive" and ok["http_status"] == 200 and not ok["broken"]
    assert gone["status"] == "dead" and gone["http_status"] == 404
    assert gone["failures_in_a_row"] == 1 and not gone["broken"]
    notes = sorted(c["note"] for c in gone["citing"])
    assert notes == ["2", "3"]
    strict = runner.invoke(app, ["check", "--json", "-q", "--strict", "--max-age", "0"])
    assert strict.exit_code == 1
    assert json.loads(next(x for x in strict.stdout.splitlines() if "/gone/" in x))["broken"]


def test_check_reuses_fresh_results_within_max_age(workdir: Path, web: str) -> None:
    write_doc(workdir, web)
    runner.invoke(app, ["extract", "-q", "docs"])
    runner.invoke(app, ["check", "-q"])
    again = runner.invoke(app, ["check", "--json", "-q", "--max-age", "1h"])
    assert again.exit_code == 0
    records = [json.loads(line) for line in again.stdout.splitlines()]
    assert records and all(r["from_cache"] for r in records)


def test_audit_writes_reports(workdir: Path, web: str) -> None:
    write_doc(workdir, web)
    result = runner.invoke(app, ["audit", "-q", "docs"])
    assert result.exit_code == 0, result.output
    md = (workdir / "reports" / "report.md").read_text(encoding="utf-8")
    data = json.loads((workdir / "reports" / "report.json").read_text(encoding="utf-8"))
    assert f"{web}/gone/page" in md
    assert "<testsuite" in (workdir / "reports" / "junit.xml").read_text(encoding="utf-8")
    assert data and (workdir / "refs" / "report.bib").exists()


def test_two_documents_with_one_name_the_others_still_run_and_exit_2(workdir: Path) -> None:
    for folder in ("a", "b"):
        (workdir / folder).mkdir()
        (workdir / folder / "report.txt").write_text(DOC.format(base="https://example.org"))
    (workdir / "b" / "other.txt").write_text(DOC.format(base="https://example.net"))
    result = runner.invoke(app, ["extract", "a", "b"])
    assert result.exit_code == 2
    assert "b/report.txt: has the same name as a/report.txt" in result.output
    assert "not processed" in result.output
    stored = sorted(p.name for p in (workdir / "refs").glob("*.bib"))
    assert stored == ["other.bib", "report.bib"]
    # the first of the two is the one stored
    assert "a/report.txt" in (workdir / "refs" / "report.bib").read_text(encoding="utf-8")
    assert "b/report.txt" not in (workdir / "refs" / "report.bib").read_text(encoding="utf-8")


def test_check_of_documents_with_one_name_checks_the_others_and_exits_2(
    workdir: Path, web: str
) -> None:
    for folder in ("a", "b"):
        (workdir / folder).mkdir()
        (workdir / folder / "report.txt").write_text(DOC.format(base=web))
    result = runner.invoke(app, ["check", "--json", "a", "b"])
    assert result.exit_code == 2, result.output
    assert "b/report.txt: has the same name as a/report.txt" in result.output
    checked = {json.loads(line)["url"] for line in result.stdout.splitlines()}
    assert f"{web}/gone/page" in checked  # a/report.txt was checked


def test_settings_from_pyproject_and_environment_reach_the_commands(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_doc(workdir)
    (workdir / "pyproject.toml").write_text('[tool.citewatch]\nrefs_dir = "bib"\n')
    assert runner.invoke(app, ["extract", "-q", "docs"]).exit_code == 0
    assert (workdir / "bib" / "report.bib").exists() and not (workdir / "refs").exists()
    monkeypatch.setenv("CITEWATCH_REFS_DIR", "env-bib")
    assert runner.invoke(app, ["extract", "-q", "docs"]).exit_code == 0
    assert (workdir / "env-bib" / "report.bib").exists()
    assert runner.invoke(app, ["extract", "-q", "--refs", "flag-bib", "docs"]).exit_code == 0
    assert (workdir / "flag-bib" / "report.bib").exists()


def test_bad_config_is_a_usage_error_naming_the_file(workdir: Path) -> None:
    write_doc(workdir)
    (workdir / "citewatch.toml").write_text("per_host = 'two'\n")
    result = runner.invoke(app, ["check", "docs"])
    assert result.exit_code == 2
    assert "citewatch.toml" in result.output and "per_host" in result.output


def test_error_messages_with_brackets_are_printed_verbatim(workdir: Path) -> None:
    docs = workdir / "docs"
    docs.mkdir()
    (docs / "[draft] notes.txt").write_text("")
    result = runner.invoke(app, ["extract", "docs"])
    assert result.exit_code == 2 and "[draft] notes.txt" in result.output


def test_check_with_an_empty_store_says_what_to_do(workdir: Path) -> None:
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 0 and "citewatch extract" in result.output
    assert not (workdir / ".citewatch").exists()


def test_pdf_input_and_unprinted_link_annotations_are_reported(workdir: Path) -> None:
    pdf = Path(__file__).parent.parent / "fixtures" / "corpus" / "doc01" / "doc.pdf"
    result = runner.invoke(app, ["extract", "--dry-run", str(pdf)])
    assert result.exit_code == 0, result.output
    assert "warning:" in result.output and "not printed in the text" in result.output
    assert "26 URLs" in result.output


def test_ctrl_c_during_checks_exits_130_keeping_what_was_checked(
    workdir: Path, web: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from citewatch.check import checker
    from citewatch.check.history import History
    from citewatch.check.triage import Triage

    write_doc(workdir, web)
    assert runner.invoke(app, ["extract", "-q", "docs"]).exit_code == 0
    real_check = checker.check_triaged

    async def interrupted(sorted_out, options, *, on_result=None):  # type: ignore[no-untyped-def]
        first = sorted_out.pending[:1]
        await real_check(Triage(first, pending=first), options, on_result=on_result)
        raise KeyboardInterrupt

    monkeypatch.setattr(checker, "check_triaged", interrupted)
    result = runner.invoke(app, ["check", "-q"])
    assert result.exit_code == 130 and "kept in the history" in result.output
    with History.open(workdir / ".citewatch" / "history.sqlite3") as history:
        assert history.count() == 1


def test_quiet_still_prints_errors(workdir: Path) -> None:
    result = runner.invoke(app, ["extract", "-q", "nowhere"])
    assert result.exit_code == 2 and "nowhere" in result.output
