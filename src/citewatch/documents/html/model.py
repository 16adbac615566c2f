"""What an HTML page is read with, and what it gives."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class HtmlOptions:
    """How an HTML page is turned into text."""

    urls_in_text: bool = True
    """Write ``text <url>`` for an anchor whose visible text is not its URL. On by default:
    the extractor finds URLs in the text, and a note's title alone names no link."""
    front_matter: bool = True
    """Emit ``Title:``/``Author:``/``Date:``/``Original url:`` lines from the page's head."""
    drop_chrome: bool = True
    """Leave out navigation, page-level headers and footers, and screen-reader-only text."""


@dataclass(frozen=True)
class HtmlText:
    """An HTML page as text."""

    text: str
    """Front matter, then the body with one ``N text`` line per note; ends with ``\\n``."""
    links: tuple[str, ...] = ()
    """Absolute link targets in text order, each once."""
    notes: tuple[tuple[str, str], ...] = ()
    """The footnotes found, as (label, text), in the order written."""
    base_url: str | None = None
    """The URL relative links were resolved against."""
