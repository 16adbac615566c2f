"""What a string read so far can be as a URL: where a run stops being this URL, trailing
punctuation trimmed, whether it is complete and plausible."""

from __future__ import annotations

from citewatch.citations.patterns import SEGMENT_TAIL, TRAILING_PUNCTUATION
from citewatch.citations.urls.tlds import TLDS
from citewatch.lazy import lazy_pattern

_CLOSERS = {")": "(", "]": "[", "}": "{"}

_EMBEDDED_SCHEME = lazy_pattern(r"(?i:https?|ftp):(?://|[ \t]*\Z)")

_EMBED_AFTER = frozenset("/=?&%#:([")
"""Characters after which a scheme inside a URL is part of it (an archive URL's target, a
query parameter): anywhere else it starts a new URL glued on by the extractor."""

_CUT_CHARS = lazy_pattern(
    r"[\[\](){}HhFf](?:(?<=[Hh])[Tt][Tt][Pp][Ssſ]?:|(?<=[Ff])[Tt][Pp]:|(?<=[^HhFf]))"
)
r"""``[\[\](){}]|(?i:https?|ftp):`` opening with one class, so the engine skips ahead to it
(an alternation opening with a class or a case-insensitive letter is tried at every
position); ignoring case, ``s`` is also ``ſ``, and no other of these letters has a third form."""

_GLUED_MARKER = lazy_pattern(r"\[\d{1,4}\](?!=)")

_IPV6_HOST = lazy_pattern(r"(?i:https?|ftp)://\[[0-9A-Fa-f:.]+(?:%\w+)?\]")


def _run_cut(piece: str, so_far: str = "") -> int:
    """Where a run of URL characters stops being the URL that ``so_far`` began: at a
    scheme glued on (``…/x.pdf,https://…``, ``…areashttps:``), a glued note marker
    (``…/page[12]``), a bracket that closes nothing of the URL (``https://x.com)[mailto](…``)
    or a ``[`` in the host that is not an IPv6 literal (``http://[::1]:8080/`` stays whole).
    Returns ``len(piece)`` when nothing cuts it."""
    embedded = so_far and _EMBEDDED_SCHEME.match(piece)
    if embedded and so_far[-1] not in _EMBED_AFTER:
        return 0  # a URL of its own opens the piece (the loop's first step, taken at once)
    if not embedded and _CUT_CHARS.search(piece, 1) is None:
        return len(piece)  # the common case: nothing that could cut it
    depth = {o: so_far.count(o) - so_far.count(c) for c, o in _CLOSERS.items()}
    host_end = v6_end = 0
    if not so_far:
        v6 = _IPV6_HOST.match(piece)
        if v6 is not None:
            host_end = v6_end = v6.end()
        else:
            scheme = piece.find("://")
            host_from = scheme + 3 if 0 <= scheme < 8 else 0
            slash = piece.find("/", host_from)
            host_end = slash if slash >= 0 else len(piece)
    for k, ch in enumerate(piece):
        if ch == "[":
            if k >= v6_end and (k < host_end or _GLUED_MARKER.match(piece, k)):
                return k
            depth[ch] += 1
        elif ch in "({":
            depth[ch] += 1
        elif ch in _CLOSERS:
            opener = _CLOSERS[ch]
            if depth[opener] <= 0:
                # text after a bracket that closes nothing is not the URL's (a closer
                # followed by punctuation only is trimmed later)
                return k if piece[k + 1 :].strip(TRAILING_PUNCTUATION + ")]}") else len(piece)
            depth[opener] -= 1
        elif ch in "hHfF" and (k or so_far) and _EMBEDDED_SCHEME.match(piece, k):
            prev = piece[k - 1] if k else so_far[-1]
            if prev not in _EMBED_AFTER:
                return k
    return len(piece)


def _plausible(url: str) -> bool:
    """A URL needs a host with a dot beyond its scheme."""
    if "[" in url and _IPV6_HOST.match(url):
        return True
    i = url.find("://", 0, 10)
    rest = url[i + 3 :] if i >= 0 else url
    slash = rest.find("/")
    host = rest[:slash] if slash >= 0 else rest
    return "." in host.strip(".") and len(rest) > 3


_INCOMPLETE_ENDS = ("://", ":/", "http:", "https:")
"""Endings no whole URL has (``http:/``, ``https:/`` end in ``:/``)."""


def _incomplete(url: str) -> bool:
    """What has been read cannot be a whole URL (scheme only, host without a TLD…)."""
    low = url.lower()
    if low.endswith(_INCOMPLETE_ENDS) or low == "ftp:":
        return True
    i = low.find("://")
    rest = url[i + 3 :] if 0 <= i < 10 else url  # the host and what follows it
    if "/" in rest:
        return False  # a path has started
    host = rest.split(":", 1)[0].rstrip(".")
    dot = host.rfind(".")
    return dot < 0 or host[dot + 1 :].lower() not in TLDS


def _segment_tail(url: str) -> str:
    """The URL's last path segment or query value so far ("Dd4p" of ".../Dd4p")."""
    m = SEGMENT_TAIL.search(url)
    return m.group(0) if m else ""


def _trim(url: str) -> str:
    """Drop trailing sentence punctuation and unbalanced closing brackets."""
    while url:
        last = url[-1]
        if last in TRAILING_PUNCTUATION:
            url = url[:-1]
            continue
        opener = _CLOSERS.get(last)
        if opener is not None and url.count(last) > url.count(opener):
            url = url[:-1]
            continue
        break
    return url
