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
    async def main() -> tuple[float, float, float]:
        limiter = Limiter(global_limit=10, per_host=4)
        loop = asyncio.get_running_loop()
        limiter.throttled("slow", retry_after=0.2)
        starts: list[float] = []
        t0 = loop.time()

        async def req(host: str) -> None:
            async with limiter.slot(host):
                starts.append(loop.time() - t0)

        await asyncio.gather(req("fast"))
        fast = starts.pop()
        await asyncio.gather(req("slow"), req("slow"))
        return fast, min(starts), max(starts) - min(starts)

    fast, first_slow, gap = asyncio.run(main())
    assert fast < 0.05
    assert first_slow >= 0.19  # Retry-After pushed the whole host back
    assert gap >= 0.19  # and the penalty spaces its requests


def test_limiter_relieves_penalty() -> None:
    async def main() -> list[float]:
        limiter = Limiter(global_limit=1, per_host=1)
        limiter.throttled("h", None)
        out = [limiter.penalty("h")]
        limiter.throttled("h", None)
        out.append(limiter.penalty("h"))
        for _ in range(5):
            limiter.relieved("h")
        out.append(limiter.penalty("h"))
        return out

    first, second, relieved = asyncio.run(main())
    assert first == 0.5 and second == 1.0 and relieved == 0.0
