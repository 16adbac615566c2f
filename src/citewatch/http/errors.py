"""The one place a transport exception becomes an ``ErrorKind`` and words for the evidence."""

from __future__ import annotations

import socket
import ssl

import httpx

from citewatch.check.classify import ErrorKind
from citewatch.http.addresses import PrivateAddress


def _causes(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and len(chain) < 10:
        chain.append(cur)
        cur = cur.__cause__ or cur.__context__
    return chain


def map_error(exc: BaseException) -> tuple[ErrorKind, str]:
    """``exc`` (httpx's, or an OS error under it) as a kind and a detail."""
    detail = f"{type(exc).__name__}: {exc}".strip().rstrip(":")
    if isinstance(exc, (httpx.TimeoutException, TimeoutError)):
        return ErrorKind.TIMEOUT, detail
    if isinstance(exc, (httpx.InvalidURL, httpx.UnsupportedProtocol)):
        return ErrorKind.INVALID_URL, detail
    for e in _causes(exc):
        if isinstance(e, PrivateAddress):
            return ErrorKind.PRIVATE, str(e)
        if isinstance(e, socket.gaierror):
            if e.errno == socket.EAI_AGAIN:
                return ErrorKind.OTHER, f"DNS temporarily unavailable: {e}"
            return ErrorKind.DNS, f"name does not resolve: {e}"
        if isinstance(e, ConnectionRefusedError):
            return ErrorKind.REFUSED, f"connection refused: {e}"
        if isinstance(e, ssl.SSLError):
            return ErrorKind.TLS, f"TLS: {e}"
        if isinstance(e, (ConnectionResetError, BrokenPipeError, ConnectionAbortedError)):
            return ErrorKind.RESET, f"connection reset: {e}"
    text = str(exc)
    if isinstance(exc, httpx.ConnectError):
        if "Name or service not known" in text or "No address associated" in text:
            return ErrorKind.DNS, f"name does not resolve: {text}"
        if "refused" in text.lower():
            return ErrorKind.REFUSED, detail
        if "SSL" in text or "CERTIFICATE" in text.upper():
            return ErrorKind.TLS, detail
        return ErrorKind.OTHER, detail
    if isinstance(exc, httpx.RemoteProtocolError):
        low = text.lower()
        if "disconnect" in low or "peer closed" in low or "connectionterminated" in low:
            return ErrorKind.RESET, detail
        return ErrorKind.PROTOCOL, detail
    if isinstance(exc, (httpx.ReadError, httpx.WriteError, ConnectionError)):
        return ErrorKind.RESET, detail
    if isinstance(exc, httpx.ProtocolError):
        return ErrorKind.PROTOCOL, detail
    return ErrorKind.OTHER, detail
