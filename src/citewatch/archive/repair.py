"""Repair of URLs damaged by text extraction: "probably meant X".

Candidates undo one artefact each (pure, ``repair_candidates``):

* the URL joined with what the next line begins with, when it ended its line
  (``FoundUrl.continuation``);
* the other spellings extraction found (``FoundUrl.alternatives``: a hyphen pdftotext
  dropped without leaving a line break, the other join of an ambiguous line break);
* a line break inside the URL where a hyphen was dropped (re-insert it) or where a
  word-break hyphen was kept (remove it) — the break positions come from ``FoundUrl.raw``;
* a well-known hyphenated path part printed without its hyphen (``wpcontent``,
  ``restof-world``): tried only because the URL failed, and confirmed like any other;
* ``%20`` or whitespace standing where a line break was (remove it);
* a truncated URL joined with an orphan fragment found elsewhere in the same document;
* text after a line break that did not belong to the URL (ambiguous join: cut it off);
* trailing punctuation (``.``, ``,``, ``)`` without its ``(``…) dropped.

A candidate is confirmed by a live check (a callback the caller wires to the link checker)
or by the archive's index: one CDX prefix query on the part of the URL before the damage,
whose originals are compared to the candidates ignoring hyphens, so the archived spelling
decides where a hyphen belongs. Nothing is rewritten here: the CLI's ``--apply`` does that,
keeping the raw text.
"""

from __future__ import annotations

import asyncio
import functools
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from citewatch.citations.model import FoundUrl, SuspectReason
from citewatch.lazy import lazy_pattern
from citewatch.url import absolute, identity, loose_identity

from .choose import CdxRow
from .model import ArchiveOptions, RepairConfirmation, RepairSuggestion

if TYPE_CHECKING:  # the archive client (httpx) loads only when the archive is asked
    import httpx

    from .client import Tally, WaybackClient

LiveCheck = Callable[[str], Awaitable[bool]]
"""``async (absolute_url) -> bool``: whether the URL answers as a working link."""

TRAILING = ".,;:!?'\"”’»›)]}>"
PAIRS = {")": "(", "]": "[", "}": "{", ">": "<"}
WELL_KNOWN_PARTS = (
    "wp-content", "wp-includes", "wp-admin", "wp-json", "rest-of-world", "human-rights",
    "press-release", "press-releases", "news-release", "news-releases", "fact-sheet",
    "fact-sheets", "annual-report", "year-in-review", "op-ed", "q-and-a", "middle-east",
    "latin-america", "north-america", "south-asia", "east-asia", "asia-pacific",
    "sub-saharan-africa", "europe-central-asia", "world-news", "en-us", "en-gb",
)  # fmt: skip
"""Hyphenated path parts common across the web: where a URL that fails prints one without a
hyphen (or with only some), the spelling with them is a candidate."""
PREFIX_LIMIT = 500
"""Originals listed by one CDX prefix query."""
MAX_PREFIX_QUERIES = 2
"""CDX prefix queries per damaged URL: the candidates' undamaged starts, then its folders."""
CUT_TAIL_STARTS = frozenset(".(_?#%")
"""How the rest of a URL cut off at a line end begins when it is surely a rest (an
extension, a parenthesised part, a query), not another page (``report`` vs ``report-2``)."""


@dataclass(frozen=True)
class Candidate:
    """One repair to try."""

    url: str
    evidence: str
    prefix: str
    """The undamaged start of the URL, for the archive's prefix query."""


@dataclass(frozen=True)
class RepairRequest:
    """A URL to repair and the orphan fragments of its document."""

    found: FoundUrl
    orphans: tuple[str, ...] = ()


def _strip_scheme(url: str) -> str:
    return re.sub(r"^[a-z][a-z0-9+.-]*://", "", url, flags=re.IGNORECASE)


def break_positions(found: FoundUrl) -> list[tuple[int, bool]]:
    """Where the line breaks of ``raw`` fall in ``url``: ``(index, hyphen_dropped)``, the
    index being where the next line's text starts; ``hyphen_dropped`` when the line ended
    with a ``-`` that ``url`` does not have."""
    if "\n" not in found.raw:
        return []
    segments = [s for s in (p.strip() for p in found.raw.split("\n")) if s]
    url = found.url
    out: list[tuple[int, bool]] = []
    # the first line may hold text before the URL: align on its end
    first = segments[0]
    start = -1
    for k in range(len(first)):
        if url.startswith(first[k:]):
            start = len(first) - k
            break
        if first.endswith("-") and url.startswith(first[k:-1]):
            if len(first) - 1 - k > 0:
                out.append((len(first) - 1 - k, True))
            start = len(first) - 1 - k
            break
    if start < 0:
        return []
    if not out:
        out.append((start, False))
    pos = out[-1][0]
    for seg in segments[1:-1]:
        if url.startswith(seg, pos):
            pos += len(seg)
            out.append((pos, False))
        elif seg.endswith("-") and url.startswith(seg[:-1], pos):
            pos += len(seg) - 1
            out.append((pos, True))
        else:
            break
    return [(p, d) for p, d in out if 0 < p < len(url)]


