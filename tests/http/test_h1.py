"""HTTP/1.1 on our transport (``http.h1`` + the per-origin pool), against a loopback server
that writes exactly the bytes each test scripts: framing (length, chunked, until close),
HEAD, informational answers, keep-alive and its end, pool limits and malformed answers."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx
import pytest

from citewatch.http.client import HttpOptions, build_client, build_transport

Script = Callable[[bytes, bytes, "asyncio.StreamWriter"], Awaitable[bool]]
"""(request head, request body, writer) → keep the connection open?"""


@dataclass
class Raw:
    """A loopback server running ``script`` for each request; counts connections."""

    host: str
    script: Script
    connections: int = 0
    open_now: int = 0
    peak_open: int = 0
    heads: list[bytes] = field(default_factory=list)
    bodies: list[bytes] = field(default_factory=list)
    port: int = 0
    server: asyncio.Server | None = None

    async def start(self) -> Raw:
        self.server = await asyncio.start_server(self._serve, self.host, 0)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self.open_now += 1
        self.peak_open = max(self.peak_open, self.open_now)
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError):
                    return
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":", 1)[1])
                body = await reader.readexactly(length) if length else b""
                self.heads.append(head)
                self.bodies.append(body)
                if not await self.script(head, body, writer):
                    return
        finally:
            self.open_now -= 1
            writer.close()

    async def stop(self) -> None:
        assert self.server is not None
        self.server.close()


def answer(status: bytes, headers: list[bytes], body: bytes = b"") -> bytes:
    return b"HTTP/1.1 " + status + b"\r\n" + b"".join(h + b"\r\n" for h in headers) + b"\r\n" + body


def fixed(body: bytes) -> bytes:
    return answer(b"200 OK", [b"Content-Length: %d" % len(body)], body)


OPTIONS = HttpOptions(connect_timeout=2, read_timeout=2, pool_timeout=2)


async def fetch_all(raw: Raw, requests: list[tuple[str, str]], options: HttpOptions = OPTIONS
                    ) -> list[httpx.Response]:
    async with build_client(options, build_transport(options)) as client:
        out = []
        for method, path in requests:
            response = await client.request(method, raw.url(path))
            out.append(response)
        return out


def run(coro: Awaitable[object]) -> object:
    return asyncio.run(coro)  # type: ignore[arg-type]


def test_content_length_and_chunked_bodies_reuse_one_connection() -> None:
    async def script(head: bytes, body: bytes, w: asyncio.StreamWriter) -> bool:
        if b"/chunked" in head:
            w.write(answer(b"200 OK", [b"Transfer-Encoding: chunked"]) + b"5\r\nhel")
            await w.drain()
            await asyncio.sleep(0.02)  # a chunk split over two reads
            w.write(b"lo\r\n6\r\n world\r\n0\r\n\r\n")
        else:
            w.write(fixed(b"plain body"))
        await w.drain()
        return True

    async def main() -> None:
        raw = await Raw("127.0.5.1", script).start()
        got = await fetch_all(raw, [("GET", "/chunked"), ("GET", "/plain"), ("GET", "/chunked")])
        assert [r.content for r in got] == [b"hello world", b"plain body", b"hello world"]
        assert [r.http_version for r in got] == ["HTTP/1.1"] * 3
        assert raw.connections == 1
        await raw.stop()

    run(main())


def test_body_until_close_is_whole_and_its_connection_not_reused() -> None:
    async def script(head: bytes, body: bytes, w: asyncio.StreamWriter) -> bool:
        w.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end")
        await w.drain()
        return False  # close: that ends the body

    async def main() -> None:
        raw = await Raw("127.0.5.2", script).start()
        got = await fetch_all(raw, [("GET", "/a"), ("GET", "/b")])
        assert [r.content for r in got] == [b"until the end"] * 2
        assert raw.connections == 2
        await raw.stop()

    run(main())


def test_head_with_a_length_has_no_body_and_keeps_the_connection() -> None:
    async def script(head: bytes, body: bytes, w: asyncio.StreamWriter) -> bool:
        if head.startswith(b"HEAD"):
            w.write(answer(b"200 OK", [b"Content-Length: 1234"]))
        else:
            w.write(fixed(b"after head"))
        await w.drain()
        return True

    async def main() -> None:
        raw = await Raw("127.0.5.3", script).start()
        got = await fetch_all(raw, [("HEAD", "/f.pdf"), ("GET", "/p")])
        assert got[0].status_code == 200 and got[0].content == b""
        assert got[0].headers["content-length"] == "1234"
        assert got[1].content == b"after head"
        assert raw.connections == 1
        await raw.stop()

    run(main())


def test_a_body_sent_after_a_head_answer_is_dropped_with_its_connection() -> None:
    async def script(head: bytes, body: bytes, w: asyncio.StreamWriter) -> bool:
        if head.startswith(b"HEAD"):
            w.write(answer(b"200 OK", [b"Content-Length: 4"], b"oops"))  # a broken server
        else:
            w.write(fixed(b"next"))
        await w.drain()
        return True

    async def main() -> None:
        raw = await Raw("127.0.5.10", script).start()
        got = await fetch_all(raw, [("HEAD", "/f.pdf"), ("GET", "/p")])
        assert got[0].content == b"" and got[1].content == b"next"
        assert raw.connections == 2
        await raw.stop()

    run(main())


def test_informational_answers_are_skipped_and_204_has_no_body() -> None:
    async def script(head: bytes, body: bytes, w: asyncio.StreamWriter) -> bool:
        if b"/hints" in head:
            w.write(answer(b"103 Early Hints", [b"Link: </s.css>; rel=preload"]))
            await w.drain()
            w.write(answer(b"200 OK", [b"Content-Length: 5", b"X-Final: yes"], b"final"))
        else:
            w.write(answer(b"204 No Content", []))
        await w.drain()
        return True

    async def main() -> None:
        raw = await Raw("127.0.5.4", script).start()
        got = await fetch_all(raw, [("GET", "/hints"), ("GET", "/empty"), ("GET", "/hints")])
        assert [r.status_code for r in got] == [200, 204, 200]
        assert got[0].content == b"final" and got[0].headers["x-final"] == "yes"
        assert "link" not in got[0].headers
        assert got[1].content == b""
        assert raw.connections == 1
        await raw.stop()

    run(main())


def test_connection_close_and_a_server_closing_an_idle_connection() -> None:
    async def script(head: bytes, body: bytes, w: asyncio.StreamWriter) -> bool:
        if b"/close" in head:
            w.write(answer(b"200 OK", [b"Content-Length: 2", b"Connection: close"], b"ok"))
            await w.drain()
            return True  # the client must not reuse it even though we keep reading
        w.write(fixed(b"ok"))
        await w.drain()
        return b"/idle-then-gone" not in head  # the server drops it once answered

    async def main() -> None:
        raw = await Raw("127.0.5.5", script).start()
        async with build_client(OPTIONS, build_transport(OPTIONS)) as client:
            assert (await client.get(raw.url("/close"))).content == b"ok"
            assert (await client.get(raw.url("/idle-then-gone"))).content == b"ok"
            await asyncio.sleep(0.05)  # the idle connection's EOF arrives
            assert (await client.get(raw.url("/next"))).content == b"ok"
        assert raw.connections == 3
        await raw.stop()

    run(main())


def test_concurrent_requests_stay_within_the_origin_limit() -> None:
    async def script(head: bytes, body: bytes, w: asyncio.StreamWriter) -> bool:
        await asyncio.sleep(0.03)
        w.write(fixed(head.split(b" ")[1]))
        await w.drain()
        return True

    async def main() -> None:
        raw = await Raw("127.0.5.6", script).start()
        options = HttpOptions(connect_timeout=2, read_timeout=2, pool_timeout=5,
                              per_host_concurrency=2)
        async with build_client(options, build_transport(options)) as client:
            got = await asyncio.gather(*(client.get(raw.url(f"/n{i}")) for i in range(9)))
        assert [r.content for r in got] == [f"/n{i}".encode() for i in range(9)]
        assert raw.connections == 2 and raw.peak_open == 2
        await raw.stop()

    run(main())


def test_pool_timeout_when_no_connection_frees_up() -> None:
    async def script(head: bytes, body: bytes, w: asyncio.StreamWriter) -> bool:
        await asyncio.sleep(1.0)
        w.write(fixed(b"late"))
        await w.drain()
        return True

    async def main() -> None:
        raw = await Raw("127.0.5.7", script).start()
        options = HttpOptions(connect_timeout=2, read_timeout=3, pool_timeout=0.2,
                              per_host_concurrency=1)
        async with build_client(options, build_transport(options)) as client:
            first = asyncio.ensure_future(client.get(raw.url("/slow")))
            await asyncio.sleep(0.05)
            with pytest.raises(httpx.PoolTimeout):
                await client.get(raw.url("/waits"))
            assert (await first).content == b"late"
        await raw.stop()

    run(main())


@pytest.mark.parametrize("reply", [
    b"HTTP/1.1 20X Broken\r\n\r\n",
    b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",
    b"HTTP/1.1 200 OK\r\nX-Long: " + b"a" * 70_000 + b"\r\n\r\n",
    b"",
])
def test_malformed_or_cut_answers_are_protocol_errors(reply: bytes) -> None:
    async def script(head: bytes, body: bytes, w: asyncio.StreamWriter) -> bool:
        w.write(reply)
        await w.drain()
        return False

    async def main() -> None:
        raw = await Raw("127.0.5.8", script).start()
        with pytest.raises(httpx.RemoteProtocolError):
            await fetch_all(raw, [("GET", "/x")])
        await raw.stop()

    run(main())


def test_a_body_closed_early_drops_its_connection_and_a_request_body_is_sent() -> None:
    big = b"x" * 300_000

    async def script(head: bytes, body: bytes, w: asyncio.StreamWriter) -> bool:
        if head.startswith(b"POST"):
            w.write(fixed(b"got " + body))
        else:
            w.write(fixed(big))
        await w.drain()
        return True

    async def main() -> None:
        raw = await Raw("127.0.5.9", script).start()
        async with build_client(OPTIONS, build_transport(OPTIONS)) as client:
            async with client.stream("GET", raw.url("/big")) as response:
                async for chunk in response.aiter_raw():
                    assert chunk
                    break  # stop reading: the rest is still on the wire
            posted = await client.post(raw.url("/form"), content=b"a=1&b=2")
        assert posted.content == b"got a=1&b=2"
        assert raw.connections == 2
        await raw.stop()

    run(main())
