"""Per-origin headers: parsing, and a matrix of header scope × redirect against real loopback
servers (TLS from a test CA) that record what they received — the secret is seen only at the
origin it was configured for."""

from __future__ import annotations

import ssl
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import trustme
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from citewatch.check.checker import run_checks
from citewatch.check.headers import (
    HeaderScopes,
    HeaderSpecError,
    Origin,
    parse_header_arg,
    parse_origin,
)
from citewatch.check.model import LinkStatus
from citewatch.check.options import CheckOptions
from tests.check.conftest import Req, Resp, Server

Serve = Callable[..., Server]
SECRET = "Bearer S3CRET"


@pytest.mark.parametrize(("spec", "origin"), [
    ("example.org", Origin("https", "example.org", 443)),
    ("Example.ORG:8443", Origin("https", "example.org", 8443)),
    ("https://example.org", Origin("https", "example.org", 443)),
    ("http://example.org", Origin("http", "example.org", 80)),
    ("http://127.0.0.2:8002/", Origin("http", "127.0.0.2", 8002)),
    ("127.0.0.2:8002", Origin("https", "127.0.0.2", 8002)),
    ("[::1]:8443", Origin("https", "[::1]", 8443)),
    ("Bücher.example", Origin("https", "xn--bcher-kva.example", 443)),
])
def test_parse_origin(spec: str, origin: Origin) -> None:
    assert parse_origin(spec) == origin


@pytest.mark.parametrize("spec", ["", "127.0.0.2:80x", "host:0", "host:70000", "ftp://host",
                                  "host/path", "user@host", "https://", "ho st", "[::1", ":80"])
def test_malformed_origin_is_refused(spec: str) -> None:
    with pytest.raises(HeaderSpecError, match="origin|port|host|scheme"):
        parse_origin(spec)


def test_header_arg_forms() -> None:
    arg = parse_header_arg("127.0.0.2:8002=Authorization: Bearer S")
    assert (arg.origin, arg.name, arg.value) == (Origin("https", "127.0.0.2", 8002),
                                                 "Authorization", "Bearer S")
    arg = parse_header_arg("Cookie: a=b; c=d")
    assert (arg.origin, arg.name, arg.value) == (None, "Cookie", "a=b; c=d")
    assert parse_header_arg("X-Token:abc=def").origin is None
    with pytest.raises(HeaderSpecError, match="80x"):
        parse_header_arg("127.0.0.2:80x=Authorization: Bearer S")
    with pytest.raises(HeaderSpecError):
        parse_header_arg("no colon here")


def test_scopes_match_exact_origin_only() -> None:
    scopes = HeaderScopes({"example.org": {"Authorization": "t"}})
    assert scopes.for_url("https://EXAMPLE.org/a") == {"Authorization": "t"}
    assert scopes.for_url("https://example.org:443/a") == {"Authorization": "t"}
    idn = HeaderScopes({"bücher.example": {"A": "b"}})
    assert idn.for_url("https://xn--bcher-kva.example/") == idn.for_url("https://BÜCHER.example/")
    assert idn.for_url("https://bücher.example/x") == {"A": "b"}
    for other in ("http://example.org/a", "https://example.org:8443/a", "https://www.example.org/",
                  "https://example.org.evil.test/", "not a url", "https://[bad/"):
        assert not scopes.for_url(other), other


def test_cli_malformed_header_is_exit_2_naming_it(tmp_path: Path) -> None:
    from citewatch.cli import app

    result = CliRunner().invoke(app, ["check", str(tmp_path), "--header",
                                      "127.0.0.2:80x=Authorization: Bearer S"])
    assert result.exit_code == 2, result.output
    assert "80x" in result.output


def test_settings_file_origin_is_validated(tmp_path: Path) -> None:
    from citewatch.errors import ConfigError
    from citewatch.settings import load_settings

    cfg = tmp_path / "citewatch.toml"
    cfg.write_text('[headers."127.0.0.2:80x"]\nAuthorization = "Bearer S"\n')
    with pytest.raises(ConfigError, match="80x") as info:
        load_settings(config=cfg)
    assert "citewatch.toml" in str(info.value) or info.value.path == cfg


# --- the matrix -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


def _tls(ca: trustme.CA) -> ssl.SSLContext:
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.31", "127.0.0.32", "127.0.0.1", "localhost").configure_cert(ctx)
    return ctx


def redirector(req: Req) -> Resp:
    """``/go?to=URL`` redirects there; anything else is a page."""
    target = parse_qs(urlsplit(req.path).query).get("to")
    if target:
        return Resp(302, {"location": target[0]})
    return Resp(200, body=b"<title>landing</title><p>ok</p>")


