"""Markdown documents as plain text with numbered footnote lines at the end.

The source is parsed with markdown-it-py (CommonMark, plus tables, strikethrough, YAML front
matter and pandoc-style footnotes from mdit-py-plugins) and the tokens are written out as the
text a reader sees, in the shape the citation extractor reads:

* markup (headings, emphasis, code spans) is dropped, its text kept; a paragraph is one line
  (soft breaks become spaces, so a URL is never split), blank lines between blocks;
* ``[text](url)`` and reference-style links become ``text <url>`` (the URL must be in the text
  for the extractor; see :func:`citewatch.documents.html.link_suffix`), autolinks stay
  ``<url>``; every absolute http(s) target also goes to ``Document.link_targets``;
* footnotes (``[^1]: …``, ``[^note]: …``, inline ``^[…]``) become one line ``N text`` each
  after the body, in number order, and the reference in the text becomes ``[N]``. When every
  label is a number the author's numbers are kept; otherwise notes are numbered by first
  reference, as a renderer shows them, and notes never referenced follow in definition order;
* YAML front matter ``title``/``author``/``date``/``url`` becomes the same labelled lines the
  HTML reader writes (``Title: …``).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from citewatch.documents.html import (
    ends_in_url,
    front_matter_lines,
    html_to_text,
    is_checkable_url,
    link_suffix,
)
from citewatch.documents.model import DocFormat, Document
from citewatch.documents.text import read_text_file
from citewatch.errors import InputError
from citewatch.lazy import lazy_pattern

__all__ = ["MarkdownOptions", "MarkdownReader", "MarkdownText", "markdown_to_text"]


@dataclass(frozen=True)
class MarkdownOptions:
    """How a Markdown document is turned into text."""

    urls_in_text: bool = True
    """Write ``text <url>`` for a link whose text is not its URL (as the HTML reader does)."""
    front_matter: bool = True
    """Emit labelled ``Title:``/``Author:``/``Date:``/``Original url:`` lines from YAML."""


@dataclass(frozen=True)
class MarkdownText:
    """A Markdown document as text."""

    text: str
    """Front matter, body, then one ``N text`` line per footnote; ends with ``\\n``."""
    links: tuple[str, ...] = ()
    """Absolute link targets in text order, each once."""
    notes: tuple[tuple[str, str], ...] = ()
    """The footnotes, as (number, text), in the order written."""
    warnings: tuple[str, ...] = ()
    """What could not be read (blocks nested deeper than :data:`MAX_NESTING`)."""


MAX_NESTING = 100
"""Block nesting markdown-it follows (its CommonMark preset stops at 20, silently dropping
what is deeper: a URL in a quote inside 20 quotes). Deeper still is a warning; the limit
stays finite because markdown-it recurses once per level."""


_WS = lazy_pattern(r"[ \t\n\r\f\v\u00a0]+")
_BR = "\x00"
_HTML_BR = lazy_pattern(r"^<br\s*/?>$", re.IGNORECASE)
_HTML_A_OPEN = lazy_pattern(
    r"""^<a\s[^>]*?\bhref\s*=\s*(?:"(?P<href>[^"]*)"|'(?P<href2>[^']*)'|(?P<href3>[^\s>]+))""",
    re.IGNORECASE,
)
_HTML_A_CLOSE = lazy_pattern(r"^</a\s*>$", re.IGNORECASE)
_FRONT_KEYS = {
    "title": "title",
    "author": "author",
    "authors": "author",
    "date": "date",
    "published": "date",
    "publisher": "publisher",
    "site": "publisher",
    "url": "url",
    "canonical_url": "url",
    "canonical": "url",
    "original_url": "url",
    "source": "url",
}


@dataclass
class _Sink:
    """Lines under construction for the body or one footnote."""

    lines: list[str] = field(default_factory=list)
    buf: list[str] = field(default_factory=list)
    prefix: str = ""
    lists: list[list[int]] = field(default_factory=list)  # [is ordered, next number, seen]

    def flush(self, blank: bool) -> None:
        if self.buf:
            raw = "".join(self.buf)
            self.buf.clear()
            for piece in raw.split(_BR):
                line = _WS.sub(" ", piece).strip()
                if not line:
                    continue
                if self.prefix:
                    line, self.prefix = self.prefix + line, ""
                self.lines.append(line)
        if blank and self.lines and self.lines[-1] != "" and not self.prefix:
            self.lines.append("")

    def verbatim(self, text: str) -> None:
        self.flush(blank=True)
        for line in text.rstrip("\n").split("\n"):
            if self.prefix and line.strip():
                line, self.prefix = self.prefix + line, ""
            self.lines.append(line.rstrip())
        self.flush(blank=True)


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.use(front_matter_plugin)
    # definitions stay where they are written: notes never referenced are kept, and their
    # order of definition is known
    md.use(footnote_plugin, move_to_end=False)
    md.options["maxNesting"] = MAX_NESTING
    return md


