"""A name lookup that outlives its timeout is not reported as an unretrieved exception."""

from __future__ import annotations

import asyncio
import gc
import socket
from typing import Any

import pytest

from citewatch.http.backend import _resolve


def test_late_lookup_failure_is_consumed() -> None:
    seen: list[dict[str, Any]] = []

    async def slow_failure(*args: Any, **kwargs: Any) -> Any:
        await asyncio.sleep(0.2)
        raise socket.gaierror(-2, "Name or service not known")

    async def main() -> None:
        loop = asyncio.get_running_loop()
        loop.set_exception_handler(lambda _loop, context: seen.append(context))
        loop.getaddrinfo = slow_failure  # type: ignore[method-assign]
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(_resolve(loop, "slow.invalid", 443), 0.05)
        await asyncio.sleep(0.3)
        gc.collect()
        await asyncio.sleep(0)

    asyncio.run(main())
    gc.collect()
    assert not [c for c in seen if "never retrieved" in str(c.get("message", ""))]
