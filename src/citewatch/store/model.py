"""Values the store hands to the other stages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from citewatch.citations.model import Citation
from citewatch.citations.seen import DateSource, SeenDate, end_of
from citewatch.url import identity

_SOURCES = frozenset(s.value for s in DateSource)


@dataclass(frozen=True)
class SuspectRecord:
    """A URL whose printed text looked damaged, as recorded in ``citewatch-suspect``."""

    url: str
    """The URL as extracted (printed form, line breaks removed)."""
    reasons: tuple[str, ...]
    """``SuspectReason`` values."""
    raw: str
    """The source text it was read from, line breaks included."""
    detail: str = ""


@dataclass(frozen=True)
class StoredEntry:
    """One entry of the store, as the link checker and reports read it."""

    key: str
    entry_type: str
    bib_path: Path
    """The ``.bib`` file holding it."""
    fields: Mapping[str, str] = field(default_factory=dict)
    """Every field, decoded to plain text (names lower-cased)."""
    managed: bool = True
    """True when citewatch wrote the entry (it has ``citewatch-document``); False for
    entries a person added by hand."""

    @property
    def url(self) -> str | None:
        return self.fields.get("url") or None

    @property
    def urls(self) -> tuple[str, ...]:
        """``url`` and the further URLs of ``citewatch-urls``, in order."""
        out = [self.fields["url"]] if self.fields.get("url") else []
        out += [u for u in self.fields.get("citewatch-urls", "").split() if u not in out]
        return tuple(out)

    @property
    def document(self) -> str | None:
        """Path of the document citing it (``citewatch-document``)."""
        return self.fields.get("citewatch-document") or None

    @property
    def notes(self) -> tuple[str, ...]:
        """Labels of the notes citing it (``12``, ``[3]``, ``12.2``, ``body``)."""
        raw = self.fields.get("citewatch-notes", "")
        return tuple(n.strip() for n in raw.split(",") if n.strip())

    @property
    def lines(self) -> tuple[int, ...]:
        """Every document line the citations of it were read from."""
        out: list[int] = []
        for part in self.fields.get("citewatch-lines", "").split(","):
            first, _, last = part.strip().partition("-")
            if first.isdigit():
                end = int(last) if last.isdigit() else int(first)
                out.extend(range(int(first), end + 1))
        return tuple(out)

    @property
    def alternatives(self) -> dict[str, tuple[str, ...]]:
        """URL identity → other spellings the printed text allows (``citewatch-alternatives``)."""
        out: dict[str, tuple[str, ...]] = {}
        for item in self.fields.get("citewatch-alternatives", "").split(" || "):
            url, sep, alts = item.partition(" | ")
            if sep and alts.split():
                out[identity(url)] = tuple(alts.split())
        return out

    @property
    def seen(self) -> SeenDate | None:
        """When a citation of the work saw the page (``citewatch-seen``)."""
        day, _, source = self.fields.get("citewatch-seen", "").strip().partition(" ")
        when = end_of(day)
        if when is None or source not in _SOURCES:
            return None
        return SeenDate(when, DateSource(source))

    @property
    def suspects(self) -> tuple[SuspectRecord, ...]:
        out = []
        for item in self.fields.get("citewatch-suspect", "").split(" || "):
            parts = item.split(" | ", 3)
            if len(parts) >= 3:
                out.append(
                    SuspectRecord(
                        url=parts[0],
                        reasons=tuple(r.strip() for r in parts[1].split(",") if r.strip()),
                        raw=parts[2],
                        detail=parts[3] if len(parts) > 3 else "",
                    )
                )
        return tuple(out)


@dataclass(frozen=True)
class WriteResult:
    """What :func:`~citewatch.store.write_extraction` did (or would do, in a dry run)."""

    path: Path
    """The ``.bib`` file."""
    changed: bool
    """Whether its bytes differ (would differ) from before."""
    text: str
    """The full new text of the file."""
    added: tuple[str, ...] = ()
    """Keys of new entries."""
    updated: tuple[str, ...] = ()
    """Keys of entries whose type or fields changed."""
    kept: tuple[str, ...] = ()
    """Keys of entries left exactly as they were (including entries a person added)."""
    removed: tuple[str, ...] = ()
    """Keys of citewatch entries dropped: the document no longer cites the work."""
    dry_run: bool = False
    keys: Mapping[Citation, str] = field(default_factory=dict)
    """The key of each citation, as :func:`~citewatch.store.keys_for` gives it."""
    warnings: tuple[str, ...] = ()
    """What a person should look at, one line each: an entry that looks like citewatch's
    but no longer counts as this document's (its ``citewatch-document`` edited or
    removed) while citewatch added a second entry for the same URL."""
