"""Soft-404 text normalisation and comparison."""

from __future__ import annotations

import asyncio

from citewatch.check.soft404 import (
    PageSample,
    Prober,
    compare,
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
