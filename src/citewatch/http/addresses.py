"""Which addresses ``--no-private`` refuses: private, loopback, link-local and the like.

The rule lives here because the network backend applies it to the address it is about to
connect to (after ``--connect-to``/``--resolve``), and the checker's early guard applies it
to what a name resolves to.
"""

from __future__ import annotations

import ipaddress


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


class PrivateAddress(OSError):
    """A connection refused by ``--no-private``; its message says which address and why."""
