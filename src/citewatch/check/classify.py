"""From observed facts to a ``LinkStatus`` with evidence: a pure function, tested without a network.

The engine gathers an ``Observation`` (final status, redirect chain, error kind, a bounded body
sample, the soft-404 probe comparison) and ``classify`` decides. Order matters: transport
errors, then redirect-chain faults, then HTTP status, then the content signals of a 2xx page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from urllib.parse import urlsplit

from citewatch.check import notfound
from citewatch.check.model import Hop, LinkStatus
from citewatch.lazy import lazy_pattern


class ErrorKind(StrEnum):
    """Why no usable HTTP answer came back."""

    DNS = "dns"
    REFUSED = "refused"
    TIMEOUT = "timeout"
    RESET = "reset"
    TLS = "tls"
    PROTOCOL = "protocol"
    TOO_MANY_REDIRECTS = "too-many-redirects"
    REDIRECT_LOOP = "redirect-loop"
    INVALID_URL = "invalid-url"
    PRIVATE = "private"
    THROTTLED = "throttled"
    """Not asked: the host wanted a pause longer than the cap earlier in this run."""
    DEADLINE = "deadline"
    OTHER = "other"


@dataclass(frozen=True)
class ProbeComparison:
    """How the host answered a random path that cannot exist, compared with the cited page."""

    probe_status: int | None
    """Final status of the random-path probe (after redirects); None if the probe failed."""
    probe_final_url: str | None = None
    same_final_url: bool = False
    """Probe and cited URL ended on the same URL (both sent to one error or home page)."""
    body_similarity: float = 0.0
    """Jaccard similarity of word shingles of the two normalised bodies, 0..1."""
    same_title: bool = False


@dataclass(frozen=True)
class Observation:
    """Everything the engine saw for one URL."""

    url: str
    status: int | None = None
    """HTTP status of the last response (after redirects)."""
    final_url: str | None = None
    redirects: tuple[Hop, ...] = ()
    error: ErrorKind | None = None
    detail: str = ""
    """Words for the error (exception class and message)."""
    headers: Mapping[str, str] = field(default_factory=dict)
    """Headers of the last response, names lower-cased."""
    title: str | None = None
    heading: str | None = None
    """Text of the page's first ``<h1>``."""
    prose_words: int = 0
    """Words in the page's ``<p>`` elements (an article's length, see ``notfound``); the
    engine counts them only when ``notfound.weighs_prose`` says the title needs them."""
    text: str | None = None
    """Normalised text of the body sample; None when only HEAD was sent."""
    probe: ProbeComparison | None = None
    retry_note: str = ""
    """Why retries stopped (e.g. Retry-After above the cap)."""


@dataclass(frozen=True)
class Verdict:
    """The class of a URL and why."""

    status: LinkStatus
    error: str | None = None
    evidence: tuple[str, ...] = ()


DEAD_STATUSES = frozenset({404, 410})
BLOCKED_STATUSES = frozenset({401, 402, 403, 407, 429, 451, 999})
DUPLICATE_BODY = 0.9
"""Shingle similarity above which two pages are "the same page" (Bar-Yossef et al. 2004)."""
SIMILAR_BODY = 0.5
"""Lower similarity that counts together with a same title or a "not found" wording."""
PARKED_MAX_CHARS = 3000
"""Parked-domain wording counts in a body this short (a parking page is a few lines) or in
the title; in a longer page it is an article mentioning domain sales."""

_NOT_FOUND = lazy_pattern(
    r"\b(not found|page not found|404|no longer available|does not exist|doesn't exist|"
    r"could not be found|cannot be found|page unavailable|seite nicht gefunden|"
    r"page introuvable|página no encontrada|pagina non trovata)\b",
    re.IGNORECASE,
)
_PARKED = lazy_pattern(
    r"(this domain (name )?(is|may be) for sale|buy this domain|domain is parked|"
    r"parked (free|domain)|sedoparking|parkingcrew|bodis\.com|hugedomains|"
    r"\bdan\.com|afternic|domain has expired|this domain has been registered|domain parking)",
    re.IGNORECASE,
)
_PARKED_WORDS = ("domain", "parked", "parking", "bodis.com", "dan.com", "afternic")
"""One of these is in every ``_PARKED`` match (keep the two in step)."""
_BOT_WALL_TEXT = lazy_pattern(
    r"(just a moment\.\.\.|attention required! \| cloudflare|cf-browser-verification|"
    r"challenge-platform|cf_chl_|checking your browser|ddos-guard|px-captcha|"
    r"please verify you are a human|are you a robot|captcha|access denied)",
    re.IGNORECASE,
)
_LOGIN_PATH = lazy_pattern(
    r"/(log-?in|sign-?in|signon|sso|auth|account/login|users?/login|session/new|"
    r"subscribe|paywall|register)(/|\.|$|\?)",
    re.IGNORECASE,
)
_HOME_PATHS = lazy_pattern(r"^/?((index|default|home)(\.\w+)?|[a-z]{2}(-[a-z]{2})?)?/?$",
                           re.IGNORECASE)

