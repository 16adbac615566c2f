"""Inside the main job: failing URLs → "probably meant X" → archived copies.

A URL that fails as printed may be one that text extraction damaged (a hyphen lost at a line
break): the page the author cited is alive under the spelling they printed. Each failing URL's
candidates (:func:`citewatch.archive.repair.repair_candidates`) are checked live, a round at
a time, and with ``--archive`` the rest are looked up in the archive's index, whose spelling
decides. A candidate is only ever taken on such evidence; nothing is written to ``refs/``
here (``--apply`` does that).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from citewatch.archive import RepairConfirmation, repair_candidates
from citewatch.archive.model import Repair
from citewatch.check.model import LinkStatus
from citewatch.citations.model import FoundUrl
from citewatch.pipeline.checking import ARCHIVED_CLASSES, Checked, CheckRun, Cited
from citewatch.settings import Settings, to_archive_options
from citewatch.url import absolute

if TYPE_CHECKING:
    from citewatch.archive import ArchiveResult

REPAIRABLE = frozenset({LinkStatus.DEAD, LinkStatus.SOFT404})
"""Classes that a damaged spelling produces: the site answers, the page is not there."""
WALLED = frozenset({LinkStatus.BLOCKED})
"""A host that refuses every request (a bot wall) hides whether a URL was damaged: for a
URL extraction flagged, the candidates are still tried (the archive's index may know)."""
WORKING = frozenset({LinkStatus.ALIVE, LinkStatus.REDIRECTED})
LIVE_ROUNDS = 6
"""Candidates per URL tried live, best first: each round is one polite batch of checks."""


def _found(cited: Cited, url: str) -> FoundUrl:
    found = cited.found.get(url)
    if found is not None:
        return found
    printed = next((c.printed for c in cited.places.get(url, ()) if c.printed), url)
    return FoundUrl(url=printed, raw=printed, line=0, end_line=0)


def repair_failing(cited: Cited, run: CheckRun, *, archive: bool) -> dict[str, Repair]:
    """Printed URL → the repair confirmed for it, for every cited URL that failed.

    Live first: round *k* checks the *k*-th candidate of every URL not yet repaired, so a
    host sees no more than one candidate per damaged URL at a time. Then, with ``archive``,
    the archive's index (one prefix query per URL) for the rest; the URL it confirms is
    checked too, so the report can give its class. The index is asked even for a URL
    without candidates: its folder's listing shows where the archived spelling has a hyphen
    the printed one lacks, or the rest of a URL cut off at a line end.
    """
    found = {u: _found(cited, u) for u in cited.places}
    failing = [u for u in cited.places if _repairable(run, u, found[u])]
    orphans = {u: cited.orphans_of(u) for u in failing}
    candidates = {u: repair_candidates(found[u], orphans[u]) for u in failing}
    out: dict[str, Repair] = {}
    for k in range(LIVE_ROUNDS):
        batch = {
            u: cands[k] for u, cands in candidates.items() if u not in out and len(cands) > k
        }
        if not batch:
            break
        results = run.check([absolute(c.url) for c in batch.values()], report=False)
        for u, cand in batch.items():
            result = results.get(absolute(cand.url))
            if result is not None and result.status in WORKING:
                out[u] = Repair(absolute(cand.url), cand.evidence, RepairConfirmation.LIVE)
    if archive:
        rest = [u for u in failing if u not in out]
        if rest:
            from citewatch.archive import RepairRequest, suggest_repairs_sync

            suggestions = suggest_repairs_sync(
                [RepairRequest(found[u], orphans[u]) for u in rest],
                options=to_archive_options(run.settings),
            )
            by_printed = {s.original: r for s in suggestions if (r := s.confirmed())}
            confirmed = {u: by_printed[found[u].url] for u in rest if found[u].url in by_printed}
            run.check([r.url for r in confirmed.values()], report=False)
            out.update(confirmed)
    return out


def _repairable(run: CheckRun, url: str, found: FoundUrl) -> bool:
    result = run.results.get(url)
    if result is None:
        return False
    return result.status in REPAIRABLE or (result.status in WALLED and bool(found.suspect))


def archive_failing(
    cited: Cited, checked: Checked, settings: Settings
) -> dict[tuple[str, date | None], ArchiveResult]:
    """Look up the archived copy of every failing link (dead or soft-404 now, or broken per
    the policy), closest before the date each of its citations saw it."""
    from citewatch.archive import ArchiveRequest, find_snapshots_sync

    requests: dict[tuple[str, date | None], ArchiveRequest] = {}
    for url, places in cited.places.items():
        reported = checked.reported(url)
        result = checked.results.get(reported)
        verdict = checked.verdicts.get(reported)
        failing = result is not None and result.status in ARCHIVED_CLASSES
        if not (failing or (verdict is not None and verdict.broken)):
            continue
        for citing in places:
            when = citing.seen.date if citing.seen is not None else None
            requests.setdefault((reported, when), ArchiveRequest(reported, when))
    if not requests:
        return {}
    settings.db_path.parent.mkdir(parents=True, exist_ok=True)
    results = find_snapshots_sync(
        list(requests.values()), to_archive_options(settings), cache_path=settings.db_path
    )
    return {(r.url, r.target_date): r for r in results}
