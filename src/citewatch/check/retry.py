"""Whether and when to try a request again: pure functions, the engine only sleeps.

Retried: timeouts, connection resets, 5xx, 408 and 429 (lychee's ``retry.rs`` set). Not retried:
DNS failures, refused connections, TLS errors, other 4xx: they do not heal in seconds.
A timeout is tried at most ``TIMEOUT_TRIES`` times in all: a reset heals at once, a server
that let a whole timeout pass without answering rarely answers the next one, and each try
costs the full timeout. A ``Retry-After`` above the cap ends the retries *and* the host's
turn in this run (``RetryDecision.give_up_host``): it asked us to go away.
"""

from __future__ import annotations

import email.utils
from dataclasses import dataclass
from datetime import UTC, datetime

from citewatch.check.classify import ErrorKind

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
RETRY_ERRORS = frozenset({ErrorKind.TIMEOUT, ErrorKind.RESET})
TIMEOUT_TRIES = 2
"""Tries of one URL that may end in a timeout before it is given up (HEAD and GET count)."""


@dataclass(frozen=True)
class RetryDecision:
    """What to do after one try."""

    retry: bool
    delay: float = 0.0
    """Seconds to wait before the next try."""
    reason: str = ""
    """Why we stop or wait, for the evidence."""
    give_up_host: bool = False
    """The host asked for a pause longer than the cap: ask it nothing more this run."""


def is_retryable(status: int | None, error: ErrorKind | None) -> bool:
    """A transient failure: worth another try."""
    if error is not None:
        return error in RETRY_ERRORS
    return status is not None and (status in RETRY_STATUSES or 500 <= status < 600)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds asked by a ``Retry-After`` header (delta-seconds or HTTP date); None if absent/bad."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    return max(0.0, (when - now).total_seconds())


def backoff_delay(attempt: int, base: float, cap: float, jitter: float) -> float:
    """Exponential backoff for retry number ``attempt`` (0-based) with "equal jitter".

    ``jitter`` in [0, 1) comes from the caller so the function stays pure; half the delay is
    fixed so retries never collapse to zero, half is random so clients do not stampede.
    """
    full: float = min(cap, base * 2.0**attempt)
    return float(full / 2 + full / 2 * jitter)


def decide(
    attempt: int,
    *,
    status: int | None,
    error: ErrorKind | None,
    retry_after: float | None,
    max_retries: int,
    base: float,
    cap: float,
    retry_after_cap: float,
    jitter: float,
    timeouts: int = 0,
) -> RetryDecision:
    """After try number ``attempt`` (0-based) answered ``status``/``error``: retry, and when.

    ``timeouts`` counts the tries of this URL that timed out so far, this one included.
    """
    if not is_retryable(status, error):
        return RetryDecision(False)
    if retry_after is not None and status in (429, 503) and retry_after > retry_after_cap:
        return RetryDecision(
            False,
            reason=f"Retry-After {retry_after:.0f}s exceeds cap {retry_after_cap:.0f}s: "
            "host not asked again this run",
            give_up_host=True,
        )
    if error is ErrorKind.TIMEOUT and timeouts >= TIMEOUT_TRIES:
        return RetryDecision(False, reason=f"gave up after {timeouts} tries that timed out")
    if attempt >= max_retries:
        return RetryDecision(False, reason=f"gave up after {attempt + 1} tries")
    delay = backoff_delay(attempt, base, cap, jitter)
    if retry_after is not None and status in (429, 503):
        delay = max(delay, retry_after)
    return RetryDecision(True, delay, reason=f"retry {attempt + 1} in {delay:.2f}s")
