"""An ``httpx.AsyncBaseTransport`` of our own: a small pool per origin.

HTTP/1.1 exchanges go through ``h1.H1Connection`` (llhttp, no locks); an HTTPS origin whose
server picks HTTP/2 by ALPN gets httpcore's public ``AsyncHTTP2Connection`` on the same
stream. Connections come from ``LoopBackend`` (routes, ``--no-private``, timeouts). Errors
are translated the way httpx's own ``AsyncHTTPTransport`` does
(``httpx/_transports/default.py``): httpcore exceptions become the most specific httpx
exception, chained to the original, and bodies are streamed.

Why a pool per origin: a pool that scans its whole connection list for every event (as
httpcore's does) made a 10,000-URL run CPU-bound on the scan; here an origin keeps at most
``PoolLimits.connections`` connections. At most ``max_origins`` origins are kept; the least
recently used idle one is closed when a new origin needs room, so open sockets stay bounded.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections import OrderedDict, deque
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpcore
import httpx

from citewatch.http.backend import LoopBackend
from citewatch.http.h1 import H1Connection
from citewatch.http.proxies import ProxyPlan

_EXCEPTIONS: tuple[tuple[type[Exception], type[httpx.TransportError]], ...] = (
    # most specific first: the first match wins
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.ProxyError, httpx.ProxyError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.ProtocolError, httpx.ProtocolError),
)
"""httpcore's exceptions and httpx's for them (the table of httpx's default transport)."""


def httpx_error(exc: Exception) -> Exception:
    """The httpx exception for an httpcore one; other exceptions unchanged."""
    for source, target in _EXCEPTIONS:
        if isinstance(exc, source):
            return target(str(exc))
    return exc


@contextmanager
def mapped_errors() -> Iterator[None]:
    """httpcore exceptions raised inside become httpx's (``httpx_error``)."""
    try:
        yield
    except Exception as exc:
        mapped = httpx_error(exc)
        if mapped is exc:
            raise
        raise mapped from exc


@dataclass(frozen=True)
class PoolLimits:
    """One origin's pool: connections at once, and how long an idle one is kept."""

    connections: int = 2
    keepalive_expiry: float = 30.0


_Key = tuple[bytes, bytes, int | None]
_DEFAULT_PORTS = {b"http": 80, b"https": 443}


class _Origin:
    """One origin's connections: idle HTTP/1.1 ones, shared HTTP/2 ones, and who waits."""

    def __init__(self, scheme: bytes, host: bytes, port: int | None) -> None:
        self.scheme = scheme
        self.host = host
        self.port = port or _DEFAULT_PORTS.get(scheme, 80)
        self.idle: list[H1Connection] = []
        self.h2: list[httpcore.AsyncHTTP2Connection] = []
        self.open = 0
        """Connections open or being opened (idle, in use, HTTP/2)."""
        self.active = 0
        """Requests in flight, from the wait for a connection to the response's close."""
        self.waiters: deque[asyncio.Future[None]] = deque()

    def wake(self) -> None:
        """A connection was freed or closed: the first waiter tries again."""
        while self.waiters:
            waiter = self.waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return


H2_REFUSED_TRIES = 3
"""Connections one request may try when HTTP/2 servers refuse it unprocessed (GOAWAY)."""


class OriginPools(httpx.AsyncBaseTransport):
    """The run's transport: a pool per origin on ``backend``, at most ``max_origins`` kept."""

    def __init__(
        self,
        backend: LoopBackend,
        ssl_context: Callable[[], ssl.SSLContext],
        *,
        http2: bool,
        limits: PoolLimits,
        max_origins: int,
        proxies: ProxyPlan | None = None,
        through_proxy: Callable[[str], httpx.AsyncBaseTransport] | None = None,
    ) -> None:
        self.backend = backend
        self._proxies = proxies
        self._through_proxy = through_proxy
        self._proxied: dict[str, httpx.AsyncBaseTransport] = {}
        """httpx's transport per proxy URL, made on first use."""
        self._ssl = ssl_context
        """Made on the first https connection: a run of http URLs never loads the CAs."""
        self._http2 = http2
        self._limits = limits
        self._max = max(1, max_origins)
        self._origins: OrderedDict[_Key, _Origin] = OrderedDict()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        if self._proxies is not None and self._through_proxy is not None:
            proxy = self._proxies.proxy_for(url.scheme, url.host)
            if proxy is not None:
                transport = self._proxied.get(proxy)
                if transport is None:
                    transport = self._proxied[proxy] = self._through_proxy(proxy)
                return await transport.handle_async_request(request)
        key = (url.raw_scheme, url.raw_host, url.port)
        origin = self._origins.get(key)
        if origin is None:
            origin = self._origins[key] = _Origin(*key)
            await self._trim()
        self._origins.move_to_end(key)
        timeouts = request.extensions.get("timeout", {})
        origin.active += 1
        try:
            with mapped_errors():
                for _ in range(H2_REFUSED_TRIES):
                    conn = await self._acquire(origin, timeouts)
                    if isinstance(conn, H1Connection):
                        return await self._send_h1(origin, conn, request, timeouts)
                    try:
                        return await self._send_h2(origin, conn, request)
                    except httpcore.ConnectionNotAvailable:
                        # The server's GOAWAY came between ``is_available()`` and this
                        # request and names a last stream below ours: it never processed
                        # the request, so it goes on another connection (httpcore's pool
                        # does the same).
                        continue
                raise httpcore.RemoteProtocolError(
                    f"{H2_REFUSED_TRIES} HTTP/2 connections in a row refused the request "
                    "(GOAWAY)")
        except BaseException:
            origin.active -= 1
            raise

    async def _send_h1(self, origin: _Origin, conn: H1Connection, request: httpx.Request,
                       timeouts: dict[str, float | None]) -> httpx.Response:
        try:
            status, reason, headers = await conn.request(
                request.method.encode("ascii"),
                request.url.raw_path,
                request.headers.raw,
                await _body(request),
                timeouts.get("read"),
                timeouts.get("write"),
            )
        except BaseException:
            await self._drop(origin, conn)
            raise
        return httpx.Response(
            status_code=status,
            headers=headers,
            stream=_H1Body(conn, origin, self),
            extensions={"http_version": b"HTTP/1.1", "reason_phrase": reason,
                        "network_stream": conn.stream},
        )

    async def _send_h2(self, origin: _Origin, conn: httpcore.AsyncHTTP2Connection,
                       request: httpx.Request) -> httpx.Response:
        url = request.url
        assert isinstance(request.stream, httpx.AsyncByteStream)
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(scheme=url.raw_scheme, host=url.raw_host, port=url.port,
                             target=url.raw_path),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        response = await conn.handle_async_request(core_request)
        assert isinstance(response.stream, AsyncIterable)
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=StreamedBody(response.stream, lambda: _closed(origin)),
            extensions=response.extensions,
        )

    async def _acquire(self, origin: _Origin, timeouts: dict[str, float | None]
                       ) -> H1Connection | httpcore.AsyncHTTP2Connection:
        """A connection for one request: a live HTTP/2 one, an idle one, a new one within the
        limit, or the next freed one (``pool`` timeout)."""
        loop = asyncio.get_running_loop()
        deadline = None if timeouts.get("pool") is None else (
            loop.time() + float(timeouts["pool"]))  # type: ignore[arg-type]
        while True:
            for h2 in list(origin.h2):
                if h2.is_available():
                    return h2
                if h2.is_closed() or h2.has_expired():
                    origin.h2.remove(h2)
                    origin.open -= 1
                    await h2.aclose()
            now = time.monotonic()
            while origin.idle:
                conn = origin.idle.pop()
                if not conn.expired(now):
                    return conn
                origin.open -= 1
                await conn.aclose()
            if origin.open < self._limits.connections:
                origin.open += 1
                try:
                    return await self._connect(origin, timeouts.get("connect"))
                except BaseException:
                    origin.open -= 1
                    origin.wake()
                    raise
            waiter: asyncio.Future[None] = loop.create_future()
            origin.waiters.append(waiter)
            try:
                async with asyncio.timeout_at(deadline):
                    await waiter
            except TimeoutError:
                raise httpcore.PoolTimeout("no connection free in time") from None
            finally:
                if not waiter.done():
                    waiter.cancel()  # a wake never lands on a waiter that has left

    async def _connect(self, origin: _Origin, timeout: float | None
                       ) -> H1Connection | httpcore.AsyncHTTP2Connection:
        host = origin.host.decode("ascii")
        stream = await self.backend.connect_tcp(host, origin.port, timeout=timeout)
        if origin.scheme == b"https":
            stream = await stream.start_tls(self._ssl(), server_hostname=host, timeout=timeout)
            tls = stream.get_extra_info("ssl_object")
            if self._http2 and tls is not None and tls.selected_alpn_protocol() == "h2":
                h2 = httpcore.AsyncHTTP2Connection(
                    origin=httpcore.Origin(origin.scheme, origin.host, origin.port),
                    stream=stream, keepalive_expiry=self._limits.keepalive_expiry)
                origin.h2.append(h2)
                return h2
        return H1Connection(stream, self._limits.keepalive_expiry)

    def _release(self, origin: _Origin, conn: H1Connection) -> None:
        """A response was closed after its body was read to the end: keep its connection."""
        origin.idle.append(conn)
        origin.wake()

    async def _drop(self, origin: _Origin, conn: H1Connection) -> None:
        origin.open -= 1
        origin.wake()
        await conn.aclose()

    async def _close_idle(self, origin: _Origin) -> None:
        idle, origin.idle = origin.idle, []
        h2, origin.h2 = origin.h2, []
        origin.open -= len(idle) + len(h2)
        for conn in idle:
            await conn.aclose()
        for h2conn in h2:
            await h2conn.aclose()

    async def _trim(self) -> None:
        for key in list(self._origins):
            if len(self._origins) <= self._max:
                return
            origin = self._origins[key]
            if origin.active == 0:
                del self._origins[key]
                await self._close_idle(origin)

    async def release(self, host: str) -> None:
        """The run has no more URLs for ``host``: close its idle connections now."""
        raw = host.encode("ascii", "ignore")
        for key in [k for k, o in self._origins.items() if k[1] == raw and o.active == 0]:
            await self._close_idle(self._origins.pop(key))

    def __len__(self) -> int:
        return len(self._origins)

    async def aclose(self) -> None:
        origins = list(self._origins.values())
        self._origins.clear()
        for origin in origins:
            await self._close_idle(origin)
        proxied = list(self._proxied.values())
        self._proxied.clear()
        for transport in proxied:
            await transport.aclose()


