"""The pipeline's own decisions: what a run's summary says."""

from __future__ import annotations

from pathlib import Path

import pytest

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


def test_history_writes_are_batched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One transaction per ``HISTORY_BATCH`` results, the rest at the end of the round."""
    from citewatch.check.history import History
    from citewatch.pipeline import checking

    monkeypatch.setattr(checking, "HISTORY_BATCH_SECONDS", 3600.0)
    with History.open(tmp_path / "h.sqlite3") as history:
        sizes: list[int] = []
        record_many = history.record_many

        def counted(results: list[CheckResult], run_id: str | None) -> int:
            sizes.append(len(results))
            return record_many(results, run_id)

        monkeypatch.setattr(history, "record_many", counted)
        batch = checking._Batch(history, history.start_run())
        n = 2 * checking.HISTORY_BATCH + 7
        for i in range(n):
            batch.add(CheckResult(f"https://example.org/{i}", LinkStatus.ALIVE, 200,
                                  checked_at="2026-01-01T00:00:00Z"))
        assert history.count() == 2 * checking.HISTORY_BATCH  # committed as they filled
        batch.flush()
        assert sizes == [checking.HISTORY_BATCH, checking.HISTORY_BATCH, 7]
        assert history.count() == n
