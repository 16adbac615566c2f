"""Runs that end before every link is checked, against a real slow server: ``--deadline``
leaves ``unchecked`` (never a timeout, never recorded, never broken, even with ``--strict``);
Ctrl-C (a real SIGINT to a real process) with ``--json`` still prints what was checked."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from citewatch.check.history import History
from citewatch.cli import app

DELAY = 0.5
SLOW = "/p"


class _Slow(BaseHTTPRequestHandler):
    """Every answer takes ``DELAY`` seconds: pages 200, anything else (the probe) 404."""

    def do_GET(self) -> None:
        time.sleep(5.0 if self.path.startswith("/hang") else DELAY)
        status = 200 if self.path.startswith(("/p", "/hang")) else 404
        data = f"<html><title>Report {self.path}</title><p>{self.path}</p></html>".encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture()
def slow_web() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.4", 0), _Slow)
    server.daemon_threads = True
    server.handle_error = lambda request, address: None  # type: ignore[method-assign]  # the client left
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.4:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_deadline_leaves_unchecked_not_timeouts(tmp_path: Path, slow_web: str, web: str,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(var, raising=False)
    docs = tmp_path / "docs"
    docs.mkdir()
    urls = [f"{slow_web}/p{i}" for i in range(8)] + [f"{web}/ok/{i}" for i in range(3)]
    (docs / "notes.md").write_text("".join(f"- Source {i}: <{u}>\n" for i, u in enumerate(urls)))
    runner = CliRunner()
    args = ["check", "docs", "--deadline", "1.0", "--per-host", "1", "--strict", "--json",
            "--max-age", "0"]
    for _ in range(2):  # a second run: still nothing recorded for what was not tried
        t0 = time.monotonic()
        result = runner.invoke(app, args)
        assert time.monotonic() - t0 < 6
        assert result.exit_code == 0, result.output  # nothing broken, even with --strict
        records = {r["url"]: r for r in map(json.loads, result.stdout.splitlines())}
        assert set(records) == set(urls)
        statuses = [r["status"] for r in records.values()]
        assert "timeout" not in statuses
        done = [r for r in records.values() if r["status"] == "alive"]
        late = [r for r in records.values() if r["status"] == "unchecked"]
        assert len(done) == 3 and len(late) == 8, statuses
        assert all(not r["broken"] and "not checked (deadline)" in r["error"] for r in late)
        # Queued behind the slow host's pages, and a page whose host probe was still queued.
        assert any("before any request" in r["error"] for r in late)
        assert any("soft-404 probe was pending" in r["error"] for r in late)
        assert f"{len(late)} not checked (deadline)" in result.output
    with History.open(tmp_path / ".citewatch" / "history.sqlite3") as history:
        assert history.count() == 2 * 3  # only what was checked


def test_processes_the_tests_start_hear_ctrl_c() -> None:
    """The Ctrl-C tests' premise, whatever started the suite (``conftest.pytest_configure``):
    a child starts with Python's SIGINT handling, neither ignored nor blocked."""
    code = ("import signal; print(signal.getsignal(signal.SIGINT) is signal.default_int_handler,"
            " signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, ()))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=30, check=True).stdout
    assert out.split() == ["True", "False"]


def test_ctrl_c_with_json_prints_what_was_checked(tmp_path: Path, slow_web: str,
                                                 web: str) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    fast = [f"{web}/ok/{i}" for i in range(2)]
    hanging = [f"{slow_web}/hang{i}" for i in range(2)]
    (docs / "notes.md").write_text("".join(f"- <{u}>\n" for u in fast + hanging))
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    proc = subprocess.Popen([sys.executable, "-m", "citewatch", "check", "docs", "--json",
                             "--max-age", "0", "--deadline", "30"], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        db = tmp_path / ".citewatch" / "history.sqlite3"
        end = time.monotonic() + 20
        while time.monotonic() < end:  # until the fast links are committed
            if db.exists():
                try:
                    with sqlite3.connect(db) as conn:
                        if conn.execute("SELECT count(*) FROM checks").fetchone()[0] >= 2:
                            break
                except sqlite3.Error:
                    pass
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, err
    printed = {r["url"]: r for r in map(json.loads, out.splitlines())}
    assert set(printed) == set(fast), out
    assert all(r["status"] == "alive" for r in printed.values())
