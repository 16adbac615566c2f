"""The one shared ``httpx.AsyncClient`` of a run: pool, HTTP/2, timeouts, proxies, CAs.

Environment, as other HTTP tools read it: ``HTTP_PROXY``/``HTTPS_PROXY``/``ALL_PROXY``/
``NO_PROXY`` through httpx's ``trust_env``; ``SSL_CERT_FILE`` or ``REQUESTS_CA_BUNDLE`` (and
``SSL_CERT_DIR``) name the CAs to trust, e.g. a corporate proxy's. Redirects are never followed
by httpx: the engine follows them hop by hop to record the chain and scope per-host headers.
"""

from __future__ import annotations

import os
import ssl

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


def build_client(options: CheckOptions) -> httpx.AsyncClient:
    """One client and connection pool for the whole run."""
    timeout = httpx.Timeout(
        connect=options.connect_timeout,
        read=options.read_timeout,
        write=options.read_timeout,
        pool=options.request_timeout,
    )
    limits = httpx.Limits(
        max_connections=options.max_concurrency,
        max_keepalive_connections=options.max_concurrency,
        keepalive_expiry=30.0,
    )
    return httpx.AsyncClient(
        http2=options.http2,
        verify=ssl_context(options),
        trust_env=True,
        timeout=timeout,
        limits=limits,
        follow_redirects=False,
        headers=default_headers(options),
    )
