"""The value a reader hands to the citation extractor."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class DocFormat(StrEnum):
    """Input formats, one reader each."""

    TEXT = "text"
    PDF = "pdf"
    HTML = "html"
    MARKDOWN = "markdown"


@dataclass(frozen=True)
class Document:
    """A document as text, ready for extraction.

    ``text`` uses ``\\n`` line ends and ``\\f`` page breaks where the source had them;
    line numbers everywhere in citewatch are 1-based lines of this text.
    """

    path: Path
    """Where the document was read from."""
    text: str
    """The decoded text."""
    format: DocFormat
    """Which reader produced it."""
    encoding: str = "utf-8"
    """The encoding the bytes were decoded with (text inputs)."""
    link_targets: tuple[tuple[int, str], ...] = field(default=())
    """Hyperlink targets the source carries apart from its text, as (page, url):
    a PDF's link annotations. Empty for plain text."""
    warnings: tuple[str, ...] = field(default=())
    """What the reader skipped (a damaged part of the file), one line each; the extraction
    passes them on so the user sees them."""

    @property
    def stem(self) -> str:
        """The name the store uses for this document's ``.bib`` file."""
        return self.path.stem
