"""``HttpOptions``: how a stage talks HTTP, as plain values (no httpx import), so settings
and option types can name it without loading the client (see :mod:`citewatch.http.client`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from citewatch.http.routes import Routes


@dataclass(frozen=True)
class HttpOptions:
    """How a stage talks HTTP. Times are seconds."""

    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    pool_timeout: float = 30.0
    """Longest wait for a free connection."""
    max_concurrency: int = 128
    """Connections open at once through one proxy (direct connections are per origin)."""
    per_host_concurrency: int = 2
    """Connections open at once to one origin."""
    http2: bool = True
    verify_tls: bool = True
    ca_bundle: str | None = None
    """CA file to trust; when None, ``SSL_CERT_FILE`` / ``REQUESTS_CA_BUNDLE`` / certifi."""
    headers: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}), hash=False)
    """Headers sent with every request."""
    routes: Routes = field(default_factory=Routes)
    """``--connect-to`` and ``--resolve``."""
    no_private: bool = False
    """Refuse connections to private, loopback and link-local addresses (after routing)."""
