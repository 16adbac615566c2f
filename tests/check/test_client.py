"""The shared client: connection reuse, bounded per-origin pools, environment proxies."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from citewatch.check.checker import run_checks
from citewatch.check.model import LinkStatus
from citewatch.check.options import CheckOptions
from citewatch.http.client import uses_env_proxy
from citewatch.http.routes import parse_connect_to
from tests.check.conftest import Req, Resp, Server

Serve = Callable[..., Server]
OPTS = CheckOptions(connect_timeout=2, read_timeout=2, request_timeout=3, max_retries=0,
                    deadline=15)


def test_connections_are_reused(serve: Serve) -> None:
    s = serve(lambda req: Resp(200 if req.path.startswith("/p") else 404), host="127.0.0.50")
    opts = CheckOptions(**{**OPTS.__dict__, "per_host_concurrency": 1})
    results = run_checks([s.url(f"/p{i}") for i in range(10)], opts)
    assert all(r.status is LinkStatus.ALIVE for r in results)
    assert len(s.requests) == 11  # ten HEADs and one probe
    assert s.connections == 1


def test_origin_pools_stay_bounded_and_correct(serve: Serve) -> None:
    servers = [serve(lambda req: Resp(200, body=b"<title>x</title>"), host=f"127.0.2.{i}")
               for i in range(1, 7)]
    opts = CheckOptions(**{**OPTS.__dict__, "max_concurrency": 2, "soft404": False})
    urls = [s.url(f"/p{i}") for i in range(3) for s in servers]
    results = run_checks(urls, opts)
    assert all(r.status is LinkStatus.ALIVE for r in results)
    assert all(len(s.requests) == 3 for s in servers)


def test_http_proxy_from_environment(
    serve: Serve, monkeypatch: pytest.MonkeyPatch, backend_connects: list[tuple[str, int]]
) -> None:
    """Proxied requests go to the proxy; NO_PROXY hosts (an address, a name) go direct, on
    our own backend, where routes apply."""
    def proxy_handler(req: Req) -> Resp:
        if req.path == "http://cited.test/page":
            return Resp(200, body=b"<title>via proxy</title>")
        return Resp(404)

    proxy = serve(proxy_handler, host="127.0.0.51")
    direct = serve(lambda req: Resp(200 if req.path == "/x" else 404), host="127.0.0.52")
    monkeypatch.setenv("HTTP_PROXY", proxy.url(""))
    monkeypatch.setenv("NO_PROXY", "127.0.0.52, direct.test")
    assert uses_env_proxy()
    opts = replace(OPTS, connect_to=(parse_connect_to(f"direct.test::127.0.0.52:{direct.port}"),))
    via, bypass, named = run_checks(
        ["http://cited.test/page", direct.url("/x"), "http://direct.test/x"], opts)
    assert via.status is LinkStatus.ALIVE, via
    assert any(q.path == "http://cited.test/page" for q in proxy.requests)
    assert bypass.status is LinkStatus.ALIVE and named.status is LinkStatus.ALIVE, named
    assert direct.requests and all(not q.path.startswith("http") for q in direct.requests)
    assert {q.headers["host"] for q in direct.requests} == {f"127.0.0.52:{direct.port}",
                                                            "direct.test"}
    assert all("127.0.0.52" not in q.path for q in proxy.requests)
    # the proxy's connections are httpx's
    assert {host for host, _ in backend_connects} == {"127.0.0.52", "direct.test"}


def test_cookies_live_for_one_redirect_chain(serve: Serve) -> None:
    """A cookie wall (set a cookie, redirect to itself to see it) passes; the next URL's
    check starts without that cookie, so results do not depend on the order of checks."""
    def wall(req: Req) -> Resp:
        if "seen=1" in req.headers.get("cookie", ""):
            return Resp(200, body=b"<title>Article</title><p>text</p>")
        return Resp(302, headers={"location": req.path, "set-cookie": "seen=1; Path=/"})

    s = serve(wall, host="127.0.0.53")
    opts = replace(OPTS, soft404=False, per_host_concurrency=1, workers=1)
    results = run_checks([s.url("/a"), s.url("/b")], opts)
    assert [r.status for r in results] == [LinkStatus.ALIVE, LinkStatus.ALIVE], results
    first_tries = [q for q in s.requests if "cookie" not in q.headers]
    assert sorted(q.path for q in first_tries) == ["/a", "/b"]  # /b began without /a's cookie
    assert sorted(q.path for q in s.requests if "cookie" in q.headers) == ["/a", "/b"]
