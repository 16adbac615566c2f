"""Server process of bench/check: one asyncio process listening on many loopback addresses.

Run: ``python bench/_check_server.py PORT N_HOSTS LATENCY SLOW``. Prints "ready" when all
addresses listen. Control on 127.0.0.1:PORT: ``/__stats`` (JSON: requests and peak in-flight
per host, methods), ``/__reset``. Stops by itself after ``--lifetime`` seconds (default 900).
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections import Counter

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from _check_web import ABOUT_MISSING, NOT_FOUND_PAGES, host_address, soft_addresses

SOFT_TEMPLATE = (
    "<html><head><title>Page not available</title></head><body><h1>Sorry!</h1>"
    "<p>We could not find {path}. It may have moved during our website redesign.</p>"
    "<p>Try the search box, or browse our latest reports, statements and campaigns.</p>"
    "<footer>Copyright Example Rights Watch. All rights reserved.</footer></body></html>"
)
WORDS = ["tribunal", "detention", "hearing", "witness", "mission", "statement", "appeal", "ruling", "commission", "rapporteur", "torture", "asylum", "evidence", "archive", "resolution", "petition", "court"]


def titled(n: str, title: str, heading: str, paragraphs: int) -> bytes:
    words = " ".join(WORDS[(abs(hash(n)) >> i) % len(WORDS)] for i in range(40))
    body = "".join(f"<p>{words}</p>" for _ in range(paragraphs))
    return (f"<html><head><title>{title}</title></head><body><nav>Home News About</nav>"
            f"<h1>{heading}</h1>{body}</body></html>").encode()


def page(n: str) -> bytes:
    digest = abs(hash(n))
    words = " ".join(WORDS[(digest >> i) % len(WORDS)] + str(i) for i in range(60))
    return f"<html><head><title>Report {n}</title></head><body><p>{words}</p></body></html>".encode()


class Web:
    def __init__(self, n_hosts: int, latency: float, slow: float) -> None:
        self.latency = latency
        self.slow = slow
        self.soft = soft_addresses(n_hosts)
        self.reset()

    def reset(self) -> None:
        self.counts: Counter[str] = Counter()
        self.methods: Counter[str] = Counter()
        self.inflight: Counter[str] = Counter()
        self.peak: Counter[str] = Counter()
        self.work: Counter[str] = Counter()
        """Seconds of response latency served per host."""
        self.pause: Counter[str] = Counter()
        """Seconds of Retry-After asked per host."""
        self.limited: set[str] = set()
        self.first = 0.0
        self.last = 0.0
        self.busy = 0
        """Requests in flight now, over all hosts."""
        self.samples: list[int] = []
        """``busy`` every 50 ms from the first request on (mean concurrency vs the limit)."""
        """Wall-clock times (time.time) of the first request and of the last answer sent."""

    def sample(self) -> None:
        if self.first and (not self.last or time.time() - self.last < 5.0) and len(
                self.samples) < 20_000:
            self.samples.append(self.busy)
            asyncio.get_running_loop().call_later(0.05, self.sample)

    def route(self, host: str, path: str) -> tuple[int, list[tuple[str, str]], bytes, float]:
        lat = self.latency
        parts = path.split("/")
        kind = parts[1] if len(parts) > 2 else ""
        n = parts[2] if len(parts) > 2 else ""
        if kind == "a" and n:
            return 200, [], page(n), lat
        if kind == "r":
            return 301, [("location", f"/a/{n}r")], b"", lat
        if kind == "t":
            return 302, [("location", f"/a/{n}t")], b"", lat
        if kind == "q":
            if path not in self.limited:
                self.limited.add(path)
                return 429, [("retry-after", "1")], b"slow down", lat
            return 200, [], page(n), lat
        if kind == "w":
            return 200, [], page(n), self.slow
        if kind == "nf" and n:
            title, heading = NOT_FOUND_PAGES[int(n) % len(NOT_FOUND_PAGES)]
            return 200, [], titled(n, title, heading, 1), lat
        if kind == "ab" and n:
            title = ABOUT_MISSING[int(n) % len(ABOUT_MISSING)]
            return 200, [], titled(n, title, title, 30), lat
        if host in self.soft:
            return 200, [], SOFT_TEMPLATE.format(path=path).encode(), lat
        return 404, [], b"<html><title>404 Not Found</title></html>", lat


class Conn(asyncio.Protocol):
    def __init__(self, web: Web) -> None:
        self.web = web
        self.buf = b""
        self.transport: asyncio.Transport | None = None
        self.host = ""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.host = transport.get_extra_info("sockname")[0]

    def data_received(self, data: bytes) -> None:
        self.buf += data
        while b"\r\n\r\n" in self.buf:
            head, self.buf = self.buf.split(b"\r\n\r\n", 1)
            line = head.split(b"\r\n", 1)[0].decode("latin-1")
            method, path, _ = line.split(" ", 2)
            self.handle(method, path)

    def handle(self, method: str, path: str) -> None:
        web, host = self.web, self.host
        if path == "/__stats":
            body = json.dumps({"counts": web.counts, "peak": web.peak, "work": web.work,
                               "pause": web.pause, "methods": web.methods,
                               "first": web.first, "last": web.last,
                               "samples": web.samples}).encode()
            self.send(200, [("content-type", "application/json")], body, False)
            return
        if path == "/__reset":
            web.reset()
            self.send(200, [], b"ok", False)
            return
        if not web.first:
            web.first = time.time()
            asyncio.get_running_loop().call_later(0.05, web.sample)
        web.busy += 1
        web.counts[host] += 1
        web.methods[method] += 1
        web.inflight[host] += 1
        web.peak[host] = max(web.peak[host], web.inflight[host])
        status, headers, body, delay = web.route(host, path)
        web.work[host] += delay
        if status == 429:
            web.pause[host] += 1.0

        def answer() -> None:
            web.inflight[host] -= 1
            web.busy -= 1
            web.last = time.time()
            self.send(status, headers, body, method == "HEAD")

        asyncio.get_running_loop().call_later(delay, answer)

    def send(self, status: int, headers: list[tuple[str, str]], body: bytes, head: bool) -> None:
        if self.transport is None or self.transport.is_closing():
            return
        lines = [f"HTTP/1.1 {status} X", f"content-length: {len(body)}"]
        if not any(k == "content-type" for k, _ in headers):
            lines.append("content-type: text/html; charset=utf-8")
        lines += [f"{k}: {v}" for k, v in headers]
        out = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        self.transport.write(out if head else out + body)


async def main(port: int, n_hosts: int, latency: float, slow: float, lifetime: float) -> None:
    web = Web(n_hosts, latency, slow)
    loop = asyncio.get_running_loop()
    servers = [await loop.create_server(lambda: Conn(web), "127.0.0.1", port, backlog=512)]
    for i in range(n_hosts):
        servers.append(
            await loop.create_server(lambda: Conn(web), host_address(i), port, backlog=512)
        )
    print("ready", flush=True)
    await asyncio.sleep(lifetime)
    for s in servers:
        s.close()


if __name__ == "__main__":
    port, n_hosts, latency, slow = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(
        sys.argv[4])
    lifetime = float(sys.argv[5]) if len(sys.argv) > 5 else 900.0
    asyncio.run(main(port, n_hosts, latency, slow, lifetime))
