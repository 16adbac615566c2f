"""The one way a stage gets its ``httpx.AsyncClient``: CAs, proxies, HTTP/2, routes, limits.

Check, archive, repair and save all build their client here from an :class:`HttpOptions`,
so the configured CA bundle, ``--connect-to``/``--resolve`` and the proxy environment mean
the same thing everywhere.

Environment, as other HTTP tools read it: ``HTTP_PROXY``/``HTTPS_PROXY``/``ALL_PROXY``/
``NO_PROXY`` (``proxy_mounts``: proxied requests go through the proxy, which makes their
connections, so routes and the connect-time ``--no-private`` check do not apply to them; the
rest stay on our transport); ``SSL_CERT_FILE`` or ``REQUESTS_CA_BUNDLE`` (and
``SSL_CERT_DIR``) name the CAs to trust, e.g. a corporate proxy's or a test CA. Redirects are
never followed by httpx: callers follow them hop by hop (to record the chain and scope
per-host headers).
"""

from __future__ import annotations

import ipaddress
import os
import resource
import ssl
import urllib.request
from collections.abc import Mapping
from typing import Any

import certifi
import httpx

from citewatch.errors import ConfigError
from citewatch.http.backend import LoopBackend
from citewatch.http.options import HttpOptions as HttpOptions  # noqa: PLC0414 - re-exported
from citewatch.http.transport import OriginPools, PoolLimits


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


def proxy_mounts(options: HttpOptions) -> dict[str, httpx.AsyncBaseTransport | None]:
    """The proxy environment as httpx mounts over the run's own transport, read the way
    httpx reads it with its own transport: ``HTTP_PROXY``/``HTTPS_PROXY``/``ALL_PROXY`` per
    scheme; ``NO_PROXY`` hosts (``*`` for all, a leading ``.`` or a bare name for a domain
    and its subdomains) go direct, i.e. to ``None`` = the client's transport."""
    env = urllib.request.getproxies()
    wanted = {scheme: env[scheme] for scheme in ("http", "https", "all") if env.get(scheme)}
    if not wanted:
        return {}
    no_proxy = [h.strip() for h in env.get("no", "").split(",") if h.strip()]
    if "*" in no_proxy:
        return {}
    limits = httpx.Limits(max_connections=options.max_concurrency,
                          max_keepalive_connections=options.max_concurrency)
    ctx = ssl_context(options)
    mounts: dict[str, httpx.AsyncBaseTransport | None] = {
        f"{scheme}://": httpx.AsyncHTTPTransport(proxy=url if "://" in url else f"http://{url}",
                                                 verify=ctx, http2=options.http2,
                                                 limits=limits, trust_env=False)
        for scheme, url in wanted.items()
    }
    for host in no_proxy:
        if "://" in host:
            mounts[host] = None
        elif _is_ip(host) or host.lower() == "localhost":
            mounts[f"all://[{host}]" if ":" in host else f"all://{host}"] = None
        else:
            mounts[f"all://*{host}"] = None  # "example.org" or ".example.org": and below
    return mounts


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        return False
    return True


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
    )


def build_client(options: HttpOptions, transport: OriginPools | None = None
                 ) -> httpx.AsyncClient:
    """One client for a run.

    With ``transport`` (from ``build_transport``) direct connections are pooled per origin
    on our backend and proxied requests go through httpx's transport for that proxy
    (``proxy_mounts``); without, httpx's own transport does everything (a fallback kept for
    comparison: the transport table of ``bench/check``).
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
    return httpx.AsyncClient(transport=transport, mounts=proxy_mounts(options), **common)


def open_client(options: HttpOptions) -> httpx.AsyncClient:
    """``build_client`` on this package's transport: for stages that need no handle on the
    pools."""
    return build_client(options, build_transport(options))
