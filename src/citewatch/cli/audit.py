"""``citewatch audit``: the main job — extract, update the store, check, write reports."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from citewatch import pipeline
from citewatch.cli import common
from citewatch.cli.flags import takes_settings
from citewatch.cli.output import progress, show_progress, stderr_console
from citewatch.errors import CitewatchError
from citewatch.settings import Command, Settings


@takes_settings(Command.AUDIT)
def audit(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Documents or folders (walked recursively).", show_default=False),
    ],
    archive: common.ArchiveOpt = False,
    apply: Annotated[
        bool,
        typer.Option(
            "--apply",
            help="Write confirmed repairs of URLs damaged by text extraction into refs/ "
            "(the printed text is kept in citewatch-repaired).",
        ),
    ] = False,
    quiet: common.QuietOpt = False,
    *,
    settings: Settings,
) -> None:
    """Extract → update refs/ → check every cited URL, repairing those damaged by text
    extraction → (--archive) archived copies of failing links → write reports/ (md, json,
    junit, html, sarif).

    Exit 0 when nothing is broken, 1 when links are broken per the history policy, 2 when a
    document, the store or the configuration is unusable (the other documents still run).
    """
    console = stderr_console(quiet)
    try:
        docs = pipeline.document_paths(paths, common.warner(console))
    except CitewatchError as exc:
        raise common.fail(console, exc) from None

    with progress(console, len(docs), "extracting", show_progress(console, quiet)) as advance:
        extracted = pipeline.extract_paths(docs, advance)
    stored = pipeline.store_extractions(
        extracted.extractions,
        settings.refs_dir,
        on_wait=common.notice(console),
    )
    errors: list[CitewatchError] = [*extracted.errors, *stored.errors]
    for extraction, written in stored.written:
        common.print_warnings(
            console, extraction.document, [*extraction.warnings, *written.warnings]
        )
        console.print(
            f"{extraction.document}: {len(extraction.citations)} citations → "
            f"{written.path} ({'updated' if written.changed else 'unchanged'})"
        )
    try:
        cited = pipeline.cited_in_extractions((e, w.keys) for e, w in stored.written)
        with common.check_progress(
            console, len(cited.places), show_progress(console, quiet)
        ) as advance:
            checked = pipeline.check_cited(cited, settings, advance, archive=archive)
        if archive:
            common.record_archives(checked, settings)
        if apply and checked.repairs:
            n = pipeline.write_repairs(checked.repairs, settings.refs_dir)
            console.print(f"{n} repaired URLs written to {settings.refs_dir}/")
        report = pipeline.audit_report(cited, checked, settings.refs_dir)
        from citewatch.report.renderers import write_reports

        written_reports = write_reports(report, settings.reports_dir)
    except CitewatchError as exc:
        raise common.fail(console, exc) from None
    console.print(pipeline.summary_line(checked, report.broken))
    console.print("reports: " + ", ".join(str(p) for p in written_reports.values()))
    for problem in errors:
        common.print_error(console, problem)
    if errors:
        raise typer.Exit(2)
    if report.broken:
        raise typer.Exit(1)
