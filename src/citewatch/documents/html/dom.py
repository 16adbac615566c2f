"""Small readings of BeautifulSoup elements shared by the rendering, the notes and the
front matter."""

from __future__ import annotations

from bs4.element import Tag

from citewatch.lazy import lazy_pattern

WS = lazy_pattern(r"[ \t\n\r\f\v\u00a0]+")
INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff\x00"))
"""Soft hyphens and zero-width spaces: a browser shows nothing for them, and inside a word
or a long URL (where pages put them to allow a line break) they must not split it."""
BR = "\x00"
"""Stands for a forced line break in the inline buffer (NULs are removed from input)."""


def attr(tag: Tag, name: str) -> str:
    """An attribute as one string (multi-valued ones such as ``class`` joined by spaces)."""
    value = tag.get(name)
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return " ".join(value)


def words(tag: Tag, name: str) -> set[str]:
    return {w.lower() for w in attr(tag, name).split()}


def collapse(text: str) -> str:
    return WS.sub(" ", text)
