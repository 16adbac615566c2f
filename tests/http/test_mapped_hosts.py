"""Real hostnames on loopback servers: ``--connect-to``/``--resolve`` move the TCP connection
only; the URL, Host header, TLS SNI and certificate check keep the cited name."""

from __future__ import annotations

import asyncio
import json
import ssl
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
import trustme
from typer.testing import CliRunner

from citewatch.archive.client import Tally, WaybackClient
from citewatch.check.checker import run_checks
from citewatch.check.guard import Guard
from citewatch.check.model import LinkStatus
from citewatch.check.options import CheckOptions
from citewatch.cli import app
from citewatch.errors import ConfigError
from citewatch.http.routes import Routes, parse_connect_to, parse_resolve
from citewatch.settings import load_settings, to_archive_options
from tests.archive.wayback_standin import WaybackStandin
from tests.check.conftest import Req, Resp, Server

Serve = Callable[..., Server]
OPTS = CheckOptions(connect_timeout=2, read_timeout=2, request_timeout=3, max_retries=0,
                    soft404=False, deadline=15, workers=1)


def page(req: Req) -> Resp:
    if req.path.startswith("/news"):
        return Resp(200, body=b"<title>News</title>")
    if req.path == "/cdx/search/cdx?url=example.org&output=json":
        return Resp(200, {"content-type": "application/json"}, b"[]")
    return Resp(404, body=b"<title>Not found</title>")


@dataclass
class World:
    tls: Server
    """https for www.hrw.org and web.archive.org, on 127.0.0.2."""
    plain: Server
    """http for www.example.org, on 127.0.0.3."""
    names: list[str]
    """SNI names the TLS server was asked for."""
    bundle: Path


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def world(serve: Serve, ca: trustme.CA, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
          ) -> Iterator[World]:
    names: list[str] = []
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("www.hrw.org", "web.archive.org").configure_cert(ctx)
    ctx.sni_callback = lambda _sock, name, _ctx: names.append(name or "")  # type: ignore[assignment,misc]
    bundle = tmp_path / "test-ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    yield World(serve(page, host="127.0.0.2", tls=ctx), serve(page, host="127.0.0.3"), names,
                bundle)


