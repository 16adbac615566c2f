"""A PDF's link annotations as evidence for the URLs its text prints.

Text extraction damages URLs (a hyphen added or dropped at a line break, a cut-off end),
but a PDF made with hyperlinks also carries each link's target in an annotation
(``Document.link_targets``, ``(page, uri)``), exact whatever the text layer says. A printed
URL and a target on the same page (or the next or previous one, a URL may run over a page
end) are the same link when they agree ignoring what extraction damages: scheme,
``www.``, hyphens, whitespace, a trailing slash or punctuation, the case of the host.
A printed URL that is a proper prefix of exactly one such target, and ends its line (or is
flagged ``TRUNCATED``), was cut off. Targets on page 0 come from sources without pages
(HTML, Markdown): they match a URL anywhere, never complete a cut one (a web page prints
its ``href`` whole) and are not reported when unprinted.

Choice: such a URL *is* rewritten — to the target rendered the way the URL was printed
(no scheme added where none was printed, the printed ``www.`` kept or left out, the printed
scheme kept) — because the document itself holds the evidence; this is a repair with
evidence, not a silent one. ``raw`` keeps the printed text, ``detail`` names the
annotation (``link annotation: <uri>``) and the printed reading, and the URL is no longer
``suspect`` (the damage is settled, there is nothing left for the repair step to try).
A URL that already agrees with a target keeps its text and loses its suspicion, with a
``confirmed by link annotation`` note.

Targets no printed URL matches (links on anchor text such as "available here") are not
made citations: nothing in the text says which note they belong to, and they were never
printed. They come back in :attr:`LinkEvidence.unprinted`, which the extractor turns
into warnings, so that a person can see them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, replace

from citewatch.citations.model import FoundUrl, SuspectReason
from citewatch.lazy import lazy_pattern
from citewatch.url import loose_identity

__all__ = ["LinkEvidence", "apply_link_targets", "page_of", "render_like"]

_SCHEME = lazy_pattern(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_HOST_END = lazy_pattern(r"[/?#]")
_TRAILING = "/.,;:!?)>]'\"”’"
_PAGE_WINDOW = 1
"""How many pages before or after the printed URL an annotation may stand."""


def _split_host(u: str) -> tuple[str, str, str]:
    """Host, the separator after it (``/``, ``?``, ``#`` or ``""``), and the rest."""
    m = _HOST_END.search(u)
    if m is None:
        return u, "", ""
    return u[: m.start()], u[m.start()], u[m.end() :]


def page_of(text: str, offset: int) -> int:
    """1-based page of ``offset`` in a text whose pages are separated by ``\\f``."""
    return text.count("\f", 0, max(0, offset)) + 1


def render_like(target: str, printed: str) -> str:
    """``target`` written the way ``printed`` was: its scheme or none, its ``www.`` or none,
    its host's case, its trailing slash or none (unless ``target`` goes on past it)."""
    t_scheme = _SCHEME.match(target)
    t_rest = target[t_scheme.end() :] if t_scheme else target
    p_scheme = _SCHEME.match(printed)
    p_rest = printed[p_scheme.end() :] if p_scheme else printed
    t_host, sep, tail = _split_host(t_rest)
    p_host = _split_host(p_rest)[0]
    host = t_host
    if p_host.lower().startswith("www.") and not t_host.lower().startswith("www."):
        host = p_host[:4] + t_host
    elif t_host.lower().startswith("www.") and not p_host.lower().startswith("www."):
        host = t_host[4:]
    if host.lower() == p_host.lower():
        host = p_host
    out = (p_scheme.group(0) if p_scheme else "") + host + sep + tail
    if loose_identity(out) == loose_identity(printed):  # same link: follow the printed trailing slash
        if printed.endswith("/") and not out.endswith("/"):
            out += "/"
        elif out.endswith("/") and not printed.endswith("/"):
            out = out.rstrip("/")
    return out


@dataclass(frozen=True)
class LinkEvidence:
    """What the annotations said about a document's URLs."""

    urls: tuple[FoundUrl, ...]
    """The URLs, repaired or confirmed where an annotation matched, in the given order."""
    unprinted: tuple[tuple[int, str], ...]
    """Annotation targets (page, uri) that match no printed URL."""
    repaired: int = 0
    confirmed: int = 0


class _Nearby:
    """The targets within the page window of a page, nearest page first (stable within a
    page); a target on page 0 (a source without pages: HTML, Markdown) is near every URL.
    Targets are indexed by page and each page's list is built once: filtering and sorting
    every target for every URL made a long document's links quadratic."""

    def __init__(self, targets: Sequence[tuple[int, str, str]]) -> None:
        self._targets = targets
        self._anywhere: list[int] = []
        self._by_page: dict[int, list[int]] = {}
        for i, t in enumerate(targets):
            if t[0] <= 0:
                self._anywhere.append(i)
            else:
                self._by_page.setdefault(t[0], []).append(i)
        self._near: dict[int, list[tuple[int, str, str]]] = {}

    def near(self, page: int) -> list[tuple[int, str, str]]:
        found = self._near.get(page)
        if found is None:
            get = self._by_page.get
            found = [self._targets[i] for i in sorted(self._anywhere + get(page, []))]
            for d in range(1, _PAGE_WINDOW + 1):  # at distance d, in the targets' order
                found += [self._targets[i] for i in sorted(get(page - d, []) + get(page + d, []))]
            self._near[page] = found
        return found


def _form_feeds(text: str) -> list[int]:
    """Offsets of the ``\f`` page separators in ``text``, in order."""
    out: list[int] = []
    at = text.find("\f")
    while at >= 0:
        out.append(at)
        at = text.find("\f", at + 1)
    return out


def _looks_cut(text: str, u: FoundUrl) -> bool:
    """Whether the printed URL may have been cut off: flagged so, or it ends its line."""
    if SuspectReason.TRUNCATED in u.suspect:
        return True
    rest = text[u.end : u.end + 80].split("\n", 1)[0]
    return not rest.strip(" \t\r\f" + _TRAILING)


def _has_path(key: str) -> bool:
    _, sep, rest = _split_host(key)
    return bool(sep) and bool(rest)


def apply_link_targets(
    text: str, urls: Sequence[FoundUrl], targets: Sequence[tuple[int, str]]
) -> LinkEvidence:
    """Repair or confirm ``urls`` (found in ``text``, offsets into it) from ``targets``."""
    if not targets:
        return LinkEvidence(tuple(urls), ())
    keyed = [(page, uri, loose_identity(uri)) for page, uri in targets]
    out: list[FoundUrl] = []
    matched: set[str] = set()
    repaired = confirmed = 0
    # each URL's page from the form feeds' offsets (counting the feeds before every URL was
    # quadratic), the targets near it from their index by page
    feeds = _form_feeds(text)
    nearby = _Nearby(keyed)
    for u in urls:
        key = loose_identity(u.url)
        near = nearby.near(bisect_left(feeds, u.start) + 1)  # page_of(text, u.start)
        same = next((t for t in near if t[2] == key), None)
        if same is not None:
            matched.add(same[2])
            fixed = render_like(same[1], u.url)
            if fixed != u.url:
                note = f"link annotation: {same[1]} (text read {u.url!r})"
                out.append(_settled(replace(u, url=fixed), note))
                repaired += 1
            elif u.suspect:
                out.append(_settled(u, f"confirmed by link annotation: {same[1]}"))
                confirmed += 1
            else:
                out.append(u)
            continue
        # only a paged source's text can be cut at a margin; a web page prints the href
        longer = {t[2]: t for t in near if t[0] > 0 and t[2].startswith(key) and t[2] != key}
        if len(longer) == 1 and _has_path(key) and _looks_cut(text, u):
            ((k, t),) = longer.items()
            matched.add(k)
            note = f"link annotation: {t[1]} (text cut off at {u.url!r})"
            out.append(_settled(replace(u, url=render_like(t[1], u.url)), note))
            repaired += 1
            continue
        # a target that is a prefix of the printed URL: the URL ran into the next words;
        # the annotation still shows the link was printed, so it is not "unprinted"
        matched.update(t[2] for t in near if key.startswith(t[2]) and _has_path(t[2]))
        out.append(u)
    seen = {loose_identity(u.url) for u in urls}  # printed, if on a page the window left out
    unprinted: list[tuple[int, str]] = []
    for page, uri, key in keyed:
        if page <= 0 or key in matched or key in seen:
            continue
        seen.add(key)
        unprinted.append((page, uri))
    return LinkEvidence(tuple(out), tuple(unprinted), repaired, confirmed)


def _settled(u: FoundUrl, note: str) -> FoundUrl:
    detail = "; ".join(d for d in (u.detail, note) if d)
    return replace(u, suspect=(), alternatives=(), detail=detail)
