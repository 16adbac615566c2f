"""One URL value for every stage: as printed, as requested, and as compared.

A cited URL has three faces, and mixing them up is how a checked URL fails to match its
stored entry or its repair: the **printed** text (``www.hrw.org/news/…``, no scheme, what a
reader sees and what the store keeps), the **absolute** URL a client requests (a scheme
added: ``https://`` for ``www.…``, ``https:`` for ``//host…``), and the **identity** two URLs
share when they name the same resource (no scheme, no ``www.``, no default port, lower-case
host, no trailing ``/``; the fragment stays, since HUDOC and others name the document in it).

Extraction, store, checker, repair, archive and reports all go through :meth:`Url.parse` or
the functions below; nothing here raises, whatever the text (a footnote marker glued to a URL
makes ``urllib`` raise on ``[12]`` as an IPv6 literal; this parser never asks it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from citewatch.lazy import lazy_pattern

__all__ = ["Url", "absolute", "host_of", "identity", "loose_identity"]

_SCHEME = lazy_pattern(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:")
_HOST_PORT = lazy_pattern(r"^[^:/]+:\d+(?:[/?#]|$)")
"""``example.org:8080/x``: a port, not a scheme."""
_AUTHORITY = lazy_pattern(r"^([a-zA-Z][a-zA-Z0-9+.\-]*)://([^/?#]*)(.*)\Z", re.DOTALL)
_DEFAULT_PORTS = {"http": "80", "https": "443", "": ""}
_LOOSE_DROP = lazy_pattern(r"[\s\-]+")
_TRAILING = "/.,;:!?)>]'\"”’"
CACHE_SIZE = 1 << 16


@dataclass(frozen=True)
class Url:
    """A cited URL's three faces (see the module docstring)."""

    printed: str
    """As printed in the document, line breaks removed (no scheme where none was printed)."""
    absolute: str
    """What a client requests: the printed URL with a scheme."""
    identity: str
    """The comparison key: equal for URLs that name the same resource."""
    host: str
    """Lower-case host name (``www.`` kept); empty when the URL has none."""
    path: str
    """The path (``/news/2020/x``), without query or fragment; empty when there is none."""

    @classmethod
    def parse(cls, printed: str) -> Url:
        return _parse(printed)

    def __str__(self) -> str:
        return self.absolute


@lru_cache(maxsize=CACHE_SIZE)
def _parse(printed: str) -> Url:
    text = printed.strip()
    full = absolute(text)
    _scheme, _userinfo, host, _port, rest = _split(full)
    return Url(text, full, identity(full), host, _split_path(rest)[0])


@lru_cache(maxsize=CACHE_SIZE)
def absolute(url: str) -> str:
    """``url`` with a scheme: ``https://`` when printed without one, ``https:`` before a
    scheme-relative ``//host``; URLs with a scheme (``http:``, ``mailto:``, ``doi:``) as they
    are."""
    url = url.strip()
    if url.startswith("//"):
        return "https:" + url
    if _SCHEME.match(url) and not _HOST_PORT.match(url):
        return url
    return "https://" + url.lstrip("/")


def _split(url: str) -> tuple[str, str, str, str, str]:
    """``(scheme, userinfo, host, port, rest)`` of an absolute URL, without raising."""
    m = _AUTHORITY.match(url)
    if m is None:
        return "", "", "", "", url
    scheme, authority, rest = m.group(1).lower(), m.group(2), m.group(3)
    userinfo, at, hostport = authority.rpartition("@")
    if not at:
        userinfo = ""
    if hostport.startswith("["):  # IPv6 literal
        close = hostport.find("]")
        host = hostport[: close + 1] if close >= 0 else hostport
        port = hostport[close + 2 :] if close >= 0 and hostport[close + 1 : close + 2] == ":" else ""
    else:
        host, _, port = hostport.partition(":")
    return scheme, userinfo, host.lower(), port, rest


@lru_cache(maxsize=CACHE_SIZE)
def identity(url: str) -> str:
    """The comparison key of a printed or absolute URL (see the module docstring).

    ``%7B``/``%7D`` count as braces (HUDOC's ``#{"itemid":…}`` is printed both ways). A URL
    without an authority (``mailto:``, ``doi:``) is compared as written, scheme lower-cased.
    """
    full = absolute(re.sub("%7[dD]", "}", re.sub("%7[bB]", "{", url.strip())))
    scheme, _userinfo, host, port, rest = _split(full)
    if not host and not scheme:
        m = _SCHEME.match(full)
        return (m.group(0).lower() + full[m.end() :]) if m else full
    host = host.removeprefix("www.")
    if port and port != _DEFAULT_PORTS.get(scheme, ""):
        host = f"{host}:{port}"
    path, mark, after = _split_path(rest)
    return host + path.rstrip("/") + mark + after


def _split_path(rest: str) -> tuple[str, str, str]:
    m = re.search(r"[?#]", rest)
    if m is None:
        return rest, "", ""
    return rest[: m.start()], rest[m.start()], rest[m.end() :]


def host_of(url: str) -> str:
    """Lower-case host of a printed or absolute URL; empty when there is none."""
    return _split(absolute(url))[2]


@lru_cache(maxsize=CACHE_SIZE)
def loose_identity(url: str) -> str:
    """The identity with hyphens, whitespace and trailing punctuation gone: equal for a URL and
    its text damaged by extraction (a hyphen dropped or kept at a line break, a space where a
    line break was). For matching candidates and link annotations, never for checking."""
    return _LOOSE_DROP.sub("", identity(re.sub(r"\s+", "", url.lstrip("<")))).rstrip(_TRAILING)
