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
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup
from bs4.element import NavigableString, PageElement, PreformattedString, Tag

from citewatch.documents.model import DocFormat, Document
from citewatch.documents.text import read_text_file
from citewatch.errors import InputError
from citewatch.url import identity

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


# --------------------------------------------------------------------------------------
# Element classes

_SKIP = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "title",
        "meta",
        "link",
        "base",
        "iframe",
        "object",
        "embed",
        "svg",
        "canvas",
        "img",
        "picture",
        "source",
        "video",
        "audio",
        "track",
        "map",
        "area",
        "input",
        "select",
        "option",
        "textarea",
        "button",
        "dialog",
    }
)
"""Elements whose content is never visible text."""

_LOOSE = frozenset(
    {
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "article",
        "main",
        "aside",
        "header",
        "footer",
        "nav",
        "blockquote",
        "pre",
        "table",
        "ul",
        "ol",
        "dl",
        "figure",
        "address",
        "form",
        "fieldset",
        "details",
        "summary",
        "center",
        "body",
        "hr",
        "caption",
        "hgroup",
        "menu",
        "legend",
    }
)
"""Blocks set off by a blank line."""

_TIGHT = frozenset({"li", "tr", "dt", "dd", "figcaption"})
"""Blocks on a line of their own, no blank line around them."""

_CELLS = frozenset({"td", "th"})

_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "search"})
_SR_ONLY = frozenset({"sr-only", "visually-hidden", "screen-reader-text", "visuallyhidden"})
_CONTENT_ANCESTORS = frozenset({"article", "main", "section", "aside", "blockquote"})
"""A ``header``/``footer`` inside one of these is the article's own (byline, date), kept."""

_NOTE_SEMANTICS = frozenset({"footnote", "endnote", "rearnote", "note"})
_NOTES_SEMANTICS = frozenset({"footnotes", "endnotes", "rearnotes"})
_NOTE_ROLES = frozenset({"doc-footnote", "doc-endnote"})
_NOTES_ROLES = frozenset({"doc-endnotes", "doc-footnotes"})
_NOTES_CLASSES = frozenset(
    {
        "footnotes",
        "footnote",
        "endnotes",
        "endnote",
        "references",
        "reflist",
        "notes",
        "footnotes-list",
        "footnote-definition",
        "footnote-definitions",
        "footnote-list",
        "references-list",
    }
)
"""Classes of a list of notes, or of a container holding one (pandoc, Python-Markdown,
markdown-it, Wikipedia, WordPress plugins)."""
_SINGLE_NOTE_CLASSES = frozenset({"footnote", "endnote", "sidenote"})
_BACKLINK_CLASS = re.compile(r"back(?:link|ref)|footnote-back|fn-back|cite-backlink", re.IGNORECASE)
_NOTE_BLOCKS = frozenset({"p", "li", "div", "aside", "dd", "blockquote"})
_NOT_NOTE_BLOCKS = frozenset(
    {"body", "html", "main", "article", "section", "nav", "header", "footer", "table", "form"}
)
_MAX_NOTE_CHARS = 5000
"""A block longer than this is not one note, whatever points at it."""
_WORD_NOTE_STYLE = re.compile(r"mso-element\s*:\s*(?:foot|end)note\s*(?:;|$)", re.IGNORECASE)

_WS = re.compile(r"[ \t\n\r\f\v\u00a0]+")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff\x00"))
"""Soft hyphens and zero-width spaces: a browser shows nothing for them, and inside a word
or a long URL (where pages put them to allow a line break) they must not split it."""
_BR = "\x00"
"""Stands for a forced line break in the inline buffer (NULs are removed from input)."""
_LABEL_TEXT = re.compile(r"^(?:\d{1,4}|[a-z]{1,3}|[*†‡§¶]{1,3})$", re.IGNORECASE)
_LEADING_NUMBER = re.compile(r"^\s*[\[(]?(\d{1,4})[\])]?[.:)]?\s+(?=\S)")
_ALNUM = re.compile(r"\w")
_BACK_ARROWS = frozenset("↩↑^⤴⮌⇧")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def _attr(tag: Tag, name: str) -> str:
    """An attribute as one string (multi-valued ones such as ``class`` joined by spaces)."""
    value = tag.get(name)
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return " ".join(value)


