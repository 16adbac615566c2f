"""Values of the extraction stage: what a document cites, with where it says so.

Provenance (document, note label, lines, raw text) travels with every value so that a
report can tell a person exactly where a dead link is cited.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from operator import attrgetter
from typing import Any

from citewatch.url import Url, absolute


class SuspectReason(StrEnum):
    """Why a URL's text looks damaged by text extraction. A suspect URL is kept as printed
    (never rewritten); the archive stage's repair step tries candidates."""

    HYPHEN_AT_BREAK = "hyphen-at-break"
    """The URL was broken across lines where a hyphen may have been dropped (or kept)."""
    SPACE_IN_URL = "space-in-url"
    """``%20`` or whitespace stands where a line break was."""
    TRUNCATED = "truncated"
    """The URL looks cut off (ends mid-token, opening ``<`` without ``>``)."""
    ORPHAN_TAIL = "orphan-tail"
    """A fragment elsewhere in the document looks like the rest of this URL."""
    AMBIGUOUS_JOIN = "ambiguous-join"
    """It is unclear whether the next line's text belongs to the URL."""


class NoteKind(StrEnum):
    """Where in a document a citation stands."""

    FOOTNOTE = "footnote"
    """A footnote or endnote, labelled by its number (or ``*``)."""
    REFERENCE = "reference"
    """An entry of a reference list or bibliography (``[12]``, ``12.``, author-date)."""
    BODY = "body"
    """A URL in the running text, or a link printed apart that no note claims."""


class RefKind(StrEnum):
    """Short forms that point back at an earlier full citation."""

    IBID = "ibid"
    ID = "id"
    SUPRA = "supra"
    SHORT = "short"
    REPEAT = "repeat"


class WorkKind(StrEnum):
    """What kind of work a citation names; the store maps it to a biblatex entry type."""

    WEB = "web"
    NEWS = "news"
    REPORT = "report"
    ARTICLE = "article"
    BOOK = "book"
    CASE = "case"
    LEGISLATION = "legislation"
    TREATY = "treaty"
    SOCIAL = "social"
    MISC = "misc"


@dataclass(frozen=True, slots=True)
class FoundUrl:
    """A URL found in the text, line breaks inside it rejoined."""

    url: str
    """The URL as printed (no scheme added), with line breaks removed."""
    raw: str
    """The exact source text it was read from, line breaks included."""
    line: int
    """1-based line where it starts."""
    end_line: int
    """1-based line where it ends."""
    start: int = 0
    """Offset of the first character in the document text."""
    end: int = 0
    """Offset one past the last character in the document text."""
    suspect: tuple[SuspectReason, ...] = ()
    """Why the text looks damaged; empty when it looks clean."""
    detail: str = ""
    """Words for a person on why the text looks damaged; never parsed back."""
    alternatives: tuple[str, ...] = ()
    """Other spellings the printed text allows (printed form: a hyphen lost or kept at a
    line break, the other join of an ambiguous one), most likely first. Repair tries them."""
    continuation: str = ""
    """When the URL ends where its line ends: the URL characters the next line begins with
    (:mod:`.urls.next_line`). Not evidence of damage; repair tries it on a URL that fails."""

    def __reduce__(self) -> tuple[type[FoundUrl], tuple[Any, ...]]:
        """Pickled as a constructor call: the default for a frozen dataclass with slots
        sets each field through ``dataclasses.fields``, twice the time to read back a
        document's URLs from the process that worked out its citations (``citedcache``)."""
        return FoundUrl, _FOUND_FIELDS(self)

    @property
    def value(self) -> Url:
        """The URL's printed, absolute and identity forms."""
        return Url.parse(self.url)

    @property
    def absolute(self) -> str:
        """The URL with a scheme (``https://`` where none was printed)."""
        return absolute(self.url)


_FOUND_FIELDS = attrgetter(*FoundUrl.__slots__)


@dataclass(frozen=True, slots=True)
class Ref:
    """A short form and the note it repeats."""

    kind: RefKind
    target: str | None
    """Label of the note holding the full citation; None when it cannot be resolved."""
    chain: tuple[str, ...] = ()
    """Labels followed to reach the full citation (``ibid`` of an ``ibid`` …), nearest first."""


@dataclass(frozen=True, slots=True)
class Fields:
    """Bibliographic fields as printed. What cannot be parsed stays in ``note``."""

    author: str | None = None
    title: str | None = None
    container: str | None = None
    """Publication, site, publisher or institution."""
    date: str | None = None
    """Publication date as printed."""
    date_iso: str | None = None
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` when the date parses."""
    accessed: str | None = None
    """Access date as printed ("accessed", "last visited", "retrieved")."""
    accessed_iso: str | None = None
    pinpoint: str | None = None
    """Page, paragraph or article pinpoint."""
    doi: str | None = None
    kind: WorkKind = WorkKind.MISC
    note: str | None = None
    """Text of the citation that no field took."""


@dataclass(frozen=True, slots=True)
class Citation:
    """One cited work: a footnote, a reference-list entry, a part of a note citing several
    works ("see also"), or a URL in the body text."""

    document: str
    """Path of the source document, as given on the command line."""
    kind: NoteKind
    label: str | None
    """Note number (``"12"``, ``"*"``) or reference label (``"3"``, ``"Smith 2020"``);
    None for body links."""
    text: str
    """The citation's full text, lines joined and hyphenation handled."""
    lines: tuple[int, ...]
    """The 1-based lines it was read from (several runs when split across pages)."""
    urls: tuple[FoundUrl, ...] = ()
    """URLs printed in the citation, and those attached to it from a block of links."""
    ref: Ref | None = None
    fields: Fields = field(default_factory=Fields)
    is_citation: bool = True
    """False for notes that cite nothing (an author note, a remark)."""
    part: int = 0
    """Index of this work within its note when the note cites several works."""

    @property
    def suspect_urls(self) -> tuple[FoundUrl, ...]:
        return tuple(u for u in self.urls if u.suspect)


@dataclass(frozen=True)
class DocumentMeta:
    """What the document says about itself."""

    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    date: str | None = None
    date_iso: str | None = None
    original_url: str | None = None


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one document."""

    document: str
    meta: DocumentMeta
    citations: tuple[Citation, ...]
    warnings: tuple[str, ...] = ()
    orphans: tuple[str, ...] = ()
    """URL fragments printed apart that no URL claims (:mod:`.urls.fragments`): tails to try on a
    URL that fails."""

    def by_label(self, label: str) -> list[Citation]:
        return [c for c in self.citations if c.label == label]

    def resolved_urls(self, citation: Citation) -> tuple[str, ...]:
        """The citation's own URLs, else those inherited through its short-form chain."""
        if citation.urls:
            return tuple(u.url for u in citation.urls)
        if citation.ref and citation.ref.target is not None:
            for target in self.by_label(citation.ref.target):
                if target.urls:
                    return tuple(u.url for u in target.urls)
        return ()
