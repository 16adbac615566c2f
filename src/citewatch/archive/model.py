"""Values of the archive stage: what to look up, how politely, and what was found.

Every endpoint is derived from ``ArchiveOptions.wayback_url`` so that a local stand-in, a
mirror or another Wayback-software archive (e.g. Arquivo.pt) can be used instead of
web.archive.org.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from enum import StrEnum

from citewatch.citations.seen import end_of
from citewatch.http.options import HttpOptions
from citewatch.url import absolute

DEFAULT_WAYBACK_URL = "https://web.archive.org"
DEFAULT_AVAILABILITY_URL = "https://archive.org/wayback/available"
"""Documented home of the availability API (archive.org/help/wayback_api.php)."""

ACCESS_KEY_ENV = "WAYBACK_ACCESS_KEY"
"""Environment variable holding the archive.org S3-style access key for Save Page Now 2."""
SECRET_KEY_ENV = "WAYBACK_SECRET_KEY"
"""Environment variable holding the matching secret key."""


class SnapshotSource(StrEnum):
    """Which API found a snapshot."""

    CDX = "cdx"
    AVAILABILITY = "availability"
    MEMENTO = "memento"
    SAVE = "save"


class ArchiveOutcome(StrEnum):
    """The class of one lookup's outcome. "No capture" is a result, not an error."""

    FOUND = "found"
    NOT_ARCHIVED = "not-archived"
    """The archive answered and holds no capture that replays."""
    RATE_LIMITED = "rate-limited"
    """The archive kept answering 429: we stopped asking it for this run."""
    ERROR = "error"
    """The archive could not be asked (network error, 5xx, bad answer)."""


class SaveMethod(StrEnum):
    """How to ask for a capture."""

    AUTO = "auto"
    """SPN2 when keys are set; else the anonymous save, on web.archive.org only."""
    SPN2 = "spn2"
    """Save Page Now 2 (``POST /save`` with keys, job status polled), via httpx."""
    WAYBACKPY = "waybackpy"
    """The anonymous ``GET /save/<url>`` (waybackpy's ``WaybackMachineSaveAPI`` request; the
    setting keeps that name), sent through citewatch's HTTP layer."""


class SaveOutcome(StrEnum):
    """The class of one Save Page Now attempt."""

    SAVED = "saved"
    RECENT = "recent"
    """A capture within ``SaveOptions.recent_days`` exists; nothing was saved."""
    FAILED = "failed"
    TIMEOUT = "timeout"
    """The save job did not finish before the deadline (it may still finish later)."""
    RATE_LIMITED = "rate-limited"
    NO_CREDENTIALS = "no-credentials"
    """SPN2 needs keys, and the anonymous save is only tried on web.archive.org itself."""


class RepairConfirmation(StrEnum):
    """What showed that a repair candidate is the URL the author meant."""

    LIVE = "live"
    """The candidate answers as a working link."""
    ARCHIVE = "archive-index"
    """The archive's index holds a capture of the candidate."""


@dataclass(frozen=True)
class SaveOptions:
    """Settings of ``--save`` (Save Page Now). Off unless asked for."""

    enabled: bool = False
    """Whether the pipeline asks for captures of live URLs (``--save``)."""
    method: SaveMethod = SaveMethod.AUTO
    recent_days: int = 30
    """Do not save a URL that has a 2xx capture within this many days."""
    access_key: str | None = field(default=None, repr=False)
    """SPN2 access key; ``from_env`` reads ``WAYBACK_ACCESS_KEY``."""
    secret_key: str | None = field(default=None, repr=False)
    """SPN2 secret key; ``from_env`` reads ``WAYBACK_SECRET_KEY``."""
    rate: float = 0.2
    """Save requests per second (SPN allows about 15 a minute per account)."""
    poll_interval: float = 5.0
    """Seconds between two job-status requests."""
    max_polls: int = 24
    """Status requests per job before giving up with ``TIMEOUT``."""
    deadline: float = 180.0
    """Seconds one save may take in all."""

    @property
    def has_credentials(self) -> bool:
        return bool(self.access_key and self.secret_key)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **kwargs: object) -> SaveOptions:
        """Save options with the keys taken from the environment (never from config files)."""
        env = os.environ if environ is None else environ
        return cls(
            access_key=env.get(ACCESS_KEY_ENV) or None,
            secret_key=env.get(SECRET_KEY_ENV) or None,
            **kwargs,  # type: ignore[arg-type]
        )


