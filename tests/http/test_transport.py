"""The transport on httpcore's public API: it is the one in use, maps errors the way httpx's
own does, streams bodies and reuses connections."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Callable, Iterator

import httpx
import pytest

from citewatch.check.checker import run_checks
from citewatch.check.classify import ErrorKind
from citewatch.check.client import build_client, build_transport
from citewatch.check.model import LinkStatus
from citewatch.check.options import CheckOptions
from citewatch.http.client import HttpOptions, open_client
from citewatch.http.errors import map_error
from citewatch.http.proxies import ProxyPlan
from citewatch.http.transport import OriginPools
from tests.check.conftest import Resp, Server

Serve = Callable[..., Server]
OPTS = CheckOptions(connect_timeout=2, read_timeout=1, request_timeout=3, max_retries=0,
                    soft404=False, deadline=15, workers=1)


def test_the_checker_connects_through_the_loop_backend(
    serve: Serve, backend_connects: list[tuple[str, int]]
) -> None:
    """Fails if the engine's requests stop going through our backend (e.g. a factory that
    falls back to httpx's default transport): every connection must be one it opened."""
    s = serve(lambda req: Resp(200, body=b"<title>x</title>"), host="127.0.3.1")
    results = run_checks([s.url(f"/p{i}") for i in range(6)], OPTS)
    assert all(r.status is LinkStatus.ALIVE for r in results)
    assert s.connections >= 1 and len(backend_connects) == s.connections
    assert set(backend_connects) == {("127.0.3.1", s.port)}


def test_factory_client_streams_and_reuses(serve: Serve) -> None:
    body = b"<title>big</title>" + b"0123456789" * 50_000  # 500 kB: many chunks
    s = serve(lambda req: Resp(200, body=body), host="127.0.3.2")

    async def main() -> tuple[list[int], bytes, int, bool]:
        pools = build_transport(OPTS)
        assert isinstance(pools, OriginPools)
        async with build_client(OPTS, pools) as client:
            sizes: list[int] = []
            async with client.stream("GET", s.url("/a")) as response:
                async for chunk in response.aiter_raw():
                    sizes.append(len(chunk))
            again = await client.get(s.url("/b"))
            return sizes, again.content, pools.backend.connects, again.http_version == "HTTP/1.1"

    sizes, content, connects, h11 = asyncio.run(main())
    assert len(sizes) > 1 and sum(sizes) == len(body)
    assert content == body and h11
    assert connects == 1 == s.connections


def _free_port(host: str) -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def cut_short() -> Iterator[str]:
    """A server that promises 100 bytes, sends 3 and closes (a body cut short)."""
    listener = socket.create_server(("127.0.3.3", 0))
    listener.settimeout(5)

    def run() -> None:
        try:
            conn, _ = listener.accept()
        except OSError:
            return
        with conn:
            conn.recv(4096)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc")

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    yield f"http://127.0.3.3:{listener.getsockname()[1]}/"
    listener.close()
    thread.join(5)


def test_errors_are_httpx_errors_chained_to_their_cause(serve: Serve, cut_short: str) -> None:
    hang = serve(lambda req: Resp(action="hang"), host="127.0.3.4")
    refused = f"http://127.0.3.5:{_free_port('127.0.3.5')}/"
    options = HttpOptions(connect_timeout=2, read_timeout=0.3)

    async def main() -> list[BaseException]:
        seen: list[BaseException] = []
        async with open_client(options) as client:
            for url in (refused, hang.url("/")):
                try:
                    await client.get(url)
                except httpx.HTTPError as exc:
                    seen.append(exc)
            try:
                async with client.stream("GET", cut_short) as response:
                    await response.aread()
            except httpx.HTTPError as exc:
                seen.append(exc)
        return seen

    refused_exc, timeout_exc, short_exc = asyncio.run(main())
    assert isinstance(refused_exc, httpx.ConnectError)
    assert map_error(refused_exc)[0] is ErrorKind.REFUSED
    assert isinstance(timeout_exc, httpx.ReadTimeout)
    assert map_error(timeout_exc)[0] is ErrorKind.TIMEOUT
    assert isinstance(short_exc, httpx.RemoteProtocolError)  # raised while streaming the body
    assert map_error(short_exc)[0] is ErrorKind.RESET


def test_proxy_environment_as_a_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy",
                 "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    assert ProxyPlan.from_env() is None
    monkeypatch.setenv("HTTPS_PROXY", "proxy.corp:3128")  # no scheme: http:// assumed
    monkeypatch.setenv("NO_PROXY", "localhost, .intranet.org,10.1.2.3,::1,http://plain.example")
    plan = ProxyPlan.from_env()
    assert plan is not None
    assert plan.proxy_for("https", "www.hrw.org") == "http://proxy.corp:3128"
    assert plan.proxy_for("http", "www.hrw.org") is None  # no HTTP_PROXY: plain http direct
    for host in ("localhost", "intranet.org", "docs.intranet.org", "10.1.2.3", "[::1]"):
        assert plan.proxy_for("https", host) is None, host
    assert plan.proxy_for("https", "notintranet.org") == "http://proxy.corp:3128"
    assert plan.proxy_for("https", "10.1.2.4") == "http://proxy.corp:3128"
    monkeypatch.setenv("ALL_PROXY", "http://all.corp:8080")
    plan = ProxyPlan.from_env()
    assert plan is not None
    assert plan.proxy_for("http", "www.hrw.org") == "http://all.corp:8080"
    assert plan.proxy_for("http", "plain.example") is None
    assert plan.proxy_for("https", "plain.example") == "http://proxy.corp:3128"

    async def build() -> None:
        async with open_client(HttpOptions()):
            pass

    asyncio.run(build())
    monkeypatch.setenv("NO_PROXY", "*")
    assert ProxyPlan.from_env() is None
