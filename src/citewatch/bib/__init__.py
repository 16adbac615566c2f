"""The store as bibliographies: ``citewatch bib``.

Formats are plug-ins: :class:`BibFormat` names one, :class:`Exporter` is what each
implements, :func:`exporter_for` maps the one to the other. Every format reads the same
:class:`~citewatch.bib.model.BibItem` values (:mod:`.source`), sorted by key, so output
is deterministic: the same store gives the same bytes.

``biblatex``  the store's entries without provenance; archived copy in ``archiveurl``,
              ``archivedate`` and a printed ``addendum``
``bibtex``    standard BibTeX types and fields; access date and archived copy in ``note``
``csl-json``  for pandoc ``--citeproc``, citeproc-js/py and Zotero
``ris``       for Zotero, EndNote, Mendeley
``markdown``, ``html``  formatted in a CSL style, links as Robust Links
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Protocol

from citewatch.bib.biblatex import BiblatexExporter
from citewatch.bib.bibtex import BibtexExporter
from citewatch.bib.csljson import CslJsonExporter
from citewatch.bib.formatted import (
    DEFAULT_STYLE,
    HtmlBibliographyExporter,
    MarkdownBibliographyExporter,
)
from citewatch.bib.model import BibItem, Name
from citewatch.bib.ris import RisExporter
from citewatch.bib.source import load_items


class BibFormat(StrEnum):
    BIBLATEX = "biblatex"
    BIBTEX = "bibtex"
    CSL_JSON = "csl-json"
    RIS = "ris"
    MARKDOWN = "markdown"
    HTML = "html"


class Exporter(Protocol):
    """Turns the works into the text of one bibliography."""

    def export(self, items: Sequence[BibItem]) -> str: ...


def exporter_for(fmt: BibFormat, style: str = DEFAULT_STYLE) -> Exporter:
    """The exporter of a format; ``style`` (a CSL style) matters to markdown and html."""
    match fmt:
        case BibFormat.BIBLATEX:
            return BiblatexExporter()
        case BibFormat.BIBTEX:
            return BibtexExporter()
        case BibFormat.CSL_JSON:
            return CslJsonExporter()
        case BibFormat.RIS:
            return RisExporter()
        case BibFormat.MARKDOWN:
            return MarkdownBibliographyExporter(style)
        case BibFormat.HTML:
            return HtmlBibliographyExporter(style)
    raise ValueError(f"no exporter for {fmt!r}")  # pragma: no cover - the match is exhaustive


__all__ = [
    "DEFAULT_STYLE",
    "BibFormat",
    "BibItem",
    "Exporter",
    "Name",
    "exporter_for",
    "load_items",
]
