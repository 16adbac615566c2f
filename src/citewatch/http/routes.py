"""Where a connection really goes: curl's ``--connect-to`` and ``--resolve``.

``--connect-to HOST1:PORT1:HOST2:PORT2`` sends connections meant for HOST1:PORT1 to
HOST2:PORT2 (empty HOST1 or PORT1: any; empty HOST2 or PORT2: unchanged); the first entry
that matches wins. ``--resolve HOST:PORT:ADDR[,ADDR…]`` gives the addresses of HOST:PORT
(``*`` as HOST: any host) instead of asking DNS; it applies to the host and port after
``--connect-to``, as in curl. Only the TCP connection moves: the URL, the ``Host`` header, TLS
SNI and certificate verification keep the original name, which is what lets a staging server
or a test web answer for a real hostname. IPv6 addresses are written in brackets.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass


@dataclass(frozen=True)
class ConnectTo:
    """One ``--connect-to`` entry; empty fields (``""``/None) match any or keep the original."""

    host: str
    port: int | None
    to_host: str
    to_port: int | None

    def __str__(self) -> str:
        return ":".join((_show(self.host), _port(self.port), _show(self.to_host),
                         _port(self.to_port)))


@dataclass(frozen=True)
class Resolve:
    """One ``--resolve`` entry: ``host`` (``*``: any) on ``port`` is at ``addresses``."""

    host: str
    port: int
    addresses: tuple[str, ...]

    def __str__(self) -> str:
        return f"{_show(self.host)}:{self.port}:{','.join(_show(a) for a in self.addresses)}"


def _show(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _port(port: int | None) -> str:
    return "" if port is None else str(port)


def _fields(text: str, n: int) -> list[str]:
    """``text`` split on ``:`` into ``n`` fields, bracketed IPv6 addresses kept whole
    (the last field takes the rest, for ``--resolve``'s address list)."""
    out: list[str] = []
    rest = text
    while len(out) < n - 1:
        if rest.startswith("["):
            end = rest.find("]")
            if end < 0 or rest[end + 1: end + 2] != ":":
                raise ValueError(f"unclosed '[' in {text!r}")
            out.append(rest[1:end])
            rest = rest[end + 2:]
            continue
        field, sep, rest = rest.partition(":")
        if not sep:
            raise ValueError(f"expected {n} fields separated by ':' in {text!r}")
        out.append(field)
    out.append(rest)
    return out


def _parse_port(text: str, entry: str, *, optional: bool) -> int | None:
    if not text and optional:
        return None
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise ValueError(f"bad port {text!r} in {entry!r} (1-65535)")
    return int(text)


def _address(text: str, entry: str) -> str:
    bare = text[1:-1] if text.startswith("[") and text.endswith("]") else text
    try:
        return str(ipaddress.ip_address(bare))
    except ValueError:
        raise ValueError(f"bad address {text!r} in {entry!r} (an IPv4 or [IPv6] address)") \
            from None


def parse_connect_to(text: str) -> ConnectTo:
    """``HOST1:PORT1:HOST2:PORT2`` → :class:`ConnectTo`; ``ValueError`` says what is wrong."""
    host, port, to_host, to_port = _fields(text.strip(), 4)
    if ":" in to_port:
        raise ValueError(f"expected HOST1:PORT1:HOST2:PORT2, got {text!r}")
    return ConnectTo(host.lower(), _parse_port(port, text, optional=True), to_host.lower(),
                     _parse_port(to_port, text, optional=True))


def parse_resolve(text: str) -> Resolve:
    """``HOST:PORT:ADDR[,ADDR…]`` → :class:`Resolve`; ``ValueError`` says what is wrong."""
    host, port, addrs = _fields(text.strip(), 3)
    if not host:
        raise ValueError(f"missing host in {text!r} (use '*' for any host)")
    parsed = _parse_port(port, text, optional=False)
    assert parsed is not None
    addresses = tuple(_address(a.strip(), text) for a in addrs.split(",") if a.strip())
    if not addresses:
        raise ValueError(f"missing address in {text!r}")
    return Resolve(host.lower(), parsed, addresses)


@dataclass(frozen=True)
class Target:
    """Where to open the TCP connection for one origin."""

    host: str
    port: int
    addresses: tuple[str, ...] | None
    """Fixed by ``--resolve``; None: ask DNS for ``host``."""


@dataclass(frozen=True)
class Routes:
    """The run's ``--connect-to`` and ``--resolve`` entries, in the order given."""

    connect_to: tuple[ConnectTo, ...] = ()
    resolve: tuple[Resolve, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.connect_to or self.resolve)

    def names(self, host: str) -> bool:
        """Whether some entry may route ``host`` (on some port)."""
        host = host.lower().strip("[]")
        return any(r.host in ("", host) for r in self.connect_to) or any(
            r.host in ("*", host) for r in self.resolve)

    def target(self, host: str, port: int) -> Target:
        """Where a connection for ``host:port`` goes."""
        host = host.lower().strip("[]")
        for rule in self.connect_to:
            if rule.host in ("", host) and rule.port in (None, port):
                host = rule.to_host or host
                port = rule.to_port or port
                break
        for entry in self.resolve:
            if entry.host in ("*", host) and entry.port == port:
                return Target(host, port, entry.addresses)
        return Target(host, port, None)
