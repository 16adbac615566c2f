"""httpcore's network layer on the running asyncio (or uvloop) loop, with curl's routing.

Why a backend of our own: httpcore's default one goes through anyio, whose per-read cancel
scopes, typed attribute lookups and readability polls cost about as much CPU as HTTP parsing;
with thousands of short exchanges the checker was CPU-bound on them. It is plugged in through
httpcore's public ``AsyncConnectionPool(network_backend=…)`` (see ``transport``).

Connecting is also where ``--connect-to``/``--resolve`` (``routes``) move the TCP connection
and where ``--no-private`` judges the address really connected to, so a mapping and a DNS
answer are held to the same rule, with no second look-up between check and connect.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import Iterable
from typing import Any, cast

import httpcore

from citewatch.http.addresses import PrivateAddress, refused_address
from citewatch.http.routes import Routes

READ_HIGH_WATER = 1 << 20
"""Bytes buffered from one socket before it stops reading until the reader catches up."""


class _Protocol(asyncio.Protocol):
    """Buffers one connection's bytes and wakes the one reader or writer waiting on it."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.chunks: list[bytes] = []
        self.size = 0
        self.eof = False
        self.error: BaseException | None = None
        self.waiter: asyncio.Future[None] | None = None
        self.drained: asyncio.Future[None] | None = None
        self.read_paused = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's is no subclass

    def data_received(self, data: bytes) -> None:
        self.chunks.append(data)
        self.size += len(data)
        if self.size > READ_HIGH_WATER and self.transport is not None and not self.read_paused:
            self.read_paused = True
            self.transport.pause_reading()
        self._wake()

    def eof_received(self) -> bool:
        self.eof = True
        self._wake()
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self.eof = True
        self.error = exc
        self._wake()
        if self.drained is not None and not self.drained.done():
            self.drained.set_result(None)

    def pause_writing(self) -> None:
        if self.drained is None or self.drained.done():
            self.drained = asyncio.get_running_loop().create_future()

    def resume_writing(self) -> None:
        if self.drained is not None and not self.drained.done():
            self.drained.set_result(None)

    def _wake(self) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(None)


def _expire(future: asyncio.Future[None], exc: Exception) -> None:
    if not future.done():
        future.set_exception(exc)


async def _wait(future: asyncio.Future[None], timeout: float | None, exc: Exception) -> None:
    """Await ``future``, failing with ``exc`` after ``timeout`` (one timer, no extra task)."""
    if timeout is None:
        await future
        return
    timer = asyncio.get_running_loop().call_later(timeout, _expire, future, exc)
    try:
        await future
    finally:
        timer.cancel()


class _Stream(httpcore.AsyncNetworkStream):
    """One TCP (or TLS) connection driven straight by the event loop."""

    def __init__(self, transport: asyncio.Transport, protocol: _Protocol) -> None:
        self._transport = transport
        self._protocol = protocol

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        proto = self._protocol
        if not proto.chunks and not proto.eof:
            proto.waiter = asyncio.get_running_loop().create_future()
            try:
                await _wait(proto.waiter, timeout, httpcore.ReadTimeout("read timed out"))
            finally:
                proto.waiter = None
        if proto.chunks:
            data = proto.chunks[0]
            if len(data) > max_bytes:
                proto.chunks[0] = data[max_bytes:]
                data = data[:max_bytes]
            else:
                del proto.chunks[0]
            proto.size -= len(data)
            if proto.read_paused and proto.size < READ_HIGH_WATER // 2:
                proto.read_paused = False
                self._transport.resume_reading()
            return data
        if proto.error is not None:
            raise httpcore.ReadError(str(proto.error)) from proto.error
        return b""

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        proto = self._protocol
        if self._transport.is_closing():
            raise httpcore.WriteError("connection closed") from proto.error
        self._transport.write(buffer)
        if proto.drained is not None and not proto.drained.done():
            await _wait(proto.drained, timeout, httpcore.WriteTimeout("write timed out"))
            if proto.error is not None:
                raise httpcore.WriteError(str(proto.error)) from proto.error

    async def aclose(self) -> None:
        if self._transport.get_extra_info("ssl_object") is not None:
            # No TLS close_notify, as httpcore's anyio backend (standard_compatible=False):
            # the socket goes at once instead of a shutdown that may outlive the loop.
            self._transport.abort()
        else:
            self._transport.close()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(timeout):
                transport = await loop.start_tls(
                    self._transport, self._protocol, ssl_context,
                    server_hostname=server_hostname,
                )
        except TimeoutError as exc:
            self._transport.close()
            raise httpcore.ConnectTimeout(str(exc)) from exc
        except (OSError, ssl.SSLError) as exc:
            self._transport.close()
            raise httpcore.ConnectError(str(exc)) from exc
        if transport is None:
            raise httpcore.ConnectError("connection closed during the TLS handshake")
        self._protocol.transport = transport
        return _Stream(transport, self._protocol)

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable":
            # An idle connection that has data or EOF waiting is expired (httpcore's check).
            return bool(self._protocol.chunks) or self._protocol.eof
        if info == "client_addr":
            return self._transport.get_extra_info("sockname")
        if info == "server_addr":
            return self._transport.get_extra_info("peername")
        if info in ("ssl_object", "socket"):
            return self._transport.get_extra_info(info)
        return None


