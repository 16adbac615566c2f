"""HTTP to a Wayback-software archive (CDX, availability, replay, TimeMap), politely.

Every request passes a rate limiter; a 429 pauses all of them (``backoff_delay`` decides
how long) and, after ``ArchiveOptions.max_429`` of them, the client refuses to send more
for the rest of the run (``ArchiveUnavailable``). httpx errors are turned into
``ArchiveFailure`` here, the one place they enter this stage.

API shapes, with their sources:

* CDX (github.com/internetarchive/wayback, ``wayback-cdx-server/README.md``):
  ``GET <wayback>/cdx/search/cdx?url=…&output=json&fl=…&from=…&to=…&limit=…&filter=…``;
  JSON is a list of rows, the first naming the columns; no capture gives ``[]``.
  ``closest=<ts>&sort=closest`` orders an exact-URL query by distance to ``<ts>``
  (used so by waybackpy 3.0.6, ``cdx_api.py: near()``).
* Availability (archive.org/help/wayback_api.php): ``GET …/wayback/available?url=…&timestamp=…``
  → ``{"url": …, "archived_snapshots": {"closest": {"status": "200", "available": true,
  "url": "http://web.archive.org/web/<ts>/<url>", "timestamp": "<ts>"}}}`` or
  ``{"archived_snapshots": {}}``.
* Replay: ``GET <wayback>/web/<ts>id_/<url>`` gives the capture's original bytes and status;
  a timestamp without an exact capture answers 302 to the nearest one.
* TimeMap (RFC 7089 §5.1.1): ``GET <wayback>/web/timemap/link/<url>``, link format.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Self
from urllib.parse import urljoin

import httpx

from citewatch.http.client import open_client
from citewatch.http.retry import TRANSIENT_STATUSES
from citewatch.lazy import lazy_pattern

from .choose import CdxRow, parse_cdx_json
from .model import ArchiveOptions, Snapshot, SnapshotSource
from .ratelimit import RateLimiter, backoff_delay

REPLAY_TS = lazy_pattern(r"/web/(\d{1,14})(?:[a-z]{2}_)?/")
MAX_HOPS = 5
RETRY_STATUSES = TRANSIENT_STATUSES - {408, 429}
"""Retried once; a 429 is the rate-limit policy's (``note_429``), a 408 is not the archive's."""


class ArchiveUnavailable(Exception):
    """The archive was given up for this run after repeated 429s."""


class ArchiveFailure(Exception):
    """One request to the archive failed (network error, 5xx, unreadable answer)."""


@dataclass
class Tally:
    """Requests sent on behalf of one lookup."""

    requests: int = 0


class WaybackClient:
    """One run's connection to the archive; use as ``async with``."""

    def __init__(self, options: ArchiveOptions, http: httpx.AsyncClient | None = None) -> None:
        self.options = options
        self._own_http = http is None
        self.http = http or open_client(options.http_options())
        self.index_limiter = RateLimiter(options.cdx_rate)
        self.replay_limiter = RateLimiter(options.replay_rate)
        self.save_limiter = RateLimiter(options.save.rate)
        self.n_429 = 0
        self.unavailable = False
        self.total_requests = 0

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._own_http:
            await self.http.aclose()

    # -- one request -------------------------------------------------------------------

    async def request(
        self,
        method: str,
        url: str,
        *,
        limiter: RateLimiter,
        tally: Tally,
        params: Any = None,
        data: Any = None,
        headers: dict[str, str] | None = None,
        retries: int = 1,
    ) -> httpx.Response:
        """Send one request (body read), waiting for a slot; 429s and one retry handled."""
        attempt = 0
        while True:
            if self.unavailable:
                raise ArchiveUnavailable("archive unavailable (rate limited)")
            await limiter.acquire()
            if self.unavailable:
                raise ArchiveUnavailable("archive unavailable (rate limited)")
            tally.requests += 1
            self.total_requests += 1
            try:
                response = await self.http.request(
                    method, url, params=params, data=data, headers=headers
                )
            except httpx.HTTPError as exc:
                if attempt < retries:
                    attempt += 1
                    continue
                raise ArchiveFailure(f"{type(exc).__name__}: {exc}") from exc
            if response.status_code == 429:
                self.note_429(response.headers.get("Retry-After"))
                continue
            if response.status_code in RETRY_STATUSES and attempt < retries:
                attempt += 1
                limiter.pause(min(self.options.backoff, 1.0 / self.options.cdx_rate))
                continue
            return response

    def note_429(self, retry_after: str | None) -> None:
        self.n_429 += 1
        delay = backoff_delay(
            self.n_429,
            retry_after,
            base=self.options.backoff,
            cap=self.options.max_backoff,
            max_429=self.options.max_429,
        )
        if delay is None:
            self.unavailable = True
            raise ArchiveUnavailable("archive unavailable (rate limited)")
        for limiter in (self.index_limiter, self.replay_limiter, self.save_limiter):
            limiter.pause(delay)

    # -- the APIs ----------------------------------------------------------------------

    async def cdx(self, params: dict[str, str | int], tally: Tally) -> list[CdxRow]:
        """Rows of a CDX query (``output=json`` added)."""
        response = await self.request(
            "GET",
            self.options.cdx_endpoint,
            params={**params, "output": "json"},
            limiter=self.index_limiter,
            tally=tally,
        )
        if response.status_code != 200:
            raise ArchiveFailure(f"CDX answered {response.status_code}")
        text = response.text.strip()
        if not text:
            return []
        try:
            return parse_cdx_json(response.json())
        except ValueError as exc:
            raise ArchiveFailure(f"CDX answer is not JSON: {exc}") from exc

    async def availability(self, url: str, timestamp: str, tally: Tally) -> Snapshot | None:
        """The availability API's closest snapshot, or None."""
        response = await self.request(
            "GET",
            self.options.availability_endpoint,
            params={"url": url, "timestamp": timestamp},
            limiter=self.index_limiter,
            tally=tally,
        )
        if response.status_code != 200:
            raise ArchiveFailure(f"availability API answered {response.status_code}")
        try:
            closest = response.json().get("archived_snapshots", {}).get("closest")
        except (ValueError, AttributeError) as exc:
            raise ArchiveFailure(f"availability answer unreadable: {exc}") from exc
        if not isinstance(closest, dict) or not closest.get("available"):
            return None
        status = str(closest.get("status", ""))
        if status.isdigit() and not 200 <= int(status) < 300:
            return None
        ts = str(closest.get("timestamp", ""))
        if not ts.isdigit():
            return None
        return Snapshot(
            url=url,
            archive_url=self.options.replay_url(ts, url, raw=False),
            timestamp=ts,
            status=int(status) if status.isdigit() else None,
            source=SnapshotSource.AVAILABILITY,
        )

    async def replays(self, url: str, timestamp: str, tally: Tally) -> str | None:
        """The timestamp a capture replays at (its own, or the nearest one the archive
        redirects to), or None when the replay does not answer 2xx."""
        target = self.options.replay_url(timestamp, url)
        for _ in range(MAX_HOPS + 1):
            response = await self.request(
                "GET", target, limiter=self.replay_limiter, tally=tally, retries=0
            )
            if 200 <= response.status_code < 300:
                found = REPLAY_TS.search(str(response.url))
                return found.group(1) if found else timestamp
            location = response.headers.get("Location")
            if not (300 <= response.status_code < 400 and location):
                return None
            target = urljoin(str(response.url), location)
            if REPLAY_TS.search(target) is None:
                return None  # the capture itself is a redirect away from the archive
        return None

    async def fetch_ok(self, url: str, tally: Tally) -> bool:
        """Whether a URL (a memento elsewhere) answers 2xx, redirects followed."""
        for _ in range(MAX_HOPS + 1):
            response = await self.request(
                "GET", url, limiter=self.replay_limiter, tally=tally, retries=0
            )
            location = response.headers.get("Location")
            if 300 <= response.status_code < 400 and location:
                url = urljoin(str(response.url), location)
                continue
            return 200 <= response.status_code < 300
        return False

    async def timemap(self, timemap_url: str, tally: Tally) -> str | None:
        """A TimeMap's link-format text, or None when the archive has none (404)."""
        response = await self.request("GET", timemap_url, limiter=self.index_limiter, tally=tally)
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise ArchiveFailure(f"TimeMap answered {response.status_code}")
        return response.text

