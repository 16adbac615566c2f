"""The simulated web answers as planted: real TLS for real hostnames on loopback, plain HTTP,
every fate, and a Wayback stand-in holding the captures. (Checked with the standard library's
own client, so a fault here is the world's, not citewatch's.)"""

from __future__ import annotations

import http.client
import json
import socket
import ssl
import time
import urllib.request
from collections.abc import Iterator
from datetime import date
from urllib.parse import urlsplit

import pytest

from tests.e2e import seeds_world
from tests.e2e.world import (
    LOOPBACK,
    Fate,
    HostKind,
    World,
    absolute,
    capture_stamp,
    catchall_page,
    expected_capture,
)

TODAY = date(2026, 1, 15)


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    with seeds_world.build(TODAY) as w:
        yield w


def fetch(world: World, url: str, *, timeout: float = 10.0) -> tuple[int, dict[str, str], str]:
    """GET ``url`` from the world, connecting where ``connect_to`` would, verifying TLS
    against the world's CA for the URL's own hostname (10 s a step: 2 s timed out at load 9)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    sock: socket.socket = socket.create_connection(
        (LOOPBACK, world.tls_port if parts.scheme == "https" else world.plain_port), timeout)
    if parts.scheme == "https":
        ctx = ssl.create_default_context(cafile=str(world.ca_file))
        sock = ctx.wrap_socket(sock, server_hostname=host)
    with sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        resp = http.client.HTTPResponse(sock)
        resp.begin()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read().decode()


def test_tls_names_the_real_hostnames(world: World) -> None:
    status, _, body = fetch(world, "https://www.hrw.org/news/2020/10/23/azerbaijan-cluster-munitions-used-nagorno-karabakh")
    assert status == 200 and "Cluster Munitions" in body
    ctx = ssl.create_default_context(cafile=str(world.ca_file))
    with socket.create_connection((LOOPBACK, world.tls_port), 2) as raw, pytest.raises(ssl.SSLCertVerificationError):
        ctx.wrap_socket(raw, server_hostname="not-planted.example")


def test_every_true_url_answers_its_fate(world: World) -> None:
    for url in seeds_world.URLS:
        if url.true is None or url.fate is Fate.HANGING:
            continue
        status, headers, body = fetch(world, url.true)
        if url.fate is Fate.ALIVE:
            assert status == 200 and fetch(world, url.true + "x7q")[2] != body, url.true
        elif url.fate is Fate.MOVED:
            assert status == 301 and fetch(world, headers["location"])[0] == 200, url.true
        elif url.fate is Fate.GONE:
            assert status == 404, url.true
        elif url.fate is Fate.BOT_WALL:
            assert status == 403 and headers["cf-mitigated"] == "challenge", url.true
        elif url.fate is Fate.LOGIN_WALL:
            assert status == 302 and "/login" in headers["location"], url.true
            assert fetch(world, headers["location"])[0] == 200
        elif url.fate is Fate.SOFT404_TITLE:
            probe = fetch(world, url.true.rstrip("/") + "-no-such-page-x7q")
            assert status == 200 and probe[0] == 404, url.true
        elif url.fate in (Fate.SOFT404_CATCHALL, Fate.PARKED):
            probe = fetch(world, url.true.rstrip("/") + "-no-such-page-x7q")
            assert status == 200 and probe == (status, headers, body), url.true


def test_damaged_spellings_answer_what_their_host_gives_unknown_paths(world: World) -> None:
    damaged = [u for u in seeds_world.URLS if u.damaged]
    assert len(damaged) >= 19
    for url in damaged:
        printed = absolute(url.printed)
        host = urlsplit(printed).hostname or ""
        kind = world.sites[host].kind
        status, _, body = fetch(world, printed)
        if kind is HostKind.HONEST:
            assert status == 404, printed
        elif kind is HostKind.CATCHALL:
            assert (status, body) == (200, catchall_page(host).body().decode()), printed
        else:
            assert kind is HostKind.BOT_WALL and status == 403, printed


def test_hanging_host_holds_the_answer(world: World) -> None:
    [hanging] = [u for u in seeds_world.URLS if u.fate is Fate.HANGING]
    assert hanging.true
    started = time.monotonic()
    with pytest.raises((TimeoutError, socket.timeout)):
        fetch(world, hanging.true, timeout=0.5)
    assert time.monotonic() - started < 2


def test_wayback_holds_captures_around_the_citation_dates(world: World) -> None:
    url = seeds_world.BY_PRINTED[next(u.printed for u in seeds_world.URLS if "lessons-war" in u.printed)]
    assert url.true
    days = seeds_world.capture_days(url, TODAY)
    seen = date(2021, 9, 8)
    assert min(days) < seen < max(days)
    query = f"{world.wayback.base_url}/cdx/search/cdx?url={url.true}&output=json"
    with urllib.request.urlopen(query, timeout=5) as resp:
        rows = json.loads(resp.read())
    assert [r[1] for r in rows[1:]] == [capture_stamp(d) for d in days]
    best = expected_capture(days, seen)
    assert best is not None and best < seen and (seen - best).days == 20


def test_plain_http_host(world: World) -> None:
    [arka] = [u for u in seeds_world.URLS if u.printed.startswith("http://")]
    assert arka.true
    status, _, body = fetch(world, arka.true)
    assert status == 200 and "Страница не найдена" in body


def test_world_stops_by_itself() -> None:
    w = World(lifetime=0.3)
    w.plant("https://example.org/a", Fate.ALIVE)
    w.start()
    port = w.tls_port
    time.sleep(0.6)
    with pytest.raises(OSError):
        socket.create_connection((LOOPBACK, port), 0.5).close()


def test_expected_capture_is_the_latest_strictly_before_else_the_earliest_after() -> None:
    days = [date(2020, 1, 1), date(2020, 6, 1), date(2020, 6, 10), date(2021, 1, 1)]
    assert expected_capture(days, date(2020, 6, 9)) == date(2020, 6, 1)
    assert expected_capture(days, date(2020, 6, 1)) == date(2020, 1, 1)
    assert expected_capture(days, date(2019, 1, 1)) == date(2020, 1, 1)
    assert expected_capture([], date(2019, 1, 1)) is None


def test_captures_planted_twice_are_held_once() -> None:
    w = World()
    w.capture("https://example.org/a", [date(2020, 1, 1), date(2020, 2, 1)])
    w.capture("https://www.example.org/a/", [date(2020, 2, 1), date(2020, 3, 1)])
    assert [c.timestamp[:8] for c in w.wayback.captures["example.org/a"]] == [
        "20200101", "20200201", "20200301"]
