"""The one way a stage gets its ``httpx.AsyncClient``: CAs, proxies, HTTP/2, routes, limits.

Check, archive, repair and save all build their client here from an :class:`HttpOptions`,
so the configured CA bundle, ``--connect-to``/``--resolve`` and the proxy environment mean
the same thing everywhere.

Environment, as other HTTP tools read it: ``HTTP_PROXY``/``HTTPS_PROXY``/``ALL_PROXY``/
``NO_PROXY`` (``proxies.ProxyPlan``: proxied requests go through the proxy, which makes their
connections, so routes and the connect-time ``--no-private`` check do not apply to them; the
rest stay on our transport); ``SSL_CERT_FILE`` or ``REQUESTS_CA_BUNDLE`` (and
``SSL_CERT_DIR``) name the CAs to trust, e.g. a corporate proxy's or a test CA. Redirects are
never followed by httpx: callers follow them hop by hop (to record the chain and scope
per-host headers).
"""

from __future__ import annotations

import os
import resource
import ssl
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import certifi
import httpx

from citewatch.errors import ConfigError
from citewatch.http.backend import LoopBackend
from citewatch.http.proxies import ProxyPlan
from citewatch.http.routes import Routes
from citewatch.http.transport import OriginPools, PoolLimits


@dataclass(frozen=True)
class HttpOptions:
    """How a stage talks HTTP. Times are seconds."""

    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    pool_timeout: float = 30.0
    """Longest wait for a free connection."""
    max_concurrency: int = 128
    """Connections open at once through one proxy (direct connections are per origin)."""
    per_host_concurrency: int = 2
    """Connections open at once to one origin."""
    http2: bool = True
    verify_tls: bool = True
    ca_bundle: str | None = None
    """CA file to trust; when None, ``SSL_CERT_FILE`` / ``REQUESTS_CA_BUNDLE`` / certifi."""
    headers: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}), hash=False)
    """Headers sent with every request."""
    routes: Routes = field(default_factory=Routes)
    """``--connect-to`` and ``--resolve``."""
    no_private: bool = False
    """Refuse connections to private, loopback and link-local addresses (after routing)."""


def ssl_context(options: HttpOptions, environ: Mapping[str, str] | None = None
                ) -> ssl.SSLContext:
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


def uses_env_proxy() -> bool:
    """Whether the environment names a proxy."""
    return any(k in ("http", "https", "all") for k in urllib.request.getproxies())


def proxy_transport(options: HttpOptions) -> Callable[[str], httpx.AsyncBaseTransport]:
    """httpx's transport through one proxy URL, with the run's CAs, HTTP/2 and limits."""
    limits = httpx.Limits(max_connections=options.max_concurrency,
                          max_keepalive_connections=options.max_concurrency)

    def through(proxy: str) -> httpx.AsyncBaseTransport:
        return httpx.AsyncHTTPTransport(proxy=proxy, verify=ssl_context(options),
                                        http2=options.http2, limits=limits, trust_env=False)

    return through


def max_origins(options: HttpOptions) -> int:
    """How many origins may keep idle connections: 512, or fewer when file descriptors are
    scarce (each origin keeps up to ``per_host_concurrency`` sockets)."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return 512
    spare = max(0, soft - options.max_concurrency - 64)
    return max(16, min(512, spare // max(1, options.per_host_concurrency)))


def build_transport(options: HttpOptions) -> OriginPools:
    """Per-origin pools on ``LoopBackend``."""
    backend = LoopBackend(options.routes, no_private=options.no_private)
    return OriginPools(
        backend,
        ssl_context(options),
        http2=options.http2,
        limits=PoolLimits(connections=options.per_host_concurrency),
        max_origins=max_origins(options),
        proxies=ProxyPlan.from_env(),
        through_proxy=proxy_transport(options),
    )


def build_client(options: HttpOptions, transport: OriginPools | None = None
                 ) -> httpx.AsyncClient:
    """One client for a run.

    With ``transport`` (from ``build_transport``) direct connections are pooled per origin
    on our backend and proxied requests go through httpx's transport for that proxy (the
    transport decides, see ``proxies``); without, httpx's own transport does everything (a
    fallback kept for comparison: the transport table of ``bench/check``).
    """
    common: dict[str, Any] = {
        "timeout": httpx.Timeout(connect=options.connect_timeout, read=options.read_timeout,
                                 write=options.read_timeout, pool=options.pool_timeout),
        "follow_redirects": False,
        "headers": dict(options.headers),
        "trust_env": True,
    }
    if transport is None:
        limits = httpx.Limits(max_connections=options.max_concurrency,
                              max_keepalive_connections=options.max_concurrency)
        return httpx.AsyncClient(http2=options.http2, verify=ssl_context(options),
                                 limits=limits, **common)
    return httpx.AsyncClient(transport=transport, **common)


def open_client(options: HttpOptions) -> httpx.AsyncClient:
    """``build_client`` on this package's transport: for stages that need no handle on the
    pools."""
    return build_client(options, build_transport(options))


class Sender:
    """Requests straight to the run's transport: httpx's ``Request`` and ``Response``
    without ``AsyncClient``'s per-request work (URL merge, auth and hook flows, a cookie jar
    shared by the whole run and copied into every request), which cost about as much CPU as
    the exchange itself. The client's own headers and timeouts are used; cookies are the
    caller's (the checker keeps them per redirect chain). Without a transport of ours
    (httpx's default one, for comparison) it falls back to ``client.send``.
    """

    def __init__(self, client: httpx.AsyncClient, transport: httpx.AsyncBaseTransport | None
                 ) -> None:
        self._client = client
        self._transport = transport
        self._headers = [(k.encode("latin-1"), v.encode("latin-1"))
                         for k, v in client.headers.multi_items()]
        self._extensions = {"timeout": client.timeout.as_dict()}

    def build(self, method: str, url: str, headers: Mapping[str, str] | None = None,
              cookies: httpx.Cookies | None = None) -> httpx.Request:
        """The request, with the client's headers overridden by ``headers`` (same names)."""
        raw = self._headers
        if headers:
            names = {name.lower().encode("latin-1") for name in headers}
            raw = [item for item in raw if item[0].lower() not in names] + [
                (k.encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
        request = httpx.Request(method, url, headers=raw, extensions=self._extensions)
        if cookies:
            cookies.set_cookie_header(request)
        return request

    async def send(self, request: httpx.Request) -> httpx.Response:
        """The response with its body still to read (close it)."""
        if self._transport is None:
            return await self._client.send(request, stream=True)
        response = await self._transport.handle_async_request(request)
        response.request = request
        return response

