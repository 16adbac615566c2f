"""The main job's checking half: check every cited URL as printed, repair the failing ones
whose printed text allows another spelling, look up archived copies of failing links, and
assemble the report.

Each stage is its own module (:mod:`.checking`, :mod:`.repairing`, :mod:`.archiving`); this
one only orders them, so ``audit`` and ``check`` run exactly the same job.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from citewatch.check.model import LinkStatus
from citewatch.check.policy import looks_offline
from citewatch.pipeline.checking import Checked, Cited, OnResult, check_run
from citewatch.pipeline.citedcache import CitedLater
from citewatch.pipeline.repairing import archive_failing, repair_failing
from citewatch.report.model import AuditReport, build_report
from citewatch.settings import Settings


def check_cited(
    cited: Cited | CitedLater,
    settings: Settings,
    on_result: OnResult | None = None,
    *,
    archive: bool = False,
) -> Checked:
    """Check every cited URL once, repair the failing ones the printed text allows, and
    (``archive``) look up archived copies of the failing ones.

    Results younger than ``settings.max_age`` are reused without a request. A run in which
    nothing could be reached (no network) is marked offline so it never counts towards
    "broken", and nothing is repaired or looked up in it. Ctrl-C keeps what was checked.
    With a :class:`CitedLater`, the URLs are checked while the rest of what the documents
    cite (keys, seen dates) is still being worked out; repairs wait for it.
    """
    urls = cited.urls if isinstance(cited, CitedLater) else list(cited.places)
    with check_run(settings, on_result) as run:
        run.check(urls)
        if isinstance(cited, CitedLater):
            cited = cited.result()
        offline = looks_offline(run.results.values())
        repairs = {} if offline else repair_failing(cited, run, archive=archive)
        reported = [repairs[u].url if u in repairs else u for u in urls]
        verdicts = run.history.verdicts(dict.fromkeys([*urls, *reported]), settings.policy)
    checked = Checked(dict(run.results), verdicts, offline, run.run_id, tuple(urls), repairs)
    if archive and not offline:
        checked.archives = archive_failing(cited, checked, settings)
    return checked


def audit_report(cited: Cited, checked: Checked, refs_dir: Path | None = None) -> AuditReport:
    """The report of a check run over ``cited``: the run's repairs and archive lookups,
    else the archived copies the store knows."""
    from citewatch.pipeline.archiving import stored_archives  # the store's archived copies

    stored = stored_archives(refs_dir) if refs_dir is not None else {}
    found: dict[tuple[str, date | None], tuple[str, str | None]] = {}
    for (url, when), result in checked.archives.items():
        if result.snapshot is not None:
            snap = result.snapshot
            found[(url, when)] = (snap.archive_url, snap.captured_at.date().isoformat())
    return build_report(
        cited.places,
        checked.results,
        checked.verdicts,
        texts=cited.texts,
        offline=checked.offline,
        repairs=checked.repairs,
        archives=found,
        stored_archives=stored,
    )


def summary_line(checked: Checked, broken: int) -> str:
    """One plain sentence about a check run, for the terminal."""
    counts: dict[str, int] = {}
    for url in checked.cited:
        result = checked.results.get(checked.reported(url))
        if result is not None:
            label = "not checked (deadline)" if result.status is LinkStatus.UNCHECKED else str(
                result.status)
            counts[label] = counts.get(label, 0) + 1
    parts = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    total = len(checked.cited)
    if checked.offline:
        reached = sum(
            1 for u in checked.cited if u in checked.results and checked.results[u].http_status
        )
        return (
            f"This machine reached no website: {total - reached} of {total} URLs could not "
            "be reached, so no link is called dead or broken on this run."
        )
    repaired = f", {len(checked.repairs)} repaired" if checked.repairs else ""
    return f"{total} URLs checked ({parts}{repaired}); {broken} broken per the history policy."
