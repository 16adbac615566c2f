"""How fast bench/check's web can be checked at all: its plan replayed in simulated time.

The bound that bench/check divides by counts every ``Retry-After`` pause as if it could start
at time 0. No client can do that: a host says 429 only when the URL it refuses is asked, and
nothing in a URL tells which one that is. This replays the same plan (bench/_check_web.py:
the same URLs, hosts, kinds and limits) with no CPU cost, no start and no exit, in two ways:

- **clairvoyant**: each host's refused URLs are asked first and the global slots go to the
  hosts with the most work left, pauses included: the bound's assumption, as a schedule;
- **online**: what a client can know: a pause is learnt from the 429 that announces it, the
  whole host waits it out (citewatch's politeness, ``check/limiter.py``), and the global
  slots go to the hosts with the most URLs left (longest first, as the limiter does).

The online figure is the floor for any polite client that learns pauses as they come; the
CLI's wall time adds its start, its CPU (on a shared machine) and its exit to it.
"""

from __future__ import annotations

import heapq
from collections import deque
from dataclasses import dataclass, field

RETRY = "retry"
"""The second ask of a refused URL, after its host's pause."""
HOP = "hop"
"""The redirect target of a ``perm`` or ``temp`` URL, on the same host."""
PROBE = "probe"
"""The host's soft-404 probe, asked before its pages."""


@dataclass
class _Host:
    name: str
    queue: deque[str]
    urls_left: int = 0
    pauses_left: int = 0
    in_flight: int = 0
    paused_until: float = 0.0


@dataclass(order=True)
class _Answer:
    at: float
    seq: int
    host: _Host = field(compare=False)
    kind: str = field(compare=False)


def simulate(plan: list[tuple[str, str]], *, global_limit: int, per_host: int,
             latency: float, slow: float, pause: float = 1.0,
             clairvoyant: bool = False) -> float:
    """Seconds from the first request to the last answer for ``plan`` (``(url, kind)`` as
    bench/_check_web.plan gives it) under the limits, in simulated time."""
    hosts: dict[str, _Host] = {}
    for url, kind in plan:
        name = url.split("/")[2]
        host = hosts.setdefault(name, _Host(name, deque([PROBE])))
        host.queue.append(kind)
        host.urls_left += 1
        host.pauses_left += kind == "limited"
    if clairvoyant:  # the refused URLs first, right after the probe
        for host in hosts.values():
            rest = sorted(list(host.queue)[1:], key=lambda k: k != "limited")
            host.queue = deque([PROBE, *rest])
    order = {name: i for i, name in enumerate(hosts)}

    def rank(host: _Host) -> tuple[float, int]:
        """Lower first: the most work left (pauses too when they are known in advance)."""
        work = host.urls_left * latency / per_host
        if clairvoyant:
            work += host.pauses_left * pause
        return -work, order[host.name]

    now, seq, free = 0.0, 0, global_limit
    answers: list[_Answer] = []
    wakeups: list[float] = []
    busy = list(hosts.values())
    """Hosts with something left to ask or an answer to wait for."""

    def dispatch() -> None:
        nonlocal seq, free
        while free:
            can = [h for h in busy if h.queue and h.in_flight < per_host
                   and h.paused_until <= now]
            if not can:
                return
            host = min(can, key=rank)
            kind = host.queue.popleft()
            free -= 1
            host.in_flight += 1
            seq += 1
            took = slow if kind == "slow" else latency
            heapq.heappush(answers, _Answer(now + took, seq, host, kind))

    dispatch()
    while answers or wakeups:
        if wakeups and (not answers or wakeups[0] <= answers[0].at):
            now = heapq.heappop(wakeups)
            dispatch()
            continue
        answer = heapq.heappop(answers)
        now, host = answer.at, answer.host
        host.in_flight -= 1
        free += 1
        if answer.kind == "limited":  # 429: the host waits, then this URL is asked again
            host.pauses_left -= 1
            host.paused_until = max(host.paused_until, now + pause)
            host.queue.appendleft(RETRY)
            heapq.heappush(wakeups, host.paused_until)
        elif answer.kind in ("perm", "temp"):
            host.queue.appendleft(HOP)
        elif answer.kind != PROBE:
            host.urls_left -= 1
        if not host.queue and host.in_flight == 0:
            busy.remove(host)
        dispatch()
    return now
