"""Soft-404 detection: ask each host once for a path that cannot exist and compare.

Bar-Yossef, Broder, Kumar, Tomkins (2004), "Sic transit gloria telae": a server that answers a
random path with 200 is a soft-404 server; a cited page whose answer looks like the random
path's answer (same final URL, near-identical body, same title) is a soft 404. Bodies are
compared as sets of word shingles after removing markup, digits and the requested path, so
"Sorry, /a/b was not found" and "Sorry, /x9f2 was not found" compare as equal.
"""

from __future__ import annotations

import asyncio
import html
import re
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from citewatch.check.classify import ProbeComparison
from citewatch.lazy import lazy_pattern

SHINGLE_WORDS = 4
MAX_WORDS = 20_000

# The element patterns read "up to the first closing tag" as runs of non-``<`` characters or a
# ``<`` that does not close, possessively: the same matches as a lazy ``.*?``, which tried the
# closing tag at every character (2-5x the time on an 80 KB page; tests/check/test_soft404.py
# compares both forms).
_SCRIPT = lazy_pattern(r"<(script|style|noscript)\b(?:[^<]++|<(?!/\1\s*>))*+</\1\s*>",
                       re.IGNORECASE | re.DOTALL)
_TAG = lazy_pattern(r"<[^>]*>")
_TITLE = lazy_pattern(r"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_H1 = lazy_pattern(r"<h1\b[^>]*>((?:[^<]++|<(?!/h1\s*>))*+)</h1\s*>", re.IGNORECASE | re.DOTALL)
_PARAGRAPH = lazy_pattern(r"<p\b[^>]*>((?:[^<]++|<(?!/p\s*>))*+)</p\s*>",
                          re.IGNORECASE | re.DOTALL)
_DIGITS = lazy_pattern(r"\d+")


def _collapse(text: str) -> str:
    """Runs of whitespace as one space, ends trimmed (``str.split`` knows the same spaces as
    ``\\s``, several times faster than a regex substitution)."""
    return " ".join(text.split())


@dataclass(frozen=True)
class PageSample:
    """What one GET (after redirects) showed: enough to compare two answers of a host."""

    status: int | None
    final_url: str | None = None
    title: str | None = None
    text: str = ""
    """Normalised text (see ``normalise``)."""
    shingles: frozenset[int] = field(default_factory=frozenset)
    requests: int = 0
    """Requests spent getting this sample (redirects and retries included)."""


def extract_title(body: str) -> str | None:
    """The page title, unescaped and with collapsed spaces."""
    m = _TITLE.search(body)
    if not m:
        return None
    return _collapse(html.unescape(m.group(1))) or None


def without_scripts(body: str) -> str:
    """``body`` with its scripts, styles and noscript elements blanked out: what
    ``extract_heading`` and ``normalise`` read (strip once, pass it to both)."""
    return _SCRIPT.sub(" ", body)


def extract_heading(body: str, *, stripped: str | None = None) -> str | None:
    """The first ``<h1>``'s text (tags inside removed), unescaped, spaces collapsed.
    ``stripped``: ``without_scripts(body)`` when the caller has it."""
    m = _H1.search(without_scripts(body) if stripped is None else stripped)
    if not m:
        return None
    return _collapse(html.unescape(_TAG.sub(" ", m.group(1)))) or None


def prose_words(body: str) -> int:
    """Words inside ``<p>`` elements: an article has hundreds, an error template a few."""
    return sum(len(_TAG.sub(" ", m.group(1)).split()) for m in _PARAGRAPH.finditer(body))


def normalise(body: str, url: str | None = None, *, stripped: str | None = None) -> str:
    """Visible text, lower-cased, without digits or the words of the requested path.
    ``stripped``: ``without_scripts(body)`` when the caller has it."""
    text = _TAG.sub(" ", without_scripts(body) if stripped is None else stripped)
    text = html.unescape(text).lower()
    if url:
        # The path and its last segment, not its words: "reports" in a template must stay.
        path = unquote(urlsplit(url).path).lower()
        last = path.rstrip("/").rsplit("/", 1)[-1]
        for piece in (path, path.lstrip("/"), last):
            if len(piece) >= 4:
                text = text.replace(piece, " ")
    # Digits after the spaces are collapsed (the same text: a digit is no space), on a
    # shorter text: the regex engine tests every character for a digit.
    return _DIGITS.sub("0", _collapse(text))


def shingles(text: str, k: int = SHINGLE_WORDS) -> frozenset[int]:
    """Hashes of the k-word windows of ``text`` (the whole text if shorter than k words)."""
    words = text.split()[:MAX_WORDS]
    if len(words) < k:
        return frozenset({hash(" ".join(words))}) if words else frozenset()
    # A window is the tuple of its k words (zip builds them without a Python loop): the
    # same sets as hashing the words joined by spaces, in half the time.
    return frozenset(map(hash, zip(*(words[i:] for i in range(k)), strict=False)))


def sample(status: int | None, final_url: str | None, body: str, *, requests: int = 0,
           stripped: str | None = None) -> PageSample:
    """Build a ``PageSample`` from a decoded body (``stripped``: see ``normalise``)."""
    text = normalise(body, final_url, stripped=stripped)
    return PageSample(status, final_url, extract_title(body), text, shingles(text), requests)


def similarity(a: frozenset[int], b: frozenset[int]) -> float:
    """Jaccard similarity of two shingle sets (1.0 for two empty bodies)."""
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def compare(cited: PageSample, probe: PageSample) -> ProbeComparison:
    """The features ``classify`` weighs: same final URL, body similarity, same title."""
    return ProbeComparison(
        probe_status=probe.status,
        probe_final_url=probe.final_url,
        same_final_url=bool(
            probe.final_url and cited.final_url and probe.final_url == cited.final_url
        ),
        body_similarity=similarity(cited.shingles, probe.shingles),
        same_title=bool(cited.title and probe.title and cited.title == probe.title),
    )


def probe_url(scheme: str, netloc: str) -> str:
    """A path on the host that cannot exist (random, 128 bits)."""
    return f"{scheme}://{netloc}/{secrets.token_hex(16)}"


class Prober:
    """One random-path probe per origin, shared by every URL of that origin.

    The first URL of an origin that needs the probe starts it; the others await the same
    future. ``fetch`` GETs a URL (following redirects) and returns its ``PageSample``.
    """

    def __init__(self, fetch: Callable[[str], Awaitable[PageSample]]) -> None:
        self._fetch = fetch
        self._probes: dict[str, asyncio.Future[PageSample]] = {}

    async def probe(self, url: str) -> tuple[PageSample, bool]:
        """The origin's probe sample, and whether this call sent it (to count its requests)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        while (fut := self._probes.get(origin)) is not None:
            try:
                return await asyncio.shield(fut), False
            except asyncio.CancelledError:
                task = asyncio.current_task()
                if fut.cancelled() and task is not None and task.cancelling() == 0:
                    continue  # the URL that owned the probe was cancelled: probe ourselves
                raise
        fut = asyncio.get_running_loop().create_future()
        self._probes[origin] = fut
        try:
            result = await self._fetch(probe_url(parts.scheme, parts.netloc))
        except BaseException:
            del self._probes[origin]
            fut.cancel()
            raise
        fut.set_result(result)
        return result, True
