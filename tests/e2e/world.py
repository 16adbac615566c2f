"""A simulated web on loopback: real HTTPS and HTTP servers that answer for real hostnames,
and a Wayback stand-in with captures at known dates.

Why: the main job (``citewatch audit --archive``) must be judged as a user runs it, over
sockets, TLS and redirects, against a web whose every answer is known. Hosts are addressed
by their real names: citewatch's ``connect_to`` setting (curl's ``HOST1:PORT1:HOST2:PORT2``)
sends every connection to port 443 or 80 to this world's two servers, which route by the
``Host`` header; the certificate, from a trustme CA given through ``SSL_CERT_FILE``, names
every planted hostname, so TLS verification is the real one.

A host has a *kind* (how it answers paths nobody planted: honest 404, 200 for everything,
parked, hanging, bot wall, login wall) and planted pages, each with a :class:`Fate`.
Everything is bounded: a hanging answer is held at most ``hang_seconds`` (released at
stop), and a watchdog stops the world after ``lifetime`` seconds if nobody else does.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Self
from urllib.parse import urlsplit

import trustme

from citewatch.url import absolute as url_absolute
from tests.archive.wayback_standin import Capture, WaybackStandin, canon

LOOPBACK = "127.0.0.2"
"""The address the world's servers listen on (not 127.0.0.1, where the archive is)."""


class Fate(StrEnum):
    """What became of a page."""

    ALIVE = "alive"
    MOVED = "moved"
    """301 to a page that is alive."""
    GONE = "gone"
    """404 (or 410)."""
    BOT_WALL = "bot-wall"
    """403 with a Cloudflare challenge."""
    LOGIN_WALL = "login-wall"
    """302 to the site's login page."""
    SOFT404_TITLE = "soft404-title"
    """200 whose own title says "not found", on a host honest about random paths."""
    SOFT404_CATCHALL = "soft404-catchall"
    """200 with the host's error page, which it gives for every unknown path."""
    PARKED = "parked"
    """The domain is parked: 200 "for sale" for every path."""
    HANGING = "hanging"
    """The connection is accepted and never answered."""


EXPECTED_CLASS: Mapping[Fate, str] = {
    Fate.ALIVE: "alive",
    Fate.MOVED: "redirected",
    Fate.GONE: "dead",
    Fate.BOT_WALL: "blocked",
    Fate.LOGIN_WALL: "blocked",
    Fate.SOFT404_TITLE: "soft404",
    Fate.SOFT404_CATCHALL: "soft404",
    Fate.PARKED: "soft404",
    Fate.HANGING: "timeout",
}
"""The class citewatch must report for each fate (README "Link classes")."""

FAILING = frozenset({Fate.GONE, Fate.SOFT404_TITLE, Fate.SOFT404_CATCHALL, Fate.PARKED,
                     Fate.HANGING})
"""Fates that fail a check: their citations need an archived copy."""


class HostKind(StrEnum):
    """How a host answers a path nobody planted (what the soft-404 probe sees)."""

    HONEST = "honest"
    """404."""
    CATCHALL = "catchall"
    """200 with the same error page for everything."""
    PARKED = "parked"
    HANG = "hang"
    BOT_WALL = "bot-wall"
    LOGIN = "login"
    """Everything but the login page redirects to it."""


HOST_KIND_OF: Mapping[Fate, HostKind] = {
    Fate.SOFT404_CATCHALL: HostKind.CATCHALL,
    Fate.PARKED: HostKind.PARKED,
    Fate.HANGING: HostKind.HANG,
    Fate.BOT_WALL: HostKind.BOT_WALL,
    Fate.LOGIN_WALL: HostKind.LOGIN,
}
"""The host kind a fate implies; fates not listed live on honest hosts."""


