"""``citewatch archive`` and ``audit --archive`` against the local Wayback stand-in."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from citewatch.citations.model import (
    Citation,
    DocumentMeta,
    Extraction,
    Fields,
    FoundUrl,
    NoteKind,
    SuspectReason,
    WorkKind,
)
from citewatch.cli import app
from citewatch.store import load_store, write_extraction
from tests.archive.wayback_standin import Capture, LiveSite, WaybackStandin
from tests.cli.conftest import write_doc

runner = CliRunner()


def test_archive_records_the_capture_before_the_citation_date(workdir: Path, web: str) -> None:
    write_doc(workdir, web)
    gone = f"{web}/gone/page"
    assert runner.invoke(app, ["extract", "-q", "docs"]).exit_code == 0
    assert runner.invoke(app, ["check", "-q", "--strict"]).exit_code == 1
    with WaybackStandin() as wayback:
        # Cited on 1 May 2021: the April capture shows what was cited, the June one may not.
        wayback.add(
            gone,
            "20190101000000",
            Capture("20210420120000", gone),
            Capture("20210415000000", gone, status="404"),
            "20210601000000",
        )
        result = runner.invoke(
            app,
            [
                "archive",
                "--json",
                "-q",
                "--strict",
                "--wayback-url",
                wayback.base_url,
                "--cdx-rate",
                "100",
            ],
        )
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


def test_archive_without_broken_links_says_so(workdir: Path) -> None:
    write_doc(workdir)
    runner.invoke(app, ["extract", "-q", "docs"])
    result = runner.invoke(app, ["archive"])
    assert result.exit_code == 0 and "nothing to look up" in result.output


def _store_with_suspect_url(workdir: Path, url: str, raw: str) -> None:
    """A store whose one entry has a URL the extractor flagged as damaged."""
    text = f"Jane Doe, “Cluster Munitions”, Example (1 May 2021), online: <{raw}>."
    found = FoundUrl(
        url=url, raw=raw, line=5, end_line=6, suspect=(SuspectReason.HYPHEN_AT_BREAK,), detail=""
    )
    citation = Citation(
        document="docs/paper.txt",
        kind=NoteKind.FOOTNOTE,
        label="1",
        text=text,
        lines=(5, 6),
        urls=(found,),
        fields=Fields(
            author="Jane Doe",
            title="Cluster Munitions",
            container="Example",
            date="1 May 2021",
            date_iso="2021-05-01",
            kind=WorkKind.NEWS,
        ),
    )
    write_extraction(Extraction("docs/paper.txt", DocumentMeta(), (citation,)), workdir / "refs")


def test_repair_suggests_and_applies_the_hyphen_lost_at_a_line_break(workdir: Path) -> None:
    with LiveSite() as site:
        raw = f"{site.base_url}/news/2020/azerbaijan-cluster-\nmunitions"
        extracted = f"{site.base_url}/news/2020/azerbaijan-clustermunitions"
        meant = f"{site.base_url}/news/2020/azerbaijan-cluster-munitions"
        site.paths.add(meant.removeprefix(site.base_url))
        _store_with_suspect_url(workdir, extracted, raw)
        # the check itself repairs it: the printed URL fails, the one meant is alive
        checked = runner.invoke(app, ["check", "-q", "--strict", "--json"])
        assert checked.exit_code == 0, checked.output
        [record] = [json.loads(x) for x in checked.stdout.splitlines()]
        assert record["url"] == meant and record["status"] == "alive"
        assert record["repair"]["confirmed_by"] == "live"
        assert record["repair"]["printed_class"] == "dead"
        [entry] = load_store(workdir / "refs")
        assert entry.url == extracted, "check writes nothing into refs/"
        args = [
            "archive",
            "--repair",
            "-q",
            "--strict",
            "--wayback-url",
            "http://127.0.0.1:9",
            "--cdx-rate",
            "100",
        ]
        shown = runner.invoke(app, [*args, "--json"])
        assert shown.exit_code == 0, shown.output
        records = [json.loads(x) for x in shown.stdout.splitlines() if "probably_meant" in x]
        assert [r["probably_meant"] for r in records] == [meant]
        assert records[0]["confirmed_by"]
        [entry] = load_store(workdir / "refs")
        assert entry.url == extracted, "nothing is rewritten without --apply"
        applied = runner.invoke(app, [*args, "--apply"])
        assert applied.exit_code == 0, applied.output
    [entry] = load_store(workdir / "refs")
    assert entry.url == meant
    assert extracted in entry.fields["citewatch-repaired"]
    assert entry.suspects[0].raw == raw, "the printed text is kept"
