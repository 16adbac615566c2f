"""Checking with a second process, and httpcore's network layer on the event loop itself."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from citewatch.check import checker
from citewatch.check.checker import run_checks, shard_by_host, worker_count
from citewatch.check.client import build_client, build_transport
from citewatch.check.model import CheckResult, LinkStatus
from citewatch.check.options import WORKERS_MIN_URLS, CheckOptions
from citewatch.http import backend as backend_module
from tests.check.conftest import Req, Resp, Server
from tests.check.test_checker import FAST, page

Serve = Callable[..., Server]


def test_shard_by_host_keeps_hosts_whole_and_balances() -> None:
    urls = [f"http://h{i % 7}.example/p{i}" for i in range(70)]
    urls += [f"http://big.example/p{i}" for i in range(30)]
    groups = shard_by_host(urls, 2)
    assert sorted(u for g in groups for u in g) == sorted(urls)
    hosts = [{u.split("/")[2] for u in g} for g in groups]
    assert not hosts[0] & hosts[1]
    assert abs(len(groups[0]) - len(groups[1])) <= 10  # 30 + 2*10 vs 5*10


def test_worker_count_rules() -> None:
    auto = CheckOptions()
    assert worker_count(auto, 10) == 1
    assert worker_count(auto, WORKERS_MIN_URLS) in (1, 2)  # 2 on a machine with 2+ CPUs
    assert worker_count(replace(auto, workers=1), 10**6) == 1
    assert worker_count(replace(auto, workers=2), 10) == 2
    # Each process gives the hosts it does not own a share of the per-host limit: no share of 1.
    assert worker_count(replace(auto, workers=2, per_host_concurrency=1), 10**6) == 1
    assert worker_count(replace(auto, workers=2, min_host_interval=0.1), 10**6) == 1


def _site(other: Server | None = None) -> Callable[[Req], Resp]:
    def handler(req: Req) -> Resp:
        if req.path.startswith("/p"):
            return Resp(200, body=page(f"Page {req.path}", f"text of {req.path} " * 20),
                        delay=0.03)
        if req.path.startswith("/away") and other is not None:
            return Resp(301, headers={"location": other.url("/p-from-elsewhere" + req.path)},
                        delay=0.03)
        return Resp(404, body=page("Not Found", "nothing"), delay=0.03)

    return handler


def test_two_processes_same_results_and_per_host_limit_held(serve: Serve) -> None:
    b = serve(_site(), host="127.0.2.2")
    a = serve(_site(b), host="127.0.2.1")
    c = serve(_site(), host="127.0.2.3")
    # Every URL on a redirects to b: b is hit by both processes, and must still see <= 2.
    urls = ([a.url(f"/away{i}") for i in range(10)] + [b.url(f"/p{i}") for i in range(12)]
            + [c.url(f"/p{i}") for i in range(12)] + [c.url("/missing")])
    opts = replace(FAST, workers=2, per_host_concurrency=2)
    seen: list[CheckResult] = []
    results = run_checks(urls, opts, on_result=seen.append)
    assert [r.url for r in results] == urls  # first-seen order, one result each
    assert Counter(r.url for r in seen) == Counter(urls)  # on_result ran here for all
    status = Counter(r.status for r in results)
    assert status == {LinkStatus.REDIRECTED: 10, LinkStatus.ALIVE: 24, LinkStatus.DEAD: 1}
    assert all(r.redirects and r.final_url and "127.0.2.2" in r.final_url
               for r in results[:10])
    assert max(s.max_in_flight for s in (a, b, c)) <= 2
    single = run_checks(urls, replace(opts, workers=1))
    assert [(r.url, r.status, r.http_status) for r in single] == [
        (r.url, r.status, r.http_status) for r in results]


def test_dead_worker_urls_are_checked_here(serve: Serve, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    monkeypatch.setattr(checker, "_WORKER_CODE", "import sys; sys.exit(3)")
    s1 = serve(_site(), host="127.0.2.4")
    s2 = serve(_site(), host="127.0.2.5")
    urls = [s1.url(f"/p{i}") for i in range(5)] + [s2.url(f"/p{i}") for i in range(5)]
    results = run_checks(urls, replace(FAST, workers=2))
    assert [r.status for r in results] == [LinkStatus.ALIVE] * 10


def test_deadline_holds_with_two_processes(serve: Serve) -> None:
    s1 = serve(lambda req: Resp(action="hang"), host="127.0.2.6")
    s2 = serve(lambda req: Resp(action="hang"), host="127.0.2.7")
    urls = [s1.url("/a"), s1.url("/b"), s2.url("/a"), s2.url("/b")]
    opts = replace(FAST, workers=2, read_timeout=30, request_timeout=30, deadline=1.0)
    t0 = time.monotonic()
    results = run_checks(urls, opts)
    assert time.monotonic() - t0 < 8  # worker start-up + deadline + kill
    assert all(r.status is LinkStatus.UNCHECKED and "deadline" in (r.error or "")
               for r in results)
    # The workers' URLs say how far they got: their request was in flight.
    assert all("in flight" in (r.error or "") for r in results), results


def test_large_body_through_the_loop_backend(serve: Serve, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    """More than the backend buffers before pausing the socket: reading resumes it, and the
    bytes arrive whole and in order; the connection is then reused."""
    big = page("Big report", "".join(f"{i:08d}" for i in range(400_000)))  # 3.2 MB
    s = serve(lambda req: Resp(200, body=big), host="127.0.2.8")
    monkeypatch.setattr(backend_module, "READ_HIGH_WATER", 4096)  # pause early and often
    opts = replace(FAST, soft404=False)

    async def fetch() -> tuple[bytes, bytes, int]:
        pools = build_transport(opts)
        assert pools is not None
        async with build_client(opts, pools) as client:
            first = await client.get(s.url("/big"))
            await asyncio.sleep(0.3)  # let the socket buffer fill past the high-water mark
            second = await client.get(s.url("/big"))
            return first.content, second.content, len(pools)

    first, second, origins = asyncio.run(fetch())
    assert first == big and second == big
    assert origins == 1 and s.connections == 1


def test_cancelling_the_run_kills_the_worker(serve: Serve, monkeypatch: pytest.MonkeyPatch
                                             ) -> None:
    """What Ctrl-C does (asyncio cancels the main task): the worker must not outlive it."""
    s1 = serve(lambda req: Resp(action="hang"), host="127.0.2.10")
    s2 = serve(lambda req: Resp(action="hang"), host="127.0.2.11")
    procs: list[asyncio.subprocess.Process] = []
    spawn = asyncio.create_subprocess_exec

    async def recording(*args: Any, **kwargs: Any) -> asyncio.subprocess.Process:
        proc = await spawn(*args, **kwargs)
        procs.append(proc)
        return proc

    monkeypatch.setattr(asyncio, "create_subprocess_exec", recording)
    opts = replace(FAST, workers=2, read_timeout=30, request_timeout=30, deadline=60)
    urls = [s1.url("/a"), s2.url("/a")]

    async def main() -> None:
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(checker.check_urls(urls, opts), 1.5)

    t0 = time.monotonic()
    asyncio.run(main())
    assert time.monotonic() - t0 < 6
    assert len(procs) == 1 and procs[0].returncode is not None


def _children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (from /proc)."""
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry))
    return out