@dataclass(frozen=True)
class ArchiveOptions:
    """How to ask the archive, and how politely. Defaults suit web.archive.org."""

    wayback_url: str = DEFAULT_WAYBACK_URL
    """Base URL of a Wayback-software archive; CDX, replay, TimeMap and save derive from it."""
    availability_url: str | None = None
    """Availability API endpoint; None derives it (archive.org's own, or ``<wayback_url>/wayback/available``)."""
    memento_url: str | None = None
    """Base of a Memento aggregator (``<base>/timemap/link/<url>``), asked when the Wayback
    has nothing; None skips it."""
    cdx_rate: float = 1.0
    """Index requests (CDX, availability, TimeMap) per second."""
    replay_rate: float = 1.0
    """Replay requests (confirming that a capture plays back) per second."""
    max_429: int = 4
    """429 answers after which the archive is given up for the run (not the run itself)."""
    backoff: float = 5.0
    """First wait after a 429 without Retry-After, in seconds; doubles each time."""
    max_backoff: float = 120.0
    """Longest wait honoured after one 429 (a longer Retry-After gives the archive up)."""
    timeout: float = 30.0
    """Seconds for one HTTP request."""
    window: int = 25
    """Captures nearest the target date fetched by one CDX request."""
    max_replays: int = 3
    """Candidates tried (replayed) per URL before falling back."""
    confirm_replay: bool = True
    """Check that a chosen capture replays (``/web/<ts>id_/<url>`` answers 2xx)."""
    use_availability: bool = True
    """Ask the availability API when the CDX API fails."""
    concurrency: int = 4
    """Lookups in flight at once (the rate limiters still bound the request rate)."""
    cache_max_age_days: float = 30.0
    """Reuse a cached lookup younger than this."""
    user_agent: str = "citewatch (link checker for cited URLs)"
    save: SaveOptions = field(default_factory=SaveOptions)
    network: HttpOptions = field(default_factory=HttpOptions)
    """Connections as configured for the run (CA bundle, ``--connect-to``/``--resolve``);
    the archive's own ``timeout`` and ``user_agent`` are put on top (``http_options``)."""

    def http_options(self) -> HttpOptions:
        """``network`` with this stage's timeouts, User-Agent and connection count. Never
        ``--no-private``: the archive is a configured service, not a cited link."""
        return replace(
            self.network,
            connect_timeout=self.timeout,
            read_timeout=self.timeout,
            pool_timeout=self.timeout,
            per_host_concurrency=max(2, self.concurrency),
            headers={"User-Agent": self.user_agent},
            no_private=False,
        )

    @property
    def base(self) -> str:
        return self.wayback_url.rstrip("/")

    @property
    def cdx_endpoint(self) -> str:
        return f"{self.base}/cdx/search/cdx"

    @property
    def availability_endpoint(self) -> str:
        if self.availability_url:
            return self.availability_url
        if self.base == DEFAULT_WAYBACK_URL:
            return DEFAULT_AVAILABILITY_URL
        return f"{self.base}/wayback/available"

    def replay_url(self, timestamp: str, url: str, *, raw: bool = True) -> str:
        """``/web/<ts>id_/<url>`` (original bytes) or ``/web/<ts>/<url>`` (for people)."""
        return f"{self.base}/web/{timestamp}{'id_' if raw else ''}/{url}"

    def timemap_url(self, url: str) -> str:
        return f"{self.base}/web/timemap/link/{url}"


