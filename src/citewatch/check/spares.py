"""Worker processes started ahead of a large check, so their start overlaps reading.

A run of thousands of URLs is split by host over this process and a worker process
(``checker._check_sharded``). Starting a worker costs an interpreter and the checker's
imports (about 0.3 s); started when the command begins, while the documents are still read
and keyed, that cost is off the run's critical path. The checker takes a spare when it
splits a run; a spare nobody takes ends with this process (end-of-file on its stdin).

Light on purpose: the command line imports it before it knows whether anything will be
checked, and must not pay for httpx or the checker then.
"""

from __future__ import annotations

import os
import subprocess
import sys

WORKER_CODE = "from citewatch.check.checker import worker_main; worker_main()"
"""What a worker process runs: it reads its share from stdin, results go to stdout."""

_SPARES: list[subprocess.Popen[bytes]] = []
"""Workers started ahead in this process, waiting for a share."""


def worker_env() -> dict[str, str]:
    """The environment of a worker: this one, with citewatch's source on the path."""
    env = dict(os.environ)
    src = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH", "")) if p)
    return env


def prestart(*, workers: int, min_host_interval: float) -> None:
    """Start one spare worker, unless the settings keep the run in one process (``workers``
    1, or a minimum interval per host, whose pacing lives in one process) or there is one
    CPU. Never fails: without a spare the checker starts its worker the usual way."""
    if _SPARES or workers == 1 or min_host_interval > 0 or (os.cpu_count() or 1) < 2:
        return
    try:
        _SPARES.append(subprocess.Popen(
            [sys.executable, "-c", WORKER_CODE], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, env=worker_env()))
    except OSError:
        pass


def take_spare() -> subprocess.Popen[bytes] | None:
    """A spare that is still running, now the caller's; None when there is none."""
    while _SPARES:
        spare = _SPARES.pop()
        if spare.poll() is None:
            return spare
    return None
