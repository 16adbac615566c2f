"""``--no-private``: never send a request to a private, loopback or link-local address.

A document can cite ``http://192.168.1.1/admin`` or a name that resolves to 127.0.0.1; a
checker run in CI should not probe its own network. The host name is resolved first and every
address it resolves to must be public; each redirect hop is checked again.

This guard answers early, without a connection, for hosts that are not routed by
``--connect-to``/``--resolve``; the network backend (``citewatch.http.backend``) applies the
same rule again to the address it connects to, so a routed host is judged by its mapped
address and a name that changes its answer between the two look-ups (DNS rebinding) is still
refused.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket

from citewatch.http.addresses import refused_address
from citewatch.http.routes import Routes

__all__ = ["Guard", "refused_address"]


class Guard:
    """Resolves each host once per run and remembers whether it is refused."""

    def __init__(self, routes: Routes | None = None) -> None:
        self._verdicts: dict[str, str | None] = {}
        self._routes = routes or Routes()

    async def refuse(self, host: str) -> str | None:
        """A reason to refuse ``host`` (name or address), or None. Unresolvable names pass."""
        if host in self._verdicts:
            return self._verdicts[host]
        if self._routes.names(host):
            return None  # judged at connect time, by the address it is routed to
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
