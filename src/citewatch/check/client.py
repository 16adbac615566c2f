"""The one shared ``httpx.AsyncClient`` of a run: pool, HTTP/2, timeouts, proxies, CAs.

Environment, as other HTTP tools read it: ``HTTP_PROXY``/``HTTPS_PROXY``/``ALL_PROXY``/
``NO_PROXY`` through httpx's ``trust_env``; ``SSL_CERT_FILE`` or ``REQUESTS_CA_BUNDLE`` (and
``SSL_CERT_DIR``) name the CAs to trust, e.g. a corporate proxy's. Redirects are never followed
by httpx: the engine follows them hop by hop to record the chain and scope per-host headers.
"""

from __future__ import annotations

import asyncio
import os
import resource
import socket
import ssl
import urllib.request
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Iterable
from typing import Any, cast

import certifi
import httpcore
import httpx

from citewatch.check.options import CheckOptions
from citewatch.errors import ConfigError


def ssl_context(options: CheckOptions, environ: dict[str, str] | None = None) -> ssl.SSLContext:
    """TLS settings: the configured bundle, else the environment's, else certifi's."""
    env = os.environ if environ is None else environ
    ctx = ssl.create_default_context()
    cafile = options.ca_bundle or env.get("SSL_CERT_FILE") or env.get("REQUESTS_CA_BUNDLE")
    capath = env.get("SSL_CERT_DIR")
    try:
        if cafile or capath:
            ctx.load_verify_locations(cafile=cafile or None, capath=capath or None)
        else:
            ctx.load_verify_locations(cafile=certifi.where())
    except (OSError, ssl.SSLError) as exc:
        raise ConfigError(f"cannot load CA bundle: {exc}", path=cafile or capath) from exc
    if not options.verify_tls:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    if options.http2:
        ctx.set_alpn_protocols(["h2", "http/1.1"])
    return ctx


def default_headers(options: CheckOptions) -> dict[str, str]:
    """Headers sent to every host (per-host headers are added per request)."""
    headers = {
        "User-Agent": options.user_agent,
        "Accept": options.accept,
        "Accept-Language": options.accept_language,
    }
    headers.update(options.headers)
    return headers


class OriginPools(httpx.AsyncBaseTransport):
    """One small connection pool per origin behind the run's one client.

    Why not httpx's single pool: httpcore scans its whole connection list for every pool event
    (quadratically when many connections are idle), which made a 10,000-URL run CPU-bound in
    the pool rather than on the network. A pool per origin keeps each scan to a couple of
    connections. At most ``max_origins`` pools are kept; the least recently used idle pool is
    closed when a new origin needs one, so open sockets stay bounded.
    """

    def __init__(self, make: Callable[[], httpx.AsyncHTTPTransport], max_origins: int) -> None:
        self._make = make
        self._max = max(1, max_origins)
        self._pools: OrderedDict[tuple[bytes, bytes, int | None], _Pool] = OrderedDict()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        key = (url.raw_scheme, url.raw_host, url.port)
        pool = self._pools.get(key)
        if pool is None:
            pool = self._pools[key] = _Pool(self._make())
            await self._trim()
        self._pools.move_to_end(key)
        pool.active += 1
        try:
            response = await pool.transport.handle_async_request(request)
        except BaseException:
            pool.active -= 1
            raise
        response.stream = _Released(response.stream, pool)
        return response

    async def _trim(self) -> None:
        for key in list(self._pools):
            if len(self._pools) <= self._max:
                return
            pool = self._pools[key]
            if pool.active == 0:
                del self._pools[key]
                await pool.transport.aclose()

    async def release(self, host: str) -> None:
        """The run has no more URLs for ``host``: close its idle pools now."""
        raw = host.encode("ascii", "ignore")
        for key in [k for k, p in self._pools.items() if k[1] == raw and p.active == 0]:
            pool = self._pools.pop(key)
            await pool.transport.aclose()

    def __len__(self) -> int:
        return len(self._pools)

    async def aclose(self) -> None:
        pools = list(self._pools.values())
        self._pools.clear()
        for pool in pools:
            await pool.transport.aclose()


class _Pool:
    """One origin's transport and how many of its responses are still open."""

    def __init__(self, transport: httpx.AsyncHTTPTransport) -> None:
        self.transport = transport
        self.active = 0


class _Released(httpx.AsyncByteStream):
    """A response body that tells its origin pool when it is closed."""

    def __init__(self, inner: httpx.AsyncByteStream | httpx.SyncByteStream, pool: _Pool) -> None:
        assert isinstance(inner, httpx.AsyncByteStream)
        self._inner = inner
        self._pool: _Pool | None = pool

    def __aiter__(self) -> AsyncIterator[bytes]:
        return self._inner.__aiter__()  # no generator of our own in the way of each chunk

    async def aclose(self) -> None:
        try:
            await self._inner.aclose()
        finally:
            if self._pool is not None:
                self._pool.active -= 1
                self._pool = None


