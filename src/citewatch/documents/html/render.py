"""The page as lines of text: block elements as line breaks, lists numbered, hidden and
script elements left out, links written ``text <url>``; notes are written where their list
stands, one ``N text`` line each."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bs4.element import NavigableString, PageElement, PreformattedString, Tag

from citewatch.documents.html.dom import BR, INVISIBLE, attr, collapse
from citewatch.documents.html.links import ends_in_url, link_suffix, resolve
from citewatch.documents.html.model import HtmlOptions
from citewatch.documents.html.notes import Labeller, Note
from citewatch.lazy import lazy_pattern

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

_HIDDEN_STYLE = lazy_pattern(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


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
            for piece in raw.split(BR):
                line = piece if self.pre else collapse(piece)
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


class Renderer:
    """Walks a tree iteratively (deep markup must not hit the recursion limit)."""

    def __init__(
        self,
        base: str | None,
        options: HtmlOptions,
        skip: set[int],
        note_lists: dict[int, list[Note]],
        labeller: Labeller,
    ) -> None:
        self.base = base
        self.options = options
        self.skip = skip
        self.note_lists = note_lists
        self.labeller = labeller
        self.links: list[str] = []
        self.notes: list[tuple[str, str]] = []
        """(label, text) of every note written, in text order."""

    def note_line(self, note: Note) -> str:
        """``N text`` for one note ("" when it has no text): the note's blocks on one line."""
        text = collapse(" ".join(self.render(note.element))).strip()
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
                    text = str(node).translate(INVISIBLE)
                    if out.pre:
                        text = text.replace("\n", BR)
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
        if attr(tag, "aria-hidden").lower() == "true" and tag.name not in ("sup", "a"):
            return True
        style = attr(tag, "style")
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
                        start = int(attr(tag, "start") or 1)
                    except ValueError:
                        start = 1
                lists.append([int(name == "ol"), start, 0])
        elif name in _TIGHT:
            out.flush(blank=False)
            if name == "li" and lists:
                ordered, number, seen = lists[-1]
                value = attr(tag, "value")
                if ordered and value.strip().lstrip("-").isdigit():
                    number = int(value)
                if seen and len(out.lines) > 1 and out.lines[-1] == "":
                    out.lines.pop()  # items holding paragraphs still sit one per line
                out.prefix = f"{number}. " if ordered else "• "
                lists[-1][1:] = [number + 1, 1]
        elif name in _CELLS or name == "sup" and ends_in_url(out.buf):
            out.buf.append(" ")
        elif name == "br":
            out.buf.append(BR)
        elif name == "q":
            out.buf.append("“")
        elif name == "a":
            href = attr(tag, "href")
            if href.startswith("#") and ends_in_url(out.buf):
                out.buf.append(" ")
            url = resolve(href, self.base) if href else None
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
            visible = collapse("".join(out.buf[link.start :]).replace(BR, " "))
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
