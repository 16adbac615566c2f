"""curl's --connect-to and --resolve: parsing (with clear errors) and where a connection goes."""

from __future__ import annotations

import pytest

from citewatch.http.routes import (
    ConnectTo,
    Resolve,
    Routes,
    Target,
    parse_connect_to,
    parse_resolve,
)


def test_parse_connect_to_forms() -> None:
    assert parse_connect_to("WWW.hrw.org:443:127.0.0.2:8443") == ConnectTo(
        "www.hrw.org", 443, "127.0.0.2", 8443)
    assert parse_connect_to("::127.0.0.2:") == ConnectTo("", None, "127.0.0.2", None)
    assert parse_connect_to("[::1]:80:[::2]:81") == ConnectTo("::1", 80, "::2", 81)
    assert str(parse_connect_to("[::1]:80:[::2]:81")) == "[::1]:80:[::2]:81"


def test_parse_resolve_forms() -> None:
    assert parse_resolve("www.hrw.org:443:127.0.0.2") == Resolve(
        "www.hrw.org", 443, ("127.0.0.2",))
    assert parse_resolve("*:80:127.0.0.3,[::1]") == Resolve("*", 80, ("127.0.0.3", "::1"))
    assert str(parse_resolve("*:80:127.0.0.3,[::1]")) == "*:80:127.0.0.3,[::1]"


@pytest.mark.parametrize(
    ("text", "words"),
    [("a:443:b", "4 fields"), ("a:x:b:1", "bad port 'x'"), ("a:1:b:70000", "bad port"),
     ("a:1:b:2:3", "HOST1:PORT1:HOST2:PORT2"), ("[::1:80:b:1", "unclosed")],
)
def test_bad_connect_to_says_why(text: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        parse_connect_to(text)


@pytest.mark.parametrize(
    ("text", "words"),
    [("a:443", "3 fields"), (":443:127.0.0.1", "missing host"), ("a::127.0.0.1", "bad port"),
     ("a:443:", "missing address"), ("a:443:not-an-ip", "bad address")],
)
def test_bad_resolve_says_why(text: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        parse_resolve(text)


def test_targets_follow_curl() -> None:
    routes = Routes(
        connect_to=(parse_connect_to("www.hrw.org:443:127.0.0.2:8443"),
                    parse_connect_to("www.hrw.org::127.0.0.9:"),  # any other port
                    parse_connect_to(":80:proxy.test:8080")),     # any host on 80
        resolve=(parse_resolve("proxy.test:8080:127.0.0.4"),),
    )
    assert routes.target("WWW.HRW.ORG", 443) == Target("127.0.0.2", 8443, None)  # first wins
    assert routes.target("www.hrw.org", 80) == Target("127.0.0.9", 80, None)
    # resolve applies to the connect-to target, as in curl
    assert routes.target("example.org", 80) == Target("proxy.test", 8080, ("127.0.0.4",))
    assert routes.target("example.org", 443) == Target("example.org", 443, None)
    assert routes.names("example.org")  # ":80:" may route any host
    assert not Routes(routes.connect_to[:1]).names("example.org")
    assert not Routes() and Routes().target("a", 1) == Target("a", 1, None)
