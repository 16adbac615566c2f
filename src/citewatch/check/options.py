"""Every knob of the link checker in one frozen value, with defaults that suit most runs.

The CLI merges config file → environment → flags into one ``CheckOptions``; the engine
never reads settings from anywhere else (proxy and CA variables excepted, see ``client``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from citewatch.http.routes import ConnectTo, Resolve

DEFAULT_USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0 Safari/537.36 citewatch/0.1"
)
"""Browser-like, because many sites answer bare library agents with 403; the suffix names us."""

WORKERS_MIN_URLS = 2000
"""Below this many URLs a second process costs more (start-up, imports) than it saves."""

DEFAULT_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

_EMPTY: Mapping[str, Mapping[str, str]] = MappingProxyType({})


@dataclass(frozen=True)
class CheckOptions:
    """How to check links. Times are seconds."""

    connect_timeout: float = 10.0
    """Time to open a TCP (+TLS) connection."""
    read_timeout: float = 20.0
    """Longest silence while waiting for bytes of the answer."""
    request_timeout: float = 30.0
    """Whole exchange for one request (send, headers, bounded body), after a slot is granted."""
    deadline: float | None = None
    """Bound on the whole run; URLs not finished by then get ``unchecked`` (never a failure)."""

    max_concurrency: int = 128
    """Requests in flight at once over all hosts (lychee's default)."""
    per_host_concurrency: int = 2
    """Requests in flight at once to one host name."""
    min_host_interval: float = 0.0
    """Least time between the starts of two requests to one host."""
    workers: int = 0
    """Processes that share the checking, hosts split between them: 0 = auto (2 when there
    are at least ``WORKERS_MIN_URLS`` URLs to check and 2 CPUs), 1 = this process only."""

    user_agent: str = DEFAULT_USER_AGENT
    accept: str = DEFAULT_ACCEPT
    accept_language: str = "en-US,en;q=0.8"
    headers: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}), hash=False)
    """Extra headers sent to every host."""
    host_headers: Mapping[str, Mapping[str, str]] = field(
        default_factory=lambda: _EMPTY, hash=False
    )
    """Headers (e.g. a token) sent only to one origin, keyed by ``host``, ``host:port`` or
    ``scheme://host:port`` (no scheme = https, no port = default): never to another host,
    port or scheme after a redirect (see ``check.headers``)."""

    max_redirects: int = 10
    max_body_bytes: int = 256 * 1024
    """GET reads at most this much of a body (enough for titles, bot walls, soft-404 comparison)."""

    max_retries: int = 3
    """Retries after the first try, for timeouts, resets, 5xx, 408 and 429."""
    backoff_base: float = 0.5
    """First backoff delay; doubles each retry, with jitter."""
    backoff_max: float = 8.0
    retry_after_cap: float = 30.0
    """Longest ``Retry-After`` we wait; a longer one ends the retries (the host asked us to go)."""

    include: tuple[str, ...] = ()
    """Regexes: when given, only URLs matching one are checked (include beats exclude)."""
    exclude: tuple[str, ...] = ()
    """Regexes: URLs matching one are not checked (status ``excluded``)."""
    accept_status: frozenset[int] = frozenset()
    """Extra HTTP status codes that count as alive."""
    no_private: bool = False
    """Refuse hosts that resolve to private, loopback or link-local addresses."""

    soft404: bool = True
    """Probe each host once with a random path to detect pages that are really "not found"."""
    http2: bool = True
    verify_tls: bool = True
    ca_bundle: str | None = None
    """CA file to trust; when None, ``SSL_CERT_FILE`` / ``REQUESTS_CA_BUNDLE`` / certifi."""
    connect_to: tuple[ConnectTo, ...] = ()
    """curl's ``--connect-to``: connections for one host:port go to another."""
    resolve: tuple[Resolve, ...] = ()
    """curl's ``--resolve``: the addresses of a host:port, instead of DNS."""