def _closed(origin: _Origin) -> None:
    origin.active -= 1


async def _body(request: httpx.Request) -> bytes:
    """The request body whole (checks and archive look-ups send none or a small form), framed
    as the request's headers say."""
    headers = request.headers
    if "content-length" not in headers and "transfer-encoding" not in headers:
        return b""
    assert isinstance(request.stream, httpx.AsyncByteStream)
    data = b"".join([chunk async for chunk in request.stream])
    if data and "transfer-encoding" in request.headers:
        return b"%x\r\n%s\r\n0\r\n\r\n" % (len(data), data)
    return data


class _H1Body(httpx.AsyncByteStream):
    """A response body read from its ``H1Connection``; on close the connection goes back to
    its origin if the body was read to its end, and is closed otherwise."""

    def __init__(self, conn: H1Connection, origin: _Origin, pools: OriginPools) -> None:
        self._conn: H1Connection | None = conn
        self._origin = origin
        self._pools = pools

    async def __aiter__(self) -> AsyncIterator[bytes]:
        assert self._conn is not None
        with mapped_errors():
            async for chunk in self._conn.body():
                yield chunk

    async def aclose(self) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        self._origin.active -= 1
        if conn.reusable and not conn.closed:
            self._pools._release(self._origin, conn)
        else:
            await self._pools._drop(self._origin, conn)


class StreamedBody(httpx.AsyncByteStream):
    """A response body streamed from httpcore (HTTP/2), errors mapped, that tells its origin
    when it is closed. An iterator object rather than a generator: no extra frame per chunk."""

    def __init__(self, stream: AsyncIterable[bytes], closed: Callable[[], None]) -> None:
        self._stream = stream
        self._chunks: AsyncIterator[bytes] | None = None
        self._closed: Callable[[], None] | None = closed

    def __aiter__(self) -> AsyncIterator[bytes]:
        self._chunks = self._stream.__aiter__()
        return self

    async def __anext__(self) -> bytes:
        assert self._chunks is not None
        try:
            return await self._chunks.__anext__()
        except StopAsyncIteration:
            raise
        except Exception as exc:
            mapped = httpx_error(exc)
            if mapped is exc:
                raise
            raise mapped from exc

    async def aclose(self) -> None:
        try:
            closer = getattr(self._stream, "aclose", None)
            if closer is not None:
                with mapped_errors():
                    await closer()
        finally:
            if self._closed is not None:
                self._closed()
                self._closed = None