def _consume(future: asyncio.Future[Any]) -> None:
    """Retrieve a finished lookup's exception, so one that outlived its caller's timeout is
    not logged as "Future exception was never retrieved"."""
    if not future.cancelled():
        future.exception()


def _refuse_private(host: str, addresses: list[str]) -> None:
    """Raise ``PrivateAddress`` when one of the addresses ``host`` leads to is not public."""
    for ip in addresses:
        why = refused_address(ip)
        if why is not None:
            raise PrivateAddress(f"{host} resolves to {why} address {ip} (--no-private)")


async def _resolve(loop: asyncio.AbstractEventLoop, host: str, port: int) -> list[str]:
    """The host's addresses. The lookup runs in a thread that a timeout cannot stop, so it is
    shielded and its outcome consumed whenever it ends."""
    lookup = asyncio.ensure_future(loop.getaddrinfo(host, port, type=socket.SOCK_STREAM))
    lookup.add_done_callback(_consume)
    infos = await asyncio.shield(lookup)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


async def _connect_first(
    loop: asyncio.AbstractEventLoop, addresses: list[str], port: int, local_address: str | None
) -> tuple[asyncio.Transport, _Protocol]:
    """Connect to the first address that accepts, one after another."""
    error: OSError = OSError("no address to connect to")
    for address in addresses:
        try:
            transport, protocol = await loop.create_connection(
                _Protocol, address, port,
                local_addr=(local_address, 0) if local_address else None,
            )
        except OSError as exc:
            error = exc
            continue
        return transport, protocol
    raise error


class LoopBackend(httpcore.AsyncNetworkBackend):
    """Connections driven straight by the event loop: one protocol object per connection,
    the same contract as httpcore's backends (timeouts per read/write, httpcore's exception
    types chained to the OS error, so ``errors.map_error`` sees the same causes).

    ``connects`` counts TCP connections opened: tests use it to prove this backend is the one
    in use.
    """

    def __init__(self, routes: Routes | None = None, *, no_private: bool = False) -> None:
        self.routes = routes or Routes()
        self.no_private = no_private
        self.connects = 0

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        target = self.routes.target(host, port)
        try:
            async with asyncio.timeout(timeout):
                addresses = list(target.addresses or await _resolve(loop, target.host, port))
                if self.no_private:
                    _refuse_private(host, addresses)
                transport, protocol = await _connect_first(
                    loop, addresses, target.port, local_address
                )
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(str(exc)) from exc
        except OSError as exc:
            raise httpcore.ConnectError(str(exc)) from exc
        self.connects += 1
        sock = transport.get_extra_info("socket")
        for option in socket_options or ():
            if sock is not None:
                sock.setsockopt(*option)
        return _Stream(transport, protocol)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(timeout):
                transport, protocol = await loop.create_unix_connection(_Protocol, path)
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(str(exc)) from exc
        except OSError as exc:
            raise httpcore.ConnectError(str(exc)) from exc
        return _Stream(transport, protocol)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)
