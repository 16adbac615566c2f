"""How many requests may be in flight: globally, per host, and how often one host is asked.

A request first takes its host's slot (and waits out the host's pacing), and only then a global
slot, so URLs queued behind a busy or slowed host never hold global capacity. A host that
answers 429 is slowed as a whole: its pacing interval grows and its next start is pushed past
``Retry-After``; calm answers shrink the penalty again.
"""

from __future__ import annotations

import asyncio
import heapq
from collections.abc import Callable
from dataclasses import dataclass, field

MAX_PENALTY = 60.0
"""Longest interval forced between two requests to a throttling host."""
MIN_PENALTY = 0.5


@dataclass
class _HostState:
    """Mutable pacing of one host, owned by one ``Limiter`` (one run)."""

    slots: _RankedSlots
    next_start: float = 0.0
    """Loop time before which no new request to the host may start."""
    penalty: float = 0.0
    """Extra interval between requests after 429 answers."""
    throttled: int = field(default=0)
    """429 answers from this host since its last calm answer (one per episode, below)."""
    throttled_at: float = float("-inf")
    """Loop time of the last 429 that counted."""


class _RankedSlots:
    """Request slots handed to waiters by rank (lowest first), then in arrival order.

    Two uses. A host's slots: rank 0 for its soft-404 probe, 1 for its pages — every page
    of the host that answered 2xx waits for the probe, so behind the host's queue it would
    hold all their results back to the end (and past a deadline). The global slots: the
    host's remaining work as rank (more work → lower rank). Why not first come, first
    served there: hosts take turns for the global slots, so each host's share trickles
    through until the run's end, and a host paused by ``Retry-After`` late in the run adds
    its pauses after everyone else finished; longest first lets the hosts that decide when
    the run can end go first.
    """

    __slots__ = ("_arrivals", "_free", "_waiters")

    def __init__(self, n: int) -> None:
        self._free = n
        self._waiters: list[tuple[float, int, asyncio.Future[None]]] = []
        self._arrivals = 0

    async def acquire(self, rank: float) -> None:
        if self._free > 0 and not self._waiters:
            self._free -= 1
            return
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._arrivals += 1
        heapq.heappush(self._waiters, (rank, self._arrivals, fut))
        try:
            await fut
        except asyncio.CancelledError:
            if fut.done() and not fut.cancelled():
                self.release()  # handed a slot just as we were cancelled: pass it on
            else:
                fut.cancel()  # stays in the heap; ``release`` skips it
            raise

    def release(self) -> None:
        while self._waiters:
            fut = heapq.heappop(self._waiters)[2]
            if not fut.done():
                fut.set_result(None)
                return
        self._free += 1


class _Slot:
    """One request's place: the host's slot (and pacing), then a global one.

    A class rather than an ``asynccontextmanager``: it is entered once per request, and the
    generator machinery cost more than the limiting itself.
    """

    __slots__ = ("_host", "_host_held", "_limiter", "_state", "_urgent")

    def __init__(self, limiter: Limiter, host: str, state: _HostState, urgent: bool) -> None:
        self._limiter = limiter
        self._host = host
        self._state = state
        self._host_held = False
        self._urgent = urgent

    async def __aenter__(self) -> None:
        state, limiter = self._state, self._limiter
        await state.slots.acquire(0 if self._urgent else 1)
        self._host_held = True
        try:
            now = asyncio.get_running_loop().time()
            start = max(now, state.next_start)
            state.next_start = start + max(limiter._min_interval, state.penalty)
            if start > now:
                await asyncio.sleep(start - now)
            await limiter._global.acquire(-limiter._work(self._host))
        except BaseException:
            self._host_held = False
            state.slots.release()
            raise

    async def __aexit__(self, *exc: object) -> None:
        self._limiter._global.release()
        if self._host_held:
            self._host_held = False
            self._state.slots.release()


class Limiter:
    """Global + per-host concurrency, minimum interval per host, slowdown on 429."""

    def __init__(
        self,
        global_limit: int,
        per_host: int,
        min_interval: float = 0.0,
        host_limit: Callable[[str], int] | None = None,
        work: Callable[[str], float] | None = None,
    ) -> None:
        """``host_limit`` overrides ``per_host`` for some hosts (a worker process gives hosts
        it does not own a share, so all processes together stay within ``per_host``);
        ``work`` tells how much is still to do for a host: the global slots go to the hosts
        with the most first (``_RankedSlots``)."""
        if global_limit < 1 or per_host < 1:
            raise ValueError("concurrency limits must be at least 1")
        self._global = _RankedSlots(global_limit)
        self._work = work or (lambda host: 0.0)
        self._per_host = per_host
        self._host_limit = host_limit
        self._min_interval = min_interval
        self._hosts: dict[str, _HostState] = {}

    def _state(self, host: str) -> _HostState:
        state = self._hosts.get(host)
        if state is None:
            limit = self._per_host if self._host_limit is None else self._host_limit(host)
            state = self._hosts[host] = _HostState(_RankedSlots(max(1, limit)))
        return state

    def slot(self, host: str, urgent: bool = False) -> _Slot:
        """Hold one request's place for ``host`` for the body of the ``async with``;
        ``urgent`` goes before the requests already waiting for the host."""
        return _Slot(self, host, self._state(host), urgent)

    def throttled(self, host: str, retry_after: float | None, sent_at: float | None = None
                  ) -> None:
        """The host answered 429: pause every request to it, not just this URL's retry.

        One 429 pauses the host for its ``Retry-After`` (or ``MIN_PENALTY``); a host that
        keeps answering 429 (again before any calm answer) also gets a growing interval
        between requests. "Again" means to a request sent after the last counted 429
        arrived (``sent_at``, loop time): requests already in flight when the host first
        said 429 had no chance to slow down, so their 429s belong to the same episode.
        """
        state = self._state(host)
        now = asyncio.get_running_loop().time()
        if sent_at is None or sent_at >= state.throttled_at:
            state.throttled += 1
            state.throttled_at = now
            if state.throttled > 1:
                state.penalty = min(MAX_PENALTY, max(MIN_PENALTY, state.penalty * 2))
        pause = retry_after if retry_after is not None else max(MIN_PENALTY, state.penalty)
        state.next_start = max(state.next_start, now + min(pause, MAX_PENALTY))

    def relieved(self, host: str) -> None:
        """The host answered without throttling: forget the streak, halve the penalty."""
        state = self._hosts.get(host)
        if state is not None:
            state.throttled = 0
            if state.penalty:
                state.penalty = state.penalty / 2 if state.penalty > MIN_PENALTY / 4 else 0.0

    def penalty(self, host: str) -> float:
        """Current extra interval for ``host`` (for tests and progress)."""
        state = self._hosts.get(host)
        return state.penalty if state else 0.0
