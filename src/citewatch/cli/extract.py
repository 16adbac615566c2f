"""``citewatch extract``: documents → citations → the BibTeX store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from citewatch import pipeline
from citewatch.cli import common
from citewatch.cli.flags import takes_settings
from citewatch.cli.output import progress, show_progress, stderr_console
from citewatch.errors import CitewatchError
from citewatch.settings import Command, Settings


@takes_settings(Command.EXTRACT)
def extract(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Documents or folders (walked recursively).", show_default=False),
    ],
    json_lines: Annotated[
        bool, typer.Option("--json", help="Print one JSON object per citation (JSON Lines).")
    ] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Do not write the store.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
    *,
    settings: Settings,
) -> None:
    """Extract every cited URL and footnote into refs/<document>.bib."""
    console = stderr_console(quiet)
    try:
        docs = pipeline.document_paths(paths, common.warner(console))
    except CitewatchError as exc:
        raise common.fail(console, exc) from None
    with progress(console, len(docs), "extracting", show_progress(console, quiet)) as advance:
        result = pipeline.extract_paths(docs, advance)
    stored = pipeline.store_extractions(
        result.extractions,
        settings.refs_dir,
        dry_run=dry_run,
        on_wait=common.notice(console),
    )
    for extraction, written in stored.written:
        if json_lines:
            for citation in extraction.citations:
                record = pipeline.citation_record(extraction, citation, written.keys.get(citation))
                typer.echo(json.dumps(record, ensure_ascii=False))
        n = len(extraction.citations)
        n_urls = len({u.url for c in extraction.citations for u in c.urls})
        verb = "would write" if dry_run else ("wrote" if written.changed else "unchanged")
        common.print_warnings(
            console, extraction.document, [*extraction.warnings, *written.warnings]
        )
        console.print(
            f"{extraction.document}: {n} citations, {n_urls} URLs → {written.path} ({verb})"
        )
    for problem in [*result.errors, *stored.errors]:
        common.print_error(console, problem)
    if result.errors or stored.errors:
        raise typer.Exit(2)
