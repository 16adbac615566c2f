"""Footnotes in markup: lists of notes, single notes, and the blocks in-page markers point
forward to; each note's label as a reader sees it. One pruned walk over the page finds them
and the site chrome to drop."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING

from bs4 import BeautifulSoup
from bs4.element import Tag

from citewatch.documents.html.dom import attr, words
from citewatch.lazy import lazy_pattern

if TYPE_CHECKING:
    from citewatch.documents.html.head import Head

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
_BACKLINK_CLASS = lazy_pattern(r"back(?:link|ref)|footnote-back|fn-back|cite-backlink",
                               re.IGNORECASE)
_NOTE_BLOCKS = frozenset({"p", "li", "div", "aside", "dd", "blockquote"})
_NOT_NOTE_BLOCKS = frozenset(
    {"body", "html", "main", "article", "section", "nav", "header", "footer", "table", "form"}
)
_MAX_NOTE_CHARS = 5000
"""A block longer than this is not one note, whatever points at it."""
_WORD_NOTE_STYLE = lazy_pattern(r"mso-element\s*:\s*(?:foot|end)note\s*(?:;|$)", re.IGNORECASE)

LEADING_NUMBER = lazy_pattern(r"^\s*[\[(]?(\d{1,4})[\])]?[.:)]?\s+(?=\S)")
_ALNUM = lazy_pattern(r"\w")
_BACK_ARROWS = frozenset("↩↑^⤴⮌⇧")


@dataclass(frozen=True)
class Note:
    element: Tag
    label: str | None
    """The label the page shows for it, where known before rendering."""
    ordinal: int | None = None
    """Position in its list, for notes that no marker names."""


class Labeller:
    """Gives each note the label a reader sees, each label once where it can."""

    def __init__(self, markers: dict[str, str]) -> None:
        self.markers = markers
        self.used: set[str] = set()
        self.next_number = 1

    def label(self, note: Note, text: str) -> tuple[str, str]:
        """``(label, text without its printed label)``."""
        element = note.element
        label = note.label or next(
            (self.markers[i] for i in note_ids(element) if i in self.markers), None
        )
        if label is None and note.ordinal is not None:
            label = str(note.ordinal)
        if label is None:
            lead = LEADING_NUMBER.match(text)
            if lead:
                label = lead.group(1)
        if label is None:
            digits = re.search(r"(\d{1,4})$", attr(element, "id"))
            if digits and digits.group(1) not in self.used:
                label = digits.group(1)
        if label is None:
            while str(self.next_number) in self.used:
                self.next_number += 1
            label = str(self.next_number)
        self.used.add(label)
        return label, strip_label(text, label).strip()


def _is_notes_list(tag: Tag) -> bool:
    return tag.name in ("ol", "ul") and bool(words(tag, "class") & _NOTES_CLASSES)


def _is_notes_container(tag: Tag) -> bool:
    if words(tag, "role") & _NOTES_ROLES or words(tag, "epub:type") & _NOTES_SEMANTICS:
        return True
    return tag.name not in ("ol", "ul", "li") and bool(words(tag, "class") & _NOTES_CLASSES)


def _is_single_note(tag: Tag) -> bool:
    if words(tag, "role") & _NOTE_ROLES or words(tag, "epub:type") & _NOTE_SEMANTICS:
        return True
    if tag.name == "div" and _WORD_NOTE_STYLE.search(attr(tag, "style")):
        return True
    return tag.name in ("aside", "div", "p", "span") and bool(
        words(tag, "class") & _SINGLE_NOTE_CLASSES
    )


def _list_items(lst: Tag) -> Iterator[tuple[Tag, int]]:
    number = 1
    if lst.name == "ol":
        try:
            number = int(attr(lst, "start") or 1)
        except ValueError:
            number = 1
    for li in lst.find_all("li", recursive=False):
        value = attr(li, "value").strip()
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
    marks = f"{attr(a, 'class')} {attr(a, 'role')} {attr(a, 'epub:type')}".lower()
    return any(k in marks for k in ("noteref", "footnote", "fnref", "ftn", "endnote"))


def marker_targets(soup: BeautifulSoup, known: Head) -> _Targets:
    """Blocks that in-page note markers point *forward* to (a backlink points back to the
    body and must not turn the body paragraph into a note)."""
    found = _Targets()
    position: dict[str, tuple[int, Tag]] = {}
    markers: list[tuple[int, str, str]] = []  # (position, target, label)
    for pos, node in enumerate(soup.descendants):
        if not isinstance(node, Tag):
            continue
        for key in ("id", "name") if node.name == "a" else ("id",):
            value = attr(node, key)
            if value:
                position.setdefault(value, (pos, node))
        href = attr(node, "href") if node.name == "a" else ""
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
            and _WORD_NOTE_STYLE.search(attr(block.parent, "style"))
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


def _printed_numbers(notes: list[Note]) -> list[Note]:
    """Label list items by the numbers printed in them when every item starts with one and
    they rise (a list styled ``list-style: none`` that prints its own numbers, or starts
    past 1 without saying so); otherwise leave the list position to decide."""
    printed: list[int] = []
    for note in notes:
        m = LEADING_NUMBER.match(note.element.get_text())
        if not m:
            return notes
        printed.append(int(m.group(1)))
    if len(printed) < 2 or any(b <= a for a, b in pairwise(printed)):
        return notes
    if all(note.ordinal == n for note, n in zip(notes, printed, strict=True)):
        return notes
    return [Note(n.element, str(p), n.ordinal) for n, p in zip(notes, printed, strict=True)]


@dataclass
class _Found:
    """What one walk over the page found."""

    lists: dict[int, list[Note]] = field(default_factory=dict)
    """Lists of notes, by ``id()`` of the list element: written where the list stands."""
    loose: list[Note] = field(default_factory=list)
    """Single notes (asides, sidenotes, notes inside dropped chrome): written after the body."""
    chrome: list[Tag] = field(default_factory=list)


def scan(soup: BeautifulSoup, drop_chrome: bool, targets: _Targets) -> _Found:
    """Every footnote element (outermost first, document order) and every chrome element.

    One pruned walk, so the cost stays linear however deep the markup nests: nothing below a
    note is looked at again, and chrome is searched only for notes.
    """
    found = _Found()

    def add_list(lst: Tag, in_chrome: bool) -> None:
        notes = _printed_numbers([Note(li, None, n) for li, n in _list_items(lst)])
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
                found.loose.append(Note(tag, targets.singles[id(tag)]))
                continue
            if _is_notes_container(tag):
                lists = [] if no_lists else _top_lists(tag)
                if lists:
                    for lst in lists:
                        add_list(lst, in_chrome)
                    continue
                no_lists = True
                if _is_single_note(tag) or tag.name == "aside":
                    found.loose.append(Note(tag, None))
                    continue
            elif not no_text and _is_single_note(tag):
                if tag.get_text().strip():
                    found.loose.append(Note(tag, None))
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
    if tag.name == "nav" or words(tag, "role") & _CHROME_ROLES:
        return True
    if tag.name in ("header", "footer"):
        return not in_content
    return bool(words(tag, "class") & _SR_ONLY)


def note_ids(tag: Tag) -> Iterator[str]:
    own = attr(tag, "id")
    if own:
        yield own
    for inner in tag.find_all(True, limit=4):
        for key in ("id", "name"):
            value = attr(inner, key)
            if value:
                yield value


def is_backlink(tag: Tag) -> bool:
    if words(tag, "role") & {"doc-backlink"}:
        return True
    if _BACKLINK_CLASS.search(attr(tag, "class")):
        return True
    if tag.name == "a" and attr(tag, "href").startswith("#"):
        text = tag.get_text().strip()
        # "↩", "^", and "↩2" for the second place the note is cited (mdBook)
        return not _ALNUM.search(text) or text[:1] in _BACK_ARROWS
    return False


_PRINTED_LABEL = lazy_pattern(r"^\s*[\[(]?([^\s\[\]().:]{1,8})[\])]?[.:)]?(?:\s+|$)")


def strip_label(text: str, label: str) -> str:
    """``text`` without a leading ``label`` as printed (``12``, ``12.``, ``[12]``, ``(12)``)."""
    m = _PRINTED_LABEL.match(text)
    return text[m.end() :] if m and m.group(1) == label else text
