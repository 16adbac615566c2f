"""One Retry-After parser: an HTTP date is UTC whatever the local zone (``-0000`` included),
for the archive and the checker alike, proven against real loopback servers."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from citewatch.archive.client import Tally, WaybackClient
from citewatch.check.checker import run_checks
from citewatch.check.model import LinkStatus
from citewatch.check.options import CheckOptions
from citewatch.http.retry import parse_retry_after
from tests.archive.conftest import fast_options
from tests.archive.wayback_standin import WaybackStandin
from tests.check.conftest import Req, Resp, Server


@pytest.fixture
def new_york() -> Iterator[None]:
    """The process's local zone is UTC−5 (UTC−4 in summer) for the test."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    try:
        assert time.timezone == 5 * 3600  # the zone really applies (tzdata present)
        yield
    finally:
        if old is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = old
        time.tzset()


def http_date(seconds_ahead: float, zone: str) -> str:
    """An HTTP date ``seconds_ahead`` from now, its zone written as ``zone``."""
    when = datetime.now(UTC) + timedelta(seconds=seconds_ahead)
    return when.strftime(f"%a, %d %b %Y %H:%M:%S {zone}")


@pytest.mark.parametrize("zone", ["-0000", "+0000", "GMT", "UT"])
def test_http_dates_are_utc_in_any_local_zone(new_york: None, zone: str) -> None:
    now = datetime(2030, 1, 1, 12, 0, 0, tzinfo=UTC)
    later = format_datetime(now + timedelta(seconds=60), usegmt=True).replace("GMT", zone)
    assert parse_retry_after(later, now) == 60.0
    assert parse_retry_after("Tue, 01 Jan 2030 13:01:00 +0100", now) == 60.0


def test_archive_waits_what_a_minus_0000_date_asks(new_york: None) -> None:
    """Read as local time, this header asked for ~5 hours: more than ``max_backoff``, so the
    archive was given up for the run."""
    with WaybackStandin() as standin:
        standin.answer_429 = 1
        standin.retry_after = http_date(1, "-0000")
        options = fast_options(standin, max_backoff=10.0)

        async def main() -> tuple[int, float]:
            async with WaybackClient(options) as client:
                started = time.monotonic()
                rows = await client.cdx({"url": "example.org/x"}, Tally())
                assert not client.unavailable
                return len(rows), time.monotonic() - started

        rows, waited = asyncio.run(main())
    assert rows == 0 and waited < 3.0
    assert len(standin.requests_to("/cdx")) == 2  # the 429, then the answer


def test_checker_waits_what_a_minus_0000_date_asks(
    new_york: None, serve: Callable[..., Server]
) -> None:
    tries: list[float] = []

    def handler(req: Req) -> Resp:
        tries.append(req.at)
        if len(tries) == 1:
            return Resp(429, {"retry-after": http_date(1, "-0000")})
        return Resp(200, body=b"<title>x</title>")

    s = serve(handler, host="127.0.3.20")
    opts = CheckOptions(connect_timeout=2, read_timeout=2, request_timeout=3, max_retries=1,
                        retry_after_cap=10, soft404=False, deadline=15, workers=1)
    [result] = run_checks([s.url("/page")], opts)
    assert result.status is LinkStatus.ALIVE, result
    assert len(tries) == 2 and tries[1] - tries[0] < 3.0
