"""Options shared by the commands that check links, and the settings they merge into."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from citewatch import pipeline
from citewatch.check.headers import HeaderSpecError, parse_header_arg
from citewatch.cli.output import progress
from citewatch.errors import CitewatchError
from citewatch.settings import Settings

if TYPE_CHECKING:
    from citewatch.archive import ArchiveResult

ArchiveOpt = Annotated[
    bool, typer.Option("--archive", help="Look up archived copies of broken links.")
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress, only errors.")]


def parse_headers(values: list[str] | None) -> dict[str, Any]:
    """``Name: value`` → every host; ``ORIGIN=Name: value`` → that origin only (see
    ``check.headers``: ``host[:port]``, ``https://host[:port]``, ``http://host:port``)."""
    if not values:
        return {}
    common: dict[str, str] = {}
    per_origin: dict[str, dict[str, str]] = {}
    for raw in values:
        try:
            arg = parse_header_arg(raw)
        except HeaderSpecError as exc:
            raise typer.BadParameter(
                f"{exc}; expected 'Name: value' or 'host[:port]=Name: value'",
                param_hint="--header",
            ) from exc
        target = common if arg.origin is None else per_origin.setdefault(str(arg.origin), {})
        target[arg.name] = arg.value
    out: dict[str, Any] = {}
    if common:
        out["headers"] = common
    if per_origin:
        out["host_headers"] = per_origin
    return out


def record_archives(checked: pipeline.Checked, settings: Settings) -> int:
    """Write the copies this run found into the store entries citing the URLs (the copy
    for the earliest date a citation saw the page); returns entries updated."""
    earliest: dict[str, ArchiveResult] = {}
    for (url, when), result in sorted(
        checked.archives.items(), key=lambda kv: (kv[0][0], kv[0][1] or date.max)
    ):
        if result.snapshot is not None:
            earliest.setdefault(url, result)
    printed = {
        u: earliest[checked.reported(u)] for u in checked.cited if checked.reported(u) in earliest
    }
    targets = pipeline.archive_targets(settings.refs_dir, printed) if printed else []
    found = {t.url: printed[t.url] for t in targets if t.url in printed}
    return pipeline.record_archives(targets, found)


def print_error(console: Console, problem: CitewatchError | str) -> None:
    """``error: <message>`` on stderr, even with ``--quiet``; the message is escaped (file
    names may hold ``[``)."""
    quiet, console.quiet = console.quiet, False
    try:
        console.print(f"[red]error:[/] {escape(str(problem))}", markup=True, highlight=False)
    finally:
        console.quiet = quiet


def print_warnings(console: Console, document: str, warnings: Iterable[str]) -> None:
    """What the extractor noticed but could not act on (a link annotation never printed,
    a stage that failed and fell back), one line each, escaped."""
    for warning in warnings:
        console.print(
            f"[yellow]warning:[/] {escape(document)}: {escape(warning)}",
            markup=True,
            highlight=False,
        )


def notice(console: Console) -> Callable[[str], None]:
    """A printer for things the user should know while waiting (another run holds the
    store's lock); silenced by ``--quiet``."""
    return lambda message: console.print(
        f"[yellow]note:[/] {escape(message)}", markup=True, highlight=False
    )


def warner(console: Console) -> Callable[[str], None]:
    """A printer for one warning line (a folder skipped, a damaged part of a document)."""
    return lambda message: console.print(
        f"[yellow]warning:[/] {escape(message)}", markup=True, highlight=False
    )


def fail(console: Console, exc: CitewatchError | str) -> typer.Exit:
    """Print an error and return the exit for code 2 (usage, config or input error)."""
    print_error(console, exc)
    return typer.Exit(2)


@contextmanager
def check_progress(console: Console, total: int, enabled: bool) -> Iterator[Any]:
    """A progress bar over URL checks; yields the per-result callback.

    Ctrl-C ends the command with exit code 130 (not 1, which means "broken links"); every
    result that arrived is already committed to the history.
    """
    try:
        with progress(console, total, "checking", enabled) as advance:
            yield lambda result: advance(f"{result.status}: {result.url}")
    except KeyboardInterrupt:
        print_error(console, "interrupted: the links checked so far are kept in the history")
        raise typer.Exit(130) from None