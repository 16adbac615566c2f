"""The damage flags' fast paths read what the plain forms they replace read: the host's end
found without a case-blind pattern, on generated URLs (the non-ASCII letters that ``[a-z]``
matches ignoring case included) and on every URL of the dev corpus and seeds; no vocabulary
built where no URL can be flagged."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from citewatch.citations import damage
from citewatch.citations.extract import extract_document
from citewatch.citations.urls import find_urls
from citewatch.documents.model import DocFormat, Document

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


def test_a_list_of_plain_urls_builds_no_vocabulary(monkeypatch: pytest.MonkeyPatch) -> None:
    """The vocabulary is built only when a URL has a slug or a long token to read; a list of
    plain URLs is flagged the same without it."""
    built: list[str] = []
    build = damage.build_vocabulary

    def counting(text: str, *args: Any, **kw: Any) -> damage.Vocabulary:
        built.append(text)
        return build(text, *args, **kw)

    monkeypatch.setattr(damage, "build_vocabulary", counting)
    plain = "".join(f"http://127.0.{k % 5}.1:8080/a/{k}\nhttps://e{k}.org/\n" for k in range(50))
    slugged = plain + "https://e.org/news/videos-appear-toshow-execution\n"
    for text, builds in ((plain, 0), (slugged, 1)):
        doc = Document(path=Path("urls.txt"), text=text, format=DocFormat.TEXT)
        ex = extract_document(doc)
        assert len(built) == builds and not ex.warnings
        urls = [c.urls[0] for c in ex.citations]
        vocab = build(text, [(u.start, u.end) for u in urls], [u.url for u in urls])
        assert damage.may_have_lost_hyphens(u.url for u in urls) == bool(builds)
        # what the flags would have been with the vocabulary built
        assert damage.flag_lost_hyphens(urls, vocab) == urls
        built.clear()
