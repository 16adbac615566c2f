"""The link-check engine: every distinct URL once, in parallel, politely, with evidence.

Per URL: HEAD (GET where HEAD is refused or unreliable), redirects followed hop by hop, retries
by the pure policy in ``retry``, then — for a 2xx answer on a host that answers a random path
with 2xx too — a GET of the page and the soft-404 comparison, and ``classify`` decides. The
shared pieces of one run (client, limiter, probe cache, guard) live on one ``_Run`` object.
Progress and history writes happen in the ``on_result`` callback.

Large runs need about 0.6 ms of CPU per request (our transport, the classification), so with
2+ CPUs and at least ``WORKERS_MIN_URLS`` URLs the hosts are split between this process and a
worker process (``worker_main``; a spare started ahead, ``spares``), which streams its results
back; ``run_checks`` runs on uvloop when installed. Nothing is module-level state but the
spare workers of ``spares``.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import functools
import gc
import os
import pickle
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Coroutine, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any, BinaryIO, TypeVar
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from citewatch.check import notfound, soft404
from citewatch.check.classify import ErrorKind, Observation, ProbeComparison, classify
from citewatch.check.client import build_client, build_transport
from citewatch.check.guard import Guard
from citewatch.check.limiter import Limiter
from citewatch.check.model import CheckResult, Hop, LinkStatus
from citewatch.check.options import WORKERS_MIN_URLS, CheckOptions
from citewatch.check.retry import decide, parse_retry_after
from citewatch.check.spares import WORKER_CODE, take_spare, worker_env
from citewatch.check.triage import Triage, header_scopes, triage
from citewatch.check.triage import now_iso as _now_iso
from citewatch.http.client import Sender
from citewatch.http.errors import map_error
from citewatch.http.routes import Routes
from citewatch.http.transport import OriginPools
from citewatch.lazy import lazy_pattern

T = TypeVar("T")
TASK_BATCH = 128
"""URLs whose check tasks are created between two turns of the event loop."""
GC_YOUNG_THRESHOLD = 20_000
"""Allocations between two collections of the youngest generation while checking (700 by
default)."""
_CHECKING: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "citewatch_checking", default=None)
"""The URL whose check the current task runs (each check is its own task)."""
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
PERMANENT_REDIRECTS = frozenset({301, 308})
HEAD_FALLBACK_ERRORS = frozenset({ErrorKind.TIMEOUT, ErrorKind.RESET, ErrorKind.PROTOCOL, ErrorKind.OTHER})
"""A HEAD that failed this way is tried once as GET: some servers mishandle HEAD."""
KEPT_HEADERS = ("location", "retry-after", "server", "cf-mitigated", "content-type", "set-cookie")
FILE_SUFFIXES = frozenset({
    ".pdf", ".zip", ".gz", ".tgz", ".tar", ".7z", ".rar", ".doc", ".docx", ".xls", ".xlsx",
    ".ppt", ".pptx", ".odt", ".ods", ".odp", ".rtf", ".epub", ".csv", ".jpg", ".jpeg", ".png",
    ".gif", ".webp", ".tif", ".tiff", ".svg", ".mp3", ".mp4", ".m4a", ".wav", ".mov", ".avi",
    ".webm", ".ogg", ".iso", ".exe", ".dmg",
})
"""A URL whose path ends so names a file, not a page: HEAD is enough for it."""
_KEPT = frozenset(KEPT_HEADERS)
_CHARSET = lazy_pattern(r"charset\s*=\s*(\"[^\"]*\"|'[^']*'|[^;,\s]+)", re.IGNORECASE)
_TEXTUAL = lazy_pattern(r"^(text/|application/(xhtml|xml|json|ld\+json|rss|atom))", re.IGNORECASE)


def first_method(url: str) -> str:
    """HEAD for a URL that names a file (PDF, image…), GET for a page.

    A page is fetched at once (one request, body bounded by ``max_body_bytes``) because its
    own title and heading can say "Page not found" on a host that answers random paths
    honestly, which a HEAD cannot show; a file has no such words and may be large.
    """
    path = urlsplit(url).path.lower()
    dot = path.rfind(".")
    return "HEAD" if dot > path.rfind("/") and path[dot:] in FILE_SUFFIXES else "GET"


@functools.lru_cache(maxsize=1 << 14)
def _host(url: str) -> str:
    """The URL's host, lower-cased, as ``urlsplit(url).hostname`` reads it (asked several
    times per request, so cached; the common ``scheme://host[:port]/…`` read by hand)."""
    sep = url.find("://")
    if url[:sep].lower() in ("http", "https"):
        start = sep + 3
        end = len(url)
        for stop in "/?#":
            at = url.find(stop, start)
            if 0 <= at < end:
                end = at
        authority = url[start:end]
        if not any(c in authority for c in "@[]%\\"):
            return authority.partition(":")[0].lower()
    return (urlsplit(url).hostname or "").lower()


