"""Terminal output for the CLI: one place that knows about rich, colour and TTYs."""

from __future__ import annotations

import os
import sys

from rich.console import Console


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
