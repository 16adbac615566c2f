"""Save Page Now for live URLs that have no recent capture (``--save``, opt-in).

Two ways, chosen by ``SaveOptions.method``:

* SPN2 over httpx (with keys): ``POST <wayback>/save`` with ``Authorization: LOW
  <access>:<secret>`` and ``Accept: application/json``, form ``url=…`` → ``{"url", "job_id"}``;
  then ``GET <wayback>/save/status/<job_id>`` until ``"status"`` is ``success`` (with
  ``timestamp``) or ``error``, at most ``max_polls`` times and within ``deadline``.
  Keys come from ``WAYBACK_ACCESS_KEY`` / ``WAYBACK_SECRET_KEY`` (``SaveOptions.from_env``).
* Anonymous (no keys): ``GET <wayback>/save/<url>``, the request of waybackpy 3.0.6's
  ``WaybackMachineSaveAPI``, sent through the run's HTTP layer like every other request
  (waybackpy's own ``requests`` session takes neither the configured CA bundle nor the
  routes, and passes no timeout); the capture is read from the answer where waybackpy's
  parser reads it (``_capture_in``). ``AUTO`` uses it only for web.archive.org itself.

Before saving, one CDX request asks for a 2xx capture within ``recent_days``: if there is
one, nothing is saved (``RECENT``).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from datetime import timedelta

import httpx

from citewatch import clock
from citewatch.lazy import lazy_pattern

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

_ARCHIVED = lazy_pattern(r"/web/(\d{14})/(.+)$")
_REL = lazy_pattern(r'rel\s*=\s*"([^"]*)"')


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


def _capture_in(response: httpx.Response) -> str | None:
    """Where an anonymous save's answer says the capture is: ``Content-Location`` (a
    ``/web/<14 digits>/…`` path), the ``Link`` entry whose relation is ``memento`` (else
    ``last memento``; never ``first memento``, the oldest copy), or a redirect to the
    capture — the places waybackpy 3.0.6's ``archive_url_parser`` reads."""
    location = str(response.headers.get("content-location", ""))
    if _ARCHIVED.search(location):
        return location
    latest = None
    for entry in response.headers.get_list("link", split_commas=True):
        target, _, params = entry.partition(";")
        rels = [rel.split() for rel in _REL.findall(params)]
        if not _ARCHIVED.search(target):
            continue
        if ["memento"] in rels:  # the capture just made ("first memento" is the oldest)
            return target.strip().strip("<>")
        if any(rel[-1:] == ["memento"] and "last" in rel for rel in rels):
            latest = target.strip().strip("<>")
    if latest is not None:
        return latest
    redirect = str(response.headers.get("location", ""))
    if response.is_redirect and _ARCHIVED.search(redirect):
        return redirect
    return None


async def _anonymous(client: WaybackClient, url: str, tally: Tally) -> SaveResult:
    """Save Page Now without keys: ``GET <wayback>/save/<url>``, the request waybackpy 3.0.6's
    ``WaybackMachineSaveAPI`` sends, here through the run's HTTP layer (its CA bundle, routes,
    proxies and timeouts, which waybackpy's own ``requests`` session ignores)."""
    options = client.options
    try:
        response = await asyncio.wait_for(
            client.request(
                "GET",
                f"{options.base}/save/{url}",
                limiter=client.save_limiter,
                tally=tally,
                headers={"User-Agent": options.user_agent},
                retries=0,
            ),
            options.save.deadline,
        )
    except TimeoutError:
        return SaveResult(url, SaveOutcome.TIMEOUT, None, "save exceeded the deadline",
                          tally.requests)
    archived = _capture_in(response)
    m = _ARCHIVED.search(archived) if archived else None
    if m is None:
        return SaveResult(url, SaveOutcome.FAILED, None,
                          f"save failed ({response.status_code}): no capture in the answer",
                          tally.requests)
    ts, original = m.group(1), m.group(2)
    snap = Snapshot(
        original, options.replay_url(ts, original, raw=False), ts, None, SnapshotSource.SAVE
    )
    return SaveResult(url, SaveOutcome.SAVED, snap, "captured now (anonymous save)",
                      tally.requests)


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
                        res = await _anonymous(client, url, tally)
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
