"""When a citation saw the page it cites: the date its archived copy should come before.

An author cites a page as it stood when they read it. The best evidence is the access date
the citation prints; failing that its own publication date (the page existed then), then a
date elsewhere in the same note, then the document's own date, then the latest date the
document cites anywhere (a document is written after everything it cites), and only then
today. Which rule gave the date travels with it, so that a report can say why a capture was
chosen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from citewatch import clock
from citewatch.citations.fields import find_dates
from citewatch.citations.model import Citation, Extraction

__all__ = ["DateSource", "SeenDate", "end_of", "seen_dates"]


class DateSource(StrEnum):
    """Where a :class:`SeenDate` came from, strongest first."""

    ACCESSED = "accessed"
    """The citation's access date ("accessed 3 May 2021", "last visited")."""
    PUBLISHED = "published"
    """The cited work's own date (also one printed inside a publisher parenthetical)."""
    NOTE = "note"
    """A date of another work cited in the same note."""
    DOCUMENT = "document"
    """The citing document's own date."""
    LATEST_CITED = "latest-cited"
    """The latest date the document cites anywhere."""
    TODAY = "today"


@dataclass(frozen=True)
class SeenDate:
    """The date a citation saw its page, and why that date."""

    date: date
    source: DateSource


def end_of(iso: str | None) -> date | None:
    """The last day of a ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` period; None if it does not
    parse. A page cited as "2019" was seen at some time in 2019, so captures made during
    2019 count as before it."""
    if not iso:
        return None
    parts = iso.strip().split("-")
    try:
        if len(parts) == 1 and len(parts[0]) == 4 and parts[0].isdigit():
            return date(int(parts[0]), 12, 31)
        if len(parts) == 2:
            year, month = int(parts[0]), int(parts[1])
            nxt = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
            return date.fromordinal(nxt.toordinal() - 1)
        if len(parts) >= 3:
            return date(int(parts[0]), int(parts[1]), int(parts[2][:2]))
    except ValueError:
        return None
    return None


def _own(c: Citation, today: date) -> SeenDate | None:
    for iso, source in (
        (c.fields.accessed_iso, DateSource.ACCESSED),
        (c.fields.date_iso, DateSource.PUBLISHED),
    ):
        when = end_of(iso)
        if when is not None and when <= today:
            return SeenDate(when, source)
    return _printed(c, today)


def _printed(c: Citation, today: date) -> SeenDate | None:
    """A date the citation prints that no field took ("…, Geneva, 12 August 1949."): with a
    day or a month it dates the work; the latest such date, as a work is dated last."""
    days = [end_of(d.iso) for d in find_dates(c.text) if d.precision >= 2]
    latest = max((d for d in days if d is not None and d <= today), default=None)
    return SeenDate(latest, DateSource.PUBLISHED) if latest is not None else None


def _strength(s: SeenDate) -> int:
    return list(DateSource).index(s.source)


def seen_dates(extraction: Extraction, today: date | None = None) -> dict[Citation, SeenDate]:
    """The :class:`SeenDate` of every citation of ``extraction``; dates after ``today`` (a
    misread year) are not evidence. A short form without a date of its own cites the same
    work as the note it repeats (``Ibid.``): that work's date, with its source."""
    today = today or clock.now().date()
    own = {c: _own(c, today) for c in extraction.citations}
    by_note: dict[str | None, list[SeenDate]] = {}
    for c, seen in own.items():
        if seen is not None and c.label is not None:
            by_note.setdefault(c.label, []).append(seen)
    document = end_of(extraction.meta.date_iso)
    latest = max((s.date for s in own.values() if s is not None), default=None)
    out: dict[Citation, SeenDate] = {}
    for c in extraction.citations:
        seen = own[c]
        target = c.ref.target if c.ref is not None else None
        if seen is None and target is not None:
            # a short form cites the same work as the note it repeats: that work's own date
            repeated = [own[t] for t in extraction.by_label(target) if own.get(t) is not None]
            seen = min((s for s in repeated if s is not None), key=_strength, default=None)
        if seen is None:
            note = by_note.get(c.label) if c.label is not None else None
            if note:
                seen = SeenDate(max(s.date for s in note), DateSource.NOTE)
            elif document is not None and document <= today:
                seen = SeenDate(document, DateSource.DOCUMENT)
            elif latest is not None:
                seen = SeenDate(latest, DateSource.LATEST_CITED)
            else:
                seen = SeenDate(today, DateSource.TODAY)
        out[c] = seen
    return out
