"""bench/check only: the checker's previous transport, kept for the transport table.

An ``httpx.AsyncBaseTransport`` on httpcore's public API: one small pool per origin.

Each origin gets an ``httpcore.AsyncConnectionPool(network_backend=…)`` on the run's
``LoopBackend``; requests and responses are translated the way httpx's own
``AsyncHTTPTransport`` does (``httpx/_transports/default.py``): httpcore exceptions become
the most specific httpx exception, chained to the original, and bodies are streamed (the
mapping, the limits and the body are the current transport's own, imported, so the table
compares the pools and not copies of the rest).

Why one pool per origin: httpcore scans its whole connection list for every pool event
(quadratically when many connections are idle), which made a 10,000-URL run CPU-bound in
the pool rather than on the network. A pool per origin keeps each scan to a couple of
connections. At most ``max_origins`` pools are kept; the least recently used idle pool is
closed when a new origin needs one, so open sockets stay bounded.
"""

from __future__ import annotations

import ssl
from collections import OrderedDict
from collections.abc import AsyncIterable

import httpcore
import httpx

from citewatch.http.backend import LoopBackend
from citewatch.http.transport import PoolLimits, StreamedBody, mapped_errors


class _Pool:
    """One origin's httpcore pool and how many of its responses are still open."""

    def __init__(self, pool: httpcore.AsyncConnectionPool) -> None:
        self.pool = pool
        self.active = 0


class OriginPools(httpx.AsyncBaseTransport):
    """The run's transport: a pool per origin on ``backend``, at most ``max_origins`` kept."""

    def __init__(
        self,
        backend: LoopBackend,
        ssl_context: ssl.SSLContext,
        *,
        http2: bool,
        limits: PoolLimits,
        max_origins: int,
    ) -> None:
        self.backend = backend
        self._ssl = ssl_context
        self._http2 = http2
        self._limits = limits
        self._max = max(1, max_origins)
        self._pools: OrderedDict[tuple[bytes, bytes, int | None], _Pool] = OrderedDict()

    def _new_pool(self) -> _Pool:
        return _Pool(httpcore.AsyncConnectionPool(
            ssl_context=self._ssl,
            max_connections=self._limits.connections,
            max_keepalive_connections=self._limits.connections,
            keepalive_expiry=self._limits.keepalive_expiry,
            http1=True,
            http2=self._http2,
            network_backend=self.backend,
        ))

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        key = (url.raw_scheme, url.raw_host, url.port)
        pool = self._pools.get(key)
        if pool is None:
            pool = self._pools[key] = self._new_pool()
            await self._trim()
        self._pools.move_to_end(key)
        assert isinstance(request.stream, httpx.AsyncByteStream)
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(scheme=url.raw_scheme, host=url.raw_host, port=url.port,
                             target=url.raw_path),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        pool.active += 1
        try:
            with mapped_errors():
                response = await pool.pool.handle_async_request(core_request)
        except BaseException:
            pool.active -= 1
            raise
        assert isinstance(response.stream, AsyncIterable)
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=StreamedBody(response.stream, lambda: _closed(pool)),
            extensions=response.extensions,
        )

    async def _trim(self) -> None:
        for key in list(self._pools):
            if len(self._pools) <= self._max:
                return
            pool = self._pools[key]
            if pool.active == 0:
                del self._pools[key]
                await pool.pool.aclose()

    async def release(self, host: str) -> None:
        """The run has no more URLs for ``host``: close its idle pools now."""
        raw = host.encode("ascii", "ignore")
        for key in [k for k, p in self._pools.items() if k[1] == raw and p.active == 0]:
            pool = self._pools.pop(key)
            await pool.pool.aclose()

    def __len__(self) -> int:
        return len(self._pools)

    async def aclose(self) -> None:
        pools = list(self._pools.values())
        self._pools.clear()
        for pool in pools:
            await pool.pool.aclose()


def _closed(pool: _Pool) -> None:
    pool.active -= 1
