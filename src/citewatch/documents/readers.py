"""Reader plug-ins: one per :class:`DocFormat`, chosen by file suffix.

A reader turns a file into a :class:`Document`. Adding a format means adding a class with
``format``, ``suffixes`` and ``read`` and listing it in ``READERS``; the extractor is not
touched.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Protocol

from citewatch.documents.model import DocFormat, Document
from citewatch.documents.text import read_text_file
from citewatch.errors import InputError


class Reader(Protocol):
    """Reads one input format."""

    @property
    def format(self) -> DocFormat: ...

    @property
    def suffixes(self) -> tuple[str, ...]: ...

    def read(self, path: Path) -> Document: ...


class TextReader:
    """Plain text: what pdftotext, pypdf or a browser's "save as text" give."""

    format = DocFormat.TEXT
    suffixes = (".txt", ".text", "")

    def read(self, path: Path) -> Document:
        text, encoding = read_text_file(path)
        return Document(path=path, text=text, format=self.format, encoding=encoding)


class PdfReader:
    """PDF through pypdf: page text joined by form feeds, plus the link annotations.

    pypdf's text is the same as ``doc.pypdf.txt`` in the corpus; the annotations carry the
    hyperlink targets, which are exact where the printed URL was wrapped or truncated. A
    file pypdf cannot open is an :class:`InputError`; a damaged part of one that opens (a
    page whose text cannot be extracted, an ``/Annots`` that is not a list, a link whose
    action or target is not what the PDF specification says) is a warning on the
    document, and the rest is read.
    """

    format = DocFormat.PDF
    suffixes = (".pdf",)

    def read(self, path: Path) -> Document:
        import logging

        from pypdf import PdfReader as _Pdf
        from pypdf.errors import PyPdfError

        logging.getLogger("pypdf").setLevel(logging.ERROR)
        try:
            pdf = _Pdf(path)
            page_list = list(pdf.pages)
        except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise InputError(f"cannot read PDF: {exc}", path=path) from exc
        pages: list[str] = []
        links: list[tuple[int, str]] = []
        warnings: list[str] = []
        for number, page in enumerate(page_list, start=1):
            try:
                pages.append(page.extract_text() or "")
            except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on damaged pages
                warnings.append(f"page {number}: text could not be extracted ({exc!r}); skipped")
                pages.append("")
            try:
                links.extend((number, uri) for uri in _page_links(page, number, warnings))
            except Exception as exc:  # noqa: BLE001 - as above: one page's links, not the run
                warnings.append(f"page {number}: link annotations unreadable ({exc!r}); skipped")
        text = "\f".join(pages)
        if not text.strip():
            raise InputError("the PDF has no text layer (scanned? run OCR first)", path=path)
        return Document(
            path=path,
            text=text,
            format=self.format,
            link_targets=tuple(links),
            warnings=tuple(warnings),
        )


def _resolved(value: object) -> object:
    """``value`` with indirect references followed (pypdf objects or plain ones)."""
    from pypdf.generic import IndirectObject

    seen = 0
    while isinstance(value, IndirectObject) and seen < 32:
        value = value.get_object()
        seen += 1
    return value


def _page_links(page: object, number: int, warnings: list[str]) -> list[str]:
    """The ``/URI`` targets of a page's link annotations, each damaged one a warning."""
    from pypdf.generic import ArrayObject, ByteStringObject, DictionaryObject, TextStringObject

    where = f"page {number}"
    annots = _resolved(page.get("/Annots")) if isinstance(page, DictionaryObject) else None
    if annots is None:
        return []
    if not isinstance(annots, ArrayObject):
        warnings.append(f"{where}: /Annots is {_kind(annots)}, not a list; its links are skipped")
        return []
    out: list[str] = []
    for i, item in enumerate(annots, start=1):
        annot = _resolved(item)
        if not isinstance(annot, DictionaryObject):
            warnings.append(f"{where}: annotation {i} is {_kind(annot)}, not a dictionary; skipped")
            continue
        action = _resolved(annot.get("/A"))
        if action is None:
            continue  # a link inside the document (/Dest), or not a link
        if not isinstance(action, DictionaryObject):
            warnings.append(
                f"{where}: link {i} has an action (/A) that is {_kind(action)}; skipped"
            )
            continue
        if action.get("/S") != "/URI" and "/URI" not in action:
            continue  # GoTo, Launch, JavaScript …: not a web link
        uri = _resolved(action.get("/URI"))
        if isinstance(uri, ByteStringObject):
            uri = bytes(uri).decode("utf-8", errors="replace")
        if not isinstance(uri, (TextStringObject, str)) or not str(uri).strip():
            warnings.append(f"{where}: link {i} has no /URI string ({_kind(uri)}); skipped")
            continue
        out.append(str(uri))
    return out


def _kind(value: object) -> str:
    """What a PDF value is, for a warning: ``a number (5)``, ``missing``."""
    if value is None:
        return "missing"
    text = repr(value)
    shown = text if len(text) <= 40 else text[:37] + "..."
    if isinstance(value, (int, float)):
        return f"a number ({shown})"
    return f"{type(value).__name__} ({shown})"


class _Deferred:
    """A reader whose module (and the parser library it imports: BeautifulSoup,
    markdown-it) is imported on its first document, not at start: ``citewatch check
    urls.txt`` never pays for them (about 0.2 s of every run's start)."""

    def __init__(self, fmt: DocFormat, suffixes: tuple[str, ...], module: str, name: str
                 ) -> None:
        self.format = fmt
        self.suffixes = suffixes
        self._where = module, name
        self._reader: Reader | None = None

    def read(self, path: Path) -> Document:
        if self._reader is None:
            module, name = self._where
            self._reader = getattr(importlib.import_module(module), name)()
            assert self._reader.suffixes == self.suffixes, f"{name}: suffixes out of step"
        return self._reader.read(path)


READERS: tuple[Reader, ...] = (
    PdfReader(),
    _Deferred(DocFormat.HTML, (".html", ".htm", ".xhtml"), "citewatch.documents.html",
              "HtmlReader"),
    _Deferred(DocFormat.MARKDOWN, (".md", ".markdown", ".mdown", ".mkd"),
              "citewatch.documents.markdown", "MarkdownReader"),
    TextReader(),
)


def reader_for(path: Path) -> Reader:
    """The reader for ``path`` by suffix; unknown suffixes are read as text."""
    suffix = path.suffix.lower()
    for reader in READERS:
        if suffix in reader.suffixes:
            return reader
    return READERS[-1]


def load_document(path: Path) -> Document:
    """Read one document with the reader its suffix calls for."""
    return reader_for(path).read(path)
