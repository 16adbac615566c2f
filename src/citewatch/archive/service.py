"""Find an archived copy for each URL: cache, CDX, replay check, fallbacks.

Per URL, normally one CDX request and one replay request:

1. the cache (``archive_lookups``) answers when it holds a recent lookup;
2. one CDX request lists the ``window`` captures nearest the target date
   (``closest=…&sort=closest``); ``rank_candidates`` orders them (before the date first);
   when none of them lies before the date and the window is full, a second request lists
   the captures before it (``to=…&limit=-window``), since a dense run of later captures
   may hide an older one;
3. up to ``max_replays`` candidates are replayed (``/web/<ts>id_/<url>`` must answer 2xx,
   the archive's redirect to the nearest timestamp followed);
4. when the CDX request fails, the availability API is asked instead; when the Wayback has
   nothing and ``memento_url`` is set, the aggregator's TimeMap is.

A 429 storm ends in "archive unavailable (rate limited)" for every lookup not yet done,
without further requests.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path

import httpx

from citewatch import clock

from .cache import ArchiveCache
from .choose import CdxRow, rank_candidates, wayback_timestamp
from .client import ArchiveFailure, ArchiveUnavailable, Tally, WaybackClient
from .memento import memento_timestamp, mementos, rank_mementos
from .model import (
    ArchiveOptions,
    ArchiveOutcome,
    ArchiveRequest,
    ArchiveResult,
    Snapshot,
    SnapshotSource,
)

CDX_FIELDS = "timestamp,original,statuscode,mimetype,digest"
RATE_LIMITED_REASON = "archive unavailable (rate limited)"

OnResult = Callable[[ArchiveResult], None]


def _now_iso() -> str:
    return clock.now().isoformat(timespec="seconds")


def _when(snapshot: Snapshot, target: date | None) -> str:
    day = snapshot.captured_at.date().isoformat()
    if target is None:
        return f"latest capture, {day}"
    if snapshot.captured_at.date() <= target:
        return f"capture of {day}, before {target.isoformat()}"
    return f"capture of {day}, after {target.isoformat()} (none before)"


async def _lookup(client: WaybackClient, item: ArchiveRequest) -> ArchiveResult:
    options = client.options
    tally = Tally()
    target_ts = wayback_timestamp(item.target_date or clock.now())
    looked = _now_iso()

    def result(snapshot: Snapshot | None, outcome: ArchiveOutcome, reason: str) -> ArchiveResult:
        return ArchiveResult(
            url=item.url,
            snapshot=snapshot,
            reason=reason,
            requests=tally.requests,
            outcome=outcome,
            target_date=item.target_date,
            looked_up_at=looked,
        )

    try:
        try:
            rows = await client.cdx(
                {
                    "url": item.url,
                    "fl": CDX_FIELDS,
                    "closest": target_ts,
                    "sort": "closest",
                    "limit": options.window,
                },
                tally,
            )
        except ArchiveFailure as exc:
            if not options.use_availability:
                return result(None, ArchiveOutcome.ERROR, f"archive error: {exc}")
            try:
                snap = await client.availability(item.url, target_ts, tally)
            except ArchiveFailure as exc2:
                return result(None, ArchiveOutcome.ERROR, f"archive error: {exc}; {exc2}")
            if snap is None:
                return result(None, ArchiveOutcome.NOT_ARCHIVED, "no capture (availability API)")
            return result(snap, ArchiveOutcome.FOUND, _when(snap, item.target_date))

        ranked = rank_candidates(rows, target_ts)
        if len(rows) >= options.window and not any(
            r.timestamp.ljust(14, "0") <= target_ts for r, _ in ranked
        ):
            try:
                older = await client.cdx(
                    {"url": item.url, "fl": CDX_FIELDS, "to": target_ts, "limit": -options.window},
                    tally,
                )
            except ArchiveFailure:
                older = []
            ranked = rank_candidates([*rows, *older], target_ts)

        tried = 0
        for row, status in ranked[: options.max_replays]:
            snap = await _confirm(client, item, row, status, tally)
            tried += 1
            if snap is not None:
                return result(snap, ArchiveOutcome.FOUND, _when(snap, item.target_date))

        if options.memento_url:
            snap = await _from_memento(client, item, target_ts, tally)
            if snap is not None:
                return result(snap, ArchiveOutcome.FOUND, _when(snap, item.target_date))

        if not rows:
            reason = "no capture"
        elif not ranked:
            reason = f"no capture with a 2xx status ({len(rows)} listed)"
        else:
            reason = f"no capture replays ({tried} tried)"
        return result(None, ArchiveOutcome.NOT_ARCHIVED, reason)
    except ArchiveUnavailable:
        return result(None, ArchiveOutcome.RATE_LIMITED, RATE_LIMITED_REASON)


async def _confirm(
    client: WaybackClient, item: ArchiveRequest, row: CdxRow, status: int | None, tally: Tally
) -> Snapshot | None:
    original = row.original or item.url
    ts = row.timestamp
    if client.options.confirm_replay:
        try:
            replayed = await client.replays(original, ts, tally)
        except ArchiveFailure:
            return None
        if replayed is None:
            return None
        ts = replayed
    return Snapshot(
        url=original,
        archive_url=client.options.replay_url(ts, original, raw=False),
        timestamp=ts,
        status=status,
        source=SnapshotSource.CDX,
    )


async def _from_memento(
    client: WaybackClient, item: ArchiveRequest, target_ts: str, tally: Tally
) -> Snapshot | None:
    base = (client.options.memento_url or "").rstrip("/")
    try:
        text = await client.timemap(f"{base}/timemap/link/{item.url}", tally)
    except ArchiveFailure:
        return None
    if not text:
        return None
    target = datetime.strptime(target_ts, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    for memento in rank_mementos(mementos(text), target)[: client.options.max_replays]:
        try:
            ok = await client.fetch_ok(memento.uri, tally)
        except ArchiveFailure:
            continue
        if ok:
            return Snapshot(
                url=item.url,
                archive_url=memento.uri,
                timestamp=memento_timestamp(memento),
                status=None,
                source=SnapshotSource.MEMENTO,
            )
    return None


async def find_snapshots(
    items: Sequence[ArchiveRequest],
    options: ArchiveOptions | None = None,
    *,
    cache_path: Path | None = None,
    on_result: OnResult | None = None,
    http: httpx.AsyncClient | None = None,
) -> list[ArchiveResult]:
    """One ``ArchiveResult`` per item, in order. Never raises for an archive's answer or
    silence; ``HistoryError`` only when the cache file is unusable."""
    options = options or ArchiveOptions()
    cache = ArchiveCache(cache_path) if cache_path is not None else None
    sem = asyncio.Semaphore(max(1, options.concurrency))
    try:
        async with WaybackClient(options, http) as client:

            async def one(item: ArchiveRequest) -> ArchiveResult:
                async with sem:
                    hit = None
                    if cache is not None:
                        hit = cache.get(
                            item.url, item.target_date, max_age_days=options.cache_max_age_days
                        )
                    if hit is not None:
                        res = hit
                    elif client.unavailable:
                        res = ArchiveResult(
                            url=item.url,
                            snapshot=None,
                            reason=RATE_LIMITED_REASON,
                            outcome=ArchiveOutcome.RATE_LIMITED,
                            target_date=item.target_date,
                            looked_up_at=_now_iso(),
                        )
                    else:
                        res = await _lookup(client, item)
                        if cache is not None:
                            cache.put(res)
                    if on_result is not None:
                        on_result(res)
                    return res

            return list(await asyncio.gather(*(one(i) for i in items)))
    finally:
        if cache is not None:
            cache.close()


def find_snapshots_sync(
    items: Sequence[ArchiveRequest],
    options: ArchiveOptions | None = None,
    *,
    cache_path: Path | None = None,
    on_result: OnResult | None = None,
) -> list[ArchiveResult]:
    """``find_snapshots`` for callers without an event loop."""
    return asyncio.run(find_snapshots(items, options, cache_path=cache_path, on_result=on_result))
