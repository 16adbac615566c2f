"""Dates as citations print them: day-month-year, month-day-year, ISO, seasons of a year.

:func:`find_dates` finds them in text, :func:`parse_date` reads one; both return ISO
strings with the printed form, so a partial date (``2021``, ``May 2021``) stays partial."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from citewatch.lazy import lazy_pattern

_MONTHS: dict[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

_MONTH_RE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|"
    r"Nov\.?|Dec\.?)"
)

_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"

_YEAR = r"(?P<y>(?:1[6-9]|20)\d\d)"

_MON = rf"(?P<m>{_MONTH_RE})"

# Most precise first: where several readings overlap, the first found wins.
_DATE_PATTERNS: tuple[tuple[re.Pattern[str], int], ...] = tuple(
    (re.compile(p), precision)
    for p, precision in (
        (rf"{_YEAR}-(?P<mm>[01]\d)-(?P<dd>[0-3]\d)", 3),
        (rf"{_DAY}\s+{_MON},?\s+{_YEAR}", 3),
        (rf"{_MON}\s+{_DAY},?\s+{_YEAR}", 3),
        (rf"{_YEAR},\s+{_MON}\s+{_DAY}[a-z]?", 3),
        (rf"(?P<dd>[0-3]?\d)\.(?P<mm>[01]?\d)\.{_YEAR}", 3),
        (rf"{_YEAR},\s+{_MON}", 2),
        (rf"{_MON}\s+{_YEAR}", 2),
        (rf"{_YEAR}[a-z]?", 1),
    )
)


@dataclass(frozen=True)
class FoundDate:
    """A date found in text."""

    start: int
    end: int
    printed: str
    """The date as printed (an APA disambiguation letter such as ``2021a`` dropped)."""
    iso: str | None
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; None when the parts make no date."""
    precision: int
    """1 year, 2 month, 3 day."""


_DATE_LETTER_RE = lazy_pattern(r"(?<=\d)[a-z]$")

_DATE_STOP_RE = lazy_pattern(r"(?<=\d)\.$")


def _date_iso(match: re.Match[str], precision: int) -> str | None:
    groups = match.groupdict()
    year = int(groups["y"])
    if precision == 1:
        return f"{year:04d}"
    month_name = groups.get("m")
    month = _MONTHS.get(month_name[:3].lower(), 0) if month_name else int(groups["mm"])
    if not 1 <= month <= 12:
        return None
    if precision == 2:
        return f"{year:04d}-{month:02d}"
    day = int(groups.get("d") or groups.get("dd") or 0)
    if not 1 <= day <= 31:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _date_printed(match: re.Match[str]) -> str:
    # "2021, July 15a" / "2021a": the letter only tells same-year works apart.
    printed = match.group(0)
    return _DATE_LETTER_RE.sub("", printed) if printed[-1:].isalpha() else printed


_ANY_YEAR_RE = lazy_pattern(r"(?:1[6-9]|20)\d\d")
"""What every reading of :data:`_DATE_PATTERNS` holds (its year): one scan for it turns down
most texts, where trying each reading took eight."""


def _fits(text: str, start: int, end: int, precision: int) -> bool:
    """Whether a reading at ``start:end`` stands alone: not part of a longer number, word,
    path or range (a bare year may not run on into ``:`` or ``.`` either)."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if before.isalnum() or before in "/-:.":
        return False
    return not (after.isalnum() or after in "/-" or (after in ":." and precision == 1))


def has_date(text: str) -> bool:
    """``bool(find_dates(text))``, stopping at the first date (the first reading found
    overlaps none found before it)."""
    if _ANY_YEAR_RE.search(text) is None:
        return False
    for pattern, precision in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            if _fits(text, *match.span(), precision):
                return True
    return False


def find_dates(text: str) -> list[FoundDate]:
    """Every date in ``text``, left to right, the most precise reading at each place."""
    found: list[FoundDate] = []
    if _ANY_YEAR_RE.search(text) is None:
        return found
    for pattern, precision in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if not _fits(text, start, end, precision):
                continue
            if any(d.start < end and start < d.end for d in found):
                continue
            found.append(
                FoundDate(start, end, _date_printed(match), _date_iso(match, precision), precision)
            )
    found.sort(key=lambda d: d.start)
    return found


_ANY_DATE_RE = lazy_pattern(
    "|".join(
        f"({re.sub(r'[(][?]P<[a-z]+>', '(?:', p.pattern)})" for p, _ in _DATE_PATTERNS
    )
)
"""The readings of :data:`_DATE_PATTERNS` as one alternation, each in its own group (the
only groups), tried in the same order: its full match is the first reading that matches
the whole text, and ``lastindex`` says which. Most texts :func:`parse_date` is given are
not dates, and one call turns them down where trying each reading took eight."""


def parse_date(text: str) -> FoundDate | None:
    """The date when ``text`` is nothing but a date (edge punctuation aside), else None.
    Remembered for short texts: the readers ask it of the same segment several times (a
    segment, then its parenthetical, then that as a date text), and outlets' dates recur
    from note to note; a :class:`FoundDate` is frozen, so one value serves every caller.
    (A long text is read afresh: the memory keeps what it is given.)"""
    return _parse_remembered(text) if len(text) <= 64 else _parse_date(text)


def _parse_date(text: str) -> FoundDate | None:
    stripped = text.strip(" ,;()[]")
    if stripped.endswith((".", ".\n")):
        stripped = _DATE_STOP_RE.sub("", stripped)
    which = _ANY_DATE_RE.fullmatch(stripped)
    if which is None or which.lastindex is None:
        return None
    pattern, precision = _DATE_PATTERNS[which.lastindex - 1]
    match = pattern.fullmatch(stripped)
    if match is None:  # cannot happen: the same pattern, alone
        return None
    return FoundDate(
        0, len(stripped), _date_printed(match), _date_iso(match, precision), precision
    )


_parse_remembered = functools.lru_cache(maxsize=4096)(_parse_date)

_MDY_HEAD_RE = lazy_pattern(rf"\b{_MONTH_RE}\s+[0-3]?\d$")

_YEAR_HEAD_RE = lazy_pattern(r"(?:^|[\s(])(?:1[6-9]|20)\d\d$")

_YEAR_NEXT_RE = lazy_pattern(r"\s*(?:1[6-9]|20)\d\d\b")

_MONTH_NEXT_RE = lazy_pattern(rf"\s*{_MONTH_RE}(?:\s+[0-3]?\d)?[a-z]?\s*\)")


def _comma_in_date(text: str, i: int) -> bool:
    """Whether the comma at ``i`` sits inside a date (``July 24, 2021``, ``(2021, May 3)``)."""
    head, rest = text[max(0, i - 16) : i], text[i + 1 : i + 24]
    # both head patterns end in a digit (\\d is Unicode's Nd, as isdecimal), at the end or
    # before a final newline: most commas follow a word and are not scanned for
    if not (head[-2:-1] if head.endswith("\n") else head[-1:]).isdecimal():
        return False
    if _MDY_HEAD_RE.search(head) and _YEAR_NEXT_RE.match(rest):
        return True
    return bool(_YEAR_HEAD_RE.search(head) and _MONTH_NEXT_RE.match(rest))
