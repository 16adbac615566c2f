"""History + policy + report on real checks against a loopback server (no internet)."""

from __future__ import annotations

import json
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from citewatch.check.history import History, iso_utc
from citewatch.check.model import CheckResult, Citing, LinkStatus
from citewatch.check.policy import looks_offline
from citewatch.report.model import build_report
from citewatch.report.renderers import write_reports


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path.startswith("/ok"):
            body = b"<html><head><title>A real report</title></head><body>" + b"text " * 200 + b"</body></html>"
            self.send_response(200)
        else:
            body = b"<html><title>Not found</title></html>"
            self.send_response(404)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_HEAD = do_GET

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def test_three_daily_runs_make_a_404_broken(server: str, tmp_path: Path) -> None:
    checker = pytest.importorskip("citewatch.check.checker")
    options = pytest.importorskip("citewatch.check.options").CheckOptions(
        max_retries=0, soft404=False, http2=False, deadline=20.0, request_timeout=5.0
    )
    good, gone = f"{server}/ok/report", f"{server}/gone/page"
    citings = {good: [Citing("thesis.pdf", "1", "ok2020")], gone: [Citing("thesis.pdf", "2", "gone2019")]}
    t0 = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)
    with History.open(tmp_path / "h.sqlite3") as history:
        for day in range(4):
            now = t0 + timedelta(days=day)
            run_id = history.start_run(now=now)
            fresh = history.fresh_many(list(citings), timedelta(hours=12), now=now)
            assert fresh == {}  # a day apart: nothing is fresh enough to reuse

            def record(r: CheckResult, now: datetime = now, run_id: str = run_id) -> None:
                history.record(replace(r, checked_at=iso_utc(now)), run_id)  # simulated clock

            results = checker.run_checks(list(citings), options, on_result=record, is_fresh=fresh.get)
            history.finish_run(run_id, offline=looks_offline(results), now=now)
            verdicts = history.verdicts(list(citings), now=now)
            by_url = {r.url: r for r in results}
            assert by_url[good].status is LinkStatus.ALIVE
            assert by_url[gone].status is LinkStatus.DEAD and by_url[gone].http_status == 404
            assert verdicts[gone].broken is (day >= 3)  # runs on days 0..3 span 3 days
            assert not verdicts[good].broken
        report = build_report(citings, by_url, verdicts, generated_at=iso_utc(now))
        # a rerun within max-age reuses the stored results without a request
        fresh = history.fresh_many(list(citings), timedelta(hours=12), now=now + timedelta(hours=1))
        assert set(fresh) == {good, gone} and all(r.from_cache for r in fresh.values())

    written = write_reports(report, tmp_path / "reports")
    data = json.loads(written[next(iter(written))].with_name("report.json").read_text(encoding="utf-8"))
    assert data["broken"] == 1 and data["offline"] is False
    rows = data["documents"][0]["rows"]
    assert rows[0]["url"] == gone and rows[0]["since"] == "2026-05-01T08:00:00Z"
    junit = ET.parse(tmp_path / "reports" / "junit.xml").getroot()
    assert junit.get("failures") == "1" and junit.get("tests") == "2"
    md = (tmp_path / "reports" / "report.md").read_text(encoding="utf-8")
    assert md.splitlines()[2].startswith("1 of 2 links is broken")