def _defragment(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(fragment="")) if parts.fragment else url


@dataclass(frozen=True)
class _Answer:
    """One request's outcome after retries."""

    status: int | None
    headers: Mapping[str, str]
    text: str | None
    """Decoded body sample for GET of a textual type; None for HEAD."""
    error: ErrorKind | None
    detail: str
    requests: int
    elapsed_ms: float
    retry_note: str = ""
    method: str = "GET"
    timeouts: int = 0
    """Tries that timed out (see ``retry.TIMEOUT_TRIES``)."""


@dataclass(frozen=True)
class _Followed:
    """The end of a redirect chain."""

    answer: _Answer
    final_url: str
    hops: tuple[Hop, ...]
    requests: int
    error: ErrorKind | None = None
    detail: str = ""


class _Run:
    """The shared state of one ``check_urls`` call."""

    def __init__(
        self,
        options: CheckOptions,
        client: httpx.AsyncClient,
        pools: OriginPools | None = None,
        urls: Sequence[str] = (),
        host_limit: Callable[[str], int] | None = None,
    ) -> None:
        self.options = options
        self.client = client
        self.pools = pools
        self.remaining = Counter(_host(u) for u in urls)
        """URLs still to check per host: a host's idle connections close after its last."""
        self.limiter = Limiter(
            options.max_concurrency, options.per_host_concurrency, options.min_host_interval,
            host_limit, work=self._work,
        )
        routes = Routes(options.connect_to, options.resolve)
        self.guard = Guard(routes) if options.no_private else None
        self.prober = soft404.Prober(self._probe_fetch)
        self.get_first: set[str] = set()
        """Hosts where HEAD is wasted: they refused it (405/501), or they answer a random path
        with 2xx so every page's body is needed for the soft-404 comparison anyway."""
        self.rng = random.Random()
        self.progress: dict[str, str] = {}
        """How far each unfinished check got, for a deadline's ``unchecked`` evidence."""
        self.gone: dict[str, str] = {}
        """Hosts given up this run (a Retry-After above the cap), with the reason."""
        self.scopes = header_scopes(options)
        self.sender = Sender(client, pools)

    async def _exchange(
        self, url: str, method: str, headers: Mapping[str, str], cookies: httpx.Cookies
    ) -> tuple[int | None, dict[str, str], str | None, ErrorKind | None, str]:
        """One request; body read (GET, textual types) up to ``max_body_bytes``."""
        status: int | None = None
        kept: dict[str, str] = {}
        try:
            async with asyncio.timeout(self.options.request_timeout):
                request = self.sender.build(method, url, headers, cookies)
                response = await self.sender.send(request)
                try:
                    status = response.status_code
                    kept = kept_headers(response.headers.raw)
                    if "set-cookie" in kept:
                        cookies.extract_cookies(response)
                    if method == "HEAD":
                        # Reading the empty body lets h11 finish the exchange, so the
                        # connection goes back to the pool instead of being closed.
                        await response.aread()
                        return status, kept, None, None, ""
                    if not _TEXTUAL.match(kept.get("content-type", "text/html")):
                        return status, kept, "", None, ""  # a PDF, image…: status is enough
                    buf = bytearray()
                    try:
                        async for chunk in response.aiter_bytes():
                            buf += chunk
                            if len(buf) >= self.options.max_body_bytes:
                                break
                    except (httpx.HTTPError, OSError):
                        pass  # a body cut short still tells us what the page is
                    encoding = charset(kept.get("content-type", "")) or "utf-8"
                    try:
                        text = bytes(buf[: self.options.max_body_bytes]).decode(encoding, "replace")
                    except LookupError:
                        text = bytes(buf).decode("utf-8", "replace")
                    return status, kept, text, None, ""
                finally:
                    await response.aclose()
        except TimeoutError:
            if status is not None:
                return status, kept, "", None, ""
            return None, {}, None, ErrorKind.TIMEOUT, (
                f"no answer within {self.options.request_timeout:g}s"
            )
        except Exception as exc:  # noqa: BLE001 - every transport failure becomes a result
            kind, detail = map_error(exc)
            return None, {}, None, kind, detail

    async def request(self, url: str, method: str, cookies: httpx.Cookies, timeouts: int = 0,
                      urgent: bool = False) -> _Answer:
        """One request with retries, inside the limiter.

        ``cookies``: the redirect chain's; ``timeouts``: tries of this URL that already timed
        out (a HEAD before this GET); ``urgent``: ahead of the host's queue (the soft-404
        probe that pages wait for).
        """
        host = _host(url)
        headers = self.scopes.for_url(url)  # per hop: never follows a redirect elsewhere
        opts = self.options
        attempt = sent = 0
        while True:
            if host in self.gone:
                return self._gone_answer(host, sent, method)
            async with self.limiter.slot(host, urgent):
                if host in self.gone:
                    return self._gone_answer(host, sent, method)
                if method == "HEAD" and host in self.get_first:
                    method = "GET"  # learnt while this request waited for its slot
                checking = _CHECKING.get()
                if checking is not None:
                    self.progress.setdefault(checking, "while its first request was in flight")
                t0 = time.perf_counter()
                sent_at = asyncio.get_running_loop().time()
                status, kept, text, error, detail = await self._exchange(
                    url, method, headers, cookies)
                elapsed = (time.perf_counter() - t0) * 1000
            sent += 1
            timeouts += error is ErrorKind.TIMEOUT
            retry_after = None
            if status in (429, 503):
                retry_after = parse_retry_after(kept.get("retry-after"))
            too_long = retry_after is not None and retry_after > opts.retry_after_cap
            if status == 429 and not too_long:
                self.limiter.throttled(host, retry_after, sent_at)
            elif status is not None and status != 429:
                self.limiter.relieved(host)
            if method == "HEAD" and (error is not None or (status or 0) >= 400) and status != 429:
                return _Answer(status, kept, text, error, detail, sent, elapsed, method=method,
                               timeouts=timeouts)
            decision = decide(
                attempt,
                status=status,
                error=error,
                retry_after=retry_after,
                max_retries=opts.max_retries,
                base=opts.backoff_base,
                cap=opts.backoff_max,
                retry_after_cap=opts.retry_after_cap,
                jitter=self.rng.random(),
                timeouts=timeouts,
            )
            if decision.give_up_host and host not in self.gone:
                self.gone[host] = (f"{host} answered {status} with Retry-After "
                                   f"{retry_after:.0f}s on {url}")
            if not decision.retry:
                return _Answer(status, kept, text, error, detail, sent, elapsed, decision.reason,
                               method, timeouts)
            await asyncio.sleep(decision.delay)
            attempt += 1

    def _gone_answer(self, host: str, sent: int, method: str) -> _Answer:
        """A host we gave up this run: no request, the reason as evidence (class blocked)."""
        detail = (f"not requested: {self.gone[host]}, above the cap of "
                  f"{self.options.retry_after_cap:g}s; the host asked us to go away this run")
        return _Answer(None, {}, None, ErrorKind.THROTTLED, detail, sent, 0.0, method=method)

    async def follow(self, url: str, method: str, urgent: bool = False) -> _Followed:
        """Follow redirects one hop at a time, recording the chain.

        Cookies set along the chain are sent on its later hops (a site that sets a cookie and
        redirects to itself to see it) and forgotten after it: every check starts without
        cookies, so no result depends on which URLs were checked before it.
        """
        cookies = httpx.Cookies()
        hops: list[Hop] = []
        visits: dict[str, int] = {_defragment(url): 1}
        current = _defragment(url)
        requests = 0
        while True:
            host = _host(current)
            failure = await self._refuse(current, host)
            if failure is not None:
                answer = _Answer(None, {}, None, failure[0], failure[1], 0, 0.0)
                return _Followed(answer, current, tuple(hops), requests, failure[0], failure[1])
            answer = await self.request(current, method, cookies, urgent=urgent)
            requests += answer.requests
            if answer.method == "HEAD" and _head_unreliable(answer):
                if answer.status in (405, 501):
                    self.get_first.add(host)
                answer = await self.request(current, "GET", cookies, answer.timeouts, urgent)
                requests += answer.requests
            location = answer.headers.get("location")
            if answer.status not in REDIRECT_STATUSES or not location:
                return _Followed(answer, current, tuple(hops), requests)
            target = _defragment(urljoin(current, location.strip()))
            assert answer.status is not None
            hops.append(Hop(current, answer.status, target, answer.status in PERMANENT_REDIRECTS))
            if urlsplit(target).scheme not in ("http", "https"):
                return _Followed(answer, current, tuple(hops), requests, ErrorKind.INVALID_URL,
                                 f"redirect to a non-HTTP URL {target}")
            seen = visits.get(target, 0)
            if seen >= 2 or (seen and "set-cookie" not in answer.headers):
                return _Followed(answer, target, tuple(hops), requests, ErrorKind.REDIRECT_LOOP,
                                 f"redirect loop back to {target} after {len(hops)} hops")
            if len(hops) > self.options.max_redirects:
                return _Followed(answer, target, tuple(hops), requests,
                                 ErrorKind.TOO_MANY_REDIRECTS,
                                 f"more than {self.options.max_redirects} redirects")
            visits[target] = seen + 1
            current = target

    async def _refuse(self, url: str, host: str) -> tuple[ErrorKind, str] | None:
        if urlsplit(url).scheme not in ("http", "https") or not host:
            return ErrorKind.INVALID_URL, f"not a checkable http(s) URL: {url}"
        if host == "invalid" or host.endswith(".invalid"):
            # RFC 6761: ".invalid" never resolves; answer at once, even offline.
            return ErrorKind.DNS, f"name does not resolve: {host} is under .invalid (RFC 6761)"
        if self.guard is not None:
            reason = await self.guard.refuse(host)
            if reason is not None:
                return ErrorKind.PRIVATE, reason
        return None

    async def _probe_fetch(self, url: str) -> soft404.PageSample:
        followed = await self.follow(url, "GET", urgent=True)
        answer = followed.answer
        status = None if followed.error else answer.status
        return soft404.sample(status, followed.final_url, answer.text or "",
                              requests=followed.requests)

    def _work(self, host: str) -> float:
        """How much is left to do for ``host``: its URLs not yet checked (the limiter serves
        the hosts with the most first)."""
        return float(self.remaining[host])

    async def check(self, url: str) -> CheckResult:
        """Check one URL (already normalised and not excluded)."""
        try:
            result = await self._check(url)
            self.progress.pop(url, None)  # kept only for checks a deadline cuts short
            return result
        finally:
            host = _host(url)
            self.remaining[host] -= 1
            if self.remaining[host] <= 0 and self.pools is not None:
                await self.pools.release(host)

    async def _check(self, url: str) -> CheckResult:
        checked_at = _now_iso()
        followed = await self.follow(url, first_method(url))
        answer = followed.answer
        requests = followed.requests
        error = followed.error or answer.error
        detail = followed.detail or answer.detail
        status = answer.status
        text = answer.text
        final_url = followed.final_url
        hops = followed.hops
        probe: ProbeComparison | None = None
        title: str | None = None
        stripped: str | None = None
        if error is None and status is not None and 200 <= status < 300 and self.options.soft404:
            self.progress[url] = (f"after the page answered {status}, while the host's "
                                  "soft-404 probe was pending")
            sample, sent = await self.prober.probe(final_url)
            if sent:
                requests += sample.requests
            if sample.status is not None and 200 <= sample.status < 300:
                self.get_first.add(_host(final_url))
                if text is None:
                    page = await self.follow(final_url, "GET")
                    requests += page.requests
                    if page.error is None and page.answer.status is not None:
                        text = page.answer.text or ""
                        status = page.answer.status
                        final_url = page.final_url
                        hops = hops + page.hops
                        answer = page.answer
                stripped = soft404.without_scripts(text or "")
                cited = soft404.sample(status, final_url, text or "", stripped=stripped)
                probe = soft404.compare(cited, sample)
                title = cited.title
            else:
                probe = ProbeComparison(sample.status, sample.final_url)
        if text and title is None:
            title = soft404.extract_title(text)
        if text and stripped is None:
            stripped = soft404.without_scripts(text)
        obs = Observation(
            url=url,
            status=status,
            final_url=final_url,
            redirects=hops,
            error=error,
            detail=detail,
            headers=answer.headers,
            title=title,
            heading=soft404.extract_heading(text, stripped=stripped) if text else None,
            prose_words=soft404.prose_words(text) if text and notfound.weighs_prose(title) else 0,
            text=soft404.normalise(text, stripped=stripped) if text else text,
            probe=probe,
            retry_note=answer.retry_note,
        )
        verdict = classify(obs, self.options.accept_status)
        return CheckResult(
            url=url,
            status=verdict.status,
            http_status=status,
            final_url=final_url if hops else None,
            redirects=hops,
            error=verdict.error,
            checked_at=checked_at,
            latency_ms=round(answer.elapsed_ms, 1) if answer.requests else None,
            requests=requests,
            evidence=verdict.evidence,
        )


