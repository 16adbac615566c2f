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

import functools
import os
import resource
import ssl
import urllib.request
from collections.abc import Callable, Mapping
from typing import Any

import certifi
import httpx

from citewatch.errors import ConfigError
from citewatch.http.backend import LoopBackend
from citewatch.http.options import HttpOptions as HttpOptions  # noqa: PLC0414 - re-exported
from citewatch.http.proxies import ProxyPlan
from citewatch.http.transport import OriginPools, PoolLimits


def ssl_context(options: HttpOptions, environ: Mapping[str, str] | None = None
                ) -> ssl.SSLContext:
    """TLS settings: the configured bundle, else the environment's, else certifi's.

    Made once per process for the same settings (loading CAs takes about 0.1 s, and a run
    opens several clients: check rounds, repairs, the archive); an ``SSLContext`` is safe to
    share between connections and clients."""
    env = os.environ if environ is None else environ
    cafile = options.ca_bundle or env.get("SSL_CERT_FILE") or env.get("REQUESTS_CA_BUNDLE")
    return _ssl_context(cafile or None, env.get("SSL_CERT_DIR") or None, options.verify_tls,
                        options.http2)


def _has_ca_settings(options: HttpOptions) -> bool:
    """Whether CAs come from a setting (which may be wrong) rather than certifi."""
    return bool(options.ca_bundle or any(
        os.environ.get(k) for k in ("SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "SSL_CERT_DIR")))


@functools.lru_cache(maxsize=8)
def _ssl_context(cafile: str | None, capath: str | None, verify: bool, http2: bool
                 ) -> ssl.SSLContext:
    # The CAs go to ``create_default_context`` itself: created bare, it loads the system's
    # default CAs first (``SSL_CERT_FILE`` again, when set), twice the 0.05-0.1 s of CPU
    # that every process pays before its first https request.
    try:
        if cafile or capath:
            ctx = ssl.create_default_context(cafile=cafile, capath=capath)
        else:
            ctx = ssl.create_default_context(cafile=certifi.where())
    except (OSError, ssl.SSLError) as exc:
        raise ConfigError(f"cannot load CA bundle: {exc}", path=cafile or capath) from exc
    if not verify:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    if http2:
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
    if _has_ca_settings(options):
        ssl_context(options)  # a wrong CA setting stops the run now, not at the first https URL
    return OriginPools(
        backend,
        lambda: ssl_context(options),
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

