"""A small real web server on loopback for CLI tests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

DOC = """The Title of a Report

Body text citing a source.1 And another.2 And again.3

1 Human Rights Watch, “Azerbaijan: Cluster Munitions Used”, HRW (23 October 2020), online:
<{base}/ok/news/2020/10/23/azerbaijan-cluster-
munitions-used>.
2 Jane Doe, “A Page That Is Gone”, Example (1 May 2021), online: <{base}/gone/page>.
3 Ibid.
"""


class _Handler(BaseHTTPRequestHandler):
    """``/ok/...`` → 200 page, ``/gone/...`` → 404, anything else → 404."""

    def _answer(self, body: bool) -> None:
        if self.path.startswith("/ok"):
            status, text = (
                200,
                f"<html><title>Page {self.path}</title><body>{self.path} " + "x" * 500,
            )
        else:
            status, text = 404, "<html><title>Not Found</title><body>no such page</body></html>"
        data = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)

    def do_GET(self) -> None:
        self._answer(True)

    def do_HEAD(self) -> None:
        self._answer(False)

    def log_message(self, format: str, *args: object) -> None:  # silence
        pass


@pytest.fixture()
def web() -> Iterator[str]:
    """Base URL of a server on 127.0.0.2."""
    server = ThreadingHTTPServer(("127.0.0.2", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.2:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture()
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    return tmp_path


def write_doc(workdir: Path, base: str = "https://example.org") -> Path:
    docs = workdir / "docs"
    docs.mkdir(exist_ok=True)
    path = docs / "report.txt"
    path.write_text(DOC.format(base=base), encoding="utf-8")
    return path
