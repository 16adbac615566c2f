"""Politeness toward the archive: evenly spaced requests and the 429 policy.

The Internet Archive answers 429 when a client asks too fast and blocks an address that
ignores 429s (for an hour, doubling on repeat). So: at most ``rate`` requests a second, a
pause for everyone after a 429 (Retry-After honoured), and after a bounded number of 429s
the archive is given up for the run. Whether and how long to wait is decided by the pure
``backoff_delay`` (on the shared ``citewatch.http.retry``); ``RateLimiter`` only keeps time.
"""

from __future__ import annotations

import asyncio
import time

from citewatch.http.retry import backoff, parse_retry_after


def backoff_delay(
    n_429: int, retry_after: str | None, *, base: float, cap: float, max_429: int
) -> float | None:
    """How long to pause after the ``n_429``-th 429 of the run; None means give the archive
    up (too many 429s, or it asks for a longer wait than ``cap``)."""
    if n_429 >= max_429:
        return None
    asked = parse_retry_after(retry_after)
    if asked is not None:
        return asked if asked <= cap else None
    return backoff(n_429 - 1, base, cap)


class RateLimiter:
    """Grants at most ``rate`` slots a second, evenly spaced, to coroutines of one loop."""

    def __init__(self, rate: float, *, clock: float | None = None) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.interval = 1.0 / rate
        self._next = time.monotonic() if clock is None else clock
        self._lock = asyncio.Lock()

    async def acquire(self) -> None:
        """Wait for the next free slot."""
        async with self._lock:
            now = time.monotonic()
            while self._next - now > 0:  # re-checked: a 429 may pause us while we sleep
                await asyncio.sleep(self._next - now)
                now = time.monotonic()
            # absorb a little sleep overshoot (else the rate sinks under load), never more
            # than a tenth of the interval (else a late caller could send two at once)
            slot = max(self._next, now - min(0.005, self.interval / 10))
            self._next = slot + self.interval

    def pause(self, seconds: float) -> None:
        """Hold every later slot back by at least ``seconds`` from now (after a 429)."""
        self._next = max(self._next, time.monotonic() + seconds)
