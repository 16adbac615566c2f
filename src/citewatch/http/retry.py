"""When to ask again: the one ``Retry-After`` parser and the one exponential backoff.

``Retry-After`` is delta-seconds or an HTTP date (RFC 9110 §10.2.3). An HTTP date is always
UTC, but ``email.utils.parsedate_to_datetime`` returns a *naive* datetime for a ``-0000``
zone, which ``.timestamp()`` would read as local time (a 60 s wait became 18,059 s in a UTC−5
zone): here every date is made aware in UTC before subtracting.
"""

from __future__ import annotations

import email.utils
from datetime import UTC, datetime

TRANSIENT_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
"""Answers that may heal within seconds (lychee's ``retry.rs`` set); any other 5xx too."""


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds asked by a ``Retry-After`` header (delta-seconds or HTTP date), never negative;
    None when absent or unreadable."""
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


def backoff(attempt: int, base: float, cap: float, jitter: float = 1.0) -> float:
    """Delay before retry number ``attempt`` (0-based): ``base`` doubling up to ``cap``, with
    "equal jitter".

    ``jitter`` in [0, 1] comes from the caller so the function stays pure; half the delay is
    fixed so retries never collapse to zero, half scales with ``jitter`` so clients do not
    stampede. ``jitter=1`` gives the plain doubling (the archive's 429 pauses).
    """
    full: float = min(cap, base * 2.0 ** max(0, attempt))
    return float(full / 2 + full / 2 * jitter)