def _alive(pid: int) -> bool:
    """Running (not gone, not a zombie waiting to be reaped)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="needs /proc to find the worker")
def test_kill_9_of_a_sharded_check_takes_its_worker_along(serve: Serve) -> None:
    s1 = serve(lambda req: Resp(action="hang"), host="127.0.2.9")
    s2 = serve(lambda req: Resp(action="hang"), host="127.0.2.10")
    urls = [s1.url("/a"), s1.url("/b"), s2.url("/a"), s2.url("/b")]
    code = (
        "from citewatch.check.checker import run_checks\n"
        "from citewatch.check.options import CheckOptions\n"
        f"run_checks({urls!r}, CheckOptions(workers=2, read_timeout=60, request_timeout=60,"
        " deadline=60, max_retries=0))\n"
    )
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    parent = subprocess.Popen([sys.executable, "-c", code], env=env)
    try:
        end = time.monotonic() + 20
        workers: list[int] = []
        while time.monotonic() < end and not (workers and s1.requests and s2.requests):
            workers = _children(parent.pid)
            time.sleep(0.05)
        assert workers and s1.requests and s2.requests, "the worker never started checking"
        parent.send_signal(signal.SIGKILL)
        parent.wait(5)
        end = time.monotonic() + 5
        while time.monotonic() < end and any(_alive(w) for w in workers):
            time.sleep(0.05)
        assert not any(_alive(w) for w in workers), "worker outlived its killed parent"
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        for w in workers:
            if _alive(w):
                os.kill(w, signal.SIGKILL)


def test_a_spare_started_ahead_is_the_worker_the_run_uses(serve: Serve) -> None:
    """``spares.prestart`` (the command line calls it before reading large documents): the
    split run hands its share to that process, which then ends with the run."""
    from citewatch.check import spares

    s1 = serve(_site(), host="127.0.2.12")
    s2 = serve(_site(), host="127.0.2.13")
    spares.prestart(workers=0, min_host_interval=0.0)
    spare = spares._SPARES[-1]
    urls = [s1.url(f"/p{i}") for i in range(4)] + [s2.url(f"/p{i}") for i in range(4)]
    results = run_checks(urls, replace(FAST, workers=2))
    assert [r.status for r in results] == [LinkStatus.ALIVE] * 8
    assert not spares._SPARES
    assert spare.wait(timeout=10) == 0  # it checked a share and ended
    assert {len(s1.requests) > 0, len(s2.requests) > 0} == {True}


def test_a_spare_nobody_takes_ends_with_its_stdin() -> None:
    from citewatch.check import spares

    spares.prestart(workers=1, min_host_interval=0.0)  # one process asked: no spare
    assert spares.take_spare() is None
    spares.prestart(workers=0, min_host_interval=0.0)
    spare = spares.take_spare()
    assert spare is not None and spare.stdin is not None
    spare.stdin.close()
    assert spare.wait(timeout=15) == 0
    assert spare.stdout is not None and spare.stdout.read() == b""
    spare.stdout.close()


def test_large_documents_get_a_spare_small_ones_none(tmp_path: Path) -> None:
    from citewatch.check import spares
    from citewatch.pipeline import PRESTART_MIN_BYTES, prestart_checking
    from citewatch.settings import Settings

    small, large = tmp_path / "small.txt", tmp_path / "large.txt"
    small.write_text("https://a.example/\n")
    large.write_text("https://a.example/x\n" * (PRESTART_MIN_BYTES // 20 + 1))
    prestart_checking([small, tmp_path / "missing.txt"], Settings())
    assert spares.take_spare() is None
    prestart_checking([small, large], Settings())
    spare = spares.take_spare()
    assert spare is not None and spare.stdin is not None and spare.stdout is not None
    spare.stdin.close()
    assert spare.wait(timeout=15) == 0
    spare.stdout.close()
