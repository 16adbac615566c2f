"""The fields of one citation as they are being read, before they are checked and finished,
and the cleaning every reader applies to an author or a title it takes."""

from __future__ import annotations

from dataclasses import dataclass, field

from citewatch.citations.fields.dates import FoundDate
from citewatch.citations.model import WorkKind
from citewatch.lazy import lazy_pattern


@dataclass
class _Draft:
    """Fields while a citation is being read (local to one call)."""

    author: str | None = None
    title: str | None = None
    container: str | None = None
    date: FoundDate | None = None
    accessed: FoundDate | None = None
    accessed_text: str | None = None
    pinpoint: str | None = None
    doi: str | None = None
    kind: WorkKind | None = None
    platform: str | None = None
    urls: list[str] = field(default_factory=list)
    hints: set[str] = field(default_factory=set)
    note: list[str] = field(default_factory=list)

    def offer_date(self, found: FoundDate | None) -> None:
        """Keep the most precise publication date offered; the first on ties."""
        if found is None:
            return
        if self.date is None or found.precision > self.date.precision:
            self.date = found

    def leftover(self, text: str | None) -> None:
        if text and (cleaned := text.strip(" ,.;:")):
            self.note.append(cleaned)


_AT_HANDLE_RE = lazy_pattern(r"\s*\(@[^)]*\)|\s*\[@[^\]]*\]")

_TITLE_END_RE = lazy_pattern(r"(?<!\.)[,.]$")


def _clean_author(text: str) -> str:
    if "@" in text:  # what every _AT_HANDLE_RE match holds
        text = _AT_HANDLE_RE.sub("", text)
    return text.strip(" ,;")


def _clean_title(text: str) -> str:
    """Drop the comma or full stop a style sets after a title (an ellipsis stays)."""
    text = text.strip()
    if text.endswith((",", ".")):  # what every _TITLE_END_RE match ends with
        text = _TITLE_END_RE.sub("", text)
    return text.strip()
