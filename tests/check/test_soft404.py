"""Soft-404 text normalisation and comparison."""

from __future__ import annotations

import asyncio
import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from citewatch.check import soft404
from citewatch.check.soft404 import (
    PageSample,
    Prober,
    compare,
    extract_heading,
    extract_title,
    normalise,
    probe_url,
    sample,
    similarity,
)

TEMPLATE = ("<html><head><title>Oops</title><script>var t=%d;</script></head><body>"
            "<h1>Sorry</h1><p>The page %s could not be found on 2024-%02d-01.</p>"
            "<p>Browse our reports, news and campaigns instead.</p></body></html>")


def test_normalise_removes_markup_digits_and_path() -> None:
    text = normalise(TEMPLATE % (1, "/reports/a-b.html", 5), "https://x/reports/a-b.html")
    assert "<" not in text and "var t" not in text
    assert "a-b.html" not in text and "reports, news" in text
    assert "0-0-0" in text


def test_template_pages_compare_equal_despite_path_and_digits() -> None:
    a = sample(200, "https://x/reports/a-b.html", TEMPLATE % (1, "/reports/a-b.html", 5))
    b = sample(200, "https://x/9f2c1e", TEMPLATE % (7, "/9f2c1e", 11))
    cmp = compare(a, b)
    assert cmp.body_similarity == 1.0 and cmp.same_title and not cmp.same_final_url


def test_different_pages_compare_different() -> None:
    a = sample(200, "https://x/a", "<title>A</title>" + "alpha beta gamma delta " * 20)
    b = sample(200, "https://x/b", "<title>B</title>" + "one two three four five six " * 20)
    cmp = compare(a, b)
    assert cmp.body_similarity < 0.1 and not cmp.same_title


def test_similarity_edge_cases() -> None:
    assert similarity(frozenset(), frozenset()) == 1.0
    assert similarity(frozenset({1}), frozenset()) == 0.0


def test_extract_title() -> None:
    assert extract_title("<TITLE>\n A &amp; B \n</title>") == "A & B"
    assert extract_title("<p>none</p>") is None


def test_probe_url_is_random_on_the_same_origin() -> None:
    a, b = probe_url("https", "ngo.example:8443"), probe_url("https", "ngo.example:8443")
    assert a != b and a.startswith("https://ngo.example:8443/") and len(a.rsplit("/", 1)[1]) == 32


def test_prober_probes_each_origin_once() -> None:
    calls: list[str] = []

    async def fetch(url: str) -> PageSample:
        calls.append(url)
        await asyncio.sleep(0.01)
        return PageSample(404, url, requests=1)

    async def main() -> list[bool]:
        prober = Prober(fetch)
        got = await asyncio.gather(*(prober.probe(f"http://h{i % 2}.test/p{i}") for i in range(10)))
        return [sent for _, sent in got]

    sent = asyncio.run(main())
    assert len(calls) == 2 and sent.count(True) == 2


# The element patterns against the lazy forms they replaced (same matches, fewer steps).
LAZY_SCRIPT = re.compile(r"<(script|style|noscript)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
LAZY_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.IGNORECASE | re.DOTALL)
LAZY_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p\s*>", re.IGNORECASE | re.DOTALL)
PIECES = ["<p>", "<P class=x>", "</p>", "</P >", "</p\n>", "</pre>", "<pre>", "<h1>", "<H1 id=t>",
          "</h1>", "</h1 >", "</h2>", "<script>", "<SCRIPT type=x>", "</script>", "</script\t>",
          "</scripts>", "<style>", "</style>", "<noscript>", "</noscript>", "<", ">", "</", "/",
          "p", "a < b", "x<y", " ", "\n", "word", "Ünïcode", "&amp;", "<b>", "</b>", "12"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_element_patterns_match_as_the_lazy_forms(pieces: list[str]) -> None:
    body = "".join(pieces)
    assert soft404._SCRIPT.sub(" ", body) == LAZY_SCRIPT.sub(" ", body)
    for fast, lazy in ((soft404._H1, LAZY_H1), (soft404._PARAGRAPH, LAZY_PARAGRAPH)):
        assert [m.span(1) for m in fast.finditer(body)] == [m.span(1) for m in lazy.finditer(body)]


def test_element_patterns_on_a_long_page() -> None:
    page = ("<html><head><title>T</title><script>if (a < b) { s = '</p>'; }</script></head>"
            "<body><h1>Report <b>one</b></h1>" + "<p>Words and <a href=/x>a link</a>.</p>\n" * 400
            + "<p>unclosed paragraph<script>" + "x=1;" * 2000 + "</script></body></html>")
    assert soft404._SCRIPT.sub(" ", page) == LAZY_SCRIPT.sub(" ", page)
    assert ([m.span() for m in soft404._PARAGRAPH.finditer(page)]
            == [m.span() for m in LAZY_PARAGRAPH.finditer(page)])
    stripped = soft404.without_scripts(page)
    assert extract_heading(page) == extract_heading(page, stripped=stripped) == "Report one"
    assert normalise(page, stripped=stripped) == normalise(page)


def _normalise_as_before(body: str, url: str | None = None) -> str:
    """``normalise`` as first written: digits replaced before the spaces were collapsed."""
    from urllib.parse import unquote, urlsplit

    text = soft404._TAG.sub(" ", LAZY_SCRIPT.sub(" ", body))
    text = html.unescape(text).lower()
    if url:
        path = unquote(urlsplit(url).path).lower()
        last = path.rstrip("/").rsplit("/", 1)[-1]
        for piece in (path, path.lstrip("/"), last):
            if len(piece) >= 4:
                text = text.replace(piece, " ")
    return " ".join(re.sub(r"\d+", "0", text).split())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab 0\u0663\u00a0\n\t<>/p&;#x1İ")), max_size=60),
       st.sampled_from([None, "https://x/ab0/p 1", "http://h/İabc", "https://x/a%20b1/"]))
def test_normalise_is_the_same_text_as_first_written(body: str, url: str | None) -> None:
    assert normalise(body, url) == _normalise_as_before(body, url)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["page", "not", "found", "0", "the", "court", "é"]), max_size=30),
       st.lists(st.sampled_from(["page", "not", "found", "0", "the", "court", "é"]), max_size=30))
def test_shingle_similarity_is_that_of_joined_windows(a: list[str], b: list[str]) -> None:
    def joined(words: list[str], k: int = soft404.SHINGLE_WORDS) -> set[str]:
        if len(words) < k:
            return {" ".join(words)} if words else set()
        return {" ".join(words[i:i + k]) for i in range(len(words) - k + 1)}

    ja, jb = joined(a), joined(b)
    expected = 1.0 if not ja and not jb else len(ja & jb) / len(ja | jb)
    got = similarity(soft404.shingles(" ".join(a)), soft404.shingles(" ".join(b)))
    assert got == expected
