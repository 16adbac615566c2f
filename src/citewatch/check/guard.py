"""``--no-private``: never send a request to a private, loopback or link-local address.

A document can cite ``http://192.168.1.1/admin`` or a name that resolves to 127.0.0.1; a
checker run in CI should not probe its own network. The host name is resolved first and every
address it resolves to must be public; each redirect hop is checked again.

Known gap: httpx resolves the name again when it connects, so a name that changes its answer
between the two look-ups (DNS rebinding) can slip through.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket


def refused_address(ip: str) -> str | None:
    """Why ``ip`` is not public (e.g. "loopback"), or None when it may be contacted."""
    try:
        addr = ipaddress.ip_address(ip.split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    for name in ("unspecified", "loopback", "link_local", "private", "multicast", "reserved"):
        if getattr(addr, f"is_{name}"):
            return name.replace("_", "-")
    if not addr.is_global:
        return "not globally routable"
    return None


class Guard:
    """Resolves each host once per run and remembers whether it is refused."""

    def __init__(self) -> None:
        self._verdicts: dict[str, str | None] = {}

    async def refuse(self, host: str) -> str | None:
        """A reason to refuse ``host`` (name or address), or None. Unresolvable names pass."""
        if host in self._verdicts:
            return self._verdicts[host]
        reason: str | None = None
        literal = host.strip("[]")
        try:
            ipaddress.ip_address(literal.split("%", 1)[0])
            addresses = [literal]
        except ValueError:
            try:
                infos = await asyncio.get_running_loop().getaddrinfo(
                    host, None, type=socket.SOCK_STREAM
                )
            except (OSError, UnicodeError):
                infos = []  # the request itself will report the DNS failure
            addresses = [str(info[4][0]) for info in infos]
        for ip in addresses:
            why = refused_address(ip)
            if why is not None:
                reason = f"{host} resolves to {why} address {ip} (--no-private)"
                break
        self._verdicts[host] = reason
        return reason