def _words(tag: Tag, name: str) -> set[str]:
    return {w.lower() for w in _attr(tag, name).split()}


def _collapse(text: str) -> str:
    return _WS.sub(" ", text)


# --------------------------------------------------------------------------------------
# URLs

_CHECKABLE_SCHEMES = frozenset({"http", "https", "ftp"})


def is_checkable_url(url: str) -> bool:
    """An absolute http(s)/ftp URL with a host: the only links the check stage can test."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in _CHECKABLE_SCHEMES and bool(parts.netloc)


def _resolve(href: str, base: str | None) -> str | None:
    """``href`` made absolute, or None for in-page, script, mail and unresolvable links."""
    href = href.strip()
    lower = href.lower()
    if (
        not href
        or href.startswith("#")
        or lower.startswith(("javascript:", "mailto:", "tel:", "data:", "sms:", "about:"))
    ):
        return None
    if href.startswith("//") and base is None:
        href = "https:" + href
    try:
        url = urljoin(base, href) if base else href
    except ValueError:
        return None
    url = url.replace(" ", "%20")
    return url if is_checkable_url(url) else None


def _url_key(text: str) -> str:
    """A URL, or text shown for one, compared case-blind on its identity."""
    return identity(text).lower()


def link_suffix(visible: str, url: str) -> tuple[str | None, str]:
    """How to write a link: ``(replacement, suffix)`` for its visible text.

    The text is left alone (``None``) and `` <url>`` appended, unless the text already is the
    URL (no suffix) or a shortened display of it (``example.org/long/pa…``: the text is
    replaced by the URL, since a truncated URL in the text would be read as a broken one).
    """
    shown = visible.strip()
    if not shown:
        return None, ""
    key_url, key_shown = _url_key(url), _url_key(shown)
    if key_shown == key_url or key_url in key_shown:
        return None, ""
    for ellipsis in ("…", "..."):
        if shown.endswith(ellipsis) and " " not in shown:
            stem = _url_key(shown[: -len(ellipsis)])
            if stem and key_url.startswith(stem):
                return url, ""
    return None, f" <{url}>"


_URL_TAIL = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.)[^\s<>]*$", re.IGNORECASE)


def ends_in_url(buf: list[str]) -> bool:
    """True when the inline text so far ends in a bare URL: a note marker written right after
    it (``…/report3``, ``…/report[3]``) would be read as part of the URL."""
    tail = ""
    for piece in reversed(buf):
        tail = piece + tail
        if len(tail) > 300 or any(c.isspace() for c in piece):
            break
    return bool(_URL_TAIL.search(tail[-300:]))


# --------------------------------------------------------------------------------------
# Rendering


@dataclass
class _Lines:
    """Lines under construction: an inline buffer flushed at block boundaries."""

    lines: list[str] = field(default_factory=list)
    buf: list[str] = field(default_factory=list)
    prefix: str = ""
    pre: int = 0
    flushes: int = 0
    """Times the buffer was emptied: a link open across a block break cannot edit its text."""

    def flush(self, blank: bool) -> None:
        if self.buf:
            raw = "".join(self.buf)
            self.buf.clear()
            self.flushes += 1
            for piece in raw.split(_BR):
                line = piece if self.pre else _collapse(piece)
                line = line.strip() if not self.pre else line.rstrip()
                if not line.strip():
                    continue
                if self.prefix:
                    line = self.prefix + line.lstrip()
                    self.prefix = ""
                self.lines.append(line)
        if blank and self.lines and self.lines[-1] != "" and not self.prefix:
            self.lines.append("")


@dataclass
class _Link:
    url: str
    start: int
    """Index in the inline buffer where the link's text starts."""
    flushes: int
    """The buffer's flush count when the link opened."""


