"""The retry policy as pure functions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from citewatch.check.classify import ErrorKind
from citewatch.check.retry import backoff_delay, decide, is_retryable, parse_retry_after

POLICY: dict[str, float] = {
    "max_retries": 3, "base": 0.5, "cap": 8.0, "retry_after_cap": 30.0, "jitter": 0.0,
}


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504, 599])
def test_transient_statuses_retry(status: int) -> None:
    assert is_retryable(status, None)


@pytest.mark.parametrize("status", [200, 301, 400, 401, 403, 404, 410, 451])
def test_final_statuses_do_not_retry(status: int) -> None:
    assert not is_retryable(status, None)


@pytest.mark.parametrize(
    ("error", "retry"),
    [(ErrorKind.TIMEOUT, True), (ErrorKind.RESET, True), (ErrorKind.DNS, False),
     (ErrorKind.REFUSED, False), (ErrorKind.TLS, False), (ErrorKind.REDIRECT_LOOP, False)],
)
def test_errors(error: ErrorKind, retry: bool) -> None:
    assert is_retryable(None, error) is retry


def test_backoff_doubles_with_bounded_jitter_and_cap() -> None:
    assert [backoff_delay(a, 0.5, 8.0, 0.0) for a in range(6)] == [0.25, 0.5, 1.0, 2.0, 4.0, 4.0]
    assert [backoff_delay(a, 0.5, 8.0, 1.0) for a in range(6)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    assert 0.25 < backoff_delay(0, 0.5, 8.0, 0.5) < 0.5


def test_parse_retry_after_seconds_and_date() -> None:
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("120", now) == 120.0
    assert parse_retry_after(format_datetime(now + timedelta(seconds=90), usegmt=True), now) == 90.0
    assert parse_retry_after(format_datetime(now - timedelta(seconds=90), usegmt=True), now) == 0.0
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after(None) is None
    assert parse_retry_after("") is None


def test_decide_gives_up_after_max_retries() -> None:
    assert decide(2, status=503, error=None, retry_after=None, **POLICY).retry
    stop = decide(3, status=503, error=None, retry_after=None, **POLICY)
    assert not stop.retry and "4 tries" in stop.reason


def test_decide_honours_retry_after_up_to_cap() -> None:
    d = decide(0, status=429, error=None, retry_after=5.0, **POLICY)
    assert d.retry and d.delay == 5.0
    d = decide(0, status=429, error=None, retry_after=3600.0, **POLICY)
    assert not d.retry and "exceeds cap" in d.reason
    d = decide(0, status=500, error=None, retry_after=3600.0, **POLICY)
    assert d.retry and d.delay == 0.25  # Retry-After only means something on 429/503


def test_decide_does_not_retry_success_or_dead() -> None:
    assert not decide(0, status=200, error=None, retry_after=None, **POLICY).retry
    assert not decide(0, status=404, error=None, retry_after=None, **POLICY).retry
    assert not decide(0, status=None, error=ErrorKind.DNS, retry_after=None, **POLICY).retry


def test_decide_long_retry_after_gives_up_the_host() -> None:
    d = decide(0, status=429, error=None, retry_after=100000.0, **POLICY)
    assert not d.retry and d.give_up_host and "100000s" in d.reason
    assert not decide(0, status=429, error=None, retry_after=5.0, **POLICY).give_up_host
    assert not decide(3, status=503, error=None, retry_after=None, **POLICY).give_up_host


@pytest.mark.parametrize(("timeouts", "retry"), [(1, True), (2, False), (3, False)])
def test_decide_tries_a_timeout_at_most_twice(timeouts: int, retry: bool) -> None:
    d = decide(0, status=None, error=ErrorKind.TIMEOUT, retry_after=None, timeouts=timeouts,
               **POLICY)
    assert d.retry is retry
    # A reset keeps its full retries: it heals at once, a hang costs a whole timeout per try.
    assert decide(2, status=None, error=ErrorKind.RESET, retry_after=None, timeouts=timeouts,
                  **POLICY).retry
