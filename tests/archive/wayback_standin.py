"""A local stand-in for the Wayback Machine's HTTP APIs, on loopback, in a thread.

It answers with the shapes the real services document, so the archive stage's code is
exercised over real sockets. Sources of each shape:

* CDX: github.com/internetarchive/wayback ``wayback-cdx-server/README.md`` — ``url``,
  ``matchType`` exact|prefix|host|domain (and the ``/*`` / ``*.`` shorthands), ``output=json``
  (first row names the columns: ``urlkey, timestamp, original, mimetype, statuscode, digest,
  length``; an empty result is ``[]``), ``fl``, ``from``/``to`` (inclusive, 1–14 digits),
  ``filter=[!]field:regex`` (Java ``matches``, i.e. whole value), ``collapse=field[:N]``
  (adjacent rows), ``limit`` (negative: last N). ``closest=<ts>&sort=closest`` (nearest
  first) as waybackpy 3.0.6 ``cdx_api.py: near()`` sends them. Revisits are rows with
  mimetype ``warc/revisit`` and statuscode ``-``.
* Availability: archive.org/help/wayback_api.php — ``/wayback/available?url=&timestamp=`` →
  ``{"url": …, "archived_snapshots": {"closest": {"status": "200", "available": true,
  "url": "http://web.archive.org/web/<ts>/<url>", "timestamp": "<ts>"}}}``, or
  ``{"archived_snapshots": {}}``. (Here the ``url`` names this server.)
* Replay: ``/web/<ts>id_/<url>`` answers with the capture's own status; a timestamp that is
  not exactly a capture (e.g. ``2019``) answers 302 to ``/web/<nearest ts>id_/<url>``.
* Memento TimeMap: RFC 7089 §5.1.1 link format at ``/web/timemap/link/<url>`` (the
  Wayback's) and ``/timemap/link/<url>`` (an aggregator's), 404 when there is no memento.
* Save Page Now 2 (the SPN2 public API document linked from the ``spn`` package README;
  clients such as ``spn2`` on npm): ``POST /save`` with ``Authorization: LOW key:secret``,
  ``Accept: application/json`` and form field ``url`` → ``{"url": …, "job_id": "spn2-…"}``;
  ``GET /save/status/<job_id>`` → ``{"status": "pending", …}`` then ``{"status": "success",
  "timestamp": "<ts>", "original_url": …, "duration_sec": …}`` or ``{"status": "error",
  "status_ext": "error:…", "message": …}``.
* Anonymous save ``GET /save/<url>`` as waybackpy 3.0.6 ``save_api.py`` sends it; its
  archive URL is read from the ``Link`` header (``rel="memento"`` entries naming
  ``web.archive.org/web/<14 digits>/…``, which is what waybackpy's parser looks for).
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qs, parse_qsl, urlsplit

CDX_COLUMNS = ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"]


def canon(url: str) -> str:
    """A simplified URL key (the real CDX uses SURT): no scheme, no ``www.``, no default
    port, lower-case host, no trailing slash, no fragment (a browser never sends it, so
    no capture has one; SURT's canonicaliser drops it from queries too)."""
    u = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url.strip().split("#", 1)[0], flags=re.IGNORECASE)
    host, _, rest = u.partition("/")
    host = host.lower().removeprefix("www.")
    host = re.sub(r":(80|443)$", "", host)
    key = host + ("/" + rest if rest else "")
    return key.rstrip("/")


def urlkey(url: str) -> str:
    """SURT-like key as the CDX shows it: ``org,example)/path``."""
    key = canon(url)
    host, _, rest = key.partition("/")
    return ",".join(reversed(host.split("."))) + ")/" + rest


@dataclass
class Capture:
    timestamp: str
    original: str
    status: str = "200"
    """``"200"``… or ``"-"`` for a revisit."""
    mimetype: str = "text/html"
    digest: str = "DIGEST"
    replay_status: int | None = None
    """Force the replay's status (e.g. 404 for a capture that no longer plays back)."""

    def row(self) -> list[str]:
        return [
            urlkey(self.original),
            self.timestamp,
            self.original,
            "warc/revisit" if self.status == "-" else self.mimetype,
            self.status,
            self.digest,
            "1234",
        ]


@dataclass(frozen=True)
class Logged:
    t: float
    """``time.monotonic()`` at arrival."""
    method: str
    path: str
    params: dict[str, list[str]]
    status: int


@dataclass
class SaveJob:
    url: str
    polls: int = 0
    done_ts: str | None = None


