"""Real HTTP(S) servers on loopback for the checker tests.

One background thread runs an asyncio loop; each test starts small servers on it with a route
function ``handler(Req) -> Resp``. Servers count requests and measure, on their own side, how
many are in flight at once. Everything is bounded in time: a "hang" sleeps at most 10 s and
every server is closed at the end of its test.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
import struct
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest


@dataclass(frozen=True)
class Req:
    method: str
    path: str
    headers: dict[str, str]
    at: float


@dataclass(frozen=True)
class Resp:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    delay: float = 0.0
    action: str | None = None
    """"hang" (never answer), "reset" (RST the connection)."""


REASONS = {200: "OK", 301: "Moved Permanently", 302: "Found", 404: "Not Found", 429: "Too Many"}


class Server:
    def __init__(self, handler: Callable[[Req], Resp], host: str, tls: ssl.SSLContext | None):
        self.handler = handler
        self.host = host
        self.tls = tls
        self.port = 0
        self.requests: list[Req] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.connections = 0
        self._server: asyncio.AbstractServer | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    def url(self, path: str = "/") -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://{self.host}:{self.port}{path}"

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._client, self.host, 0, ssl=self.tls)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            for task in list(self._tasks):
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)
            await asyncio.wait_for(self._server.wait_closed(), 5)

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        self.connections += 1
        try:
            for _ in range(1000):
                try:
                    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError,
                        ConnectionError, ssl.SSLError):
                    return
                lines = head.decode("latin-1").split("\r\n")
                method, path, _ = lines[0].split(" ", 2)
                headers = {}
                for line in lines[1:]:
                    if ":" in line:
                        k, v = line.split(":", 1)
                        headers[k.strip().lower()] = v.strip()
                req = Req(method, path, headers, time.monotonic())
                self.requests.append(req)
                self.in_flight += 1
                self.max_in_flight = max(self.max_in_flight, self.in_flight)
                try:
                    resp = self.handler(req)
                    if resp.action == "hang":
                        await asyncio.sleep(10)
                        return
                    if resp.action == "reset":
                        sock = writer.get_extra_info("socket")
                        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                        writer.transport.abort()
                        return
                    if resp.delay:
                        await asyncio.sleep(resp.delay)
                finally:
                    self.in_flight -= 1
                out = [f"HTTP/1.1 {resp.status} {REASONS.get(resp.status, 'X')}"]
                hdrs = {"content-type": "text/html; charset=utf-8", **resp.headers}
                hdrs["content-length"] = str(len(resp.body))
                out += [f"{k}: {v}" for k, v in hdrs.items()]
                writer.write(("\r\n".join(out) + "\r\n\r\n").encode("latin-1"))
                if method != "HEAD":
                    writer.write(resp.body)
                await writer.drain()
        except (ConnectionError, ssl.SSLError):
            return
        finally:
            self._tasks.discard(task)
            writer.close()


class ServerPool:
    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.servers: list[Server] = []

    def serve(self, handler: Callable[[Req], Resp], host: str = "127.0.0.1",
              tls: ssl.SSLContext | None = None) -> Server:
        server = Server(handler, host, tls)
        asyncio.run_coroutine_threadsafe(server.start(), self.loop).result(5)
        self.servers.append(server)
        return server

    def stop_all(self) -> None:
        for server in self.servers:
            asyncio.run_coroutine_threadsafe(server.stop(), self.loop).result(10)
        self.servers.clear()

    def close(self) -> None:
        self.stop_all()
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
        self.loop.close()


@pytest.fixture(scope="session")
def _pool() -> Iterator[ServerPool]:
    pool = ServerPool()
    yield pool
    pool.close()


@pytest.fixture
def serve(_pool: ServerPool) -> Iterator[Callable[..., Server]]:
    """Start a server: ``serve(handler, host="127.0.0.2", tls=None)``; stopped after the test."""
    yield _pool.serve
    _pool.stop_all()


@pytest.fixture(autouse=True)
def _no_proxy_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loopback servers must be reached directly, whatever proxy the shell sets."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                 "all_proxy", "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "SSL_CERT_DIR"):
        monkeypatch.delenv(name, raising=False)
