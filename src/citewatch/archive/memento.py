"""Memento TimeMaps (RFC 7089) in link format (RFC 6690), as a second source of copies.

A TimeMap lists every memento (archived copy) of an original URL::

    <http://a.example.org>;rel="original",
    <http://arxiv.example.net/timemap/http://a.example.org>
      ; rel="self";type="application/link-format"
      ; from="Tue, 20 Jun 2000 18:02:59 GMT",
    <http://arxiv.example.net/web/20000620180259/http://a.example.org>
      ; rel="first memento";datetime="Tue, 20 Jun 2000 18:02:59 GMT",
    <http://arxiv.example.net/web/20000621011731/http://a.example.org>
      ; rel="memento";datetime="Wed, 21 Jun 2000 01:17:31 GMT"

(RFC 7089 §5.1.1). Quoted values contain commas, so entries are split by a small scanner,
not by ``split(",")``. The Wayback serves one at ``/web/timemap/link/<url>``; aggregators
(e.g. Memento Time Travel) at ``<base>/timemap/link/<url>`` for many archives at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime


@dataclass(frozen=True)
class Link:
    """One link of a link-format document."""

    uri: str
    rels: frozenset[str]
    params: dict[str, str]


@dataclass(frozen=True)
class Memento:
    """An archived copy named by a TimeMap."""

    uri: str
    datetime: datetime


def parse_link_format(text: str) -> list[Link]:
    """All links of a link-format document; unterminated or malformed links are dropped."""
    links: list[Link] = []
    i, n = 0, len(text)
    while i < n:
        start = text.find("<", i)
        if start < 0:
            break
        end = text.find(">", start)
        if end < 0:
            break
        uri = text[start + 1 : end].strip()
        i = end + 1
        params: dict[str, str] = {}
        # parameters: ; name="quoted, maybe with commas" | ; name=token — until a top-level ","
        while i < n:
            while i < n and text[i] in " \t\r\n":
                i += 1
            if i >= n or text[i] != ";":
                break
            i += 1
            eq = text.find("=", i)
            if eq < 0:
                i = n
                break
            name = text[i:eq].strip().lower()
            i = eq + 1
            while i < n and text[i] in " \t\r\n":
                i += 1
            if i < n and text[i] == '"':
                close = text.find('"', i + 1)
                if close < 0:
                    i = n
                    break
                value = text[i + 1 : close]
                i = close + 1
            else:
                j = i
                while j < n and text[j] not in ";,\r\n":
                    j += 1
                value = text[i:j].strip()
                i = j
            params[name] = value
        while i < n and text[i] in " \t\r\n":
            i += 1
        if i < n and text[i] == ",":
            i += 1
        links.append(Link(uri, frozenset(params.get("rel", "").split()), params))
    return links


def mementos(text: str) -> list[Memento]:
    """The mementos of a TimeMap (any link whose rel includes ``memento``), oldest first."""
    found: list[Memento] = []
    for link in parse_link_format(text):
        if "memento" not in link.rels or "datetime" not in link.params:
            continue
        try:
            when = parsedate_to_datetime(link.params["datetime"])
        except (TypeError, ValueError):
            continue
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        found.append(Memento(link.uri, when))
    found.sort(key=lambda m: m.datetime)
    return found


def rank_mementos(items: Sequence[Memento], target: datetime) -> list[Memento]:
    """Same policy as for CDX captures: at or before ``target`` latest first, then after
    it earliest first."""
    before = sorted((m for m in items if m.datetime <= target), key=lambda m: m.datetime)
    after = sorted((m for m in items if m.datetime > target), key=lambda m: m.datetime)
    return before[::-1] + after


def memento_timestamp(memento: Memento) -> str:
    return memento.datetime.astimezone(UTC).strftime("%Y%m%d%H%M%S")
