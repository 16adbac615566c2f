"""One value per work of the store, as every bibliography format reads it.

The store's raw BibTeX values are kept next to the decoded text: the biblatex export
writes them back unchanged (so braces that protect an organisation's name survive), the
other formats use the decoded text and the parsed names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from citewatch.lazy import lazy_pattern
from citewatch.store.values import decode_text


@dataclass(frozen=True)
class Name:
    """An author: a person (family, given) or an organisation (literal)."""

    family: str | None = None
    given: str | None = None
    literal: str | None = None

    @property
    def display(self) -> str:
        if self.literal is not None:
            return self.literal
        return " ".join(p for p in (self.given, self.family) if p)


@dataclass(frozen=True)
class BibItem:
    """One cited work."""

    key: str
    entry_type: str
    """The biblatex type the store chose (``online``, ``article``, ``report``…)."""
    authors: tuple[Name, ...] = ()
    et_al: bool = False
    """The citation printed "et al": more authors than are named."""
    title: str | None = None
    container: str | None = None
    """Journal, newspaper, website, institution or publisher (see ``container_field``)."""
    container_field: str | None = None
    """The store field ``container`` came from (``journaltitle``, ``institution``…)."""
    newspaper: bool = False
    date: str | None = None
    """ISO date, possibly partial (``2020``, ``2020-10``, ``2020-10-23``)."""
    url: str | None = None
    urldate: str | None = None
    doi: str | None = None
    note: str | None = None
    archive_url: str | None = None
    archive_date: str | None = None
    document: str | None = None
    """The citing document (``citewatch-document``)."""
    raw: Mapping[str, str] = field(default_factory=dict)
    """The bibliographic fields exactly as stored (BibTeX-encoded), ``citewatch-*`` left out."""


CONTAINER_FIELDS = ("journaltitle", "institution", "publisher", "organization")

_ET_AL = lazy_pattern(r"(?:,?\s+(?:et\.?\s*al\.?|and\s+others|others))\s*$", re.IGNORECASE)


def split_top_level(value: str, separator: str = " and ") -> list[str]:
    """Split a BibTeX name list at ``and`` outside braces."""
    parts: list[str] = []
    depth = 0
    start = 0
    i = 0
    lowered = value.lower()
    while i < len(value):
        char = value[i]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0 and lowered.startswith(separator, i):
            parts.append(value[start:i])
            i += len(separator)
            start = i
            continue
        i += 1
    parts.append(value[start:])
    return [p.strip() for p in parts if p.strip()]


def parse_names(raw: str) -> tuple[tuple[Name, ...], bool]:
    """Names from a stored ``author`` value: ``{Org}`` is an organisation, ``Family, Given``
    or ``Given Family`` a person; a trailing "et al" is reported, not made a name."""
    et_al = False
    names: list[Name] = []
    for part in split_top_level(raw):
        if part.startswith("{") and part.endswith("}"):
            names.append(Name(literal=decode_text(part)))
            continue
        text = decode_text(part)
        stripped = _ET_AL.sub("", text)
        if stripped != text or text.lower() in ("others", "et al", "et al."):
            et_al = True
            text = stripped
        if not text:
            continue
        if "," in text:
            family, _, given = text.partition(",")
            names.append(Name(family=family.strip(), given=given.strip() or None))
            continue
        words = text.split()
        if len(words) == 1:
            names.append(Name(literal=words[0]))
        else:
            names.append(Name(family=words[-1], given=" ".join(words[:-1])))
    return tuple(names), et_al


def date_parts(iso: str | None) -> list[int] | None:
    """``2020-10-23`` → ``[2020, 10, 23]``; None for anything that is not an ISO date."""
    if not iso:
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", iso.strip())
    if not m:
        return None
    return [int(g) for g in m.groups() if g is not None]
