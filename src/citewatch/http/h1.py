"""HTTP/1.1 exchanges on one connection, parsed by llhttp (``httptools``).

Why not httpcore's HTTP/1.1 connection: with thousands of short exchanges the checker was
CPU-bound in httpcore's state machine, h11's pure-Python parser and the anyio locks and cancel
scopes around every event (about 2,400 Python calls per request). This module does the same
exchange with a C parser and no locks: a connection is held by one request at a time (the
pool in ``transport`` hands it out), so there is nothing to lock.

The contract is httpcore's, so callers and ``errors.map_error`` see the same things: network
failures are httpcore's ``ReadError``/``ReadTimeout``/``WriteError``… (raised by the stream),
malformed answers ``RemoteProtocolError``, and a body is streamed chunk by chunk, never
buffered whole.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Sequence

import httpcore
import httptools

READ_SIZE = 64 * 1024
MAX_HEAD_BYTES = 64 * 1024
"""Longest status line + headers accepted (as h11's default ``max_incomplete_event_size``)."""
_NO_BODY_STATUSES = frozenset({204, 304})


class _Parsed:
    """What the parser has reported of one response so far (llhttp's callbacks)."""

    __slots__ = ("body", "complete", "head_done", "headers", "keep_alive", "parser", "reason")

    def __init__(self) -> None:
        self.parser: httptools.HttpResponseParser | None = None
        self.keep_alive = False
        """Whether the connection may carry another exchange after this response, read when
        the head is complete (llhttp forgets it once the message ends)."""
        self.headers: list[tuple[bytes, bytes]] = []
        self.reason = b""
        self.head_done = False
        self.complete = False
        self.body: list[bytes] = []

    # llhttp callbacks, called from ``feed_data``
    def on_message_begin(self) -> None:
        """A new response (after an informational 1xx one): forget the previous one's head."""
        self.headers = []
        self.reason = b""
        self.head_done = False
        self.complete = False

    def on_status(self, reason: bytes) -> None:
        self.reason += reason

    def on_header(self, name: bytes, value: bytes) -> None:
        if self.headers and not name:  # a header value split over two reads
            last_name, last_value = self.headers[-1]
            self.headers[-1] = (last_name, last_value + value)
        else:
            self.headers.append((name, value))

    def on_headers_complete(self) -> None:
        self.head_done = True
        assert self.parser is not None
        self.keep_alive = self.parser.should_keep_alive()

    def on_body(self, body: bytes) -> None:
        self.body.append(body)

    def on_message_complete(self) -> None:
        self.complete = True


class H1Connection:
    """One keep-alive HTTP/1.1 connection over an ``httpcore.AsyncNetworkStream``.

    ``request`` sends one request and returns its status and headers with the body still on
    the wire; ``body`` streams it, and once it has ended ``reusable`` tells whether the
    connection can carry the next request. Used by one request at a time.
    """

    def __init__(self, stream: httpcore.AsyncNetworkStream, keepalive_expiry: float) -> None:
        self.stream = stream
        self.keepalive_expiry = keepalive_expiry
        self.idle_since = time.monotonic()
        self.reusable = True
        self.closed = False
        self._parser: httptools.HttpResponseParser | None = None
        self._parsed = _Parsed()
        self._head = False
        self._read_timeout: float | None = None

    def expired(self, now: float) -> bool:
        """Idle too long, or the server spoke (data or EOF) while nobody asked: not reusable."""
        return (now - self.idle_since > self.keepalive_expiry
                or bool(self.stream.get_extra_info("is_readable")))

    async def request(
        self,
        method: bytes,
        target: bytes,
        headers: Sequence[tuple[bytes, bytes]],
        body: bytes,
        read_timeout: float | None,
        write_timeout: float | None,
    ) -> tuple[int, bytes, list[tuple[bytes, bytes]]]:
        """Send the request, read up to the end of the response head."""
        self.reusable = False  # until the response is read to its end
        self._head = method == b"HEAD"
        self._read_timeout = read_timeout
        self._parsed = parsed = _Parsed()
        self._parser = parser = parsed.parser = httptools.HttpResponseParser(parsed)
        lines = [method, b" ", target, b" HTTP/1.1\r\n"]
        for name, value in headers:
            lines += (name, b": ", value, b"\r\n")
        lines.append(b"\r\n")
        if body:
            lines.append(body)
        await self.stream.write(b"".join(lines), timeout=write_timeout)
        received = 0
        while not parsed.head_done or 100 <= parser.get_status_code() < 200:
            if received > MAX_HEAD_BYTES:
                raise httpcore.RemoteProtocolError("response head too long")
            data = await self.stream.read(READ_SIZE, timeout=read_timeout)
            if not data:
                raise httpcore.RemoteProtocolError(
                    "Server disconnected without sending a response.")
            received += len(data)
            self._feed(data)
        if received > MAX_HEAD_BYTES and sum(len(n) + len(v) for n, v in parsed.headers) > (
                MAX_HEAD_BYTES):
            raise httpcore.RemoteProtocolError("response head too long")
        status = parser.get_status_code()
        if self._head and parsed.body:
            # A body after a HEAD answer's head: not the caller's, and the connection's state
            # is no longer known, so it is not reused.
            parsed.body.clear()
            parsed.keep_alive = False
        if self._head or status in _NO_BODY_STATUSES:
            parsed.complete = True
        return status, parsed.reason, parsed.headers

    def _feed(self, data: bytes) -> None:
        assert self._parser is not None
        try:
            self._parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            raise httpcore.RemoteProtocolError("unexpected protocol upgrade") from None
        except httptools.HttpParserError as exc:
            if self._head and self._parsed.head_done:
                return  # bytes after a HEAD response's head: the connection is not reused
            raise httpcore.RemoteProtocolError(f"malformed response: {exc}") from exc

    async def body(self) -> AsyncIterator[bytes]:
        """The body's chunks as they arrive (chunked or not); the end sets ``reusable``."""
        parsed = self._parsed
        while True:
            if parsed.body:
                chunks, parsed.body = parsed.body, []
                for chunk in chunks:
                    yield chunk
            if parsed.complete:
                break
            data = await self.stream.read(READ_SIZE, timeout=self._read_timeout)
            if not data:
                if self._ends_at_close():
                    return  # complete, and the connection is spent (``reusable`` stays False)
                raise httpcore.RemoteProtocolError(
                    "peer closed connection without sending complete message body")
            self._feed(data)
        self.reusable = parsed.keep_alive
        parsed.parser = None  # no cycle between the parser and its callbacks' object
        self.idle_since = time.monotonic()

    def _ends_at_close(self) -> bool:
        """A body with neither Content-Length nor chunked coding ends when the server closes."""
        names = {name.lower() for name, _ in self._parsed.headers}
        return b"content-length" not in names and b"transfer-encoding" not in names

    async def aclose(self) -> None:
        if not self.closed:
            self.closed = True
            await self.stream.aclose()