_ERROR_STATUS: dict[ErrorKind, LinkStatus] = {
    ErrorKind.DNS: LinkStatus.DEAD,
    ErrorKind.REFUSED: LinkStatus.DEAD,
    ErrorKind.TIMEOUT: LinkStatus.TIMEOUT,
    ErrorKind.DEADLINE: LinkStatus.UNCHECKED,
    ErrorKind.PRIVATE: LinkStatus.EXCLUDED,
    ErrorKind.THROTTLED: LinkStatus.BLOCKED,
}


def classify(obs: Observation, accept_status: frozenset[int] = frozenset()) -> Verdict:
    """Decide the class of one URL from what was observed."""
    if obs.error is not None:
        status = _ERROR_STATUS.get(obs.error, LinkStatus.ERROR)
        detail = f"{obs.error.value}: {obs.detail}" if obs.detail else obs.error.value
        return Verdict(status, error=detail, evidence=(detail,))
    code = obs.status
    if code is None:
        return Verdict(LinkStatus.ERROR, error="no response", evidence=("no response",))
    evidence: list[str] = []
    if obs.redirects:
        kinds = " → ".join(str(h.status) for h in obs.redirects)
        evidence.append(f"redirects {kinds} to {obs.final_url}")
    if obs.retry_note:
        evidence.append(obs.retry_note)

    if code in accept_status or 200 <= code < 300:
        if 200 <= code < 300:
            content = _content_verdict(obs, evidence)
            if content is not None:
                return content
        else:
            evidence.append(f"HTTP {code} accepted as alive by configuration")
        if obs.redirects and all(h.permanent for h in obs.redirects) and obs.final_url != obs.url:
            evidence.append("permanent redirect: update the citation to the final URL")
            return Verdict(LinkStatus.REDIRECTED, evidence=tuple(evidence))
        return Verdict(LinkStatus.ALIVE, evidence=tuple(evidence))

    wall = _bot_wall(obs)
    if wall:
        evidence.extend(wall)
        return Verdict(LinkStatus.BLOCKED, error=f"HTTP {code}: {wall[0]}", evidence=tuple(evidence))
    if code in DEAD_STATUSES:
        evidence.append(f"HTTP {code}")
        return Verdict(LinkStatus.DEAD, error=f"HTTP {code}", evidence=tuple(evidence))
    if code in BLOCKED_STATUSES:
        evidence.append(f"HTTP {code}: access refused to the checker, not proof the page is gone")
        return Verdict(LinkStatus.BLOCKED, error=f"HTTP {code}", evidence=tuple(evidence))
    if 300 <= code < 400:
        evidence.append(f"HTTP {code} without a usable Location")
        return Verdict(LinkStatus.ERROR, error=f"HTTP {code} without Location", evidence=tuple(evidence))
    evidence.append(f"HTTP {code}")
    return Verdict(LinkStatus.ERROR, error=f"HTTP {code}", evidence=tuple(evidence))


