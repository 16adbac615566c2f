"""The one HTTP layer of every stage (check, archive, repair, save).

    options.py     ``HttpOptions``: plain values, no httpx (settings name it at start)
    client.py      the client factory (CAs, HTTP/2, routes) and ``Sender``
    transport.py   our httpx transport: a pool per origin, proxied requests handed on
    h1.py          one HTTP/1.1 connection, parsed by llhttp (httptools)
    proxies.py     which requests the proxy environment sends through a proxy
    backend.py     httpcore's network layer on the event loop; routing and --no-private
    routes.py      curl's ``--connect-to`` and ``--resolve``
    addresses.py   which addresses ``--no-private`` refuses
    retry.py       the Retry-After parser and the exponential backoff
    errors.py      transport exceptions → ``ErrorKind``
"""

from typing import TYPE_CHECKING

from citewatch.lazy import exports

if TYPE_CHECKING:
    from citewatch.http.client import build_client, build_transport, open_client
    from citewatch.http.options import HttpOptions
    from citewatch.http.retry import backoff, parse_retry_after
    from citewatch.http.routes import ConnectTo, Resolve, Routes, parse_connect_to, parse_resolve

__getattr__ = exports(__name__, {
    "HttpOptions": ".options",
    "build_client": ".client",
    "build_transport": ".client",
    "open_client": ".client",
    "backoff": ".retry",
    "parse_retry_after": ".retry",
    "ConnectTo": ".routes",
    "Resolve": ".routes",
    "Routes": ".routes",
    "parse_connect_to": ".routes",
    "parse_resolve": ".routes",
})

__all__ = [
    "ConnectTo",
    "HttpOptions",
    "Resolve",
    "Routes",
    "backoff",
    "build_client",
    "build_transport",
    "open_client",
    "parse_connect_to",
    "parse_resolve",
    "parse_retry_after",
]