def routed(w: World, **kw: object) -> CheckOptions:
    return replace(OPTS, connect_to=(
        parse_connect_to(f"www.hrw.org:443:127.0.0.2:{w.tls.port}"),
        parse_connect_to(f"www.example.org:80:127.0.0.3:{w.plain.port}"),
    ), **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("workers", [1, 2])
def test_connect_to_keeps_url_host_sni_and_certificate_name(world: World, workers: int) -> None:
    """With two processes the routes travel to the worker too (hosts are split)."""
    hrw, example, gone = run_checks(
        ["https://www.hrw.org/news/2020/10/23", "http://www.example.org/news/x",
         "https://www.hrw.org/gone"], routed(world, workers=workers))
    assert hrw.status is LinkStatus.ALIVE and example.status is LinkStatus.ALIVE, (hrw, example)
    assert gone.status is LinkStatus.DEAD and hrw.url == "https://www.hrw.org/news/2020/10/23"
    assert {q.headers["host"] for q in world.tls.requests} == {"www.hrw.org"}
    assert {q.headers["host"] for q in world.plain.requests} == {"www.example.org"}
    assert world.names and set(world.names) == {"www.hrw.org"}


def test_certificate_is_checked_against_the_cited_name(world: World) -> None:
    opts = replace(OPTS, connect_to=(parse_connect_to(f"::127.0.0.2:{world.tls.port}"),))
    [r] = run_checks(["https://www.other.org/news/1"], opts)  # the cert names www.hrw.org
    assert r.status is LinkStatus.ERROR and "tls" in (r.error or "").lower(), r


def test_resolve_gives_the_address_for_a_host_and_port(world: World) -> None:
    opts = replace(OPTS, resolve=(parse_resolve(f"www.hrw.org:{world.tls.port}:127.0.0.2"),))
    [r] = run_checks([f"https://www.hrw.org:{world.tls.port}/news/1"], opts)
    assert r.status is LinkStatus.ALIVE, r
    assert world.names == ["www.hrw.org"]


def test_guard_leaves_routed_hosts_to_the_backend() -> None:
    routes = Routes(connect_to=(parse_connect_to("localhost:443:93.184.215.14:443"),))

    async def main() -> tuple[str | None, str | None]:
        return await Guard(routes).refuse("localhost"), await Guard().refuse("localhost")

    routed_host, plain = asyncio.run(main())
    assert routed_host is None  # judged at connect time, by the mapped (public) address
    assert plain is not None and "loopback" in plain


def test_no_private_judges_the_mapped_address(world: World) -> None:
    [r] = run_checks(["https://www.hrw.org/news/1"], routed(world, no_private=True))
    assert r.status is LinkStatus.EXCLUDED, r
    assert "loopback address 127.0.0.2" in (r.error or "")
    assert world.tls.connections == 0


def test_archive_uses_the_routes_and_the_configured_ca(
    world: World, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("SSL_CERT_FILE")  # only the configured bundle can make TLS work
    settings = load_settings(cwd=tmp_path, env={}, overrides={
        "wayback_url": "https://web.archive.org",
        "connect_to": (f"web.archive.org:443:127.0.0.2:{world.tls.port}",),
        "ca_bundle": str(world.bundle),
    })

    async def main() -> int:
        async with WaybackClient(to_archive_options(settings)) as client:
            return len(await client.cdx({"url": "example.org"}, Tally()))

    assert asyncio.run(main()) == 0
    [q] = world.tls.requests
    assert q.headers["host"] == "web.archive.org" and world.names == ["web.archive.org"]
    assert q.headers["user-agent"].startswith("citewatch")


def test_cli_check_with_connect_to(world: World, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    doc = tmp_path / "report.txt"
    doc.write_text("See https://www.hrw.org/news/2020/10/23 and http://www.example.org/news/x.\n",
                   encoding="utf-8")
    result = CliRunner().invoke(app, [
        "check", "--json", "-q", "--db", str(tmp_path / "h.sqlite"),
        "--connect-to", f"www.hrw.org:443:127.0.0.2:{world.tls.port}",
        "--connect-to", f"www.example.org:80:127.0.0.3:{world.plain.port}", str(doc)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert {(r["url"], r["status"]) for r in rows} == {
        ("https://www.hrw.org/news/2020/10/23", "alive"),
        ("http://www.example.org/news/x", "alive")}


def test_cli_archive_with_connect_to(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "report.txt").write_text("See http://www.example.org/news/x.\n", encoding="utf-8")
    with WaybackStandin() as wayback:
        port = wayback.base_url.rsplit(":", 1)[1]
        result = CliRunner().invoke(app, [
            "archive", "--all", "--json", "-q", "--db", str(tmp_path / "h.sqlite"),
            "--wayback-url", "http://web.archive.org", "--cdx-rate", "100",
            "--connect-to", f"web.archive.org:80:127.0.0.1:{port}", "report.txt"])
        assert result.exit_code == 0, result.output
        cdx = wayback.requests_to("/cdx")
    assert cdx and cdx[0].params["url"] == ["http://www.example.org/news/x"]


@pytest.mark.parametrize(
    ("config", "words"),
    [('connect_to = ["www.hrw.org:443:127.0.0.2"]', "connect_to: expected 4 fields"),
     ('resolve = ["www.hrw.org:443:nowhere"]', "resolve: bad address 'nowhere'"),
     ('connect_to = "a:1:b:2"', "connect_to: expected a list")],
)
def test_bad_routes_in_config_name_the_file(tmp_path: Path, config: str, words: str) -> None:
    (tmp_path / "citewatch.toml").write_text(config + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=words) as info:
        load_settings(cwd=tmp_path, env={})
    assert "citewatch.toml" in str(info.value)


def test_routes_from_config_and_environment(tmp_path: Path) -> None:
    (tmp_path / "citewatch.toml").write_text(
        'connect_to = ["www.hrw.org:443:127.0.0.2:8443"]\nresolve = ["*:80:127.0.0.3"]\n',
        encoding="utf-8")
    settings = load_settings(cwd=tmp_path, env={})
    assert settings.check.connect_to == (parse_connect_to("www.hrw.org:443:127.0.0.2:8443"),)
    assert settings.check.resolve == (parse_resolve("*:80:127.0.0.3"),)
    settings = load_settings(cwd=tmp_path / "elsewhere", env={
        "CITEWATCH_CONNECT_TO": "a.org:443:127.0.0.9:8443 :80:127.0.0.8:",
        "CITEWATCH_RESOLVE": "b.org:443:127.0.0.7,[::1]"})
    assert [str(c) for c in settings.check.connect_to or ()] == [
        "a.org:443:127.0.0.9:8443", ":80:127.0.0.8:"]
    assert [str(r) for r in settings.check.resolve or ()] == ["b.org:443:127.0.0.7,[::1]"]
