"""HTTP/2: a request that a server refused with GOAWAY before processing it goes on a new
connection, as httpcore's own pool does, instead of becoming an error result.

The race it covers: the pool hands out a connection that still looks available, the server
has already decided to close it, and its GOAWAY names a last stream below the new one."""

from __future__ import annotations

import asyncio
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Self

import h2.config
import h2.connection
import h2.events
import pytest
import trustme

from citewatch.http.client import HttpOptions, build_client, build_transport

HOST = "127.0.4.20"


class _GoawayServer:
    """h2 over TLS: answers the first stream of each connection, and meets any later stream
    with GOAWAY (last stream 1), leaving the connection open."""

    def __init__(self, ctx: ssl.SSLContext) -> None:
        self.ctx = ctx
        self.connections = 0
        self.answered = 0
        self.refused = 0
        self.open: list[asyncio.Protocol] = []
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.port = 0
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def protocol(self) -> asyncio.Protocol:
        server = self

        class Proto(asyncio.Protocol):
            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                assert isinstance(transport, asyncio.Transport)
                server.connections += 1
                server.open.append(self)
                self.transport = transport
                self.conn = h2.connection.H2Connection(
                    h2.config.H2Configuration(client_side=False))
                self.conn.initiate_connection()
                transport.write(self.conn.data_to_send())

            def data_received(self, data: bytes) -> None:
                for event in self.conn.receive_data(data):
                    if not isinstance(event, h2.events.RequestReceived):
                        continue
                    if event.stream_id > 1:
                        server.refused += 1
                        self.conn.close_connection(last_stream_id=1)
                        break
                    server.answered += 1
                    body = b"<title>h2</title>"
                    self.conn.send_headers(event.stream_id, [
                        (":status", "200"), ("content-type", "text/html"),
                        ("content-length", str(len(body)))])
                    self.conn.send_data(event.stream_id, body, end_stream=True)
                self.transport.write(self.conn.data_to_send())

        return Proto()

    def __enter__(self) -> Self:
        self.thread.start()

        async def start() -> asyncio.Server:
            return await asyncio.get_running_loop().create_server(
                self.protocol, HOST, 0, ssl=self.ctx)

        self.server = asyncio.run_coroutine_threadsafe(start(), self.loop).result(5)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    def __exit__(self, *exc: object) -> None:
        async def stop() -> None:
            self.server.close()
            for proto in self.open:
                proto.transport.abort()
            await self.server.wait_closed()

        asyncio.run_coroutine_threadsafe(stop(), self.loop).result(5)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
        self.loop.close()


@pytest.fixture
def goaway(tmp_path: Path) -> Iterator[tuple[_GoawayServer, Path]]:
    ca = trustme.CA()
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(HOST).configure_cert(ctx)
    ctx.set_alpn_protocols(["h2"])
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    with _GoawayServer(ctx) as server:
        yield server, bundle


def test_a_stream_refused_by_goaway_goes_on_a_new_connection(
    goaway: tuple[_GoawayServer, Path],
) -> None:
    server, bundle = goaway
    options = HttpOptions(ca_bundle=str(bundle), http2=True)

    async def main() -> list[tuple[int, str]]:
        async with build_client(options, build_transport(options)) as client:
            out = []
            for path in ("/first", "/second"):  # the second reuses the first's connection
                response = await asyncio.wait_for(client.get(f"https://{HOST}:{server.port}{path}"), 10)
                out.append((response.status_code, response.http_version))
            return out

    assert asyncio.run(main()) == [(200, "HTTP/2"), (200, "HTTP/2")]
    assert server.refused == 1  # the race happened: stream 3 met GOAWAY …
    assert server.connections == 2 and server.answered == 2  # … and went on a new connection