class _Renderer:
    """Walks a tree iteratively (deep markup must not hit the recursion limit)."""

    def __init__(
        self,
        base: str | None,
        options: HtmlOptions,
        skip: set[int],
        note_lists: dict[int, list[_Note]],
        labeller: _Labeller,
    ) -> None:
        self.base = base
        self.options = options
        self.skip = skip
        self.note_lists = note_lists
        self.labeller = labeller
        self.links: list[str] = []
        self.notes: list[tuple[str, str]] = []
        """(label, text) of every note written, in text order."""

    def note_line(self, note: _Note) -> str:
        """``N text`` for one note ("" when it has no text): the note's blocks on one line."""
        text = _collapse(" ".join(self.render(note.element))).strip()
        if not text:
            return ""
        label, text = self.labeller.label(note, text)
        self.notes.append((label, text))
        return f"{label} {text}"

    def render(self, root: Tag) -> list[str]:
        out = _Lines()
        lists: list[list[int]] = []  # per open list: [is ordered, next number, items seen]
        anchors: list[_Link | None] = []
        stack: list[tuple[PageElement, bool]] = [(root, True)]
        while stack:
            node, entering = stack.pop()
            if not isinstance(node, Tag):
                if (
                    entering
                    and isinstance(node, NavigableString)
                    and not isinstance(node, PreformattedString)
                ):
                    text = str(node).translate(_INVISIBLE)
                    if out.pre:
                        text = text.replace("\n", _BR)
                    out.buf.append(text)
                continue
            if entering:
                if node is not root and (id(node) in self.skip or self._invisible(node)):
                    continue
                notes = self.note_lists.get(id(node)) if node is not root else None
                if notes is not None:
                    out.flush(blank=True)
                    out.lines.extend(line for note in notes if (line := self.note_line(note)))
                    out.flush(blank=True)
                    continue
                stack.append((node, False))
                stack.extend((child, True) for child in reversed(node.contents))
                self._open(node, out, lists, anchors)
            else:
                self._close(node, out, lists, anchors)
        out.flush(blank=False)
        while out.lines and out.lines[-1] == "":
            out.lines.pop()
        return out.lines

    def _invisible(self, tag: Tag) -> bool:
        if tag.name in _SKIP or tag.has_attr("hidden"):
            return True
        if _attr(tag, "aria-hidden").lower() == "true" and tag.name not in ("sup", "a"):
            return True
        style = _attr(tag, "style")
        return bool(style) and bool(_HIDDEN_STYLE.search(style))

    def _open(
        self, tag: Tag, out: _Lines, lists: list[list[int]], anchors: list[_Link | None]
    ) -> None:
        name = tag.name
        if name in _LOOSE:
            out.flush(blank=True)
            if name == "pre":
                out.pre += 1
            elif name in ("ol", "ul", "menu"):
                start = 1
                if name == "ol":
                    try:
                        start = int(_attr(tag, "start") or 1)
                    except ValueError:
                        start = 1
                lists.append([int(name == "ol"), start, 0])
        elif name in _TIGHT:
            out.flush(blank=False)
            if name == "li" and lists:
                ordered, number, seen = lists[-1]
                value = _attr(tag, "value")
                if ordered and value.strip().lstrip("-").isdigit():
                    number = int(value)
                if seen and len(out.lines) > 1 and out.lines[-1] == "":
                    out.lines.pop()  # items holding paragraphs still sit one per line
                out.prefix = f"{number}. " if ordered else "• "
                lists[-1][1:] = [number + 1, 1]
        elif name in _CELLS or name == "sup" and ends_in_url(out.buf):
            out.buf.append(" ")
        elif name == "br":
            out.buf.append(_BR)
        elif name == "q":
            out.buf.append("“")
        elif name == "a":
            href = _attr(tag, "href")
            if href.startswith("#") and ends_in_url(out.buf):
                out.buf.append(" ")
            url = _resolve(href, self.base) if href else None
            if url is not None:
                self.links.append(url)
            anchors.append(_Link(url, len(out.buf), out.flushes) if url is not None else None)

    def _close(
        self, tag: Tag, out: _Lines, lists: list[list[int]], anchors: list[_Link | None]
    ) -> None:
        name = tag.name
        if name in _LOOSE:
            out.flush(blank=True)
            if name == "pre":
                out.pre -= 1
            elif name in ("ol", "ul", "menu") and lists:
                lists.pop()
        elif name in _TIGHT:
            out.flush(blank=False)
        elif name == "q":
            out.buf.append("”")
        elif name == "a" and anchors:
            link = anchors.pop()
            if link is None or not self.options.urls_in_text:
                return
            if link.flushes != out.flushes:  # the link wraps blocks: its text is gone by
                out.buf.append(f" <{link.url}>")
                return
            visible = _collapse("".join(out.buf[link.start :]).replace(_BR, " "))
            replacement, suffix = link_suffix(visible, link.url)
            if replacement is not None:
                lead = " " if visible[:1] == " " else ""
                tail = " " if visible[-1:] == " " else ""
                out.buf[link.start :] = [lead + replacement + tail]
            elif suffix:
                # keep the text's trailing space after the URL, not between text and URL
                joined = "".join(out.buf[link.start :])
                stripped = joined.rstrip(" \t\n\r\f\v")
                out.buf[link.start :] = [stripped, suffix, joined[len(stripped) :]]