def kept_headers(raw: Sequence[tuple[bytes, bytes]]) -> dict[str, str]:
    """The ``KEPT_HEADERS`` of a response, by lower-case name; repeated ones joined with ", "
    (as httpx's ``Headers`` does); values read as UTF-8, else Latin-1."""
    kept: dict[str, str] = {}
    for name, value in raw:
        key = name.decode("latin-1").lower()
        if key in _KEPT:
            try:
                text = value.decode("utf-8")
            except UnicodeDecodeError:
                text = value.decode("latin-1")
            kept[key] = f"{kept[key]}, {text}" if key in kept else text
    return kept


def charset(content_type: str) -> str | None:
    """The ``charset`` parameter of a Content-Type value."""
    match = _CHARSET.search(content_type)
    return match.group(1).strip("\"'") or None if match else None


def _head_unreliable(answer: _Answer) -> bool:
    """HEAD answered in a way GET may not (405, 403, 404, 501, 400, 5xx, reset…), or a URL
    naming a file answered with a web page: that page's own words may say "not found"."""
    if answer.error is not None:
        return answer.error in HEAD_FALLBACK_ERRORS
    if answer.status is not None and 200 <= answer.status < 300:
        return "html" in answer.headers.get("content-type", "").lower()
    return answer.status is not None and answer.status >= 400 and answer.status != 429


