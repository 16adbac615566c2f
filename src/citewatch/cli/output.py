"""Terminal output for the CLI: one place that knows about rich, colour and TTYs."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


def stderr_console(quiet: bool = False) -> Console:
    """The console for messages and progress: stderr, so stdout stays clean for --json.

    Colour follows ``NO_COLOR`` (https://no-color.org) and whether stderr is a terminal.
    """
    no_color = bool(os.environ.get("NO_COLOR"))
    return Console(
        file=sys.stderr,
        no_color=no_color,
        highlight=False,
        quiet=quiet,
        soft_wrap=True,
    )


def show_progress(console: Console, quiet: bool) -> bool:
    """Progress bars only on a terminal and when not asked to be quiet."""
    return not quiet and console.is_terminal


@contextmanager
def progress(
    console: Console, total: int, label: str, enabled: bool
) -> Iterator[Callable[[str], None]]:
    """A progress bar over ``total`` items; yields ``advance(description)``. A no-op when
    not enabled (not a terminal, ``--quiet``), so callers need no second code path."""
    if not enabled:
        yield lambda description: None
        return
    with Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("", total=total)
        yield lambda description: bar.update(task, advance=1, description=description[-60:])