def _front_matter(yaml: str) -> dict[str, str]:
    """``key: value`` lines of simple YAML (no YAML library: only scalars are needed)."""
    out: dict[str, str] = {}
    for line in yaml.splitlines():
        m = re.match(r"^([A-Za-z_][\w-]*)\s*:\s*(.+?)\s*$", line)
        if not m:
            continue
        key = _FRONT_KEYS.get(m.group(1).lower())
        value = m.group(2)
        if value[:1] in "\"'" and value[-1:] == value[:1] and len(value) >= 2:
            value = value[1:-1]
        if value.startswith("[") and value.endswith("]"):
            value = ", ".join(v.strip(" \"'") for v in value[1:-1].split(","))
        if key and value and value not in ("|", ">"):
            out.setdefault(key, value)
    return out


class _Writer:
    """Writes markdown-it tokens out as text; numbers footnotes (see the module docstring)."""

    def __init__(self, env: dict[str, Any], options: MarkdownOptions, base: str | None) -> None:
        self.options = options
        self.base = base
        self.links: list[str] = []
        footnotes = env.get("footnotes", {})
        self.refs: dict[str, int] = {
            key[1:]: value for key, value in footnotes.get("refs", {}).items()
        }
        self.list: dict[int, dict[str, Any]] = footnotes.get("list", {})
        inline = any("tokens" in v for v in self.list.values())
        self.numeric = (
            bool(self.refs)
            and not inline
            and all(label.isascii() and label.isdigit() for label in self.refs)
        )
        self.inline_notes: dict[str, list[str]] = {}
        """Inline footnotes (``^[…]``) by number: they are defined where they are cited."""

    def number(self, label: str | None, note_id: int | None) -> str:
        """The printed number of a note: its own label when all labels are numbers, else its
        place in first-reference order; "" for a note never referenced."""
        if self.numeric and label is not None:
            return str(int(label))
        if note_id is not None and note_id >= 0:
            return str(note_id + 1)
        return ""

    def blocks(self, tokens: list[Token]) -> tuple[list[str], list[tuple[str | None, list[str]]]]:
        """Body lines, and each footnote definition as (label, lines) in definition order."""
        body = _Sink()
        sinks = [body]
        defs: list[tuple[str | None, list[str]]] = []
        labels: list[str | None] = []
        for tok in tokens:
            sink = sinks[-1]
            kind = tok.type
            if kind == "footnote_reference_open":
                sinks.append(_Sink())
                labels.append(tok.meta.get("label"))
            elif kind == "footnote_reference_close" and len(sinks) > 1:
                done = sinks.pop()
                done.flush(blank=False)
                defs.append((labels.pop(), done.lines))
            elif kind == "inline":
                self.inline(tok.children or [], sink)
            elif kind in (
                "paragraph_close",
                "heading_close",
                "blockquote_open",
                "blockquote_close",
                "table_open",
                "table_close",
                "hr",
            ):
                sink.flush(blank=True)
            elif kind in ("bullet_list_open", "ordered_list_open"):
                sink.flush(blank=True)
                start = tok.attrGet("start")
                number = int(start) if isinstance(start, (int, str)) and str(start).isdigit() else 1
                sink.lists.append([int(kind == "ordered_list_open"), number, 0])
            elif kind in ("bullet_list_close", "ordered_list_close"):
                sink.flush(blank=True)
                if sink.lists:
                    sink.lists.pop()
            elif kind == "list_item_open":
                sink.flush(blank=False)
                if sink.lists:
                    ordered, number, seen = sink.lists[-1]
                    if seen and len(sink.lines) > 1 and sink.lines[-1] == "":
                        sink.lines.pop()
                    sink.prefix = f"{number}. " if ordered else "• "
                    sink.lists[-1][1:] = [number + 1, 1]
            elif kind in ("list_item_close", "tr_close"):
                sink.flush(blank=False)
            elif kind in ("th_open", "td_open"):
                sink.buf.append(" ")
            elif kind in ("fence", "code_block"):
                sink.verbatim(tok.content)
            elif kind == "html_block":
                rendered = html_to_text(tok.content, base_url=self.base)
                self.links.extend(rendered.links)
                sink.flush(blank=True)
                sink.buf.append(_BR.join(rendered.text.splitlines()))
                sink.flush(blank=True)
        body.flush(blank=False)
        return body.lines, defs

    def inline(self, children: list[Token], sink: _Sink) -> None:
        opened: list[tuple[str | None, int, bool]] = []  # (url, start in buf, autolink)
        for tok in children:
            kind = tok.type
            if kind in ("text", "code_inline"):
                sink.buf.append(tok.content.replace(_BR, ""))
            elif kind == "softbreak":
                sink.buf.append(" ")
            elif kind == "hardbreak":
                sink.buf.append(_BR)
            elif kind == "html_inline":
                tag = tok.content.strip()
                if _HTML_BR.match(tag):
                    sink.buf.append(_BR)
                elif anchor := _HTML_A_OPEN.match(tag):
                    href = html.unescape(next((g for g in anchor.groups() if g), ""))
                    url = self._absolute(href)
                    if url is not None:
                        self.links.append(url)
                    opened.append((url, len(sink.buf), False))
                elif _HTML_A_CLOSE.match(tag):
                    self._close_link(opened, sink)
            elif kind == "link_open":
                href = str(tok.attrGet("href") or "")
                url = self._absolute(href)
                if url is not None:
                    self.links.append(url)
                opened.append((url, len(sink.buf), tok.markup == "autolink"))
            elif kind == "link_close":
                self._close_link(opened, sink)
            elif kind == "footnote_ref":
                meta = tok.meta
                note_id = meta.get("id")
                label = meta.get("label")
                number = self.number(label, note_id)
                if number and ends_in_url(sink.buf):
                    sink.buf.append(" ")
                sink.buf.append(f"[{number}]" if number else "")
                entry = self.list.get(note_id, {}) if isinstance(note_id, int) else {}
                if "tokens" in entry and number not in self.inline_notes:
                    note = _Sink()
                    self.inline(entry["tokens"], note)
                    note.flush(blank=False)
                    self.inline_notes[number] = note.lines
            elif kind == "image":
                continue

    def _close_link(self, opened: list[tuple[str | None, int, bool]], sink: _Sink) -> None:
        if not opened:
            return
        url, start, auto = opened.pop()
        if auto and url is not None:
            sink.buf[start:] = ["<", "".join(sink.buf[start:]), ">"]
        elif url is not None and self.options.urls_in_text:
            visible = _WS.sub(" ", "".join(sink.buf[start:]).replace(_BR, " "))
            replacement, suffix = link_suffix(visible, url)
            if replacement is not None:
                sink.buf[start:] = [replacement]
            elif suffix:
                sink.buf.append(suffix)

    def _absolute(self, href: str) -> str | None:
        if is_checkable_url(href):
            return href
        if self.base and href and not href.startswith("#") and ":" not in href.split("/")[0]:
            from urllib.parse import urljoin

            joined = urljoin(self.base, href)
            return joined if is_checkable_url(joined) else None
        return None


