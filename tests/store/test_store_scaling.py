"""Key disambiguation stays linear when one site is cited thousands of times."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from citewatch.store.keys import KeyAllocator, suffixes
from citewatch.store.plan import plan_extraction
from tests.store._build import extraction, note


def _planning(n: int) -> Callable[[], float]:
    """A run that plans a document citing ``n`` pages of one site (one base key), returning
    its CPU seconds. CPU time, not wall time: on a loaded machine a preempted run made the
    ratio fail."""
    ex = extraction(*(note(str(i), urls=(f"https://www.example.org/a/{i}",)) for i in range(1, n)))

    def run() -> float:
        start = time.process_time()
        plan = plan_extraction(ex, Path("/nonexistent/refs"))
        spent = time.process_time() - start
        assert len(set(plan.keys.values())) == n - 1  # distinct keys for distinct works
        return spent

    return run


def test_planning_one_site_scales_linearly() -> None:
    # quadratic disambiguation took 12-13x longer for 4x the works; linear takes ~4-5x.
    # Best of four, the two sizes alternating: a busy spell of the machine (CPU time too
    # grows when another process thrashes the caches) then slows both, not one.
    small_run, large_run = _planning(500), _planning(2000)
    small = large = float("inf")
    for _ in range(4):
        small, large = min(small, small_run()), min(large, large_run())
    assert large / small < 8, f"500 works: {small:.3f}s, 2000 works: {large:.3f}s"


def test_allocator_hands_out_suffixes_in_order_around_taken_keys() -> None:
    allocator = KeyAllocator({"k", "ka", "KC"})
    got = [allocator.allocate("k") for _ in range(30)]
    it = suffixes()
    order = [s for s in (next(it) for _ in range(40)) if s not in ("a", "c")]
    assert got == ["k" + s for s in order[:30]]
    assert got[-1] == "kaf"
    assert allocator.allocate("K") == "Kag"  # compared case-insensitively