async def check_urls(
    urls: Sequence[str],
    options: CheckOptions,
    *,
    on_result: Callable[[CheckResult], None] | None = None,
    is_fresh: Callable[[str], CheckResult | None] | None = None,
) -> list[CheckResult]:
    """Check each distinct URL once, in parallel; one result per distinct URL, in first-seen order.

    ``on_result`` is called as each result is known (progress, history writes). ``is_fresh``
    returns a stored result for a URL checked within max-age: it is reused without a request.
    """
    return await check_triaged(triage(urls, options, is_fresh), options, on_result=on_result)


async def check_triaged(
    sorted_out: Triage,
    options: CheckOptions,
    *,
    on_result: Callable[[CheckResult], None] | None = None,
) -> list[CheckResult]:
    """``check_urls`` on URLs already sorted out by ``triage`` (the pipeline sorts them itself
    to answer the known ones without loading this engine): the known ones are reported as
    they are, the pending ones checked."""
    results: dict[str, CheckResult] = {}

    def done(result: CheckResult) -> None:
        results[result.url] = result
        if on_result is not None:
            on_result(result)

    order, pending = sorted_out.order, sorted_out.pending
    for result in sorted_out.known.values():
        done(result)
    if not pending:
        return [results[u] for u in order]

    started = time.monotonic()
    workers = worker_count(options, len(pending))
    if workers <= 1:
        await _check_here(pending, options, done)
    else:
        await _check_sharded(pending, options, done, results, workers)
    missing = [url for url in pending if url not in results]
    if missing:
        elapsed = time.monotonic() - started
        reason = (f"not checked (deadline): no result {elapsed:.0f}s into the run, when the "
                  "deadline ended it")
        for url in missing:
            done(_unchecked(url, reason))
    return [results[u] for u in order]


