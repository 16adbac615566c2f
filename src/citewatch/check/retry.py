"""Whether and when to try a request again: pure functions, the engine only sleeps.

Retried: timeouts, connection resets, 5xx, 408 and 429 (lychee's ``retry.rs`` set). Not retried:
DNS failures, refused connections, TLS errors, other 4xx: they do not heal in seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

from citewatch.check.classify import ErrorKind
from citewatch.http.retry import TRANSIENT_STATUSES, parse_retry_after
from citewatch.http.retry import backoff as backoff_delay

__all__ = ["RetryDecision", "backoff_delay", "decide", "is_retryable", "parse_retry_after"]

RETRY_STATUSES = TRANSIENT_STATUSES
RETRY_ERRORS = frozenset({ErrorKind.TIMEOUT, ErrorKind.RESET})


@dataclass(frozen=True)
class RetryDecision:
    """What to do after one try."""

    retry: bool
    delay: float = 0.0
    """Seconds to wait before the next try."""
    reason: str = ""
    """Why we stop or wait, for the evidence."""


def is_retryable(status: int | None, error: ErrorKind | None) -> bool:
    """A transient failure: worth another try."""
    if error is not None:
        return error in RETRY_ERRORS
    return status is not None and (status in RETRY_STATUSES or 500 <= status < 600)


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
) -> RetryDecision:
    """After try number ``attempt`` (0-based) answered ``status``/``error``: retry, and when."""
    if not is_retryable(status, error):
        return RetryDecision(False)
    if attempt >= max_retries:
        return RetryDecision(False, reason=f"gave up after {attempt + 1} tries")
    delay = backoff_delay(attempt, base, cap, jitter)
    if retry_after is not None and status in (429, 503):
        if retry_after > retry_after_cap:
            return RetryDecision(
                False, reason=f"Retry-After {retry_after:.0f}s exceeds cap {retry_after_cap:.0f}s"
            )
        delay = max(delay, retry_after)
    return RetryDecision(True, delay, reason=f"retry {attempt + 1} in {delay:.2f}s")
