"""Links: which targets can be checked, how a relative one resolves, how a link is written
in the text (``text <url>``)."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from citewatch.lazy import lazy_pattern
from citewatch.url import identity

_CHECKABLE_SCHEMES = frozenset({"http", "https", "ftp"})


def is_checkable_url(url: str) -> bool:
    """An absolute http(s)/ftp URL with a host: the only links the check stage can test."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in _CHECKABLE_SCHEMES and bool(parts.netloc)


def resolve(href: str, base: str | None) -> str | None:
    """``href`` made absolute, or None for in-page, script, mail and unresolvable links."""
    href = href.strip()
    lower = href.lower()
    if (
        not href
        or href.startswith("#")
        or lower.startswith(("javascript:", "mailto:", "tel:", "data:", "sms:", "about:"))
    ):
        return None
    if href.startswith("//") and base is None:
        href = "https:" + href
    try:
        url = urljoin(base, href) if base else href
    except ValueError:
        return None
    url = url.replace(" ", "%20")
    return url if is_checkable_url(url) else None


def _url_key(text: str) -> str:
    """A URL, or text shown for one, compared case-blind on its identity."""
    return identity(text).lower()


def link_suffix(visible: str, url: str) -> tuple[str | None, str]:
    """How to write a link: ``(replacement, suffix)`` for its visible text.

    The text is left alone (``None``) and `` <url>`` appended, unless the text already is the
    URL (no suffix) or a shortened display of it (``example.org/long/pa…``: the text is
    replaced by the URL, since a truncated URL in the text would be read as a broken one).
    """
    shown = visible.strip()
    if not shown:
        return None, ""
    key_url, key_shown = _url_key(url), _url_key(shown)
    if key_shown == key_url or key_url in key_shown:
        return None, ""
    for ellipsis in ("…", "..."):
        if shown.endswith(ellipsis) and " " not in shown:
            stem = _url_key(shown[: -len(ellipsis)])
            if stem and key_url.startswith(stem):
                return url, ""
    return None, f" <{url}>"


_URL_TAIL = lazy_pattern(r"(?:[a-z][a-z0-9+.-]*://|www\.)[^\s<>]*$", re.IGNORECASE)


def ends_in_url(buf: list[str]) -> bool:
    """True when the inline text so far ends in a bare URL: a note marker written right after
    it (``…/report3``, ``…/report[3]``) would be read as part of the URL."""
    tail = ""
    for piece in reversed(buf):
        tail = piece + tail
        if len(tail) > 300 or any(c.isspace() for c in piece):
            break
    return bool(_URL_TAIL.search(tail[-300:]))
