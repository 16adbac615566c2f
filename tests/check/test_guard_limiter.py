"""--no-private address rules and the limiter's pacing, without HTTP."""

from __future__ import annotations

import asyncio

import pytest

from citewatch.check.guard import Guard, refused_address
from citewatch.check.limiter import Limiter


@pytest.mark.parametrize(
    ("ip", "why"),
    [("127.0.0.1", "loopback"), ("127.0.0.53", "loopback"), ("::1", "loopback"),
     ("10.1.2.3", "private"), ("192.168.0.1", "private"), ("172.16.5.4", "private"),
     ("169.254.169.254", "link-local"), ("fe80::1", "link-local"), ("0.0.0.0", "unspecified"),
     ("::ffff:127.0.0.1", "loopback"), ("100.64.0.1", "not globally routable")],
)
def test_refused_addresses(ip: str, why: str) -> None:
    reason = refused_address(ip)
    assert reason == why


@pytest.mark.parametrize("ip", ["93.184.215.14", "2606:4700::1111", "8.8.8.8"])
def test_public_addresses_pass(ip: str) -> None:
    assert refused_address(ip) is None


def test_guard_resolves_names() -> None:
    async def main() -> tuple[str | None, str | None, str | None]:
        guard = Guard()
        return (await guard.refuse("localhost"), await guard.refuse("127.0.0.9"),
                await guard.refuse("nothing.invalid"))

    local, literal, unresolvable = asyncio.run(main())
    assert local is not None and "loopback" in local
    assert literal is not None and "loopback" in literal
    assert unresolvable is None  # left to the request, which reports the DNS failure


def test_limiter_per_host_and_global() -> None:
    async def main() -> tuple[int, int]:
        limiter = Limiter(global_limit=3, per_host=2)
        per_host: dict[str, int] = {}
        peak_host = peak_all = 0
        total = 0

        async def req(host: str) -> None:
            nonlocal peak_host, peak_all, total
            async with limiter.slot(host):
                per_host[host] = per_host.get(host, 0) + 1
                total += 1
                peak_host = max(peak_host, per_host[host])
                peak_all = max(peak_all, total)
                await asyncio.sleep(0.01)
                per_host[host] -= 1
                total -= 1

        await asyncio.gather(*(req(h) for h in "aaaaabbbbbccccc"))
        return peak_host, peak_all

    assert asyncio.run(main()) == (2, 3)


def test_limiter_slows_a_throttling_host_as_a_whole() -> None:
    async def main() -> tuple[float, float, float, float]:
        limiter = Limiter(global_limit=10, per_host=4)
        loop = asyncio.get_running_loop()
        starts: list[float] = []
        t0 = loop.time()

        async def req(host: str) -> None:
            async with limiter.slot(host):
                starts.append(loop.time() - t0)

        limiter.throttled("slow", retry_after=0.2)
        await req("fast")
        fast = starts.pop()
        await asyncio.gather(req("slow"), req("slow"))
        first_pause, one_429_gap = min(starts), max(starts) - min(starts)
        starts.clear()
        limiter.throttled("slow", retry_after=0.0)
        limiter.throttled("slow", retry_after=0.0)  # keeps answering 429: spaced out
        await asyncio.gather(req("slow"), req("slow"))
        return fast, first_pause, one_429_gap, max(starts) - min(starts)

    fast, first_pause, one_429_gap, streak_gap = asyncio.run(main())
    assert fast < 0.05
    assert first_pause >= 0.19  # Retry-After pushed the whole host back, not just one URL
    assert one_429_gap < 0.05  # one 429 pauses, it does not space requests
    assert streak_gap >= 0.45  # a 429 streak spaces the host's requests


def test_limiter_relieves_penalty() -> None:
    async def main() -> list[float]:
        limiter = Limiter(global_limit=1, per_host=1)
        out = []
        for _ in range(3):
            limiter.throttled("h", None)
            out.append(limiter.penalty("h"))
        for _ in range(5):
            limiter.relieved("h")
        out.append(limiter.penalty("h"))
        return out

    assert asyncio.run(main()) == [0.0, 0.5, 1.0, 0.0]


def test_urgent_request_goes_before_the_host_queue_and_cancels_cleanly() -> None:
    async def main() -> tuple[list[str], int]:
        limiter = Limiter(10, 1)
        order: list[str] = []

        async def request(name: str, urgent: bool = False, hold: float = 0.01) -> None:
            async with limiter.slot("h", urgent):
                order.append(name)
                await asyncio.sleep(hold)

        first = asyncio.create_task(request("page0", hold=0.05))
        await asyncio.sleep(0)
        pages = [asyncio.create_task(request(f"page{i}")) for i in range(1, 5)]
        doomed = asyncio.create_task(request("cancelled"))
        await asyncio.sleep(0.01)
        probe = asyncio.create_task(request("probe", urgent=True))
        doomed.cancel()
        await asyncio.gather(first, probe, *pages, doomed, return_exceptions=True)
        # The slot count survived the cancellation: one holder at a time, then free again.
        async with asyncio.timeout(1):
            async with limiter.slot("h"):
                pass
        return order, len(order)

    order, n = asyncio.run(main())
    assert order[:2] == ["page0", "probe"] and n == 6 and "cancelled" not in order


def test_429s_to_requests_already_in_flight_are_one_episode() -> None:
    """Two requests in flight both answered 429: the host pauses, but that is no streak (the
    second had no chance to slow down); a 429 to a request sent after the first counted one
    is, and spaces the host's requests."""
    async def main() -> tuple[float, float]:
        limiter = Limiter(global_limit=10, per_host=2)
        loop = asyncio.get_running_loop()
        sent = loop.time()
        await asyncio.sleep(0.01)
        limiter.throttled("h", retry_after=0.0, sent_at=sent)
        limiter.throttled("h", retry_after=0.0, sent_at=sent)  # in flight with the first
        same_episode = limiter.penalty("h")
        limiter.throttled("h", retry_after=0.0, sent_at=loop.time())  # sent after it: again
        return same_episode, limiter.penalty("h")

    assert asyncio.run(main()) == (0.0, 0.5)


def test_global_slots_go_to_the_host_with_the_most_work_left() -> None:
    """Longest-first: once the global slots are taken, a freed one goes to the waiting host
    with the most URLs left, not to the first to ask; a cancelled waiter passes its turn."""
    async def main() -> list[str]:
        left = {"small": 1.0, "big": 9.0, "mid": 4.0, "gone": 20.0}
        limiter = Limiter(global_limit=1, per_host=4, work=lambda h: left.get(h, 0.0))
        order: list[str] = []
        release = asyncio.Event()

        async def req(host: str) -> None:
            async with limiter.slot(host):
                order.append(host)
                if host == "first":
                    await release.wait()

        first = asyncio.create_task(req("first"))
        await asyncio.sleep(0.01)
        waiting = {h: asyncio.create_task(req(h)) for h in ("small", "gone", "big", "mid")}
        await asyncio.sleep(0.01)
        waiting["gone"].cancel()
        release.set()
        await asyncio.gather(first, *(t for h, t in waiting.items() if h != "gone"))
        return order

    assert asyncio.run(main()) == ["first", "big", "mid", "small"]
