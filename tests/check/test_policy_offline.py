"""looks_offline on what the real checker reports when nothing answers (loopback only)."""

from __future__ import annotations

import socket
import time

import pytest

from citewatch.check.model import LinkStatus
from citewatch.check.policy import looks_offline


def _closed_port(host: str) -> int:
    """A port on ``host`` with nothing listening (bound then released)."""
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def test_checker_results_with_every_host_refusing_look_offline() -> None:
    checker = pytest.importorskip("citewatch.check.checker")
    options_mod = pytest.importorskip("citewatch.check.options")
    hosts = [f"127.0.0.{i}" for i in range(2, 8)]
    urls = [f"http://{h}:{_closed_port(h)}/doc{j}" for h in hosts for j in range(2)]
    options = options_mod.CheckOptions(
        connect_timeout=2.0, read_timeout=2.0, request_timeout=3.0, deadline=20.0,
        max_retries=0, soft404=False, http2=False,
    )
    start = time.monotonic()
    results = checker.run_checks(urls, options)
    assert time.monotonic() - start < 20
    assert len(results) == len(urls)
    assert all(r.http_status is None and r.status.is_failure for r in results), results
    assert looks_offline(results)
    # one host that answers (even with an error page) means the network works
    assert not looks_offline([*results, type(results[0])("http://127.0.0.9/", LinkStatus.DEAD, http_status=404)])
