"""The pipeline's own decisions: what a run's summary says."""

from __future__ import annotations

from citewatch.check.model import CheckResult, LinkStatus
from citewatch.check.policy import Verdict, VerdictState
from citewatch.pipeline import Checked, summary_line


def _checked(results: list[CheckResult], offline: bool) -> Checked:
    return Checked({r.url: r for r in results}, {}, offline, "run-1", tuple(r.url for r in results))


def test_offline_summary_calls_nothing_dead() -> None:
    results = [
        CheckResult(f"https://h{i}.example/", LinkStatus.DEAD, error="name does not resolve")
        for i in range(5)
    ]
    line = summary_line(_checked(results, offline=True), broken=0)
    assert line.startswith("This machine reached no website: 5 of 5 URLs could not be reached")
    assert "dead" not in line.split(",")[0]


def test_online_summary_counts_classes_and_broken() -> None:
    results = [
        CheckResult("https://a.example/", LinkStatus.ALIVE, http_status=200),
        CheckResult("https://b.example/", LinkStatus.DEAD, http_status=404),
        CheckResult("https://c.example/", LinkStatus.DEAD, http_status=410),
    ]
    checked = _checked(results, offline=False)
    checked.verdicts["https://b.example/"] = Verdict(state=VerdictState.BROKEN, broken=True)
    assert summary_line(checked, broken=1) == (
        "3 URLs checked (1 alive, 2 dead); 1 broken per the history policy."
    )
