"""Which URLs of a run need a request, decided before the HTTP engine starts.

Each URL once (absolute, in first-seen order); a URL that is not http(s) or that
``--include``/``--exclude`` leaves out is ``excluded``; one fresh in the history (``is_fresh``)
is answered by its stored result. The rest is pending. Kept apart from the engine
(:mod:`citewatch.check.checker`, which uses it) so that a run whose every URL is answered
here never loads httpx and the engine: a warm re-run sends nothing and imports neither.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from citewatch import clock
from citewatch.check.headers import HeaderScopes, HeaderSpecError
from citewatch.check.model import CheckResult, LinkStatus
from citewatch.check.options import CheckOptions
from citewatch.errors import ConfigError
from citewatch.url import absolute


def header_scopes(options: CheckOptions) -> HeaderScopes:
    """The run's per-origin headers; a malformed origin or header is a ``ConfigError``."""
    try:
        return HeaderScopes(options.host_headers)
    except HeaderSpecError as exc:
        raise ConfigError(f"per-origin headers: {exc}") from exc


def now_iso() -> str:
    """The time a result is stamped with (seconds, UTC; ``CITEWATCH_NOW`` when set)."""
    return clock.now().isoformat(timespec="seconds")


@dataclass
class Triage:
    """The URLs of a run, sorted out."""

    order: list[str]
    """Each distinct URL, absolute, in first-seen order."""
    known: dict[str, CheckResult] = field(default_factory=dict)
    """Excluded or reused URLs and their results, in ``order``."""
    pending: list[str] = field(default_factory=list)
    """URLs that need a request, in ``order``."""


def triage(
    urls: Sequence[str],
    options: CheckOptions,
    is_fresh: Callable[[str], CheckResult | None] | None = None,
) -> Triage:
    """Sort out ``urls`` (see the module docstring). A bad ``--include``/``--exclude``
    pattern or per-origin header is a ``ConfigError``, before any request."""
    out = Triage(list(dict.fromkeys(absolute(u) for u in urls if u.strip())))
    try:
        include = [re.compile(p) for p in options.include]
        exclude = [re.compile(p) for p in options.exclude]
    except re.error as exc:
        raise ConfigError(f"bad include/exclude pattern: {exc}") from exc
    header_scopes(options)  # a bad origin stops the run before any request
    for url in out.order:
        why = _excluded(url, include, exclude)
        if why is not None:
            out.known[url] = CheckResult(url, LinkStatus.EXCLUDED, error=why,
                                         checked_at=now_iso(), evidence=(why,))
            continue
        cached = is_fresh(url) if is_fresh is not None else None
        if cached is not None:
            out.known[url] = cached if cached.from_cache else replace(cached, from_cache=True)
            continue
        out.pending.append(url)
    return out


def _excluded(url: str, include: list[re.Pattern[str]], exclude: list[re.Pattern[str]]) -> str | None:
    if url.partition(":")[0].strip().lower() not in ("http", "https"):
        return "not an http(s) URL"
    if include:
        if any(p.search(url) for p in include):
            return None
        return "matches no --include pattern"
    for p in exclude:
        if p.search(url):
            return f"matches --exclude {p.pattern!r}"
    return None