# --------------------------------------------------------------------------------------
# Footnotes


@dataclass(frozen=True)
class _Note:
    element: Tag
    label: str | None
    """The label the page shows for it, where known before rendering."""
    ordinal: int | None = None
    """Position in its list, for notes that no marker names."""


class _Labeller:
    """Gives each note the label a reader sees, each label once where it can."""

    def __init__(self, markers: dict[str, str]) -> None:
        self.markers = markers
        self.used: set[str] = set()
        self.next_number = 1

    def label(self, note: _Note, text: str) -> tuple[str, str]:
        """``(label, text without its printed label)``."""
        element = note.element
        label = note.label or next(
            (self.markers[i] for i in _note_ids(element) if i in self.markers), None
        )
        if label is None and note.ordinal is not None:
            label = str(note.ordinal)
        if label is None:
            lead = _LEADING_NUMBER.match(text)
            if lead:
                label = lead.group(1)
        if label is None:
            digits = re.search(r"(\d{1,4})$", _attr(element, "id"))
            if digits and digits.group(1) not in self.used:
                label = digits.group(1)
        if label is None:
            while str(self.next_number) in self.used:
                self.next_number += 1
            label = str(self.next_number)
        self.used.add(label)
        return label, _strip_label(text, label).strip()


def _is_notes_list(tag: Tag) -> bool:
    return tag.name in ("ol", "ul") and bool(_words(tag, "class") & _NOTES_CLASSES)


def _is_notes_container(tag: Tag) -> bool:
    if _words(tag, "role") & _NOTES_ROLES or _words(tag, "epub:type") & _NOTES_SEMANTICS:
        return True
    return tag.name not in ("ol", "ul", "li") and bool(_words(tag, "class") & _NOTES_CLASSES)


def _is_single_note(tag: Tag) -> bool:
    if _words(tag, "role") & _NOTE_ROLES or _words(tag, "epub:type") & _NOTE_SEMANTICS:
        return True
    if tag.name == "div" and _WORD_NOTE_STYLE.search(_attr(tag, "style")):
        return True
    return tag.name in ("aside", "div", "p", "span") and bool(
        _words(tag, "class") & _SINGLE_NOTE_CLASSES
    )


def _list_items(lst: Tag) -> Iterator[tuple[Tag, int]]:
    number = 1
    if lst.name == "ol":
        try:
            number = int(_attr(lst, "start") or 1)
        except ValueError:
            number = 1
    for li in lst.find_all("li", recursive=False):
        value = _attr(li, "value").strip()
        if value.isdigit():
            number = int(value)
        yield li, number
        number += 1


def _top_lists(container: Tag) -> list[Tag]:
    """Lists in ``container`` that are not nested in another list item of it."""
    lists: list[Tag] = []
    for lst in container.find_all(["ol", "ul"]):
        parent = lst.parent
        nested = False
        while parent is not None and parent is not container:
            if parent.name == "li":
                nested = True
                break
            parent = parent.parent
        if not nested:
            lists.append(lst)
    ordered = [lst for lst in lists if lst.name == "ol"]
    return ordered or lists


@dataclass
class _Targets:
    """Notes found only because a footnote marker points at them (Word's "Save as Web
    Page", hand-written ``<p id="fn1">`` notes): the note block, and the label shown."""

    singles: dict[int, str] = field(default_factory=dict)
    """``id()`` of a block holding one note → its label."""
    lists: set[int] = field(default_factory=set)
    """``id()`` of a plain list whose items the markers point at."""


