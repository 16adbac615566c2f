"""Values of the link-check stage."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a worker process imports this module; extraction's modules stay out
    from citewatch.citations.seen import SeenDate


class LinkStatus(StrEnum):
    """The class of one check's outcome. A dead link is a result, not an exception."""

    ALIVE = "alive"
    REDIRECTED = "redirected"
    """Permanently moved to another URL that is alive (update the citation)."""
    DEAD = "dead"
    """404/410, name not resolvable, connection refused, host gone."""
    SOFT404 = "soft404"
    """A 200 page that is really "not found", a deep link sent home, a parked domain."""
    BLOCKED = "blocked"
    """401/403/429/999, bot walls, paywalls, login walls: needs a human, not dead."""
    TIMEOUT = "timeout"
    ERROR = "error"
    """TLS, protocol, too many redirects, redirect loop: see ``error``."""
    EXCLUDED = "excluded"
    """Not checked because of an include/exclude rule or ``--no-private``."""
    UNCHECKED = "unchecked"
    """Not attempted, or not finished, before the run's ``--deadline``: says nothing about the
    link, so it is never recorded in the history nor counted towards broken."""

    @property
    def is_failure(self) -> bool:
        """Counts towards "broken" in the history policy."""
        return self in (LinkStatus.DEAD, LinkStatus.SOFT404, LinkStatus.TIMEOUT, LinkStatus.ERROR)


@dataclass(frozen=True)
class Hop:
    """One redirect hop."""

    url: str
    status: int
    location: str
    permanent: bool


@dataclass(frozen=True)
class Citing:
    """Where a URL is cited, and what the citation there says about it."""

    document: str
    note: str | None
    key: str | None
    line: int | None = None
    """1-based line of the document where the URL (or the short form repeating it) stands."""
    printed: str | None = None
    """The URL as printed there (before a scheme was added or a repair was made)."""
    seen: SeenDate | None = None
    """When the citation saw the page: the date its archived copy should come before."""


@dataclass(frozen=True)
class CheckResult:
    """The outcome of checking one URL once."""

    url: str
    status: LinkStatus
    http_status: int | None = None
    final_url: str | None = None
    redirects: tuple[Hop, ...] = ()
    error: str | None = None
    """What went wrong, in words (exception class and message, or the evidence for soft404/blocked)."""
    checked_at: str = ""
    """ISO 8601 UTC time of the check."""
    latency_ms: float | None = None
    requests: int = 0
    """HTTP requests this check sent (retries and redirect hops included)."""
    from_cache: bool = False
    """Reused from the history within ``--max-age`` without a request."""
    evidence: tuple[str, ...] = field(default=())
    """Signals behind the class (e.g. "random-path probe answered 200 with same body")."""
