"""Save Page Now for live URLs that have no recent capture (``--save``, opt-in).

Two ways, chosen by ``SaveOptions.method``:

* SPN2 over httpx (with keys): ``POST <wayback>/save`` with ``Authorization: LOW
  <access>:<secret>`` and ``Accept: application/json``, form ``url=…`` → ``{"url", "job_id"}``;
  then ``GET <wayback>/save/status/<job_id>`` until ``"status"`` is ``success`` (with
  ``timestamp``) or ``error``, at most ``max_polls`` times and within ``deadline``.
  Keys come from ``WAYBACK_ACCESS_KEY`` / ``WAYBACK_SECRET_KEY`` (``SaveOptions.from_env``).
* waybackpy 3.0.6's ``WaybackMachineSaveAPI`` (anonymous, no keys). Its endpoint is
  hard-coded (``"https://web.archive.org/save/" + url`` in ``__init__``), it passes no
  timeout to requests, sleeps 5–10 s between tries and reads the archive URL only from
  answers naming ``web.archive.org``. So it runs in a daemon thread under our deadline
  with ``max_tries=1`` (one request, our own loop decides on more), its ``request_url``
  pointed at ``<wayback>/save/<url>``; ``AUTO`` uses it only for web.archive.org itself.

Before saving, one CDX request asks for a 2xx capture within ``recent_days``: if there is
one, nothing is saved (``RECENT``).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import re
import threading
import time
from collections.abc import Callable, Sequence
from datetime import timedelta

import httpx

from citewatch import clock

from .client import ArchiveFailure, ArchiveUnavailable, Tally, WaybackClient
from .model import (
    DEFAULT_WAYBACK_URL,
    ArchiveOptions,
    SaveMethod,
    SaveOutcome,
    SaveResult,
    Snapshot,
    SnapshotSource,
)

_ARCHIVED = re.compile(r"/web/(\d{14})/(.+)$")


def choose_method(options: ArchiveOptions) -> SaveMethod | None:
    """The save method to use, or None when none can work (no keys, not archive.org)."""
    save = options.save
    if save.method is not SaveMethod.AUTO:
        return save.method
    if save.has_credentials:
        return SaveMethod.SPN2
    if options.base == DEFAULT_WAYBACK_URL:
        return SaveMethod.WAYBACKPY
    return None


async def _recent(client: WaybackClient, url: str, tally: Tally) -> Snapshot | None:
    since = clock.now() - timedelta(days=client.options.save.recent_days)
    rows = await client.cdx(
        {
            "url": url,
            "fl": "timestamp,original,statuscode",
            "from": since.strftime("%Y%m%d%H%M%S"),
            "filter": "statuscode:2..",
            "limit": 1,
        },
        tally,
    )
    if not rows:
        return None
    row = rows[0]
    return Snapshot(
        row.original or url,
        client.options.replay_url(row.timestamp, row.original or url, raw=False),
        row.timestamp,
        int(row.statuscode),
        SnapshotSource.CDX,
    )


async def _spn2(client: WaybackClient, url: str, tally: Tally) -> SaveResult:
    options = client.options
    save = options.save
    if not save.has_credentials:
        return SaveResult(
            url,
            SaveOutcome.NO_CREDENTIALS,
            reason="SPN2 needs WAYBACK_ACCESS_KEY and WAYBACK_SECRET_KEY",
            requests=tally.requests,
        )
    headers = {
        "Accept": "application/json",
        "Authorization": f"LOW {save.access_key}:{save.secret_key}",
    }
    started = time.monotonic()
    response = await client.request(
        "POST",
        f"{options.base}/save",
        limiter=client.save_limiter,
        tally=tally,
        data={"url": url, "if_not_archived_within": f"{save.recent_days}d"},
        headers=headers,
        retries=0,
    )
    try:
        body = response.json()
    except ValueError:
        body = {}
    job_id = body.get("job_id") if isinstance(body, dict) else None
    if response.status_code != 200 or not job_id:
        message = body.get("message") if isinstance(body, dict) else None
        return SaveResult(
            url,
            SaveOutcome.FAILED,
            requests=tally.requests,
            reason=f"save refused ({response.status_code}): {message or response.text[:200]}",
        )
    for _ in range(save.max_polls):
        remaining = save.deadline - (time.monotonic() - started)
        if remaining <= save.poll_interval:
            break
        await asyncio.sleep(save.poll_interval)
        status = await client.request(
            "GET",
            f"{options.base}/save/status/{job_id}",
            limiter=client.index_limiter,
            tally=tally,
            headers=headers,
        )
        try:
            state = status.json()
        except ValueError:
            continue
        if not isinstance(state, dict):
            continue
        if state.get("status") == "success" and str(state.get("timestamp", "")).isdigit():
            ts = str(state["timestamp"])
            original = str(state.get("original_url") or url)
            snap = Snapshot(
                original, options.replay_url(ts, original, raw=False), ts, None, SnapshotSource.SAVE
            )
            return SaveResult(url, SaveOutcome.SAVED, snap, "captured now", tally.requests, job_id)
        if state.get("status") == "error":
            why = state.get("message") or state.get("status_ext") or "error"
            return SaveResult(
                url, SaveOutcome.FAILED, None, f"save failed: {why}", tally.requests, job_id
            )
    return SaveResult(
        url,
        SaveOutcome.TIMEOUT,
        None,
        "save job still pending at the deadline",
        tally.requests,
        job_id,
    )


def _waybackpy_save(url: str, base: str, user_agent: str) -> str:
    from waybackpy import WaybackMachineSaveAPI  # here: it imports requests (0.1 s a start)

    api = WaybackMachineSaveAPI(url, user_agent=user_agent, max_tries=1)
    api.request_url = f"{base}/save/{api.url}"
    return api.save()


async def _waybackpy(client: WaybackClient, url: str, tally: Tally) -> SaveResult:
    from waybackpy.exceptions import TooManyRequestsError, WaybackError

    options = client.options
    await client.save_limiter.acquire()
    future: concurrent.futures.Future[str] = concurrent.futures.Future()

    def work() -> None:
        try:
            future.set_result(_waybackpy_save(url, options.base, options.user_agent))
        except Exception as exc:  # noqa: BLE001 - handed over to the awaiting coroutine
            future.set_exception(exc)

    # a daemon thread: waybackpy passes no timeout, so a hung request must not hold the
    # interpreter open at exit; asyncio.to_thread's pool would be joined at shutdown
    threading.Thread(target=work, daemon=True, name="waybackpy-save").start()
    tally.requests += 1
    client.total_requests += 1
    try:
        archived = await asyncio.wait_for(asyncio.wrap_future(future), options.save.deadline)
    except TimeoutError:
        return SaveResult(
            url, SaveOutcome.TIMEOUT, None, "waybackpy save exceeded the deadline", tally.requests
        )
    except TooManyRequestsError:
        client.note_429(None)  # counts toward giving the archive up; may raise
        return SaveResult(url, SaveOutcome.RATE_LIMITED, None, "save refused (429)", tally.requests)
    except (WaybackError, ValueError, OSError) as exc:
        return SaveResult(url, SaveOutcome.FAILED, None, f"save failed: {exc}", tally.requests)
    m = _ARCHIVED.search(archived)
    if m is None:
        return SaveResult(
            url, SaveOutcome.FAILED, None, f"unreadable archive URL {archived}", tally.requests
        )
    ts, original = m.group(1), m.group(2)
    snap = Snapshot(
        original, options.replay_url(ts, original, raw=False), ts, None, SnapshotSource.SAVE
    )
    return SaveResult(url, SaveOutcome.SAVED, snap, "captured now (waybackpy)", tally.requests)


async def save_urls(
    urls: Sequence[str],
    options: ArchiveOptions | None = None,
    *,
    on_result: Callable[[SaveResult], None] | None = None,
    http: httpx.AsyncClient | None = None,
) -> list[SaveResult]:
    """Ask the archive to capture each live URL lacking a recent capture; one result per
    URL, in order. Never raises for the archive's answers."""
    options = options or ArchiveOptions()
    method = choose_method(options)
    sem = asyncio.Semaphore(max(1, options.concurrency))
    async with WaybackClient(options, http) as client:

        async def one(url: str) -> SaveResult:
            async with sem:
                tally = Tally()
                try:
                    if client.unavailable:
                        raise ArchiveUnavailable
                    recent = await _recent(client, url, tally)
                    if recent is not None:
                        res = SaveResult(
                            url,
                            SaveOutcome.RECENT,
                            recent,
                            f"captured {recent.captured_at.date()}",
                            tally.requests,
                        )
                    elif method is SaveMethod.SPN2:
                        res = await _spn2(client, url, tally)
                    elif method is SaveMethod.WAYBACKPY:
                        res = await _waybackpy(client, url, tally)
                    else:
                        res = SaveResult(
                            url,
                            SaveOutcome.NO_CREDENTIALS,
                            None,
                            "saving needs WAYBACK_ACCESS_KEY and WAYBACK_SECRET_KEY",
                            tally.requests,
                        )
                except ArchiveUnavailable:
                    res = SaveResult(
                        url,
                        SaveOutcome.RATE_LIMITED,
                        None,
                        "archive unavailable (rate limited)",
                        tally.requests,
                    )
                except ArchiveFailure as exc:
                    res = SaveResult(
                        url, SaveOutcome.FAILED, None, f"archive error: {exc}", tally.requests
                    )
                if on_result is not None:
                    on_result(res)
                return res

        return list(await asyncio.gather(*(one(u) for u in urls)))


def save_urls_sync(urls: Sequence[str], options: ArchiveOptions | None = None) -> list[SaveResult]:
    """``save_urls`` for callers without an event loop."""
    return asyncio.run(save_urls(urls, options))
