"""The one shared ``httpx.AsyncClient`` of a run: pool, HTTP/2, timeouts, proxies, CAs.

Environment, as other HTTP tools read it: ``HTTP_PROXY``/``HTTPS_PROXY``/``ALL_PROXY``/
``NO_PROXY`` through httpx's ``trust_env``; ``SSL_CERT_FILE`` or ``REQUESTS_CA_BUNDLE`` (and
``SSL_CERT_DIR``) name the CAs to trust, e.g. a corporate proxy's. Redirects are never followed
by httpx: the engine follows them hop by hop to record the chain and scope per-host headers.
"""

from __future__ import annotations

import os
import resource
import ssl
import urllib.request
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from typing import Any

import certifi
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

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._inner:
            yield chunk

    async def aclose(self) -> None:
        try:
            await self._inner.aclose()
        finally:
            if self._pool is not None:
                self._pool.active -= 1
                self._pool = None


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
        return httpx.AsyncHTTPTransport(verify=ctx, http2=options.http2, limits=per_origin,
                                        trust_env=False)

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