@dataclass(frozen=True)
class Page:
    """One planted answer."""

    status: int = 200
    title: str = ""
    text: str = ""
    location: str | None = None
    headers: tuple[tuple[str, str], ...] = ()
    hang: bool = False

    def body(self) -> bytes:
        if self.status in (301, 302, 303, 307, 308) or self.hang:
            return b""
        return (
            "<!doctype html><html><head><meta charset=utf-8>"
            f"<title>{html.escape(self.title)}</title></head><body>"
            f"<h1>{html.escape(self.title)}</h1><p>{html.escape(self.text)}</p></body></html>"
        ).encode()


NOT_FOUND_TITLES: Mapping[str, str] = {
    "en": "Page not found",
    "fr": "Page introuvable",
    "de": "Seite nicht gefunden",
    "es": "Página no encontrada",
    "ru": "Страница не найдена",
    "hy": "Էջը չի գտնվել",
    "az": "Səhifə tapılmadı",
    "tr": "Sayfa bulunamadı",
}
"""A not-found page's title in the languages the issue names."""


def article_text(title: str, url: str) -> str:
    """A page body long and distinct enough not to look like any other page."""
    words = " ".join(p for p in urlsplit(url).path.replace("-", " ").split("/") if p)
    return (f"{title}. This article reports on {words}. " * 6).strip()


@dataclass
class Site:
    """A host: its kind and its planted pages (path with query → page)."""

    kind: HostKind = HostKind.HONEST
    pages: dict[str, Page] = field(default_factory=dict)

    def answer(self, host: str, target: str) -> Page:
        page = self.pages.get(target)
        if page is None and "?" in target:
            page = self.pages.get(target.split("?", 1)[0] + "?*")
        if page is not None:
            return page
        if self.kind is HostKind.CATCHALL:
            return catchall_page(host)
        if self.kind is HostKind.PARKED:
            return parked_page(host)
        if self.kind is HostKind.HANG:
            return Page(hang=True)
        if self.kind is HostKind.BOT_WALL:
            return bot_wall_page()
        if self.kind is HostKind.LOGIN:
            return Page(302, location=f"https://{host}{LOGIN_PATH}?next={target}")
        return Page(404, title="404", text="Not Found")


LOGIN_PATH = "/accounts/login/"
MISDIRECTED = 421
"""The answer for a host nobody planted (a request that should not have been made)."""


def catchall_page(host: str) -> Page:
    return Page(200, title=f"{host} - Error", text="This item was deleted or never existed.")


def parked_page(host: str) -> Page:
    return Page(200, title=host, text=f"This domain is for sale! Buy this domain: {host}.")


def bot_wall_page() -> Page:
    return Page(
        403,
        title="Just a moment...",
        text="Checking your browser before accessing the site.",
        headers=(("cf-mitigated", "challenge"), ("server", "cloudflare")),
    )


def capture_stamp(day: date) -> str:
    """A Wayback timestamp at noon of ``day``."""
    return day.strftime("%Y%m%d") + "120000"


def absolute(printed: str) -> str:
    """The URL a printed spelling names, by the project's one rule (``citewatch.url``)."""
    return url_absolute(printed)


@dataclass
class Hit:
    host: str
    method: str
    target: str
    status: int


@dataclass
class AuditRun:
    """One ``citewatch audit`` run in this world."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float
    report: dict[str, Any] | None
    workdir: Path
    hits: list[Hit]
    """Requests the world's web servers answered during the run."""