def _trim_trailing(url: str) -> str:
    while url and url[-1] in TRAILING:
        ch = url[-1]
        opener = PAIRS.get(ch)
        if opener is not None and url.count(opener) >= url.count(ch):
            break  # balanced: part of the URL (Wikipedia-style parentheses)
        url = url[:-1]
    return url


def repair_candidates(found: FoundUrl, orphans: Sequence[str] = ()) -> list[Candidate]:
    """Candidates in the order to try them; never the URL itself, no duplicates."""
    url = found.url
    out: list[Candidate] = []
    reasons = set(found.suspect)

    for pos, dropped in break_positions(found):
        if dropped or url[pos - 1] != "-":
            out.append(
                Candidate(
                    url[:pos] + "-" + url[pos:], "hyphen re-inserted at the line break", url[:pos]
                )
            )
        if url[pos - 1] == "-":
            out.append(
                Candidate(
                    url[: pos - 1] + url[pos:],
                    "word-break hyphen at the line break removed",
                    url[: pos - 1],
                )
            )
        if SuspectReason.AMBIGUOUS_JOIN in reasons:
            out.append(Candidate(url[:pos], "text after the line break left out", url[:pos]))

    if found.continuation:
        joined = url + found.continuation
        out.append(
            Candidate(joined, "the URL went on past the line end: the next line's text joined", url)
        )
    for alt in found.alternatives:
        evidence = _alternative_evidence(alt, url, found)
        alt = _trim_trailing(alt)
        out.append(Candidate(alt, evidence, _common_prefix(alt, url)))

    if "%20" in url or re.search(r"\s", url):
        first = min(i for i in (url.find("%20"), _first_space(url)) if i >= 0)
        out.append(
            Candidate(
                re.sub(r"%20|\s+", "", url), "%20/space from a line break removed", url[:first]
            )
        )
        if url.count("%20") > 1:
            for m in re.finditer("%20", url):
                out.append(
                    Candidate(
                        url[: m.start()] + url[m.end() :],
                        "one %20 from a line break removed",
                        url[: m.start()],
                    )
                )

    base = url.lstrip("<")
    for orphan in orphans:
        tail = orphan.strip().rstrip(">")
        tail = _trim_trailing(tail)
        if not tail:
            continue
        joined = base + tail[1:] if base.endswith("/") and tail.startswith("/") else base + tail
        out.append(
            Candidate(
                joined,
                f"joined with the fragment \u201c{tail}\u201d found elsewhere in the document",
                base,
            )
        )

    trimmed = _trim_trailing(url)
    if trimmed != url and trimmed:
        out.append(Candidate(trimmed, "trailing punctuation dropped", trimmed))

    out.extend(_well_known_parts(url))
    out.extend(_glued_text_cut(url))

    seen = {url}
    unique: list[Candidate] = []
    for c in out:
        if c.url not in seen and c.url:
            seen.add(c.url)
            unique.append(c)
    return unique


def _alternative_evidence(alt: str, url: str, found: FoundUrl) -> str:
    """What undoing the damage that separates ``alt`` from the printed ``url`` means."""
    if alt.replace("-", "") == url.replace("-", ""):
        if SuspectReason.HYPHEN_AT_BREAK in found.suspect:
            return "hyphen lost at a line break re-inserted (words printed in the document)"
        return "hyphen re-inserted between words glued in the printed URL"
    if alt.replace("_", "") == url.replace("_", ""):
        return "underscore lost by text extraction re-inserted"
    if alt.startswith(url):
        return "the URL's text went on past a space where a line break was"
    return "another spelling the printed text allows"


def _folders(url: str) -> list[str]:
    """Prefixes to list in the archive's index for a printed URL: the folder of its last
    segment, then its first folder (``host/news/2020/x-y`` → ``host/news/2020/``,
    ``host/news/``)."""
    bare = url.lstrip("<").rstrip("/")
    rest = _strip_scheme(bare)
    head = bare[: len(bare) - len(rest)]
    parts = rest.split("/")
    if len(parts) < 3:
        return []
    out = [head + "/".join(parts[:-1]) + "/"]
    first = head + "/".join(parts[:2]) + "/"
    if first not in out:
        out.append(first)
    return out


