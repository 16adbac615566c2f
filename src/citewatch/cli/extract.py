"""``citewatch extract``: documents → citations → the BibTeX store; with ``--check``, an
offline lint of URLs damaged by text extraction (the pre-commit hook)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from citewatch import pipeline
from citewatch.citations.model import Extraction, SuspectReason
from citewatch.cli import common
from citewatch.cli.flags import takes_settings
from citewatch.cli.output import progress, show_progress, stderr_console
from citewatch.errors import CitewatchError
from citewatch.settings import Command, Settings


@dataclass(frozen=True)
class Damaged:
    """One URL that looks damaged, where it is printed and what it probably was."""

    document: str
    line: int
    printed: str
    reasons: tuple[SuspectReason, ...]
    detail: str
    alternatives: tuple[str, ...]

    def __str__(self) -> str:
        """``file:line: URL — why (reasons); probably one of: A, B`` (a compiler's form,
        so editors and pre-commit output link to the line)."""
        reasons = ", ".join(str(r) for r in self.reasons)
        why = f"{self.detail} ({reasons})" if self.detail else reasons
        text = f"{self.document}:{self.line}: {self.printed} — {why}"
        if self.alternatives:
            text += "; probably one of: " + ", ".join(self.alternatives)
        return text


def damaged_urls(extraction: Extraction) -> list[Damaged]:
    """The suspect URLs of one document, in line order, each printed place once."""
    found = {
        (u.line, u.url): Damaged(
            extraction.document, u.line, u.url, u.suspect, u.detail, u.alternatives
        )
        for citation in extraction.citations
        for u in citation.suspect_urls
    }
    return [found[k] for k in sorted(found)]


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
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Print each URL that looks damaged by text extraction as 'file:line: URL — "
            "why (reasons); probably one of: …' and exit 1 if there is any. Offline; writes "
            "nothing (implies --dry-run). For the pre-commit hook.",
        ),
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
    *,
    settings: Settings,
) -> None:
    """Extract every cited URL and footnote into refs/<document>.bib.

    Exit 0 when done, 1 with --check when a URL looks damaged, 2 when a document or the
    store is unusable (the other documents still run).
    """
    console = stderr_console(quiet)
    dry_run = dry_run or check
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
    damaged = 0
    for extraction, written in stored.written:
        if json_lines:
            for citation in extraction.citations:
                record = pipeline.citation_record(extraction, citation, written.keys.get(citation))
                typer.echo(json.dumps(record, ensure_ascii=False))
        common.print_warnings(
            console, extraction.document, [*extraction.warnings, *written.warnings]
        )
        if check:
            found = damaged_urls(extraction)
            damaged += len(found)
            for item in found:  # the findings are the output: stdout, even with --quiet
                typer.echo(str(item), err=json_lines)
            continue
        n = len(extraction.citations)
        n_urls = len({u.url for c in extraction.citations for u in c.urls})
        verb = "would write" if dry_run else ("wrote" if written.changed else "unchanged")
        console.print(
            f"{extraction.document}: {n} citations, {n_urls} URLs → {written.path} ({verb})"
        )
    if check:
        docs_read = len(stored.written)
        console.print(
            f"{damaged} URL{'' if damaged == 1 else 's'} "
            f"look{'s' if damaged == 1 else ''} damaged in {docs_read} "
            f"document{'' if docs_read == 1 else 's'}"
            + (": check them against the source (or run `citewatch audit` to confirm a "
               "repair)" if damaged else ".")
        )
    for problem in [*result.errors, *stored.errors]:
        common.print_error(console, problem)
    if result.errors or stored.errors:
        raise typer.Exit(2)
    if damaged:
        raise typer.Exit(1)
