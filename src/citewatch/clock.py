"""The one place citewatch reads the calendar time ("today", "when checked").

Waiting (Retry-After, rate limits, timeouts) uses the real clock: it measures time passing.

``CITEWATCH_NOW`` (an ISO 8601 time, e.g. ``2026-03-02T06:00:00Z``) makes every stage
that asks :func:`now` see that time instead. It exists so that a scheduled CI run can be
simulated locally over several days (the history's "3 runs over 3 days" policy needs
days to pass); it is a test hook, not a setting, and is not read from config files.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

from citewatch.errors import ConfigError

NOW_VARIABLE = "CITEWATCH_NOW"


def now() -> datetime:
    """The current UTC time, or ``CITEWATCH_NOW`` when set."""
    fixed = os.environ.get(NOW_VARIABLE, "").strip()
    if not fixed:
        return datetime.now(UTC)
    try:
        t = datetime.fromisoformat(fixed)
    except ValueError:
        raise ConfigError(
            f"environment variable {NOW_VARIABLE}: expected an ISO 8601 time, got {fixed!r}"
        ) from None
    return t.replace(tzinfo=UTC) if t.tzinfo is None else t.astimezone(UTC)