def _note_like_marker(a: Tag, text: str) -> bool:
    """A footnote marker rather than a "jump to section 2" link."""
    if text.startswith("[") and text.endswith("]"):
        return True
    if a.find("sup") is not None or (a.parent is not None and a.parent.name == "sup"):
        return True
    marks = f"{_attr(a, 'class')} {_attr(a, 'role')} {_attr(a, 'epub:type')}".lower()
    return any(k in marks for k in ("noteref", "footnote", "fnref", "ftn", "endnote"))


def _marker_targets(soup: BeautifulSoup, known: _Head) -> _Targets:
    """Blocks that in-page note markers point *forward* to (a backlink points back to the
    body and must not turn the body paragraph into a note)."""
    found = _Targets()
    position: dict[str, tuple[int, Tag]] = {}
    markers: list[tuple[int, str, str]] = []  # (position, target, label)
    for pos, node in enumerate(soup.descendants):
        if not isinstance(node, Tag):
            continue
        for key in ("id", "name") if node.name == "a" else ("id",):
            value = _attr(node, key)
            if value:
                position.setdefault(value, (pos, node))
        href = _attr(node, "href") if node.name == "a" else ""
        if href.startswith("#") and known.markers.get(href[1:]) is not None:
            text = node.get_text().strip()
            if _note_like_marker(node, text):
                markers.append((pos, href[1:], known.markers[href[1:]]))
    done: set[str] = set()
    for pos, target, label in markers:
        if target in done or target not in position:
            continue
        done.add(target)
        target_pos, element = position[target]
        if target_pos <= pos:
            continue
        block: Tag | None = element
        while block is not None and block.name not in _NOTE_BLOCKS:
            if block.name in _NOT_NOTE_BLOCKS:
                block = None
                break
            block = block.parent
        if block is None or block.name in _NOT_NOTE_BLOCKS:
            continue
        if (
            block.name == "p"
            and isinstance(block.parent, Tag)
            and _WORD_NOTE_STYLE.search(_attr(block.parent, "style"))
        ):
            block = block.parent  # Word: <div style="mso-element:footnote"><p>…</p></div>
        if block.find(re.compile(r"^h[1-6]$")) is not None:
            continue
        if len(block.get_text()) > _MAX_NOTE_CHARS:
            continue
        parent = block.parent
        if block.name == "li" and isinstance(parent, Tag) and parent.name in ("ol", "ul"):
            found.lists.add(id(parent))
        else:
            found.singles.setdefault(id(block), label)
    return found


def _printed_numbers(notes: list[_Note]) -> list[_Note]:
    """Label list items by the numbers printed in them when every item starts with one and
    they rise (a list styled ``list-style: none`` that prints its own numbers, or starts
    past 1 without saying so); otherwise leave the list position to decide."""
    printed: list[int] = []
    for note in notes:
        m = _LEADING_NUMBER.match(note.element.get_text())
        if not m:
            return notes
        printed.append(int(m.group(1)))
    if len(printed) < 2 or any(b <= a for a, b in pairwise(printed)):
        return notes
    if all(note.ordinal == n for note, n in zip(notes, printed, strict=True)):
        return notes
    return [_Note(n.element, str(p), n.ordinal) for n, p in zip(notes, printed, strict=True)]


@dataclass
class _Found:
    """What one walk over the page found."""

    lists: dict[int, list[_Note]] = field(default_factory=dict)
    """Lists of notes, by ``id()`` of the list element: written where the list stands."""
    loose: list[_Note] = field(default_factory=list)
    """Single notes (asides, sidenotes, notes inside dropped chrome): written after the body."""
    chrome: list[Tag] = field(default_factory=list)