READ_HIGH_WATER = 1 << 20
"""Bytes buffered from one socket before it stops reading until the reader catches up."""


class _Protocol(asyncio.Protocol):
    """Buffers one connection's bytes and wakes the one reader or writer waiting on it."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.chunks: list[bytes] = []
        self.size = 0
        self.eof = False
        self.error: BaseException | None = None
        self.waiter: asyncio.Future[None] | None = None
        self.drained: asyncio.Future[None] | None = None
        self.read_paused = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's is no subclass

    def data_received(self, data: bytes) -> None:
        self.chunks.append(data)
        self.size += len(data)
        if self.size > READ_HIGH_WATER and self.transport is not None and not self.read_paused:
            self.read_paused = True
            self.transport.pause_reading()
        self._wake()

    def eof_received(self) -> bool:
        self.eof = True
        self._wake()
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self.eof = True
        self.error = exc
        self._wake()
        if self.drained is not None and not self.drained.done():
            self.drained.set_result(None)

    def pause_writing(self) -> None:
        if self.drained is None or self.drained.done():
            self.drained = asyncio.get_running_loop().create_future()

    def resume_writing(self) -> None:
        if self.drained is not None and not self.drained.done():
            self.drained.set_result(None)

    def _wake(self) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(None)


def _expire(future: asyncio.Future[None], exc: Exception) -> None:
    if not future.done():
        future.set_exception(exc)


async def _wait(future: asyncio.Future[None], timeout: float | None, exc: Exception) -> None:
    """Await ``future``, failing with ``exc`` after ``timeout`` (one timer, no extra task)."""
    if timeout is None:
        await future
        return
    timer = asyncio.get_running_loop().call_later(timeout, _expire, future, exc)
    try:
        await future
    finally:
        timer.cancel()


class _Stream(httpcore.AsyncNetworkStream):
    """One TCP (or TLS) connection driven straight by the event loop."""

    def __init__(self, transport: asyncio.Transport, protocol: _Protocol) -> None:
        self._transport = transport
        self._protocol = protocol

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        proto = self._protocol
        if not proto.chunks and not proto.eof:
            proto.waiter = asyncio.get_running_loop().create_future()
            try:
                await _wait(proto.waiter, timeout, httpcore.ReadTimeout("read timed out"))
            finally:
                proto.waiter = None
        if proto.chunks:
            data = proto.chunks[0]
            if len(data) > max_bytes:
                proto.chunks[0] = data[max_bytes:]
                data = data[:max_bytes]
            else:
                del proto.chunks[0]
            proto.size -= len(data)
            if proto.read_paused and proto.size < READ_HIGH_WATER // 2:
                proto.read_paused = False
                self._transport.resume_reading()
            return data
        if proto.error is not None:
            raise httpcore.ReadError(str(proto.error)) from proto.error
        return b""

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        proto = self._protocol
        if self._transport.is_closing():
            raise httpcore.WriteError("connection closed") from proto.error
        self._transport.write(buffer)
        if proto.drained is not None and not proto.drained.done():
            await _wait(proto.drained, timeout, httpcore.WriteTimeout("write timed out"))
            if proto.error is not None:
                raise httpcore.WriteError(str(proto.error)) from proto.error

    async def aclose(self) -> None:
        if self._transport.get_extra_info("ssl_object") is not None:
            # No TLS close_notify, as httpcore's anyio backend (standard_compatible=False):
            # the socket goes at once instead of a shutdown that may outlive the loop.
            self._transport.abort()
        else:
            self._transport.close()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(timeout):
                transport = await loop.start_tls(
                    self._transport, self._protocol, ssl_context,
                    server_hostname=server_hostname,
                )
        except TimeoutError as exc:
            self._transport.close()
            raise httpcore.ConnectTimeout(str(exc)) from exc
        except (OSError, ssl.SSLError) as exc:
            self._transport.close()
            raise httpcore.ConnectError(str(exc)) from exc
        if transport is None:
            raise httpcore.ConnectError("connection closed during the TLS handshake")
        self._protocol.transport = transport
        return _Stream(transport, self._protocol)

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable":
            # An idle connection that has data or EOF waiting is expired (httpcore's check).
            return bool(self._protocol.chunks) or self._protocol.eof
        if info == "client_addr":
            return self._transport.get_extra_info("sockname")
        if info == "server_addr":
            return self._transport.get_extra_info("peername")
        if info in ("ssl_object", "socket"):
            return self._transport.get_extra_info(info)
        return None


def _consume(future: asyncio.Future[Any]) -> None:
    """Retrieve a finished lookup's exception, so one that outlived its caller's timeout is
    not logged as "Future exception was never retrieved"."""
    if not future.cancelled():
        future.exception()


async def _resolve(loop: asyncio.AbstractEventLoop, host: str, port: int) -> list[str]:
    """The host's addresses. The lookup runs in a thread that a timeout cannot stop, so it is
    shielded and its outcome consumed whenever it ends."""
    lookup = asyncio.ensure_future(loop.getaddrinfo(host, port, type=socket.SOCK_STREAM))
    lookup.add_done_callback(_consume)
    infos = await asyncio.shield(lookup)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


async def _connect_first(
    loop: asyncio.AbstractEventLoop, addresses: list[str], port: int, local_address: str | None
) -> tuple[asyncio.Transport, _Protocol]:
    """Connect to the first address that accepts, one after another."""
    error: OSError = OSError("no address to connect to")
    for address in addresses:
        try:
            transport, protocol = await loop.create_connection(
                _Protocol, address, port,
                local_addr=(local_address, 0) if local_address else None,
            )
        except OSError as exc:
            error = exc
            continue
        return transport, protocol
    raise error


class LoopBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network layer on the running asyncio (or uvloop) loop itself.

    Why: httpcore's default backend goes through anyio, whose per-read cancel scopes, typed
    attribute lookups and readability polls cost about as much CPU as HTTP parsing; with
    thousands of short exchanges the checker was CPU-bound on them. This backend keeps the same
    contract (timeouts per read/write, httpcore's exception types chained to the OS error, so
    ``map_error`` sees the same causes) with one protocol object per connection.
    """

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(timeout):
                addresses = await _resolve(loop, host, port)
                transport, protocol = await _connect_first(loop, addresses, port, local_address)
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(str(exc)) from exc
        except OSError as exc:
            raise httpcore.ConnectError(str(exc)) from exc
        sock = transport.get_extra_info("socket")
        for option in socket_options or ():
            if sock is not None:
                sock.setsockopt(*option)
        return _Stream(transport, protocol)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(timeout):
                transport, protocol = await loop.create_unix_connection(_Protocol, path)
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(str(exc)) from exc
        except OSError as exc:
            raise httpcore.ConnectError(str(exc)) from exc
        return _Stream(transport, protocol)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


