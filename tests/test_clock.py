"""The CITEWATCH_NOW test hook: one clock for the checker and the history."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from citewatch import clock
from citewatch.check.history import utc_now
from citewatch.errors import ConfigError


def test_now_follows_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.NOW_VARIABLE, "2026-03-02T06:00:00+02:00")
    assert clock.now() == datetime(2026, 3, 2, 4, 0, tzinfo=UTC)
    assert utc_now() == clock.now()
    monkeypatch.setenv(clock.NOW_VARIABLE, "2026-03-02")
    assert clock.now() == datetime(2026, 3, 2, tzinfo=UTC)


def test_without_the_variable_it_is_the_wall_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(clock.NOW_VARIABLE, raising=False)
    before = datetime.now(UTC)
    assert before <= clock.now() <= datetime.now(UTC)


def test_a_bad_value_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.NOW_VARIABLE, "next tuesday")
    with pytest.raises(ConfigError, match="CITEWATCH_NOW"):
        clock.now()
