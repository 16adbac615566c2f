"""``citewatch archive`` and ``audit --archive`` against the local Wayback stand-in."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from citewatch.cli import app
from citewatch.store import load_store
from tests.archive.wayback_standin import Capture, WaybackStandin
from tests.cli.test_cli import workdir, write_doc  # noqa: F401 - the fixture

runner = CliRunner()


def test_archive_records_the_capture_before_the_citation_date(workdir: Path, web: str) -> None:  # noqa: F811
    write_doc(workdir, web)
    gone = f"{web}/gone/page"
    assert runner.invoke(app, ["extract", "-q", "docs"]).exit_code == 0
    assert runner.invoke(app, ["check", "-q", "--strict"]).exit_code == 1
    with WaybackStandin() as wayback:
        # Cited on 1 May 2021: the April capture shows what was cited, the June one may not.
        wayback.add(gone, "20190101000000", Capture("20210420120000", gone),
                    Capture("20210415000000", gone, status="404"), "20210601000000")
        result = runner.invoke(app, ["archive", "--json", "-q", "--strict", "--wayback-url", wayback.base_url,
                                     "--cdx-rate", "100"])
    assert result.exit_code == 0, result.output
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["url"] == gone and record["timestamp"] == "20210420120000"
    [entry] = [e for e in load_store(workdir / "refs") if e.url and e.url.endswith("/gone/page")]
    assert entry.fields["archiveurl"].endswith(f"/web/20210420120000/{gone}")
    assert entry.fields["archivedate"] == "2021-04-20"
    audit = runner.invoke(app, ["audit", "-q", "--strict", "--max-age", "0", "docs"])
    assert audit.exit_code == 1
    md = (workdir / "reports" / "report.md").read_text(encoding="utf-8")
    assert "/web/20210420120000/" in md


def test_archive_without_broken_links_says_so(workdir: Path) -> None:  # noqa: F811
    write_doc(workdir)
    runner.invoke(app, ["extract", "-q", "docs"])
    result = runner.invoke(app, ["archive"])
    assert result.exit_code == 0 and "nothing to look up" in result.output
