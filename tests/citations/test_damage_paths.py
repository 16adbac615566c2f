"""The damage flags' fast paths read what the plain forms they replace read: the host's end
found without a case-blind pattern, on generated URLs (the non-ASCII letters that ``[a-z]``
matches ignoring case included) and on every URL of the dev corpus and seeds."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from citewatch.citations import damage
from citewatch.citations.urls import find_urls

_ROOT = Path(__file__).resolve().parent.parent.parent
_SETTINGS = settings(max_examples=300, deadline=None)
_PLAIN_HOST = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)?[^/?#]*", re.IGNORECASE)
"""What :data:`damage._SCHEME_HOST` was: the scheme and host of a URL."""

_URL_PIECES = st.sampled_from([
    "http", "HTTPS", "ftp", "a", "Z", "9", "+", ".", "-", "_", ":", "/", "//", "://", "?", "#",
    "ſ", "\u212a", "İ", "ı", "é", "ß", " ", "\n", "www.", "x.org", "ǅ", "\u0130x",
])
URLS = st.lists(_URL_PIECES, max_size=16).map("".join)


def _real_urls() -> list[str]:
    paths = sorted((_ROOT / "tests" / "fixtures" / "corpus").glob("*/doc.*.txt"))
    paths += sorted((_ROOT / "seeds").glob("*.txt"))
    return [u.url for p in paths for u in find_urls(p.read_text(encoding="utf-8"))]


@_SETTINGS
@given(URLS)
@example("ſ://host/x")
@example("\u212a+a.-9://h?q#f")
@example("9http://x/y")
@example("http:/x")
def test_host_end_is_where_the_case_blind_pattern_ends(url: str) -> None:
    assert damage._host_end(url) == _PLAIN_HOST.match(url).end()  # type: ignore[union-attr]


def test_host_end_agrees_on_every_real_url() -> None:
    urls = _real_urls()
    assert len(urls) > 1000
    for url in urls:
        assert damage._host_end(url) == _PLAIN_HOST.match(url).end(), url  # type: ignore[union-attr]
