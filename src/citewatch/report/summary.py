"""The plain sentence every report starts with: what a person should take away."""

from __future__ import annotations

from citewatch.check.model import LinkStatus
from citewatch.check.policy import VerdictState
from citewatch.report.model import AuditReport


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def summary(report: AuditReport) -> str:
    """One or two sentences, plain words, most important fact first."""
    links = report.links()
    total = len(links)
    if total == 0:
        return "No cited links were found to check."
    by_verdict = report.verdict_counts
    broken = by_verdict.get(VerdictState.BROKEN.value, 0)
    failing = by_verdict.get(VerdictState.FAILING.value, 0)
    flaky = by_verdict.get(VerdictState.FLAKY.value, 0)
    blocked = by_verdict.get(VerdictState.BLOCKED.value, 0)

    if report.offline:
        text = (
            f"This machine reached no website: {_n(total, 'link')} unreachable "
            "(name lookups and connections failed), so this run says nothing about them "
            "and no link is called dead because of it. Check the network and run again."
        )
        if broken:
            text += f" Earlier runs had already found {_n(broken, 'broken link')}."
        return text

    extra: list[str] = []
    if broken:
        text = f"{broken} of {_n(total, 'link')} {'is' if broken == 1 else 'are'} broken"
        if failing:
            extra.append(f"{failing} more failed, but not yet long enough to be called broken")
    elif failing:
        text = (
            f"No link is broken yet, but {failing} of {_n(total, 'link')} failed "
            "(a link is called broken only after failing in several runs over several days)"
        )
    elif by_verdict.get(VerdictState.OK.value, 0) == total:
        text = "The only link works" if total == 1 else f"All {total} links work"
    else:
        text = f"No link of {_n(total, 'link')} is broken"
    if flaky:
        extra.append(f"{_n(flaky, 'link')} {'comes and goes' if flaky == 1 else 'come and go'}")
    if blocked:
        verb = "refuses" if blocked == 1 else "refuse"
        extra.append(f"{_n(blocked, 'link')} {verb} robots and need{'s' if blocked == 1 else ''} a human look")
    late = sum(1 for r in links.values() if r.status is LinkStatus.UNCHECKED)
    if late:
        extra.append(f"{_n(late, 'link')} not checked (deadline)")
    unchecked = sum(1 for r in links.values() if r.status is None)
    if unchecked:
        extra.append(f"{unchecked} {'was' if unchecked == 1 else 'were'} not checked (run interrupted?)")
    if extra:
        text += "; " + "; ".join(extra)
    return text + "."