def _on_loop_backend(transport: httpx.AsyncHTTPTransport, pool: httpx.Limits,
                     ctx: ssl.SSLContext, http2: bool) -> httpx.AsyncHTTPTransport:
    """The transport with its httpcore pool rebuilt on ``LoopBackend``.

    httpx has no public knob for httpcore's ``network_backend``; its transport keeps the pool
    in ``_pool`` (httpx 0.2x). If that ever changes, the transport is used as httpx made it.
    """
    if isinstance(getattr(transport, "_pool", None), httpcore.AsyncConnectionPool):
        transport._pool = httpcore.AsyncConnectionPool(
            ssl_context=ctx,
            max_connections=pool.max_connections,
            max_keepalive_connections=pool.max_keepalive_connections,
            keepalive_expiry=pool.keepalive_expiry,
            http1=True,
            http2=http2,
            network_backend=LoopBackend(),
        )
    return transport


def uses_env_proxy() -> bool:
    """Whether the environment names a proxy (then httpx's own proxy routing is used)."""
    return any(k in ("http", "https", "all") for k in urllib.request.getproxies())


def max_origins(options: CheckOptions) -> int:
    """How many origins may keep idle connections: 512, or fewer when file descriptors are
    scarce (each origin keeps up to ``per_host_concurrency`` sockets)."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return 512
    spare = max(0, soft - options.max_concurrency - 64)
    return max(16, min(512, spare // max(1, options.per_host_concurrency)))


def build_transport(options: CheckOptions) -> OriginPools | None:
    """Per-origin pools, or None when an environment proxy needs httpx's own transport."""
    if uses_env_proxy():
        return None
    ctx = ssl_context(options)
    per_origin = httpx.Limits(
        max_connections=options.per_host_concurrency,
        max_keepalive_connections=options.per_host_concurrency,
        keepalive_expiry=30.0,
    )

    def make() -> httpx.AsyncHTTPTransport:
        transport = httpx.AsyncHTTPTransport(verify=ctx, http2=options.http2, limits=per_origin,
                                             trust_env=False)
        return _on_loop_backend(transport, per_origin, ctx, options.http2)

    return OriginPools(make, max_origins(options))


def build_client(
    options: CheckOptions, transport: OriginPools | None = None
) -> httpx.AsyncClient:
    """One client for the whole run.

    With ``transport`` (from ``build_transport``) connections are pooled per origin; without,
    httpx's own transport is used, which routes through ``HTTP(S)_PROXY``/``ALL_PROXY`` and
    honours ``NO_PROXY`` (httpx reads the proxy environment only with its own transport).
    """
    timeout = httpx.Timeout(
        connect=options.connect_timeout,
        read=options.read_timeout,
        write=options.read_timeout,
        pool=options.request_timeout,
    )
    common: dict[str, Any] = {
        "timeout": timeout,
        "follow_redirects": False,
        "headers": default_headers(options),
        "trust_env": True,
    }
    if transport is None:
        limits = httpx.Limits(max_connections=options.max_concurrency,
                              max_keepalive_connections=options.max_concurrency)
        return httpx.AsyncClient(http2=options.http2, verify=ssl_context(options), limits=limits,
                                 **common)
    return httpx.AsyncClient(transport=transport, **common)
