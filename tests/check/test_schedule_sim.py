"""bench/_check_schedule.py: the simulated schedules bench/check compares the CLI with."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from _check_schedule import simulate


def _host(name: str, kinds: list[str]) -> list[tuple[str, str]]:
    return [(f"http://{name}/p/{i}", kind) for i, kind in enumerate(kinds)]


def test_without_pauses_both_schedules_are_rounds_of_the_host_limit() -> None:
    plan = _host("a", ["alive"] * 4)  # + the probe: 5 requests, 2 at a time
    for seer in (False, True):
        took = simulate(plan, global_limit=10, per_host=2, latency=0.1, slow=0.5,
                        clairvoyant=seer)
        assert took == pytest.approx(0.3)


def test_slow_answers_and_redirect_hops_take_their_time() -> None:
    plan = _host("a", ["slow", "perm"])  # probe 0.1, slow 0.5, redirect 0.1 + its hop 0.1
    assert simulate(plan, global_limit=1, per_host=1, latency=0.1, slow=0.5) == (
        pytest.approx(0.8))


def test_a_pause_learnt_late_costs_what_a_known_one_does_not() -> None:
    # Host a refuses its last URL once (Retry-After 1 s); host b has ten plain URLs.
    plan = _host("a", ["alive", "alive", "limited"]) + _host("b", ["alive"] * 10)
    limits = {"global_limit": 1, "per_host": 1, "latency": 0.1, "slow": 0.5}
    seer = simulate(plan, clairvoyant=True, **limits)
    online = simulate(plan, **limits)
    # Knowing it, a's refused URL goes first and b's 11 requests fill a's pause:
    # probe, refused (0.2) | b: 1.1 s | retry, alive, alive = 1.6 s.
    assert seer == pytest.approx(1.6)
    # Learnt from the 429, the pause comes after most of the work: nothing fills it.
    assert online >= seer + 0.8
