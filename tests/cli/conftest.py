"""A small real web server on loopback for CLI tests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class _Handler(BaseHTTPRequestHandler):
    """``/ok/...`` → 200 page, ``/gone/...`` → 404, anything else → 404."""

    def _answer(self, body: bool) -> None:
        if self.path.startswith("/ok"):
            status, text = 200, f"<html><title>Page {self.path}</title><body>{self.path} " + "x" * 500
        else:
            status, text = 404, "<html><title>Not Found</title><body>no such page</body></html>"
        data = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._answer(True)

    def do_HEAD(self) -> None:  # noqa: N802
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
