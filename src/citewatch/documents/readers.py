"""Reader plug-ins: one per :class:`DocFormat`, chosen by file suffix.

A reader turns a file into a :class:`Document`. Adding a format means adding a class with
``format``, ``suffixes`` and ``read`` and listing it in ``READERS``; the extractor is not
touched.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from citewatch.documents.html import HtmlReader
from citewatch.documents.markdown import MarkdownReader
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
    hyperlink targets, which are exact where the printed URL was wrapped or truncated.
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
            pages: list[str] = []
            links: list[tuple[int, str]] = []
            for number, page in enumerate(pdf.pages, start=1):
                pages.append(page.extract_text() or "")
                for annot in page.get("/Annots") or ():
                    obj = annot.get_object()
                    action = obj.get("/A")
                    uri = action.get_object().get("/URI") if action is not None else None
                    if uri:
                        links.append((number, str(uri)))
        except (PyPdfError, OSError, ValueError, KeyError) as exc:
            raise InputError(f"cannot read PDF: {exc}", path=path) from exc
        text = "\f".join(pages)
        if not text.strip():
            raise InputError("the PDF has no text layer (scanned? run OCR first)", path=path)
        return Document(path=path, text=text, format=self.format, link_targets=tuple(links))


READERS: tuple[Reader, ...] = (PdfReader(), HtmlReader(), MarkdownReader(), TextReader())


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