@dataclass
class WaybackStandin:
    """The stand-in; ``start()`` binds ``host`` on a free port, ``base_url`` names it."""

    host: str = "127.0.0.1"
    captures: dict[str, list[Capture]] = field(default_factory=dict)
    log: list[Logged] = field(default_factory=list)
    answer_429: int = 0
    """The next N requests (any endpoint) answer 429."""
    retry_after: str | None = None
    cdx_fail: int = 0
    """The next N CDX requests answer 503."""
    save_key: tuple[str, str] = ("test-access", "test-secret")
    save_polls: int = 2
    """Status polls answered "pending" before a job succeeds."""
    jobs: dict[str, SaveJob] = field(default_factory=dict)
    delay: float = 0.0
    """Seconds each answer is held back (a slow archive)."""

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._base_url = ""

    # -- set-up ------------------------------------------------------------------------

    def add(self, url: str, *caps: Capture | str) -> None:
        """Index captures of ``url``; a plain string is a 200 capture at that timestamp."""
        with self._lock:
            lst = self.captures.setdefault(canon(url), [])
            for c in caps:
                lst.append(Capture(c, url) if isinstance(c, str) else c)
            lst.sort(key=lambda c: c.timestamp)

    def start(self) -> Self:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                standin._handle(self, "GET")

            def do_POST(self) -> None:
                standin._handle(self, "POST")

        self._server = ThreadingHTTPServer((self.host, 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()
        host, port = self._server.server_address[:2]
        self._base_url = f"http://{host}:{port}"
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        return self._base_url

    def requests_to(self, prefix: str) -> list[Logged]:
        with self._lock:
            return [r for r in self.log if r.path.startswith(prefix)]

    # -- dispatch ----------------------------------------------------------------------

    def _handle(self, h: BaseHTTPRequestHandler, method: str) -> None:
        arrived = time.monotonic()
        split = urlsplit(h.path)
        path, query = split.path, split.query
        params = parse_qs(query, keep_blank_values=True)
        body = b""
        if method == "POST":
            body = h.rfile.read(int(h.headers.get("Content-Length") or 0))
        if self.delay:
            time.sleep(self.delay)
        with self._lock:
            limited = self.answer_429 > 0
            if limited:
                self.answer_429 -= 1
            fail_cdx = path == "/cdx/search/cdx" and self.cdx_fail > 0
            if fail_cdx:
                self.cdx_fail -= 1
        status, headers, payload = 404, {}, b"not found"
        if limited:
            status, payload = 429, b"Too Many Requests"
            if self.retry_after is not None:
                headers["Retry-After"] = self.retry_after
        elif fail_cdx:
            status, payload = 503, b"Service Unavailable"
        elif path == "/cdx/search/cdx":
            status, headers, payload = self._cdx(params)
        elif path == "/wayback/available":
            status, headers, payload = self._available(params)
        elif path.startswith(("/web/timemap/link/", "/timemap/link/")):
            target = path.split("/timemap/link/", 1)[1] + (f"?{query}" if query else "")
            status, headers, payload = self._timemap(target)
        elif path.startswith("/web/"):
            status, headers, payload = self._replay(path, query)
        elif path == "/save" and method == "POST":
            status, headers, payload = self._spn2_submit(h, body)
        elif path.startswith("/save/status/"):
            status, headers, payload = self._spn2_status(h, path.rsplit("/", 1)[1])
        elif path.startswith("/save/"):
            status, headers, payload = self._anon_save(path[len("/save/") :], query)
        with self._lock:
            self.log.append(Logged(arrived, method, path, params, status))
        h.send_response(status)
        for k, v in headers.items():
            h.send_header(k, v)
        h.send_header("Content-Length", str(len(payload)))
        h.end_headers()
        h.wfile.write(payload)

    # -- CDX ---------------------------------------------------------------------------

    def _cdx(self, params: dict[str, list[str]]) -> tuple[int, dict[str, str], bytes]:
        def one(name: str, default: str = "") -> str:
            return params.get(name, [default])[-1]

        url = one("url")
        match = one("matchType", "exact")
        if url.endswith("/*"):
            url, match = url[:-2], "prefix"
        elif url.startswith("*."):
            url, match = url[2:], "domain"
        key = canon(url)
        host = key.split("/", 1)[0]
        with self._lock:
            if match == "exact":
                caps = list(self.captures.get(key, []))
            else:
                caps = []
                for k, lst in self.captures.items():
                    h = k.split("/", 1)[0]
                    if (
                        (match == "prefix" and k.startswith(key))
                        or (match == "host" and h == host)
                        or (match == "domain" and (h == host or h.endswith("." + host)))
                    ):
                        caps.extend(lst)
        rows = sorted((c.row() for c in caps), key=lambda r: (r[0], r[1]))
        frm, to = one("from"), one("to")
        if frm:
            rows = [r for r in rows if r[1][: len(frm)] >= frm]
        if to:
            rows = [r for r in rows if r[1][: len(to)] <= to]
        for spec in params.get("filter", []):
            neg = spec.startswith("!")
            name, _, rx = spec.lstrip("!").partition(":")
            col = CDX_COLUMNS.index(name) if name in CDX_COLUMNS else int(name)
            rows = [r for r in rows if bool(re.fullmatch(rx, r[col])) != neg]
        for spec in params.get("collapse", []):
            name, _, n = spec.partition(":")
            col = CDX_COLUMNS.index(name)
            width = int(n) if n else None
            kept: list[list[str]] = []
            for r in rows:
                if kept and kept[-1][col][:width] == r[col][:width]:
                    continue
                kept.append(r)
            rows = kept
        closest = one("closest")
        if closest and one("sort") == "closest":
            t = int(closest.ljust(14, "0"))
            rows.sort(key=lambda r: abs(int(r[1].ljust(14, "0")) - t))
        limit = one("limit")
        if limit:
            n = int(limit)
            rows = rows[:n] if n >= 0 else rows[n:]
        fl = [f for f in one("fl").split(",") if f] or CDX_COLUMNS
        out = [[r[CDX_COLUMNS.index(f)] for f in fl] for r in rows]
        if one("output") == "json":
            data = json.dumps([fl, *out] if out else []).encode()
            return 200, {"Content-Type": "application/json"}, data
        text = "".join(" ".join(r) + "\n" for r in out)
        return 200, {"Content-Type": "text/plain"}, text.encode()

    # -- availability ------------------------------------------------------------------

    def _available(self, params: dict[str, list[str]]) -> tuple[int, dict[str, str], bytes]:
        url = params.get("url", [""])[-1]
        ts = params.get("timestamp", [""])[-1] or "99991231235959"
        with self._lock:
            caps = [c for c in self.captures.get(canon(url), []) if c.status.startswith("2")]
        body: dict[str, Any] = {"url": url, "archived_snapshots": {}}
        if caps:
            t = int(ts.ljust(14, "0"))
            best = min(caps, key=lambda c: abs(int(c.timestamp) - t))
            body["archived_snapshots"]["closest"] = {
                "status": best.status,
                "available": True,
                "url": f"{self.base_url}/web/{best.timestamp}/{best.original}",
                "timestamp": best.timestamp,
            }
        return 200, {"Content-Type": "application/json"}, json.dumps(body).encode()

    # -- replay ------------------------------------------------------------------------

    def _replay(self, path: str, query: str) -> tuple[int, dict[str, str], bytes]:
        m = re.match(r"^/web/(\d{1,14})(id_)?/(.+)$", path)
        if m is None:
            return 404, {}, b"bad replay path"
        ts, flag, url = m.group(1), m.group(2) or "", m.group(3) + (f"?{query}" if query else "")
        with self._lock:
            caps = list(self.captures.get(canon(url), []))
        if not caps:
            return 404, {}, b"Wayback Machine has not archived that URL."
        exact = next((c for c in caps if c.timestamp == ts), None)
        if exact is None:
            t = int(ts.ljust(14, "0"))
            near = min(caps, key=lambda c: abs(int(c.timestamp) - t))
            return 302, {"Location": f"/web/{near.timestamp}{flag}/{near.original}"}, b""
        status = exact.replay_status
        if status is None:
            status = 200 if exact.status == "-" else int(exact.status)
        return (
            status,
            {"Content-Type": "text/html", "Memento-Datetime": _http_date(ts)},
            (f"<html>capture {ts} of {url}</html>".encode()),
        )

    # -- TimeMap -----------------------------------------------------------------------

    def _timemap(self, url: str) -> tuple[int, dict[str, str], bytes]:
        with self._lock:
            caps = list(self.captures.get(canon(url), []))
        if not caps:
            return 404, {}, b""
        base = self.base_url
        lines = [
            f'<{url}>; rel="original",',
            (
                f'<{base}/web/timemap/link/{url}>; rel="self"; type="application/link-format";'
                f' from="{_http_date(caps[0].timestamp)}"; until="{_http_date(caps[-1].timestamp)}",'
            ),
            f'<{base}/web/{url}>; rel="timegate",',
        ]
        for i, c in enumerate(caps):
            rel = "memento"
            if i == 0:
                rel = "first memento"
            if i == len(caps) - 1:
                rel = "last memento" if i else "first last memento"
            sep = "," if i < len(caps) - 1 else ""
            lines.append(
                f'<{base}/web/{c.timestamp}/{c.original}>; rel="{rel}";'
                f' datetime="{_http_date(c.timestamp)}"{sep}'
            )
        return 200, {"Content-Type": "application/link-format"}, "\n".join(lines).encode()

    # -- Save Page Now -----------------------------------------------------------------

    def _capture_now(self, url: str) -> str:
        ts = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        self.add(url, Capture(ts, url))
        return ts

    def _spn2_submit(
        self, h: BaseHTTPRequestHandler, body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        auth = h.headers.get("Authorization", "")
        if auth != f"LOW {self.save_key[0]}:{self.save_key[1]}":
            return (
                401,
                {"Content-Type": "application/json"},
                json.dumps(
                    {"status": "error", "status_ext": "error:unauthorized", "message": "bad keys"}
                ).encode(),
            )
        form = dict(parse_qsl(body.decode()))
        url = form.get("url", "")
        job_id = f"spn2-{abs(hash((url, time.monotonic()))):x}"
        with self._lock:
            self.jobs[job_id] = SaveJob(url)
        return (
            200,
            {"Content-Type": "application/json"},
            json.dumps({"url": url, "job_id": job_id}).encode(),
        )

    def _spn2_status(
        self, h: BaseHTTPRequestHandler, job_id: str
    ) -> tuple[int, dict[str, str], bytes]:
        with self._lock:
            job = self.jobs.get(job_id)
            if job is not None:
                job.polls += 1
        if job is None:
            body: dict[str, Any] = {
                "status": "error",
                "status_ext": "error:not-found",
                "message": "job not found",
                "job_id": job_id,
            }
        elif "fail" in job.url:
            body = {
                "status": "error",
                "status_ext": "error:invalid-host-resolution",
                "message": "Couldn't resolve host.",
                "job_id": job_id,
            }
        elif job.polls <= self.save_polls:
            body = {"status": "pending", "job_id": job_id, "resources": []}
        else:
            if job.done_ts is None:
                job.done_ts = self._capture_now(job.url)
            body = {
                "status": "success",
                "job_id": job_id,
                "original_url": job.url,
                "timestamp": job.done_ts,
                "duration_sec": 1.5,
                "resources": [job.url],
                "outlinks": {},
            }
        return 200, {"Content-Type": "application/json"}, json.dumps(body).encode()

    def _anon_save(self, url: str, query: str) -> tuple[int, dict[str, str], bytes]:
        url += f"?{query}" if query else ""
        ts = self._capture_now(url)
        # the real answer's Link header (quoted in waybackpy's issue #97 and in its parser:
        # ``rel="memento.*?(web.archive.org/web/[0-9]{14}/.*?)>``) lists original, timemap,
        # timegate, then first/prev/this/last mementos, all on web.archive.org
        with self._lock:
            first = self.captures[canon(url)][0].timestamp
        wb = "https://web.archive.org"
        link = (
            f'<{url}>; rel="original", '
            f'<{wb}/web/timemap/link/{url}>; rel="timemap"; type="application/link-format", '
            f'<{wb}/web/{url}>; rel="timegate", '
            f'<{wb}/web/{first}/{url}>; rel="first memento"; datetime="{_http_date(first)}", '
            f'<{wb}/web/{ts}/{url}>; rel="memento"; datetime="{_http_date(ts)}", '
            f'<{wb}/web/{ts}/{url}>; rel="last memento"; datetime="{_http_date(ts)}"'
        )
        return 200, {"Link": link, "Content-Type": "text/html"}, b"<html>saved</html>"


def _http_date(ts: str) -> str:
    when = datetime.strptime(ts.ljust(14, "0"), "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    return format_datetime(when, usegmt=True)


@dataclass
class LiveSite:
    """A live web site on loopback: 200 for ``paths``, 404 for anything else."""

    host: str = "127.0.0.3"
    paths: set[str] = field(default_factory=set)
    hits: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._server: ThreadingHTTPServer | None = None
        self.base_url = ""

    def start(self) -> Self:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                site.hits.append(self.path)
                ok = self.path in site.paths
                body = b"<html>page</html>" if ok else b"not found"
                self.send_response(200 if ok else 404)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self._server = ThreadingHTTPServer((self.host, 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        ).start()
        host, port = self._server.server_address[:2]
        self.base_url = f"http://{host}:{port}"
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
