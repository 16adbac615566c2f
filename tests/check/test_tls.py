"""TLS: untrusted and wrong-host certificates are errors; a local CA trusted through
``SSL_CERT_FILE`` / ``REQUESTS_CA_BUNDLE`` works; HTTP/2 is used when the server offers it."""

from __future__ import annotations

import asyncio
import ssl
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Self

import pytest
import trustme

from citewatch.check.checker import run_checks
from citewatch.check.model import LinkStatus
from citewatch.check.options import CheckOptions
from tests.check.conftest import Req, Resp, Server

Serve = Callable[..., Server]
OPTS = CheckOptions(connect_timeout=2, read_timeout=2, request_timeout=3, max_retries=0,
                    soft404=False, deadline=15)


def ok(req: Req) -> Resp:
    return Resp(200, body=b"<title>secure</title>")


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


def server_ctx(ca: trustme.CA, *names: str) -> ssl.SSLContext:
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(*names).configure_cert(ctx)
    return ctx


def test_untrusted_ca_is_tls_error(serve: Serve, ca: trustme.CA) -> None:
    s = serve(ok, host="127.0.0.40", tls=server_ctx(ca, "127.0.0.40"))
    [r] = run_checks([s.url("/")], OPTS)
    assert r.status is LinkStatus.ERROR
    assert "tls" in (r.error or "").lower() and "certificate" in (r.error or "").lower()


def test_wrong_host_is_tls_error(serve: Serve, ca: trustme.CA, tmp_path: Path) -> None:
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    s = serve(ok, host="127.0.0.41", tls=server_ctx(ca, "other.example"))
    opts = CheckOptions(**{**OPTS.__dict__, "ca_bundle": str(bundle)})
    [r] = run_checks([s.url("/")], opts)
    assert r.status is LinkStatus.ERROR and "tls" in (r.error or "").lower()
    assert "mismatch" in (r.error or "").lower() or "match" in (r.error or "").lower()


@pytest.mark.parametrize("variable", ["SSL_CERT_FILE", "REQUESTS_CA_BUNDLE"])
def test_local_ca_trusted_through_environment(
    serve: Serve, ca: trustme.CA, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    bundle = tmp_path / "corp-ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    s = serve(ok, host="127.0.0.42", tls=server_ctx(ca, "127.0.0.42"))
    monkeypatch.setenv(variable, str(bundle))
    [r] = run_checks([s.url("/")], OPTS)
    assert r.status is LinkStatus.ALIVE, r
    assert s.requests


class _Hypercorn:
    """An ASGI app served by hypercorn over TLS with h2 offered via ALPN, in its own thread."""

    def __init__(self, ctx_files: tuple[str, str], host: str) -> None:
        from hypercorn.asyncio import serve
        from hypercorn.config import Config

        self.versions: list[str] = []
        config = Config()
        config.bind = [f"{host}:0"]
        config.certfile, config.keyfile = ctx_files
        config.alpn_protocols = ["h2", "http/1.1"]
        config.accesslog = None
        config.errorlog = None
        self.config = config
        self.loop = asyncio.new_event_loop()
        self.stop = asyncio.Event()
        self.ready = threading.Event()
        self.port = 0

        async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
            if scope["type"] == "lifespan":
                while True:
                    msg = await receive()
                    if msg["type"] == "lifespan.startup":
                        await send({"type": "lifespan.startup.complete"})
                    elif msg["type"] == "lifespan.shutdown":
                        await send({"type": "lifespan.shutdown.complete"})
                        return
            self.versions.append(scope["http_version"])
            await send({"type": "http.response.start", "status": 200,
                        "headers": [(b"content-type", b"text/html")]})
            await send({"type": "http.response.body", "body": b"<title>h2</title>"})

        async def main() -> None:
            sock_host = host
            import socket

            sock = socket.socket()
            sock.bind((sock_host, 0))
            self.port = sock.getsockname()[1]
            sock.close()
            config.bind = [f"{host}:{self.port}"]
            self.ready.set()
            await serve(app, config, shutdown_trigger=self.stop.wait)  # type: ignore[arg-type]

        self.thread = threading.Thread(target=lambda: self.loop.run_until_complete(main()),
                                       daemon=True)

    def __enter__(self) -> Self:
        self.thread.start()
        self.ready.wait(5)
        return self

    def __exit__(self, *exc: object) -> None:
        self.loop.call_soon_threadsafe(self.stop.set)
        self.thread.join(10)
        self.loop.close()


@pytest.fixture
def hypercorn_h2(ca: trustme.CA, tmp_path: Path) -> Iterator[_Hypercorn]:
    cert = ca.issue_cert("127.0.0.43")
    certfile, keyfile = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert.cert_chain_pems[0].write_to_path(str(certfile))
    cert.private_key_pem.write_to_path(str(keyfile))
    with _Hypercorn((str(certfile), str(keyfile)), "127.0.0.43") as server:
        yield server


def test_http2_used_when_offered(hypercorn_h2: _Hypercorn, ca: trustme.CA, tmp_path: Path) -> None:
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    opts = CheckOptions(**{**OPTS.__dict__, "ca_bundle": str(bundle)})
    url = f"https://127.0.0.43:{hypercorn_h2.port}/"
    for _ in range(50):  # the server binds in its thread; wait (bounded) until it answers
        [r] = run_checks([url], opts)
        if r.status is not LinkStatus.DEAD:
            break
    assert r.status is LinkStatus.ALIVE, r
    assert hypercorn_h2.versions and set(hypercorn_h2.versions) == {"2"}


def test_a_configured_bundle_replaces_the_environments_cas(
    serve: Serve, ca: trustme.CA, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--ca-bundle`` names the CAs to trust, as curl's ``--cacert`` does: a site signed by
    the CA that ``SSL_CERT_FILE`` names is then not trusted."""
    env_bundle, own_bundle = tmp_path / "env-ca.pem", tmp_path / "own-ca.pem"
    ca.cert_pem.write_to_path(str(env_bundle))
    trustme.CA().cert_pem.write_to_path(str(own_bundle))
    s = serve(ok, host="127.0.0.44", tls=server_ctx(ca, "127.0.0.44"))
    monkeypatch.setenv("SSL_CERT_FILE", str(env_bundle))
    [trusted] = run_checks([s.url("/")], OPTS)
    opts = CheckOptions(**{**OPTS.__dict__, "ca_bundle": str(own_bundle)})
    [replaced] = run_checks([s.url("/")], opts)
    assert trusted.status is LinkStatus.ALIVE, trusted
    assert replaced.status is LinkStatus.ERROR and "certificate" in (replaced.error or "").lower()