@dataclass(frozen=True)
class ArchiveRequest:
    """One URL to find an archived copy of."""

    url: str
    """Absolute URL as cited."""
    target_date: date | None = None
    """When the author saw it (see ``target_date_for``); None means today."""


@dataclass(frozen=True)
class Snapshot:
    """One archived copy."""

    url: str
    """The URL as the archive recorded it."""
    archive_url: str
    """Where a person can read the copy (``<wayback>/web/<timestamp>/<url>``)."""
    timestamp: str
    """Capture time, ``YYYYMMDDhhmmss`` UTC."""
    status: int | None
    """HTTP status the archive recorded (None when unknown, e.g. a Memento)."""
    source: SnapshotSource

    @property
    def captured_at(self) -> datetime:
        return datetime.strptime(self.timestamp[:14].ljust(14, "0"), "%Y%m%d%H%M%S").replace(
            tzinfo=UTC
        )


@dataclass(frozen=True)
class ArchiveResult:
    """The outcome of looking one URL up."""

    url: str
    snapshot: Snapshot | None
    reason: str
    """In words: "capture before 2019-05-01", "archive unavailable (rate limited)"…"""
    requests: int = 0
    """HTTP requests this lookup sent (0 when answered from the cache)."""
    outcome: ArchiveOutcome = ArchiveOutcome.NOT_ARCHIVED
    target_date: date | None = None
    from_cache: bool = False
    looked_up_at: str = ""
    """ISO 8601 UTC time of the lookup (of the original lookup when cached)."""


@dataclass(frozen=True)
class SaveResult:
    """The outcome of asking the archive to capture one live URL."""

    url: str
    outcome: SaveOutcome
    snapshot: Snapshot | None = None
    reason: str = ""
    requests: int = 0
    job_id: str | None = None


@dataclass(frozen=True)
class Repair:
    """ "Probably meant X": the URL a printed URL damaged by text extraction stands for,
    and what confirmed it. The report checks and classifies this URL in its place."""

    url: str
    """The repaired URL, absolute (what was checked)."""
    evidence: str
    """Which extraction artefact was undone ("hyphen re-inserted at the line break"…)."""
    confirmed_by: RepairConfirmation
    archive_url: str | None = None
    """The capture that confirmed it, when the archive's index did."""


@dataclass(frozen=True)
class RepairSuggestion:
    """ "Probably meant X": a repaired URL with its evidence, confirmed or not (the archive
    stage's answer). Never applied silently: :meth:`confirmed` is the :class:`Repair` the
    report and the store use."""

    original: str
    """The URL as extracted (``FoundUrl.url``)."""
    candidate: str
    """The repaired URL."""
    evidence: str
    """Which extraction artefact was undone ("hyphen re-inserted at the line break"…)."""
    confirmed_by: RepairConfirmation | None
    """None for an unconfirmed candidate (only returned when asked for)."""
    archive_url: str | None = None
    """A capture of the candidate when the archive confirmed it."""

    def confirmed(self) -> Repair | None:
        """The repair, when something confirmed the candidate; None otherwise."""
        if self.confirmed_by is None:
            return None
        return Repair(absolute(self.candidate), self.evidence, self.confirmed_by,
                      self.archive_url)


def target_date_for(
    accessed_iso: str | None, date_iso: str | None = None, document_date_iso: str | None = None
) -> date | None:
    """The date a cited page should be seen as of: access date, else the work's date, else
    the document's date; None (today) when none parses.

    A partial date stands for its last day: a page cited as "2019" was seen at some time in
    2019, so captures made during 2019 count as "before" it.
    """
    for iso in (accessed_iso, date_iso, document_date_iso):
        if iso:
            parsed = end_of(iso)
            if parsed is not None:
                return parsed
    return None
