"""``citewatch check``: the health of every cited link, with history."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from citewatch import pipeline
from citewatch.check.model import CheckResult, Citing
from citewatch.check.policy import Verdict
from citewatch.cli import common
from citewatch.cli.flags import takes_settings
from citewatch.cli.output import show_progress, stderr_console
from citewatch.errors import CitewatchError
from citewatch.report.jsonreport import repair_dict
from citewatch.settings import Command, Settings

if TYPE_CHECKING:
    from citewatch.pipeline.checking import Cited
    from citewatch.pipeline.citedcache import CitedLater

_JSON = json.JSONEncoder(ensure_ascii=False, check_circular=False)
"""``json.dumps(…, ensure_ascii=False)`` builds one of these per call. A record is a tree
built by ``url_record``: no cycle to watch for."""

ECHO_LINES = 512
"""JSON Lines written (and flushed) at once: one write per line was 10,000 flushes for a
list of 10,000 URLs."""


@takes_settings(Command.CHECK)
def check(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Documents to extract on the fly; default: every URL in the store.",
            show_default=False,
        ),
    ] = None,
    archive: common.ArchiveOpt = False,
    json_lines: Annotated[
        bool, typer.Option("--json", help="Print one JSON object per URL (JSON Lines).")
    ] = False,
    quiet: common.QuietOpt = False,
    *,
    settings: Settings,
) -> None:
    """Check every cited URL once. Exit 1 when links are broken per the history policy."""
    console = stderr_console(quiet)
    problems: list[CitewatchError] = []
    try:
        if paths:
            docs = pipeline.document_paths(paths, common.warner(console))
            pipeline.prestart_checking(docs, settings)
            later = pipeline.cited_in_paths_later(docs, settings.refs_dir, settings.db_path)
            problems.extend(later.errors)  # reported at the end; the others are checked
            reading: Cited | CitedLater = later
            total = len(later.urls)
        else:
            reading = pipeline.cited_in_store(settings.refs_dir)
            total = len(reading.places)
            if not total:
                console.print(
                    f"No URLs in the store ({settings.refs_dir}/): run "
                    "`citewatch extract` first, or name documents to check."
                )
                return
        seen: dict[str, CheckResult] = {}
        with common.check_progress(console, total, show_progress(console, quiet)) as advance:

            def arrived(result: CheckResult) -> None:
                seen[result.url] = result
                advance(result)

            try:
                checked = pipeline.check_cited(reading, settings, arrived, archive=archive)
            except KeyboardInterrupt:
                if json_lines:  # what was checked is printed too, not only kept
                    for url, places in _cited(reading).places.items():
                        if url in seen:
                            typer.echo(json.dumps(url_record(seen[url], None, places),
                                                  ensure_ascii=False))
                raise
        if archive:
            common.record_archives(checked, settings)
        cited = _cited(reading)
    except CitewatchError as exc:
        raise common.fail(console, exc) from None
    broken = 0
    lines: list[str] = []
    for url, places in cited.places.items():
        reported = checked.reported(url)
        result = checked.results.get(reported)
        verdict = checked.verdicts.get(reported)
        if verdict is not None and verdict.broken:
            broken += 1
        if json_lines and result is not None:
            record = url_record(result, verdict, places)
            repair = checked.repairs.get(url)
            if repair is not None:
                record["printed_url"] = places[0].printed if places else url
                printed = checked.results.get(url)
                record["repair"] = repair_dict(repair, printed.status if printed else None)
            lines.append(_JSON.encode(record))
            if len(lines) >= ECHO_LINES:
                typer.echo("\n".join(lines))
                lines.clear()
    if lines:
        typer.echo("\n".join(lines))
    summary = pipeline.summary_line(checked, broken)
    console.print(summary)
    for problem in problems:
        common.print_error(console, problem)
    if problems:
        raise typer.Exit(2)
    if broken:
        raise typer.Exit(1)


def url_record(
    result: CheckResult, verdict: Verdict | None, places: Sequence[Citing]
) -> dict[str, Any]:
    """The JSON Lines object for one checked URL (documented in the README)."""
    return {
        "url": result.url,
        "status": str(result.status),
        "http_status": result.http_status,
        "final_url": result.final_url,
        "redirects": [
            {"url": h.url, "status": h.status, "location": h.location, "permanent": h.permanent}
            for h in result.redirects
        ],
        "error": result.error,
        "checked_at": result.checked_at,
        "latency_ms": result.latency_ms,
        "from_cache": result.from_cache,
        "failures_in_a_row": verdict.failures_in_a_row if verdict else 0,
        "broken": bool(verdict and verdict.broken),
        "flaky": bool(verdict and verdict.flaky),
        "citing": [
            {"document": c.document, "note": c.note, "key": c.key, "line": c.line}
            for c in places
        ],
    }


def _cited(reading: Cited | CitedLater) -> Cited:
    """What the documents cite, waiting for the part worked out in the background."""
    from citewatch.pipeline.citedcache import CitedLater

    return reading.result() if isinstance(reading, CitedLater) else reading