_GLUED_CUT = lazy_pattern(r"[.,;:\]]+(?=[^/]*\Z)")
"""Punctuation in the last segment where the next words' text may have been glued on."""
MAX_GLUED_CUTS = 2
_PAGE_NUMBER = lazy_pattern(r"(?<=[^\W_])(?:-[^\W_]+){2,}/\d{1,3}\Z")
"""A page number the text put right after an article slug ending in ``/`` (pypdf joins page
furniture): ``…/peace-after-the-war/3``. A number after anything else may be the URL's own."""
FILE_EXTENSIONS = frozenset((
    "pdf", "html", "htm", "php", "asp", "aspx", "jsp", "cfm", "shtml", "doc", "docx", "xls",
    "xlsx", "ppt", "pptx", "csv", "json", "geojson", "xml", "txt", "rtf", "odt", "jpg", "jpeg",
    "png", "gif", "svg", "mp4", "mp3", "zip",
))  # fmt: skip
"""An extension after the last dot is the URL's own, not text glued on."""


def _glued_text_cut(url: str) -> list[Candidate]:
    """The URL without what follows punctuation in its last segment (``…/S09221565.3SC``:
    a note number and the next line's text glued to a DOI), last cut first."""
    if "/" not in _strip_scheme(url):
        return []
    cuts = [
        m.start()
        for m in _GLUED_CUT.finditer(url)
        if any(c.isalnum() for c in url[m.end() :])
        and url[m.end() :].split("?")[0].split("#")[0].lower() not in FILE_EXTENSIONS
    ][-MAX_GLUED_CUTS:]
    out = [
        Candidate(url[:i], "text glued after the URL dropped", url[:i])
        for i in reversed(cuts)
        if "/" in _strip_scheme(url[:i])
    ]
    page = _PAGE_NUMBER.search(url)
    if page is not None and "/" in _strip_scheme(url[: page.start()]):
        kept = url[: url.rfind("/") + 1]  # the slash stays: it may be the URL's own
        out.append(Candidate(kept, "a page number glued after the URL dropped", kept))
    return out


def _common_prefix(a: str, b: str) -> str:
    """The start ``a`` shares with ``b`` when it reaches past the host, else ``a``."""
    common = 0
    while common < min(len(a), len(b)) and a[common] == b[common]:
        common += 1
    return a[:common] if common > 8 else a


@functools.cache
def _well_known_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Each well-known part's pattern (its letters, a hyphen optional between any two),
    built once: building them for every failing URL cost 1 ms a URL on a warm re-run."""
    out = []
    for part in WELL_KNOWN_PARTS:
        pattern = "-?".join(re.escape(c) for c in part.replace("-", ""))
        out.append((re.compile(rf"(?<![^\W_]){pattern}(?![^\W_])", re.IGNORECASE), part))
    return tuple(out)


def _well_known_parts(url: str) -> list[Candidate]:
    """:data:`WELL_KNOWN_PARTS` printed without (some of) their hyphens, put back."""
    fixed = url
    for pattern, part in _well_known_patterns():
        fixed = pattern.sub(part, fixed)
    if fixed == url:
        return []
    return [Candidate(fixed, "well-known path part re-hyphenated", _common_prefix(fixed, url))]


def _first_space(url: str) -> int:
    m = re.search(r"\s", url)
    return m.start() if m else -1


def _nohyphen(url: str) -> str:
    return loose_identity(url)


async def _archive_originals(client: WaybackClient, prefix: str, tally: Tally) -> dict[str, CdxRow]:
    """Distinct originals the archive holds under ``prefix`` (2xx or revisit captures),
    by ``canon``."""
    rows = await client.cdx(
        {
            "url": _strip_scheme(prefix),
            "matchType": "prefix",
            "fl": "timestamp,original,statuscode",
            "collapse": "urlkey",
            "filter": "statuscode:(2..|-)",
            "limit": PREFIX_LIMIT,
        },
        tally,
    )
    seen: dict[str, CdxRow] = {}
    for row in rows:
        seen.setdefault(identity(row.original), row)
    return seen


def _printed_like(archived: str, printed: str) -> str:
    """The archived URL in the printed URL's form (scheme kept only when printed)."""
    if re.match(r"^[a-z][a-z0-9+.-]*://", printed, re.IGNORECASE):
        return archived
    bare = _strip_scheme(archived)
    bare = re.sub(r"^([^/]*?):(80|443)(?=/|$)", r"\1", bare)
    if not printed.lower().startswith("www.") and bare.lower().startswith("www."):
        bare = bare[4:]
    return bare