def _scan(soup: BeautifulSoup, drop_chrome: bool, targets: _Targets) -> _Found:
    """Every footnote element (outermost first, document order) and every chrome element.

    One pruned walk, so the cost stays linear however deep the markup nests: nothing below a
    note is looked at again, and chrome is searched only for notes.
    """
    found = _Found()

    def add_list(lst: Tag, in_chrome: bool) -> None:
        notes = _printed_numbers([_Note(li, None, n) for li, n in _list_items(lst)])
        if in_chrome:
            found.loose.extend(notes)
        else:
            found.lists[id(lst)] = notes

    # tag, in content, in chrome, and whether an ancestor already showed that no list of
    # notes (or no text) lies below: a subtree is searched once, not once per ancestor
    stack: list[tuple[Tag, bool, bool, bool, bool]] = [(soup, False, False, False, False)]
    while stack:
        tag, in_content, in_chrome, no_lists, no_text = stack.pop()
        if tag is not soup:
            if _is_notes_list(tag) or id(tag) in targets.lists:
                add_list(tag, in_chrome)
                continue
            if id(tag) in targets.singles:
                found.loose.append(_Note(tag, targets.singles[id(tag)]))
                continue
            if _is_notes_container(tag):
                lists = [] if no_lists else _top_lists(tag)
                if lists:
                    for lst in lists:
                        add_list(lst, in_chrome)
                    continue
                no_lists = True
                if _is_single_note(tag) or tag.name == "aside":
                    found.loose.append(_Note(tag, None))
                    continue
            elif not no_text and _is_single_note(tag):
                if tag.get_text().strip():
                    found.loose.append(_Note(tag, None))
                    continue
                no_text = True
            if drop_chrome and not in_chrome and _is_chrome(tag, in_content):
                found.chrome.append(tag)
                in_chrome = True
            in_content = in_content or tag.name in _CONTENT_ANCESTORS
        stack.extend(
            (child, in_content, in_chrome, no_lists, no_text)
            for child in reversed(tag.contents)
            if isinstance(child, Tag)
        )
    return found


def _is_chrome(tag: Tag, in_content: bool) -> bool:
    """Navigation, page-level headers and footers, and screen-reader-only text."""
    if tag.name == "nav" or _words(tag, "role") & _CHROME_ROLES:
        return True
    if tag.name in ("header", "footer"):
        return not in_content
    return bool(_words(tag, "class") & _SR_ONLY)


def _note_ids(tag: Tag) -> Iterator[str]:
    own = _attr(tag, "id")
    if own:
        yield own
    for inner in tag.find_all(True, limit=4):
        for key in ("id", "name"):
            value = _attr(inner, key)
            if value:
                yield value


def _is_backlink(tag: Tag) -> bool:
    if _words(tag, "role") & {"doc-backlink"}:
        return True
    if _BACKLINK_CLASS.search(_attr(tag, "class")):
        return True
    if tag.name == "a" and _attr(tag, "href").startswith("#"):
        text = tag.get_text().strip()
        # "↩", "^", and "↩2" for the second place the note is cited (mdBook)
        return not _ALNUM.search(text) or text[:1] in _BACK_ARROWS
    return False


_PRINTED_LABEL = re.compile(r"^\s*[\[(]?([^\s\[\]().:]{1,8})[\])]?[.:)]?(?:\s+|$)")


def _strip_label(text: str, label: str) -> str:
    """``text`` without a leading ``label`` as printed (``12``, ``12.``, ``[12]``, ``(12)``)."""
    m = _PRINTED_LABEL.match(text)
    return text[m.end() :] if m and m.group(1) == label else text


# --------------------------------------------------------------------------------------
# Front matter


@dataclass
class _Head:
    """What the page says about itself, and where its in-page markers point."""

    title: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    """``name``/``property``/``itemprop`` (lower-cased) → first non-empty ``content``."""
    canonical: str | None = None
    base: str | None = None
    markers: dict[str, str] = field(default_factory=dict)
    """Note id → the label its first in-page marker shows (``[12]`` → ``12``)."""

    def first(self, *names: str) -> str | None:
        return next((self.meta[n] for n in names if n in self.meta), None)


