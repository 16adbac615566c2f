"""The checker's HTTP client: ``CheckOptions`` turned into the shared layer's ``HttpOptions``.

Everything about connections (pools, backend, CAs, proxies, routes) lives in
``citewatch.http``; this module only says which check knobs mean what there.
"""

from __future__ import annotations

import httpx

from citewatch.check.options import CheckOptions
from citewatch.http import client as http_client
from citewatch.http.client import HttpOptions
from citewatch.http.routes import Routes
from citewatch.http.transport import OriginPools


def default_headers(options: CheckOptions) -> dict[str, str]:
    """Headers sent to every host (per-host headers are added per request)."""
    headers = {
        "User-Agent": options.user_agent,
        "Accept": options.accept,
        "Accept-Language": options.accept_language,
    }
    headers.update(options.headers)
    return headers


def http_options(options: CheckOptions) -> HttpOptions:
    """The connection side of ``options``."""
    return HttpOptions(
        connect_timeout=options.connect_timeout,
        read_timeout=options.read_timeout,
        pool_timeout=options.request_timeout,
        max_concurrency=options.max_concurrency,
        per_host_concurrency=options.per_host_concurrency,
        http2=options.http2,
        verify_tls=options.verify_tls,
        ca_bundle=options.ca_bundle,
        headers=default_headers(options),
        routes=Routes(options.connect_to, options.resolve),
        no_private=options.no_private,
    )


def build_transport(options: CheckOptions) -> OriginPools | None:
    """Per-origin pools on the loop backend, or None under an environment proxy."""
    return http_client.build_transport(http_options(options))


def build_client(options: CheckOptions, transport: OriginPools | None = None
                 ) -> httpx.AsyncClient:
    """The run's one client (see ``citewatch.http.client.build_client``)."""
    return http_client.build_client(http_options(options), transport)