async def _confirm_by_archive(
    client: WaybackClient, found: FoundUrl, cands: list[Candidate]
) -> RepairSuggestion | None:
    from .client import Tally

    tally = Tally()
    prefixes: list[str] = []
    for c in cands:
        p = c.prefix.rstrip("-")
        if "/" in _strip_scheme(p) and p not in prefixes:
            prefixes.append(p)
    truncated = SuspectReason.TRUNCATED in found.suspect
    if truncated and "/" in _strip_scheme(found.url) and found.url not in prefixes:
        prefixes.append(found.url.lstrip("<"))
    # whatever the candidates, the folders the printed URL stands in: the archive's
    # spelling of its last segments decides hyphens, and shows a tail that was cut off
    for p in _folders(found.url):
        if p not in prefixes:
            prefixes.append(p)
    for prefix in prefixes[:MAX_PREFIX_QUERIES]:
        originals = await _archive_originals(client, prefix, tally)
        if not originals:
            continue

        def view(row: CdxRow) -> str:
            return client.options.replay_url(row.timestamp, row.original, raw=False)

        for c in cands:
            hit = originals.get(identity(c.url))
            if hit is not None:
                return RepairSuggestion(
                    found.url, c.url, c.evidence, RepairConfirmation.ARCHIVE, archive_url=view(hit)
                )
        # ignoring hyphens: the archived spelling decides
        as_printed = Candidate(found.url, "hyphens put where the archive's copy has them", prefix)
        for c in [*cands, as_printed]:
            for row in originals.values():
                if _nohyphen(row.original) == _nohyphen(c.url):
                    fixed = _printed_like(row.original, found.url)
                    if identity(fixed) == identity(found.url):
                        continue
                    return RepairSuggestion(
                        found.url,
                        fixed,
                        f"{c.evidence}; the archive holds {row.original}",
                        RepairConfirmation.ARCHIVE,
                        archive_url=view(row),
                    )
        here = identity(found.url.lstrip("<"))
        longer = [
            r
            for k, r in originals.items()
            if k.startswith(here) and k != here and (truncated or k[len(here)] in CUT_TAIL_STARTS)
        ]
        if len(longer) == 1:
            return RepairSuggestion(
                found.url,
                _printed_like(longer[0].original, found.url),
                "URL cut off in the text completed from the archive's index",
                RepairConfirmation.ARCHIVE,
                archive_url=view(longer[0]),
            )
    return None


async def suggest_repairs(
    items: Sequence[RepairRequest | FoundUrl],
    *,
    live_check: LiveCheck | None = None,
    options: ArchiveOptions | None = None,
    include_unconfirmed: bool = False,
    http: httpx.AsyncClient | None = None,
) -> list[RepairSuggestion]:
    """At most one confirmed suggestion per item (live check first, then the archive's
    index when ``options`` is given); with ``include_unconfirmed``, items nothing confirmed
    get their candidates with ``confirmed_by=None``. The archive being rate limited only
    removes that way of confirming."""
    requests = [i if isinstance(i, RepairRequest) else RepairRequest(i) for i in items]
    from .client import ArchiveFailure, ArchiveUnavailable, WaybackClient

    client = WaybackClient(options, http) if options is not None else None
    sem = asyncio.Semaphore(options.concurrency if options is not None else 4)

    async def one(req: RepairRequest) -> list[RepairSuggestion]:
        cands = repair_candidates(req.found, req.orphans)
        if not cands and client is None:
            return []
        async with sem:
            if live_check is not None:
                for c in cands:
                    if await live_check(absolute(c.url)):
                        return [
                            RepairSuggestion(
                                req.found.url, c.url, c.evidence, RepairConfirmation.LIVE
                            )
                        ]
            if client is not None and not client.unavailable:
                try:
                    sug = await _confirm_by_archive(client, req.found, cands)
                except (ArchiveFailure, ArchiveUnavailable):
                    sug = None
                if sug is not None:
                    return [sug]
        if include_unconfirmed:
            return [RepairSuggestion(req.found.url, c.url, c.evidence, None) for c in cands]
        return []

    try:
        groups = await asyncio.gather(*(one(r) for r in requests))
    finally:
        if client is not None:
            await client.__aexit__(None, None, None)
    return [s for g in groups for s in g]


def suggest_repairs_sync(
    items: Sequence[RepairRequest | FoundUrl],
    *,
    live_check: LiveCheck | None = None,
    options: ArchiveOptions | None = None,
    include_unconfirmed: bool = False,
) -> list[RepairSuggestion]:
    """``suggest_repairs`` for callers without an event loop."""
    return asyncio.run(
        suggest_repairs(
            items, live_check=live_check, options=options, include_unconfirmed=include_unconfirmed
        )
    )
