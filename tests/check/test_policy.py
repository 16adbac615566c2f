"""The broken-link policy and the offline detector, as pure functions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from citewatch.check.model import CheckResult, LinkStatus
from citewatch.check.policy import (
    BrokenPolicy,
    Observation,
    VerdictState,
    decide,
    is_network_failure,
    looks_offline,
)

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
A, D, S4, B, T, E, X = (
    LinkStatus.ALIVE,
    LinkStatus.DEAD,
    LinkStatus.SOFT404,
    LinkStatus.BLOCKED,
    LinkStatus.TIMEOUT,
    LinkStatus.ERROR,
    LinkStatus.EXCLUDED,
)


def obs(*items: tuple[float, LinkStatus]) -> list[Observation]:
    """(days after T0, class) pairs."""
    return [(T0 + timedelta(days=d), s) for d, s in items]


def test_no_history_is_unknown() -> None:
    v = decide([])
    assert v.state is VerdictState.UNKNOWN and not v.broken and v.checks == 0
    assert decide(obs((0, X), (1, X))).state is VerdictState.UNKNOWN


def test_three_failures_within_one_day_are_not_broken() -> None:
    v = decide(obs((0, D), (0.5, D), (1, D)))
    assert not v.broken
    assert v.state is VerdictState.FAILING
    assert v.failures_in_a_row == 3
    assert v.failing_since == "2026-01-01T12:00:00Z"


def test_three_failures_over_three_days_are_broken() -> None:
    v = decide(obs((0, D), (1.5, S4), (3, T)))
    assert v.broken and v.state is VerdictState.BROKEN
    assert v.failures_in_a_row == 3


def test_two_failures_over_a_week_are_not_enough_runs() -> None:
    v = decide(obs((0, D), (7, D)))
    assert not v.broken and v.failures_in_a_row == 2


def test_success_resets_the_count() -> None:
    v = decide(obs((0, D), (1, D), (2, A), (3, D), (4, D)))
    assert v.failures_in_a_row == 2
    assert v.failing_since == "2026-01-04T12:00:00Z"
    assert not v.broken
    assert v.last_ok == "2026-01-03T12:00:00Z"
    assert v.first_seen == "2026-01-01T12:00:00Z"
    # once the new run of failures is long enough it is broken again
    assert decide(obs((0, D), (1, D), (2, A), (3, D), (4, D), (6, E))).broken


def test_blocked_is_not_a_failure_and_ends_the_run_of_failures() -> None:
    v = decide(obs((0, B), (1, B), (2, B), (3, B)))
    assert v.state is VerdictState.BLOCKED and not v.broken and v.failures_in_a_row == 0
    v = decide(obs((0, D), (1, D), (2, B), (3, D)))
    assert v.failures_in_a_row == 1 and not v.broken


def test_strict_is_broken_on_first_failure() -> None:
    strict = BrokenPolicy(strict=True)
    assert decide(obs((0, A), (1, D)), strict).broken
    assert not decide(obs((0, D), (1, A)), strict).broken
    assert not decide(obs((0, B)), strict).broken


def test_custom_runs_and_days() -> None:
    policy = BrokenPolicy(runs=2, days=0.5)
    assert decide(obs((0, D), (0.5, D)), policy).broken
    assert not decide(obs((0, D), (0.4, D)), policy).broken


def test_flaky_alternation() -> None:
    v = decide(obs((0, A), (1, D), (2, A), (3, D), (4, A)))
    assert v.flaky and v.state is VerdictState.FLAKY and not v.broken
    # a single blip is not flaky
    v = decide(obs((0, A), (1, A), (2, D), (3, A)))
    assert not v.flaky and v.state is VerdictState.OK
    # failing now after one earlier success: not flaky either, just failing
    v = decide(obs((0, A), (1, D), (2, D)))
    assert not v.flaky and v.state is VerdictState.FAILING


def test_flakiness_only_looks_at_the_recent_window() -> None:
    old_flaps = [(float(i), A if i % 2 else D) for i in range(6)]
    steady = [(6.0 + i, A) for i in range(10)]
    assert decide(obs(*old_flaps)).flaky
    assert not decide(obs(*old_flaps, *steady)).flaky


def test_broken_wins_over_flaky() -> None:
    v = decide(obs((0, D), (1, A), (2, D), (3, D), (4, D), (5, D)))
    assert v.broken and v.flaky and v.state is VerdictState.BROKEN


def test_bad_policy_values_rejected() -> None:
    with pytest.raises(ValueError):
        BrokenPolicy(runs=0)
    with pytest.raises(ValueError):
        BrokenPolicy(days=-1)


def _res(url: str, status: LinkStatus, http: int | None = None, error: str | None = None,
         cache: bool = False) -> CheckResult:
    return CheckResult(url=url, status=status, http_status=http, error=error, from_cache=cache)


DNS = "ConnectError: [Errno -3] Temporary failure in name resolution"


def test_network_failure_recognised() -> None:
    assert is_network_failure(_res("https://a.org", D, error=DNS))
    assert is_network_failure(_res("https://a.org", T, error="ConnectTimeout: timed out"))
    assert is_network_failure(_res("https://a.org", E, error="ConnectError: [Errno 111] Connection refused"))
    assert not is_network_failure(_res("https://a.org", D, http=404))
    assert not is_network_failure(_res("https://a.org", E, error="SSLError: certificate verify failed"))
    assert not is_network_failure(_res("https://a.org", T, error="ReadTimeout"))


def test_looks_offline_when_nothing_is_reachable() -> None:
    results = [_res(f"https://host{i}.example/p{j}", D, error=DNS) for i in range(10) for j in range(3)]
    assert looks_offline(results)


def test_not_offline_when_anything_answered() -> None:
    results = [_res(f"https://host{i}.example/", D, error=DNS) for i in range(20)]
    results.append(_res("https://up.example/", A, http=200))
    assert not looks_offline(results)
    # even a 404 is an answer: the network works
    results[-1] = _res("https://up.example/", D, http=404)
    assert not looks_offline(results)


def test_not_offline_with_too_few_hosts_or_other_errors() -> None:
    few = [_res(f"https://host{i}.example/", D, error=DNS) for i in range(4)]
    assert not looks_offline(few)
    assert looks_offline(few, min_hosts=4)
    mixed = [_res(f"https://host{i}.example/", D, error=DNS) for i in range(8)]
    mixed += [_res(f"https://tls{i}.example/", E, error="SSLError: bad handshake") for i in range(2)]
    assert not looks_offline(mixed)  # 8 of 10 hosts: below 90 %
    mixed = mixed[:-1]
    assert looks_offline(mixed, share=0.85)


def test_cached_and_excluded_results_ignored_by_offline_check() -> None:
    results = [_res(f"https://host{i}.example/", D, error=DNS) for i in range(6)]
    results.append(_res("https://cached.example/", A, http=200, cache=True))
    results.append(_res("https://skip.example/", X))
    assert looks_offline(results)
