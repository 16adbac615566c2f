"""The one HTTP layer of every stage (check, archive, repair, save).

    client.py      ``HttpOptions``, the client factory (CAs, HTTP/2, routes) and ``Sender``
    transport.py   our httpx transport: a pool per origin, proxied requests handed on
    h1.py          one HTTP/1.1 connection, parsed by llhttp (httptools)
    proxies.py     which requests the proxy environment sends through a proxy
    backend.py     httpcore's network layer on the event loop; routing and --no-private
    routes.py      curl's ``--connect-to`` and ``--resolve``
    addresses.py   which addresses ``--no-private`` refuses
    retry.py       the Retry-After parser and the exponential backoff
    errors.py      transport exceptions → ``ErrorKind``
"""

from citewatch.http.client import HttpOptions, build_client, build_transport, open_client
from citewatch.http.retry import backoff, parse_retry_after
from citewatch.http.routes import ConnectTo, Resolve, Routes, parse_connect_to, parse_resolve

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
