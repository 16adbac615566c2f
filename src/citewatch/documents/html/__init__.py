"""HTML pages as the text a browser's "save as text" gives, each footnote on a numbered line.

The citation extractor reads running text, then footnotes as lines starting with their
number (``12 Author, “Title”, … <url>``). A saved web page says the same things in markup:
notes are ``<li id="fn12">`` items of an ``<ol class="footnotes">``, Wikipedia's
``<ol class="references">``, ``role="doc-endnotes"`` sections, ``epub:type="footnote"``
asides or Word's ``mso-element:footnote`` divs, and a cited URL hides in an ``href`` behind
its title. This module turns that markup into the plain shape:

* site chrome (``script``, ``style``, ``nav``, a page-level ``header``/``footer``, hidden and
  screen-reader-only elements) is dropped; block elements become line breaks (blank lines
  between paragraphs, single breaks between list items and table rows, ``<br>`` kept);
* every footnote becomes one line ``N text`` (its paragraphs joined, back-links dropped).
  ``N`` is what the reader sees: the in-page marker pointing at the note (``<sup><a
  href="#fn12">12</a></sup>``, ``[12]``), else the number printed in it, else its list
  position. Lists of notes stay where they stand (under their "Notes"/"References"
  heading); single notes scattered through the body (asides, sidenotes, blocks that a marker
  points forward to) follow the body, in document order;
* an anchor whose text is not its URL is written ``text <url>`` (option
  :attr:`HtmlOptions.urls_in_text`, on by default), like a printed footnote's
  ``online: <…>``, so the URL is in the text where the extractor looks; every absolute
  target also goes to ``Document.link_targets`` as ``(0, url)``; a note marker right after
  a bare URL is set off by a space (``…/report 3``), lest it be read as part of the URL;
* ``<title>`` (less the ``og:site_name`` suffix), author, site name, date and canonical URL
  become labelled front-matter lines (``Title: …``, ``Author: …``, ``Publisher: …``,
  ``Date: …``, ``Original url: …``), the form the metadata reader trusts most.

Relative links are resolved against ``<base href>``, else the page's canonical URL (a saved
page keeps its original relative links); without either they cannot be checked and stay
plain text. ``javascript:``, ``mailto:``, ``tel:`` and in-page ``#`` links are never targets.
The parser is BeautifulSoup with the standard library's ``html.parser`` (no C extension);
every walk is iterative and linear, so deep or large pages cost time in proportion.
"""

from __future__ import annotations

import codecs
import re
import warnings
from pathlib import Path
from urllib.parse import urljoin

from bs4 import BeautifulSoup
from bs4.element import Tag

from citewatch.documents.html.dom import BR
from citewatch.documents.html.head import front_matter_lines, page_front_matter, read_head
from citewatch.documents.html.links import ends_in_url, is_checkable_url, link_suffix
from citewatch.documents.html.model import HtmlOptions, HtmlText
from citewatch.documents.html.notes import Labeller, is_backlink, marker_targets, scan
from citewatch.documents.html.render import Renderer
from citewatch.documents.model import DocFormat, Document
from citewatch.documents.text import read_text_file
from citewatch.errors import InputError

__all__ = [
    "HtmlOptions",
    "HtmlReader",
    "HtmlText",
    "ends_in_url",
    "front_matter_lines",
    "html_to_text",
    "is_checkable_url",
    "link_suffix",
]


def _parse(markup: str) -> BeautifulSoup:
    from bs4 import MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning

    with warnings.catch_warnings():
        # a page that is only a URL, or XHTML, is still a page to read
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return BeautifulSoup(markup.replace(BR, ""), "html.parser")


def html_to_text(
    markup: str, options: HtmlOptions | None = None, base_url: str | None = None
) -> HtmlText:
    """Render an HTML page (or fragment) as extractor-ready text.

    ``base_url`` resolves relative links when the page names no ``<base>`` or canonical URL.
    """
    opts = options or HtmlOptions()
    soup = _parse(markup)
    head = read_head(soup)
    base = base_url or head.canonical
    if head.base:
        joined = urljoin(base, head.base) if base else head.base
        if is_checkable_url(joined):
            base = joined

    found = scan(soup, opts.drop_chrome, marker_targets(soup, head))
    skip: set[int] = {id(n.element) for n in found.loose}
    skip.update(id(t) for t in found.chrome)
    for note in (*found.loose, *(n for notes in found.lists.values() for n in notes)):
        skip.update(id(t) for t in note.element.find_all(True) if is_backlink(t))

    renderer = Renderer(base, opts, skip, found.lists, Labeller(head.markers))
    root = soup.body if isinstance(soup.body, Tag) else soup
    body = renderer.render(root)
    end_notes = [line for note in found.loose if (line := renderer.note_line(note))]

    lines: list[str] = []
    if opts.front_matter:
        front = page_front_matter(head)
        if front:
            lines.extend(front)
            lines.append("")
    lines.extend(body)
    if end_notes:
        lines.append("")
        lines.extend(end_notes)
    text = "\n".join(lines).strip("\n")
    text = re.sub(r"\n{3,}", "\n\n", text)
    return HtmlText(
        text=text + "\n" if text else "",
        links=tuple(dict.fromkeys(renderer.links)),
        notes=tuple(renderer.notes),
        base_url=base,
    )


_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE
)


def _declared_charset(data: bytes) -> str | None:
    """The encoding a ``<meta charset>`` declares, as a Python codec name."""
    m = _CHARSET.search(data[:4096])
    if not m:
        return None
    try:
        return codecs.lookup(m.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def read_markup(path: Path) -> tuple[str, str]:
    """Decode an HTML file: like plain text, but a ``<meta charset>`` settles legacy bytes.

    Valid UTF-8 (or a byte-order mark) wins over the declaration, which is often stale in
    pages saved by a browser that re-encoded them.
    """
    try:
        text, encoding = read_text_file(path)
    except InputError as exc:
        if "invalid" not in exc.message and "not valid" not in exc.message:
            raise
        declared = _sniff_file(path)
        if declared is None or declared == "utf-8":
            raise
        try:
            return path.read_bytes().decode(declared).replace("\r\n", "\n"), declared
        except (UnicodeDecodeError, OSError):
            raise exc from None
    if encoding in ("utf-8", "utf-8-sig", "utf-16", "utf-32"):
        return text, encoding
    declared = _sniff_file(path)
    if declared is not None and declared != "utf-8" and declared != codecs.lookup(encoding).name:
        try:
            return path.read_bytes().decode(declared).replace("\r\n", "\n"), declared
        except (UnicodeDecodeError, OSError):
            pass
    return text, encoding


def _sniff_file(path: Path) -> str | None:
    try:
        with path.open("rb") as fh:
            return _declared_charset(fh.read(4096))
    except OSError:
        return None


class HtmlReader:
    """HTML pages (``.html``, ``.htm``, ``.xhtml``) through BeautifulSoup's ``html.parser``."""

    format = DocFormat.HTML
    suffixes: tuple[str, ...] = (".html", ".htm", ".xhtml")

    def __init__(self, options: HtmlOptions | None = None) -> None:
        self.options = options or HtmlOptions()

    def read(self, path: Path) -> Document:
        markup, encoding = read_markup(path)
        rendered = html_to_text(markup, self.options)
        if not rendered.text.strip():
            raise InputError("the HTML page has no visible text", path=path)
        return Document(
            path=path,
            text=rendered.text,
            format=self.format,
            encoding=encoding,
            link_targets=tuple((0, url) for url in rendered.links),
        )
