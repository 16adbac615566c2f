"""Whether and when to try a request again: pure functions, the engine only sleeps.

Retried: timeouts, connection resets, 5xx, 408 and 429 (lychee's ``retry.rs`` set). Not retried:
DNS failures, refused connections, TLS errors, other 4xx: they do not heal in seconds.
A timeout is tried at most ``TIMEOUT_TRIES`` times in all: a reset heals at once, a server
that let a whole timeout pass without answering rarely answers the next one, and each try
costs the full timeout. A ``Retry-After`` above the cap ends the retries *and* the host's
turn in this run (``RetryDecision.give_up_host``): it asked us to go away.
"""

from __future__ import annotations

from dataclasses import dataclass

from citewatch.check.classify import ErrorKind
from citewatch.http.retry import TRANSIENT_STATUSES, parse_retry_after
from citewatch.http.retry import backoff as backoff_delay

__all__ = ["RetryDecision", "backoff_delay", "decide", "is_retryable", "parse_retry_after"]

RETRY_STATUSES = TRANSIENT_STATUSES
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