async def _check_here(
    pending: Sequence[str],
    options: CheckOptions,
    done: Callable[[CheckResult], None],
    host_limit: Callable[[str], int] | None = None,
) -> None:
    """Check ``pending`` in this process. URLs unfinished at the deadline get ``unchecked``,
    saying how far they got; on cancellation (Ctrl-C) they get nothing."""
    pools = build_transport(options)
    finished: set[str] = set()
    async with build_client(options, pools) as client:
        run = _Run(options, client, pools, pending, host_limit)

        async def one(url: str) -> None:
            _CHECKING.set(url)
            try:
                result = await run.check(url)
            except Exception as exc:  # noqa: BLE001 - a bug for one URL must not lose the rest
                result = CheckResult(url, LinkStatus.ERROR, error=f"internal error: {exc!r}",
                                     checked_at=_now_iso(), evidence=(repr(exc),))
            finished.add(url)
            done(result)

        started = asyncio.get_running_loop().time()
        tasks: list[asyncio.Task[None]] = []
        try:
            for i, url in enumerate(pending, 1):
                tasks.append(asyncio.create_task(one(url)))
                if i % TASK_BATCH == 0:
                    # Let the loop send the first requests and read answers between batches,
                    # instead of running every task's first steps before any I/O.
                    await asyncio.sleep(0)
            left = None if options.deadline is None else max(
                0.0, options.deadline - (asyncio.get_running_loop().time() - started))
            await asyncio.wait(tasks, timeout=left)
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        for url in pending:
            if url not in finished:
                got = run.progress.get(url, "before any request for it was sent")
                done(_unchecked(url, f"not checked (deadline): the run's deadline of "
                                     f"{options.deadline:g}s came {got}"))


