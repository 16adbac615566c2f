"""When a failing link counts as broken: pure functions of the observed history.

One failed check proves little: servers go down for an afternoon, a laptop loses its
Wi-Fi, a site rate-limits a burst. Like InternetArchiveBot, citewatch calls a link
*broken* only after it failed in ``runs`` consecutive runs spanning at least ``days``
(default: 3 runs over 3 days). ``strict`` restores the naive rule (broken on the first
failure) for people who want it. ``blocked`` is never a failure: the server answered,
a human has to look.

The same module decides whether a whole run could reach the network at all
(:func:`looks_offline`), so a machine without network does not report every citation dead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from itertools import pairwise
from urllib.parse import urlsplit

from citewatch.check.model import CheckResult, LinkStatus
from citewatch.lazy import lazy_pattern

Observation = tuple[datetime, LinkStatus]
"""One past check of a URL: when (timezone-aware) and its class."""

_SUCCESS = frozenset({LinkStatus.ALIVE, LinkStatus.REDIRECTED})
_FAILURE = frozenset(s for s in LinkStatus if s.is_failure)
_COUNTED = _SUCCESS | _FAILURE
_IGNORED = frozenset({LinkStatus.EXCLUDED, LinkStatus.UNCHECKED})


class VerdictState(StrEnum):
    """What the history says about a link, in one word."""

    OK = "ok"
    """The latest check succeeded."""
    FAILING = "failing"
    """Failing now, but not yet long enough to be called broken."""
    BROKEN = "broken"
    """Failed in enough consecutive runs over enough time (or once, with ``strict``)."""
    FLAKY = "flaky"
    """Alternates between working and failing in the recent checks."""
    BLOCKED = "blocked"
    """The server refuses robots (401/403/429…): a human has to look."""
    UNKNOWN = "unknown"
    """Never checked (or only excluded, or only from runs that reached no network)."""


@dataclass(frozen=True)
class BrokenPolicy:
    """How much failing makes a link broken."""

    runs: int = 3
    """Consecutive failed runs needed."""
    days: float = 3.0
    """Time the failed runs must span, first to last, in days."""
    strict: bool = False
    """Broken on the first failure (ignores ``runs`` and ``days``)."""
    flaky_window: int = 8
    """How many recent checks (successes and failures only) the flakiness test looks at."""

    def __post_init__(self) -> None:
        if self.runs < 1:
            raise ValueError("runs must be at least 1")
        if self.days < 0:
            raise ValueError("days must not be negative")
        if self.flaky_window < 2:
            raise ValueError("flaky_window must be at least 2")


DEFAULT_POLICY = BrokenPolicy()
"""3 failed runs over 3 days, like InternetArchiveBot."""


@dataclass(frozen=True)
class Verdict:
    """The history's judgement on one URL."""

    state: VerdictState
    broken: bool = False
    failures_in_a_row: int = 0
    """Failures since the last success or blocked answer (0 when the latest check worked)."""
    failing_since: str | None = None
    """ISO time of the first failure of the current run of failures."""
    flaky: bool = False
    first_seen: str | None = None
    """ISO time of the oldest check considered."""
    last_ok: str | None = None
    """ISO time of the latest success."""
    checks: int = 0
    """Checks considered (excluded ones not counted)."""


def _iso(t: datetime) -> str:
    return t.isoformat().replace("+00:00", "Z")


def decide(history: Sequence[Observation], policy: BrokenPolicy = DEFAULT_POLICY) -> Verdict:
    """Judge a URL from its checks, oldest first (one per run).

    A success resets the count of failures; ``blocked`` also ends it (the server answered,
    so the link is not shown dead) without counting as a success for flakiness.
    A link is *flaky* when, among its last ``flaky_window`` successes and failures, the
    outcome changed at least twice and failed at least twice (``ok, dead, ok, dead``); a
    single blip (``ok, dead, ok``) is not flaky. Broken wins over flaky.
    """
    obs = [(t, s) for t, s in history if s not in _IGNORED]
    if not obs:
        return Verdict(state=VerdictState.UNKNOWN)

    streak: list[datetime] = []
    for t, s in reversed(obs):
        if s not in _FAILURE:
            break
        streak.append(t)
    streak.reverse()
    in_a_row = len(streak)

    if in_a_row == 0:
        broken = False
    elif policy.strict:
        broken = True
    else:
        span = streak[-1] - streak[0]
        broken = in_a_row >= policy.runs and span >= timedelta(days=policy.days)

    recent = [s in _FAILURE for _, s in obs if s in _COUNTED]
    recent = recent[-policy.flaky_window:]
    flips = sum(1 for a, b in pairwise(recent) if a != b)
    flaky = flips >= 2 and sum(recent) >= 2

    last_ok = next((t for t, s in reversed(obs) if s in _SUCCESS), None)
    if broken:
        state = VerdictState.BROKEN
    elif flaky:
        state = VerdictState.FLAKY
    elif in_a_row:
        state = VerdictState.FAILING
    elif obs[-1][1] is LinkStatus.BLOCKED:
        state = VerdictState.BLOCKED
    else:
        state = VerdictState.OK
    return Verdict(
        state=state,
        broken=broken,
        failures_in_a_row=in_a_row,
        failing_since=_iso(streak[0]) if streak else None,
        flaky=flaky,
        first_seen=_iso(obs[0][0]),
        last_ok=_iso(last_ok) if last_ok is not None else None,
        checks=len(obs),
    )


_NETWORK_ERROR = lazy_pattern(
    r"ConnectError|ConnectTimeout|ConnectionRefused|Connection refused|NameResolution"
    r"|Name or service not known|nodename nor servname|Temporary failure in name resolution"
    r"|getaddrinfo|No address associated|does not resolve|Network is unreachable|No route to host"
    r"|\bDNS\b|gaierror|Errno -[23]\b|Errno 11001",
    re.IGNORECASE,
)


def is_network_failure(result: CheckResult) -> bool:
    """True when a check failed before any server answered: name resolution or
    connection setup. Such a failure says more about this machine than about the link."""
    if result.http_status is not None or not result.status.is_failure:
        return False
    return bool(result.error and _NETWORK_ERROR.search(result.error))


def looks_offline(
    results: Iterable[CheckResult], *, min_hosts: int = 5, share: float = 0.9
) -> bool:
    """True when a run evidently reached no network at all.

    That is: no check got any HTTP answer, at least ``min_hosts`` distinct hosts were
    tried, and on at least ``share`` of them every check failed at the name-resolution or
    connection stage. Results reused from the history and excluded URLs say nothing about
    this run and are ignored. With fewer hosts it cannot tell, and answers False.
    """
    host_failed: dict[str, bool] = {}
    for r in results:
        if r.from_cache or r.status in (LinkStatus.EXCLUDED, LinkStatus.UNCHECKED):
            continue
        if r.http_status is not None:
            return False
        try:
            host = (urlsplit(r.url).hostname or r.url).lower()
        except ValueError:
            host = r.url
        host_failed[host] = host_failed.get(host, True) and is_network_failure(r)
    if len(host_failed) < min_hosts:
        return False
    return sum(host_failed.values()) >= share * len(host_failed)