class World:
    """The simulated web. Plant pages, ``start()``, run citewatch, ``stop()``."""

    def __init__(self, *, hang_seconds: float = 5.0, lifetime: float = 300.0) -> None:
        self.sites: dict[str, Site] = {}
        self.hang_seconds = hang_seconds
        self.lifetime = lifetime
        self.hits: list[Hit] = []
        self.wayback = WaybackStandin()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._servers: list[ThreadingHTTPServer] = []
        self._watchdog: threading.Timer | None = None
        self._dir: tempfile.TemporaryDirectory[str] | None = None
        self.tls_port = 0
        self.plain_port = 0
        self.ca_file = Path()

    # -- planting --------------------------------------------------------------------------

    def site(self, host: str, kind: HostKind | None = None) -> Site:
        host = host.lower()
        site = self.sites.setdefault(host, Site())
        if kind is not None and kind is not HostKind.HONEST:
            if site.kind not in (HostKind.HONEST, kind):
                raise ValueError(f"{host}: planted as {site.kind} and as {kind}")
            site.kind = kind
        return site

    def page(self, url: str, page: Page) -> None:
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        self.site(parts.hostname or "").pages[target] = page

    def plant(self, url: str, fate: Fate, *, title: str = "", moved_to: str | None = None,
              lang: str = "en") -> None:
        """Give ``url`` its fate (and its host the kind the fate implies)."""
        host = urlsplit(url).hostname or ""
        self.site(host, HOST_KIND_OF.get(fate))
        title = title or host
        if fate is Fate.ALIVE:
            self.page(url, Page(200, title=title, text=article_text(title, url)))
        elif fate is Fate.MOVED:
            if moved_to is None:
                raise ValueError(f"{url}: moved needs moved_to")
            self.page(url, Page(301, location=moved_to))
            self.plant(moved_to, Fate.ALIVE, title=title)
        elif fate is Fate.GONE:
            self.page(url, Page(404, title="404", text="Not Found"))
        elif fate is Fate.SOFT404_TITLE:
            nf = NOT_FOUND_TITLES[lang]
            self.page(url, Page(200, title=f"{nf} | {host}", text=f"{nf}. {article_text(host, '')}"))
        elif fate is Fate.LOGIN_WALL:
            self.page(f"https://{host}{LOGIN_PATH}?*", Page(200, title="Log in", text="Log in."))
        # catch-all, parked, hanging and bot-wall pages are what their host answers anyway

    def capture(self, url: str, days: Iterable[date]) -> None:
        """Captures of ``url`` (200, replayable) on each of ``days`` it has none yet."""
        held = {c.timestamp for c in self.wayback.captures.get(canon(url), [])}
        stamps = sorted({capture_stamp(d) for d in days} - held)
        self.wayback.add(url, *(Capture(ts, url) for ts in stamps))

    # -- running ---------------------------------------------------------------------------

    def start(self) -> Self:
        self._dir = tempfile.TemporaryDirectory(prefix="citewatch-world-")
        ca = trustme.CA()
        ca_file = Path(self._dir.name) / "ca.pem"
        ca.cert_pem.write_to_path(str(ca_file))
        self.ca_file = ca_file
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ca.issue_cert(*sorted(self.sites) or ["localhost"]).configure_cert(ctx)
        self.tls_port = self._serve(ctx)
        self.plain_port = self._serve(None)
        self.wayback.start()
        self._watchdog = threading.Timer(self.lifetime, self.stop)
        self._watchdog.daemon = True
        self._watchdog.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._watchdog is not None:
            self._watchdog.cancel()
        for server in self._servers:
            server.shutdown()
            server.server_close()
        self._servers.clear()
        self.wayback.stop()
        if self._dir is not None:
            self._dir.cleanup()
            self._dir = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def connect_to(self) -> list[str]:
        """curl-style rules sending every HTTPS and HTTP connection to this world."""
        return [f":443:{LOOPBACK}:{self.tls_port}", f":80:{LOOPBACK}:{self.plain_port}"]

    def config_toml(self, *, timeout: float = 1.0) -> str:
        """A ``citewatch.toml`` for a run in this world."""
        return "\n".join([
            f"wayback_url = {json.dumps(self.wayback.base_url)}",
            "cdx_rate = 1000.0",
            "replay_rate = 1000.0",
            f"connect_to = {json.dumps(self.connect_to())}",
            f"timeout = {timeout}",
            "",
        ])

    def env(self, base: Mapping[str, str] | None = None) -> dict[str, str]:
        """The environment for a run: the test CA, no proxy, no stray CITEWATCH_* values."""
        drop = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "SSL_CERT_DIR",
                "REQUESTS_CA_BUNDLE")
        env = {k: v for k, v in (base if base is not None else os.environ).items()
               if k.upper() not in drop and not k.startswith("CITEWATCH_")}
        env["SSL_CERT_FILE"] = str(self.ca_file)
        env["NO_COLOR"] = "1"
        return env

    def run_audit(self, documents: Path, workdir: Path, args: Sequence[str] = (),
                  *, timeout: float = 1.0, limit: float = 120.0) -> AuditRun:
        """``citewatch audit --archive --strict`` on a copy of ``documents`` in ``workdir``,
        in a subprocess, as a user runs it; the run is killed after ``limit`` seconds."""
        docs = workdir / documents.name
        if not docs.exists():
            shutil.copytree(documents, docs)
        (workdir / "citewatch.toml").write_text(self.config_toml(timeout=timeout))
        cmd = [sys.executable, "-m", "citewatch", "audit", "--archive", "--strict",
               "--max-age", "0", "--quiet", *args, documents.name]
        started = time.monotonic()
        proc = subprocess.run(cmd, cwd=workdir, env=self.env(), capture_output=True,
                              text=True, timeout=limit, check=False)
        seconds = time.monotonic() - started
        report_path = workdir / "reports" / "report.json"
        report = json.loads(report_path.read_text()) if report_path.exists() else None
        with self._lock:
            hits = list(self.hits)
        return AuditRun(proc.returncode, proc.stdout, proc.stderr, seconds, report, workdir, hits)

    # -- serving ---------------------------------------------------------------------------

    def _serve(self, tls: ssl.SSLContext | None) -> int:
        world = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            timeout = 10

            def setup(self) -> None:
                if tls is not None:
                    self.request = tls.wrap_socket(self.request, server_side=True)
                super().setup()

            def finish(self) -> None:
                try:
                    super().finish()
                finally:
                    if tls is not None:
                        self.request.close()  # the TLS wrapper owns the socket now

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                world._answer(self)

            def do_HEAD(self) -> None:
                world._answer(self)

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # TLS handshakes a client gave up on, resets: not the test's business

        server = Server((LOOPBACK, 0), Handler)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()
        self._servers.append(server)
        return int(server.server_address[1])

    def _answer(self, h: BaseHTTPRequestHandler) -> None:
        host = (h.headers.get("Host") or "").rsplit(":", 1)[0].lower()
        site = self.sites.get(host)
        page = site.answer(host, h.path) if site else Page(MISDIRECTED, text="Misdirected Request")
        with self._lock:
            self.hits.append(Hit(host, h.command, h.path, 0 if page.hang else page.status))
        if page.hang:
            self._stopping.wait(self.hang_seconds)
            h.close_connection = True
            return
        body = page.body()
        h.send_response(page.status)
        h.send_header("Content-Type", "text/html; charset=utf-8")
        if page.location:
            h.send_header("Location", page.location)
        for name, value in page.headers:
            h.send_header(name, value)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        if h.command != "HEAD":
            h.wfile.write(body)


def expected_capture(days: Iterable[date], seen: date) -> date | None:
    """The capture citewatch should choose: the latest strictly before ``seen``, else the
    earliest after (README "Archived copies")."""
    ordered = sorted(days)
    before = [d for d in ordered if d < seen]
    if before:
        return before[-1]
    return ordered[0] if ordered else None


def around(seen: date, today: date) -> list[date]:
    """Capture days around a citation's date: one long before, the closest before, one
    closer *after* (so "closest" alone picks wrongly), one long after; none in the future."""
    days = [seen - timedelta(700), seen - timedelta(20), seen + timedelta(5), seen + timedelta(400)]
    return [d for d in days if d <= today]


def after_only(seen: date, today: date) -> list[date]:
    """Capture days only after a citation's date (the archive began later)."""
    return [d for d in (seen + timedelta(30), seen + timedelta(900)) if d <= today]
