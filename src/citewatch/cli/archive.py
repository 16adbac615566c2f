"""``citewatch archive``: archived copies for cited URLs, Save Page Now, and URL repair."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from citewatch import pipeline
from citewatch.cli import common
from citewatch.cli.flags import takes_settings
from citewatch.cli.output import stderr_console
from citewatch.errors import CitewatchError
from citewatch.settings import Command, Settings, to_archive_options

if TYPE_CHECKING:
    from citewatch.archive import ArchiveResult


@takes_settings(Command.ARCHIVE)
def archive(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Documents to extract into the store first; default: the whole store.",
            show_default=False,
        ),
    ] = None,
    all_urls: Annotated[
        bool, typer.Option("--all", help="Look up every cited URL, not only broken ones.")
    ] = False,
    failing: Annotated[
        bool, typer.Option("--failing", help="Also URLs failing now but not yet broken.")
    ] = False,
    save: Annotated[
        bool,
        typer.Option(
            "--save",
            help="Ask Save Page Now to capture live URLs without a "
            "recent capture (credentials: WAYBACK_ACCESS_KEY/WAYBACK_SECRET_KEY).",
        ),
    ] = False,
    repair: Annotated[
        bool,
        typer.Option("--repair", help="Suggest repairs for damaged (suspect) and broken URLs."),
    ] = False,
    apply: Annotated[
        bool, typer.Option("--apply", help="With --repair: write confirmed repairs into the store.")
    ] = False,
    json_lines: Annotated[
        bool, typer.Option("--json", help="Print one JSON object per URL (JSON Lines).")
    ] = False,
    quiet: common.QuietOpt = False,
    *,
    settings: Settings,
) -> None:
    """Find the archived copy closest before each citation's date and record it in the store."""
    console = stderr_console(quiet)
    problems: list[CitewatchError] = []  # reported at the end; the other documents run
    try:
        only: set[str] | None = None
        if paths:
            extracted = pipeline.extract_paths(
                pipeline.document_paths(paths, common.warner(console))
            )
            stored = pipeline.store_extractions(
                extracted.extractions,
                settings.refs_dir,
                on_wait=common.notice(console),
            )
            problems.extend([*extracted.errors, *stored.errors])
            only = set(pipeline.cited_in_extractions((e, w.keys) for e, w in stored.written).places)
        if all_urls:
            targets = pipeline.archive_targets(settings.refs_dir, only)
        else:
            broken = pipeline.broken_urls(settings.refs_dir, settings, failing=failing)
            wanted = [u for u in broken if only is None or u in only]
            targets = pipeline.archive_targets(settings.refs_dir, wanted) if wanted else []
        if not targets and not repair and not save:
            what = "failing" if failing else "broken"
            console.print(
                f"No {what} links in the history: nothing to look up "
                "(use --all to look up every cited URL)."
            )
            _end(console, problems)
            return
        found = pipeline.find_archives(targets, settings) if targets else {}
        updated = pipeline.record_archives(targets, found)
        for url, result in found.items():
            _show(console, url, result, json_lines)
        console.print(
            f"{sum(1 for r in found.values() if r.snapshot)} of {len(found)} URLs "
            f"have an archived copy; {updated} store entries updated."
        )
        if save:
            _save(console, settings, json_lines)
        if repair:
            _repair(console, settings, apply, json_lines)
    except CitewatchError as exc:
        raise common.fail(console, exc) from None
    _end(console, problems)


def _end(console: Any, problems: list[CitewatchError]) -> None:
    """Report the documents that could not be used; exit 2 if there were any."""
    for problem in problems:
        common.print_error(console, problem)
    if problems:
        raise typer.Exit(2)


def _show(console: Any, url: str, result: ArchiveResult, json_lines: bool) -> None:
    snap = result.snapshot
    if json_lines:
        typer.echo(
            json.dumps(
                {
                    "url": url,
                    "outcome": str(result.outcome),
                    "archive_url": snap.archive_url if snap else None,
                    "timestamp": snap.timestamp if snap else None,
                    "target_date": result.target_date.isoformat() if result.target_date else None,
                    "reason": result.reason,
                    "from_cache": result.from_cache,
                    "requests": result.requests,
                },
                ensure_ascii=False,
            )
        )
    else:
        console.print(f"{url}\n  → {snap.archive_url if snap else 'no copy'} ({result.reason})")


def _save(console: Any, settings: Settings, json_lines: bool) -> None:
    live = pipeline.live_urls(settings.refs_dir, settings)
    options = to_archive_options(settings)
    from dataclasses import replace

    from citewatch.archive import SaveOptions, save_urls_sync

    options = replace(options, save=SaveOptions.from_env(enabled=True))
    results = save_urls_sync(live, options)
    for r in results:
        if json_lines:
            typer.echo(
                json.dumps(
                    {"url": r.url, "save": str(r.outcome), "reason": r.reason, "job_id": r.job_id},
                    ensure_ascii=False,
                )
            )
        else:
            console.print(f"save {r.url}: {r.outcome} {r.reason}")


def _repair(console: Any, settings: Settings, apply: bool, json_lines: bool) -> None:
    broken = pipeline.broken_urls(settings.refs_dir, settings, failing=True)
    items = pipeline.suspect_items(settings.refs_dir, broken)
    repairs = pipeline.suggest_repairs_for(items, settings)
    for suggestion, entry in repairs:
        if json_lines:
            typer.echo(
                json.dumps(
                    {
                        "key": entry.key,
                        "url": suggestion.original,
                        "probably_meant": suggestion.candidate,
                        "confirmed_by": str(suggestion.confirmed_by)
                        if suggestion.confirmed_by
                        else None,
                        "evidence": suggestion.evidence,
                    },
                    ensure_ascii=False,
                )
            )
        else:
            console.print(
                f"{entry.key}: {suggestion.original}\n  probably meant "
                f"{suggestion.candidate} ({suggestion.evidence})"
            )
    if apply:
        n = pipeline.apply_repairs(repairs)
        console.print(f"{n} repaired URLs written to the store (printed text kept).")
    elif repairs:
        console.print("Run with --apply to write the confirmed repairs into the store.")
    else:
        console.print(f"{len(items)} damaged or broken URLs examined; no repair confirmed.")