def markdown_to_text(source: str, options: MarkdownOptions | None = None) -> MarkdownText:
    """Render Markdown as extractor-ready text (see the module docstring for the shape)."""
    opts = options or MarkdownOptions()
    md = _parser()
    env: dict[str, Any] = {}
    tokens = md.parse(source.replace(_BR, ""), env)
    warnings: list[str] = []
    deepest = next((t for t in tokens if t.level >= MAX_NESTING - 1), None)
    if deepest is not None:
        where = f"line {deepest.map[0] + 1}: " if deepest.map else ""
        warnings.append(
            f"{where}blocks nested {MAX_NESTING} or more levels deep (quotes, lists) are not "
            "read; URLs inside them are missing"
        )
    front_tok = next((t for t in tokens[:1] if t.type == "front_matter"), None)
    front = _front_matter(front_tok.content) if front_tok is not None else {}
    base = front.get("url") if is_checkable_url(front.get("url", "")) else None
    writer = _Writer(env, opts, base)
    body, defs = writer.blocks(tokens)

    notes: list[tuple[int, int, str, str]] = []  # (number, order, label, text)
    seen: set[str] = set()
    spare = len(writer.list) + 1
    for order, (label, lines) in enumerate(defs):
        if label is None or label in seen:
            continue
        seen.add(label)
        number = writer.number(label, writer.refs.get(label, -1))
        if not number:
            number, spare = str(spare), spare + 1
        notes.append((int(number), order, number, " ".join(x for x in lines if x)))
    for number, lines in writer.inline_notes.items():
        notes.append((int(number), len(defs), number, " ".join(x for x in lines if x)))
    notes.sort()

    out: list[str] = []
    if opts.front_matter and front:
        header = front_matter_lines(
            front.get("title"),
            front.get("author"),
            front.get("date"),
            base,
            publisher=front.get("publisher"),
        )
        if header:
            out.extend(header)
            out.append("")
    out.extend(body)
    note_pairs = [(label, _WS.sub(" ", text).strip()) for _, _, label, text in notes]
    if note_pairs:
        out.append("")
        out.extend(f"{label} {text}" for label, text in note_pairs)
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(out).strip("\n"))
    return MarkdownText(
        text=text + "\n" if text else "",
        links=tuple(dict.fromkeys(writer.links)),
        notes=tuple(note_pairs),
        warnings=tuple(warnings),
    )


class MarkdownReader:
    """Markdown (``.md``, ``.markdown``) through markdown-it-py."""

    format = DocFormat.MARKDOWN
    suffixes: tuple[str, ...] = (".md", ".markdown", ".mdown", ".mkd")

    def __init__(self, options: MarkdownOptions | None = None) -> None:
        self.options = options or MarkdownOptions()

    def read(self, path: Path) -> Document:
        source, encoding = read_text_file(path)
        rendered = markdown_to_text(source, self.options)
        if not rendered.text.strip():
            raise InputError("the Markdown document has no text", path=path)
        return Document(
            path=path,
            text=rendered.text,
            format=self.format,
            encoding=encoding,
            link_targets=tuple((0, url) for url in rendered.links),
            warnings=rendered.warnings,
        )