def _unchecked(url: str, reason: str) -> CheckResult:
    return CheckResult(url, LinkStatus.UNCHECKED, error=reason, checked_at=_now_iso(),
                       evidence=(reason,))


def worker_count(options: CheckOptions, n_urls: int) -> int:
    """Processes for a run of ``n_urls``: ``options.workers``, or the auto choice for 0.

    Never more than ``per_host_concurrency`` (each process gets a share of every host it does
    not own, for redirects) and 1 with ``min_host_interval``, whose pacing lives in one process.
    """
    if options.min_host_interval > 0:
        return 1
    wanted = options.workers
    if wanted <= 0:
        wanted = 2 if n_urls >= WORKERS_MIN_URLS and (os.cpu_count() or 1) >= 2 else 1
    return max(1, min(wanted, options.per_host_concurrency, n_urls))


def shard_by_host(urls: Sequence[str], n: int) -> list[list[str]]:
    """``urls`` in ``n`` groups with no host in two groups, URL counts as even as greedy gets."""
    by_host: dict[str, list[str]] = {}
    for url in urls:
        by_host.setdefault(_host(url), []).append(url)
    groups: list[list[str]] = [[] for _ in range(n)]
    for host_urls in sorted(by_host.values(), key=len, reverse=True):
        min(groups, key=len).extend(host_urls)
    return groups