def _origin(s: Server) -> str:
    return f"{'https' if s.tls else 'http'}://{s.host}:{s.port}"


# Scopes as written by a user; the server they name ("a1": https 127.0.0.31, "a3": http
# 127.0.0.31), or None when the scope names an origin no test server has (default port 443).
SCOPES = [
    ("https://127.0.0.31:{a1}", "a1"),
    ("127.0.0.31:{a1}", "a1"),        # no scheme: https
    ("127.0.0.31", None),             # no port: https's 443, not the test server's port
    ("http://127.0.0.31:{a3}", "a3"),
    ("127.0.0.31:{a3}", None),        # no scheme means https: the plain-http server gets nothing
]
# Redirects: (start server, target server) — same origin, same host other port, other host,
# https → http on the same host, http → https.
REDIRECTS = [("a1", "a1"), ("a1", "a2"), ("a1", "b"), ("a1", "a3"), ("a3", "a1")]


@pytest.mark.parametrize(("scope", "configured"), SCOPES)
@pytest.mark.parametrize(("start", "target"), REDIRECTS)
def test_secret_seen_only_where_configured(serve: Serve, ca: trustme.CA, tmp_path: Path,
                                           scope: str, configured: str | None, start: str,
                                           target: str) -> None:
    tls = _tls(ca)
    servers = {
        "a1": serve(redirector, host="127.0.0.31", tls=tls),
        "a2": serve(redirector, host="127.0.0.31", tls=tls),
        "a3": serve(redirector, host="127.0.0.31"),
        "b": serve(redirector, host="127.0.0.32", tls=tls),
    }
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    spec = scope.format(a1=servers["a1"].port, a3=servers["a3"].port)
    opts = CheckOptions(connect_timeout=2, read_timeout=2, request_timeout=3, max_retries=0,
                        soft404=False, deadline=15, ca_bundle=str(bundle), http2=False,
                        host_headers={spec: {"Authorization": SECRET}})
    url = servers[start].url(f"/go?to={servers[target].url('/landing')}")
    [r] = run_checks([url], opts)
    assert r.status is LinkStatus.ALIVE, r
    assert servers[start].requests and servers[target].requests
    for name, s in servers.items():
        for q in s.requests:
            got = q.headers.get("authorization") == SECRET
            assert got is (name == configured), (spec, _origin(s), q.path)


def test_secret_not_sent_to_a_private_address_spelling_of_the_same_server(
        serve: Serve, ca: trustme.CA, tmp_path: Path) -> None:
    """Configured for ``localhost``; a redirect to the literal 127.0.0.1 (same socket, another
    origin) carries no secret: origins are compared as written, never by address."""
    s = serve(redirector, host="127.0.0.1", tls=_tls(ca))
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    opts = CheckOptions(connect_timeout=2, read_timeout=2, request_timeout=3, max_retries=0,
                        soft404=False, deadline=15, ca_bundle=str(bundle), http2=False,
                        host_headers={f"localhost:{s.port}": {"Authorization": SECRET}})
    start = f"https://localhost:{s.port}/go?to=https://127.0.0.1:{s.port}/landing"
    [r] = run_checks([start], opts)
    assert r.status is LinkStatus.ALIVE, r
    seen = {q.headers["host"].split(":")[0]: q.headers.get("authorization") for q in s.requests}
    assert seen == {"localhost": SECRET, "127.0.0.1": None}


HEADERISH = st.text(alphabet=st.sampled_from(list("ab:=/[]@.1 8xX-\r\n\u00e9\t|h")), max_size=40)


@settings(max_examples=300, deadline=None)
@given(HEADERISH)
def test_any_header_text_parses_or_is_a_clear_error(text: str) -> None:
    try:
        arg = parse_header_arg(text)
    except HeaderSpecError as exc:
        assert repr(text) in str(exc)  # the user sees which --header was refused
        return
    assert arg.name and "\n" not in arg.value and "\r" not in arg.value
    assert arg.origin is None or arg.origin.scheme in ("http", "https")


@settings(max_examples=300, deadline=None)
@given(HEADERISH)
def test_any_url_text_has_an_origin_or_none(text: str) -> None:
    origin = Origin.of_url(text)
    assert origin is None or 0 <= origin.port < 65536
    assert not HeaderScopes({"example.org": {"A": "b"}}).for_url(text) or (
        origin == Origin("https", "example.org", 443))