def _read_head(soup: BeautifulSoup) -> _Head:
    """One pass over the page for title, meta, canonical and base links, and note markers."""
    head = _Head()
    for tag in soup.find_all(["title", "meta", "link", "base", "a"]):
        name = tag.name
        if name == "a":
            href = _attr(tag, "href")
            if href.startswith("#") and len(href) > 1:
                label = tag.get_text().strip().strip("[]() \u00a0")
                if _LABEL_TEXT.match(label):
                    head.markers.setdefault(href[1:], label)
        elif name == "meta":
            content = _collapse(_attr(tag, "content")).strip()
            if content:
                for key in ("name", "property", "itemprop"):
                    value = _attr(tag, key).strip().lower()
                    if value:
                        head.meta.setdefault(value, content)
        elif name == "title":
            if head.title is None:
                head.title = _collapse(tag.get_text()).strip() or None
        elif name == "link":
            url = _attr(tag, "href").strip()
            if (
                head.canonical is None
                and "canonical" in _words(tag, "rel")
                and is_checkable_url(url)
            ):
                head.canonical = url
        elif head.base is None and tag.has_attr("href"):
            head.base = _attr(tag, "href").strip()
    if head.canonical is None:
        og = head.meta.get("og:url")
        head.canonical = og if og and is_checkable_url(og) else None
    return head


def front_matter_lines(
    title: str | None,
    author: str | None,
    date: str | None,
    url: str | None,
    publisher: str | None = None,
) -> list[str]:
    """Labelled lines the metadata reader trusts: ``Title: …``, ``Author: …``,
    ``Publisher: …``, ``Date: …``, ``Original url: …``; empty values are left out. ISO
    timestamps keep only their date."""
    lines: list[str] = []
    if title:
        lines.append(f"Title: {_collapse(title).strip()}")
    if author:
        lines.append(f"Author: {_collapse(author).strip()}")
    if publisher:
        lines.append(f"Publisher: {_collapse(publisher).strip()}")
    if date:
        iso = re.match(
            r"^(\d{4}-\d{2}-\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$", date.strip()
        )
        lines.append(f"Date: {iso.group(1) if iso else _collapse(date).strip()}")
    if url:
        lines.append(f"Original url: {url}")
    return lines


def _page_front_matter(head: _Head) -> list[str]:
    title = head.title or head.first("og:title", "citation_title", "dc.title")
    site = head.first("og:site_name")
    if title and site:
        # "Story | Site" / "Story - Wikipedia": the site is the publisher, not the title
        title = re.sub(rf"\s+[|\-–—:·]\s+{re.escape(site)}\s*$", "", title) or title
    author = head.first("author", "citation_author", "dc.creator", "article:author")
    if author and is_checkable_url(author):  # article:author is often a profile URL
        author = None
    date = head.first(
        "date",
        "citation_publication_date",
        "citation_date",
        "dc.date",
        "article:published_time",
        "datepublished",
        "pubdate",
    )
    return front_matter_lines(title, author, date, head.canonical, publisher=site)


# --------------------------------------------------------------------------------------
# Entry points


def _parse(markup: str) -> BeautifulSoup:
    from bs4 import MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning

    with warnings.catch_warnings():
        # a page that is only a URL, or XHTML, is still a page to read
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return BeautifulSoup(markup.replace(_BR, ""), "html.parser")


def html_to_text(
    markup: str, options: HtmlOptions | None = None, base_url: str | None = None
) -> HtmlText:
    """Render an HTML page (or fragment) as extractor-ready text.

    ``base_url`` resolves relative links when the page names no ``<base>`` or canonical URL.
    """
    opts = options or HtmlOptions()
    soup = _parse(markup)
    head = _read_head(soup)
    base = base_url or head.canonical
    if head.base:
        joined = urljoin(base, head.base) if base else head.base
        if is_checkable_url(joined):
            base = joined

    found = _scan(soup, opts.drop_chrome, _marker_targets(soup, head))
    skip: set[int] = {id(n.element) for n in found.loose}
    skip.update(id(t) for t in found.chrome)
    for note in (*found.loose, *(n for notes in found.lists.values() for n in notes)):
        skip.update(id(t) for t in note.element.find_all(True) if _is_backlink(t))

    renderer = _Renderer(base, opts, skip, found.lists, _Labeller(head.markers))
    root = soup.body if isinstance(soup.body, Tag) else soup
    body = renderer.render(root)
    end_notes = [line for note in found.loose if (line := renderer.note_line(note))]

    lines: list[str] = []
    if opts.front_matter:
        front = _page_front_matter(head)
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