def _limits_for(options: CheckOptions, own: frozenset[str], n: int) -> Callable[[str], int]:
    """Per-host limit in one of ``n`` processes: the full limit for the hosts it owns, a share
    for the others (redirect targets), so all processes together never exceed the limit."""
    full, share = options.per_host_concurrency, max(1, options.per_host_concurrency // n)
    return lambda host: full if host in own else share


def _options_payload(options: CheckOptions) -> dict[str, object]:
    """``options`` as plain picklable values (mapping proxies are not picklable)."""
    out: dict[str, object] = {}
    for f in fields(options):
        value = getattr(options, f.name)
        if f.name == "headers":
            value = dict(value)
        elif f.name == "host_headers":
            value = {k: dict(v) for k, v in value.items()}
        out[f.name] = value
    return out


_WORKER_CODE = WORKER_CODE


@dataclass
class _Worker:
    """A worker process of this run and the two ends of its pipes on the loop."""

    stdin: asyncio.StreamWriter
    stdout: asyncio.StreamReader
    kill: Callable[[], None]
    wait: Callable[[], Coroutine[Any, Any, object]]
    close_stdout: Callable[[], None] = lambda: None
    """Lets go of the stdout pipe (a subprocess transport does so by itself)."""


async def _spawn_worker() -> _Worker:
    """A spare started ahead when there is one alive, else a new worker process."""
    spare = take_spare()
    if spare is not None:
        return await _attach(spare)
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", _WORKER_CODE, stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE, env=worker_env())
    assert proc.stdin is not None and proc.stdout is not None

    def kill() -> None:
        if proc.returncode is None:
            proc.kill()

    return _Worker(proc.stdin, proc.stdout, kill, proc.wait)


async def _attach(popen: subprocess.Popen[bytes]) -> _Worker:
    """The pipes of a process started without the loop, as the loop's streams."""
    assert popen.stdin is not None and popen.stdout is not None
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    read_transport, _ = await loop.connect_read_pipe(
        lambda: asyncio.StreamReaderProtocol(reader), popen.stdout)
    write_protocol = asyncio.StreamReaderProtocol(asyncio.StreamReader())
    transport, _ = await loop.connect_write_pipe(lambda: write_protocol, popen.stdin)
    writer = asyncio.StreamWriter(transport, write_protocol, None, loop)

    def kill() -> None:
        if popen.poll() is None:
            popen.kill()

    async def wait() -> object:
        return await asyncio.get_running_loop().run_in_executor(None, popen.wait)

    return _Worker(writer, reader, kill, wait, read_transport.close)


async def _check_sharded(
    pending: Sequence[str],
    options: CheckOptions,
    done: Callable[[CheckResult], None],
    results: Mapping[str, CheckResult],
    n: int,
) -> None:
    """Check ``pending`` with hosts split over this process and ``n - 1`` worker processes.

    Workers stream their results back (length-prefixed pickles on stdout) to ``done`` here,
    so ``on_result`` runs in the caller's process. A worker that dies leaves URLs without a
    result: they are checked here afterwards, within what remains of the deadline.
    """
    started = time.monotonic()
    groups = shard_by_host(pending, n)
    share = max(1, options.max_concurrency // n)
    local_options = replace(options, max_concurrency=options.max_concurrency - share * (n - 1))
    owned = [frozenset(_host(u) for u in group) for group in groups]
    procs: list[_Worker] = []
    # This process's share starts first: the workers' start (interpreter, imports) and the
    # hand-over of their shares, which waits for them to read it, happen meanwhile.
    jobs = [asyncio.ensure_future(_check_here(groups[0], local_options, done,
                                              _limits_for(options, owned[0], n)))]
    try:
        try:
            for group, own in zip(groups[1:], owned[1:]):
                payload = _options_payload(replace(options, max_concurrency=share, workers=1))
                proc = await _spawn_worker()
                procs.append(proc)
                share_of = pickle.dumps((payload, list(group), own, n, os.getpid()))
                jobs.append(asyncio.ensure_future(_hand_over(proc, share_of, done)))
            grace = None if options.deadline is None else options.deadline + 5.0
            # asyncio.wait, not wait_for: on 3.11 wait_for can swallow a cancellation (Ctrl-C)
            # that arrives as the inner work finishes, and the run would go on.
            await asyncio.wait(jobs, timeout=grace)
        finally:
            for job in jobs:
                job.cancel()
            await asyncio.gather(*jobs, return_exceptions=True)
    finally:
        for proc in procs:
            proc.stdin.close()
            proc.kill()
            await proc.wait()
            proc.close_stdout()
    for job in jobs:
        if not job.cancelled() and job.exception() is not None:
            raise job.exception()  # type: ignore[misc]  # a bug here, not a URL's outcome
    left = None if options.deadline is None else options.deadline - (time.monotonic() - started)
    lost = [u for group in groups[1:] for u in group if u not in results]
    current = asyncio.current_task()
    if lost and (left is None or left > 0) and not (current and current.cancelling()):
        await _check_here(lost, replace(options, deadline=left), done)


async def _hand_over(proc: _Worker, share: bytes, done: Callable[[CheckResult], None]) -> None:
    """Give a worker its share, then pass its results to ``done`` as they come. Its stdin
    stays open: end-of-file there tells the worker this process is gone."""
    try:
        proc.stdin.write(share)
        await proc.stdin.drain()
    except (BrokenPipeError, ConnectionResetError, RuntimeError):
        # The worker died before reading it (uvloop says so with a RuntimeError about the
        # closed pipe): its URLs are checked here afterwards.
        return
    await _read_results(proc, done)


async def _read_results(proc: _Worker, done: Callable[[CheckResult], None]) -> None:
    while True:
        try:
            size = int.from_bytes(await proc.stdout.readexactly(4), "big")
            blob = await proc.stdout.readexactly(size)
        except asyncio.IncompleteReadError:
            return
        result = pickle.loads(blob)
        if isinstance(result, CheckResult):
            done(result)


def _die_with_parent(parent: int) -> None:
    """End this worker when the process that started it is gone, even by ``kill -9``.

    Linux: the kernel sends SIGKILL when the parent dies (``PR_SET_PDEATHSIG``). Everywhere:
    a thread waits for end-of-file on stdin, which the parent holds open for the whole run.
    A parent that died before either was in place shows as a changed parent pid.
    """
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG = 1
        except (OSError, AttributeError):
            pass

    def watch() -> None:
        # os.read on the descriptor, not sys.stdin: a thread blocked inside the buffered
        # reader holds its lock, and the interpreter cannot shut down cleanly past it.
        try:
            while os.read(stdin_fd, 4096):
                pass
        except OSError:
            pass
        os._exit(1)

    stdin_fd = sys.stdin.fileno()

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
    if os.getppid() != parent:
        os._exit(1)


class _Emitter:
    """A worker's results to its parent, length-prefixed pickles written once per loop turn:
    one write (and one wake-up of the parent) for every result finished in the turn, where a
    write and a flush per result cost a system call each on both sides."""

    def __init__(self, out: BinaryIO) -> None:
        self._out = out
        self._pending = bytearray()
        self._scheduled = False

    def __call__(self, result: CheckResult) -> None:
        blob = pickle.dumps(result)
        self._pending += len(blob).to_bytes(4, "big") + blob
        if not self._scheduled:  # results are reported inside the worker's event loop
            asyncio.get_running_loop().call_soon(self.flush)
            self._scheduled = True

    def flush(self) -> None:
        self._scheduled = False
        if self._pending:
            self._out.write(self._pending)
            self._out.flush()
            self._pending.clear()


def worker_main() -> None:
    """Entry of a worker process: read its share from stdin, stream results to stdout."""
    try:
        payload, urls, own, n, parent = pickle.load(sys.stdin.buffer)
    except (EOFError, KeyboardInterrupt):
        os._exit(0)  # a spare started ahead (``spares.prestart``) that the run did not need
    _die_with_parent(parent)
    options = CheckOptions(**payload)
    emit = _Emitter(sys.stdout.buffer)
    try:
        run_event_loop(_check_here(urls, options, emit, _limits_for(options, own, n)))
        emit.flush()
    except (KeyboardInterrupt, BrokenPipeError):
        os._exit(1)  # the parent is gone or interrupted: nothing to report to
    # Every result is written: end now, without the interpreter's teardown of this process's
    # objects, which the parent would otherwise wait for as end-of-file on our stdout.
    os._exit(0)


def run_event_loop(coro: Coroutine[Any, Any, T]) -> T:
    """Run ``coro`` on uvloop when installed (less CPU per request), else on asyncio, with
    the cyclic garbage collector kept out of the way (``_calm_gc``)."""
    with _calm_gc():
        try:
            import uvloop
        except ImportError:
            return asyncio.run(coro)
        return uvloop.run(coro)


@contextlib.contextmanager
def _calm_gc() -> Iterator[None]:
    """Fewer, smaller cyclic collections while checking.

    A check allocates a few hundred short-lived objects, almost all freed by reference
    counting; with the default thresholds the collector still ran every few requests, and its
    full passes walked everything the caller holds (a document's citations, the store), about
    a tenth of the run's CPU. So what exists before the run is frozen (never walked again
    while the run lasts, still freed when its references go) and the youngest generation is
    collected less often; both are undone afterwards.
    """
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(GC_YOUNG_THRESHOLD, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def run_checks(
    urls: Sequence[str],
    options: CheckOptions,
    *,
    on_result: Callable[[CheckResult], None] | None = None,
    is_fresh: Callable[[str], CheckResult | None] | None = None,
) -> list[CheckResult]:
    """``check_urls`` for synchronous callers (the CLI)."""
    return run_event_loop(check_urls(urls, options, on_result=on_result, is_fresh=is_fresh))


def run_triaged(
    sorted_out: Triage,
    options: CheckOptions,
    *,
    on_result: Callable[[CheckResult], None] | None = None,
) -> list[CheckResult]:
    """``check_triaged`` for synchronous callers (the pipeline)."""
    return run_event_loop(check_triaged(sorted_out, options, on_result=on_result))