def _content_verdict(obs: Observation, evidence: list[str]) -> Verdict | None:
    """Signals that a 2xx answer is not the cited page: soft-404, parked, bot/login wall."""
    wall = _bot_wall(obs)
    if wall:
        evidence.extend(wall)
        return Verdict(LinkStatus.BLOCKED, error=wall[0], evidence=tuple(evidence))
    login = _login_wall(obs)
    if login:
        evidence.append(login)
        return Verdict(LinkStatus.BLOCKED, error=login, evidence=tuple(evidence))

    soft: list[str] = []
    page = notfound.judge(obs.title, obs.heading, obs.prose_words)
    if page is not None:
        soft.append(page.describe())
    home = _sent_home(obs)
    if home:
        soft.append(home)
    parked = _parked(obs)
    if parked:
        soft.append(parked)
    keyword: str | None = None
    probe = obs.probe
    if probe is not None and probe.probe_status is not None:
        if 200 <= probe.probe_status < 300:
            keyword = _not_found_wording(obs)
            if probe.same_final_url:
                soft.append(f"random-path probe ended on the same URL {probe.probe_final_url}")
            elif probe.body_similarity >= DUPLICATE_BODY:
                soft.append(
                    f"random-path probe answered {probe.probe_status} with the same body "
                    f"(similarity {probe.body_similarity:.2f})"
                )
            elif probe.body_similarity >= SIMILAR_BODY and (probe.same_title or keyword):
                why = "same title" if probe.same_title else "not-found wording"
                soft.append(
                    f"random-path probe answered {probe.probe_status} with a similar body "
                    f"(similarity {probe.body_similarity:.2f}) and {why}"
                )
            else:
                evidence.append(
                    f"random-path probe answered {probe.probe_status} but with a different page "
                    f"(similarity {probe.body_similarity:.2f})"
                )
        else:
            evidence.append(f"host answers a random path with {probe.probe_status}")
    if keyword:
        evidence.append(keyword)
    if soft:
        evidence.extend(soft)
        return Verdict(LinkStatus.SOFT404, error=soft[0], evidence=tuple(evidence))
    return None


def _parked(obs: Observation) -> str | None:
    """Parked-domain wording in the title, or anywhere in a short page."""
    short = obs.text is not None and len(obs.text) <= PARKED_MAX_CHARS
    probe = obs.probe
    soft_host = probe is not None and probe.probe_status is not None and (
        200 <= probe.probe_status < 300)
    for text in (obs.title, obs.text if short or soft_host else None):
        low = (text or "").lower()
        # Every parked wording holds one of these words: a substring test spares the
        # regex (slow on its many alternatives) on almost every page.
        if any(word in low for word in _PARKED_WORDS):
            m = _PARKED.search(text or "")
            if m:
                return f"parked-domain wording: {m.group(0)!r}"
    return None


def _not_found_wording(obs: Observation) -> str | None:
    for where, text in (("title", obs.title), ("body", (obs.text or "")[:2000])):
        if text:
            m = _NOT_FOUND.search(text)
            if m:
                return f"{where} says {m.group(0)!r} (supporting signal only)"
    return None


def _bot_wall(obs: Observation) -> list[str]:
    signals: list[str] = []
    if obs.headers.get("cf-mitigated", "").lower() == "challenge":
        signals.append("Cloudflare challenge (cf-mitigated: challenge)")
    server = obs.headers.get("server", "").lower()
    code = obs.status or 0
    if code in (403, 429, 503) and ("cloudflare" in server or "ddos-guard" in server):
        signals.append(f"bot protection by {server} answered {code}")
    # Wording counts on a refusing status, or when the title itself is a wall's: a normal
    # page that mentions a captcha is not one (and its body need not be searched at all).
    title_wall = _BOT_WALL_TEXT.search(obs.title) if obs.title else None
    if title_wall is not None:
        signals.append(f"bot-wall wording {title_wall.group(0)!r}")
    elif code in (401, 403, 429, 503, 999) and obs.text:
        m = _BOT_WALL_TEXT.search(obs.text[:4000])
        if m:
            signals.append(f"bot-wall wording {m.group(0)!r}")
    return signals


def _login_wall(obs: Observation) -> str | None:
    if not obs.redirects or not obs.final_url:
        return None
    final_path = urlsplit(obs.final_url).path
    if _LOGIN_PATH.search(final_path) and not _LOGIN_PATH.search(urlsplit(obs.url).path):
        return f"redirected to a login or subscription page {obs.final_url}"
    return None


def _site(host: str | None) -> str:
    host = (host or "").lower()
    return host.removeprefix("www.")


def _sent_home(obs: Observation) -> str | None:
    """A deep link redirected to the site's home page: the page is gone, the site is not."""
    if not obs.redirects or not obs.final_url:
        return None
    cited, final = urlsplit(obs.url), urlsplit(obs.final_url)
    if _HOME_PATHS.match(cited.path) or not _HOME_PATHS.match(final.path):
        return None
    if _site(cited.hostname) != _site(final.hostname):
        return None
    return f"deep link redirected to the home page {obs.final_url}"
