"""Extraction faults seen on unseen documents (issue 7): a URL split after ``https:``,
underscores spaced or dropped, blank lines between URLs, glued note markers and
markdown-ish brackets. Each case is a class of text, not one document's line."""

from __future__ import annotations

import pytest

from citewatch.citations.model import SuspectReason
from citewatch.citations.urls import find_urls


def urls(text: str) -> list[str]:
    return [f.url for f in find_urls(text)]


# --- a URL split right after its scheme ----------------------------------------------


@pytest.mark.parametrize("glue", ["", ",", ";", "-", ")"])
def test_scheme_split_after_a_glued_url_starts_its_own_url(glue: str) -> None:
    # pypdf drops the space between two URLs; the second one breaks after "https:"
    text = (
        "Survey. https://www.hrw.org/report/2021/01/30/ex\n"
        f"plosive-remnants-areas{glue}https:\n"
        "//www.hrw.org/sites/default/files/media_2021/01/armenia0121_web.pdf (accessed).\n"
    )
    found = urls(text)
    assert found[-1] == "https://www.hrw.org/sites/default/files/media_2021/01/armenia0121_web.pdf"
    assert found[0].startswith("https://www.hrw.org/report/2021/01/30/explosive-remnants-areas")
    assert "https:" not in found[0][8:]


def test_glued_url_on_one_line_is_two_urls() -> None:
    assert urls("at https://a.org/x.pdf,https://b.org/y.pdf and") == [
        "https://a.org/x.pdf", "https://b.org/y.pdf"]
    assert urls("see reporthttps://b.org/y today") == ["https://b.org/y"]


@pytest.mark.parametrize(
    "text",
    [
        "archive https://web.archive.org/web/20210616074549/https:\n//armenpress.am/eng/1.html\n",
        "q https://www.google.com/url?q=https://x.org/a&sa=D\n",
    ],
)
def test_embedded_urls_stay_whole(text: str) -> None:
    assert len(urls(text)) == 1
    assert urls(text)[0].count("://") == 2


def test_scheme_split_in_layout_text_takes_the_slashes_of_its_block() -> None:
    text = (
        "Text   https://www.hrw.org/report/2020/a https:\n"
        "       //www.amnesty.org/en/x    more text here\n"
        "foo    bar    baz\n"
    )
    assert urls(text) == ["https://www.hrw.org/report/2020/a", "https://www.amnesty.org/en/x"]


# --- underscores -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Data at https://example.org/data/incidents_ 2020.csv (accessed 1 May 2021).",
         "https://example.org/data/incidents_2020.csv"),
        ("Report, https://www.europarl.europa.eu/doceo/document/TA-9-2021-0348 _EN.html.",
         "https://www.europarl.europa.eu/doceo/document/TA-9-2021-0348_EN.html"),
        ("see www.x.org/files/annual_ reports/2020/ for more",
         "www.x.org/files/annual_reports/2020/"),
    ],
)
def test_spaced_underscore_is_rejoined_when_a_url_tail_follows(text: str, expected: str) -> None:
    assert urls(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "see https://example.org/data/incidents_ and the rest",
        "see https://example.org/data/x _ y.csv",
        "see https://example.org/data/x _The report",
    ],
)
def test_a_space_before_prose_is_not_an_underscore(text: str) -> None:
    assert urls(text)[0].startswith("https://example.org/data/")
    assert " " not in urls(text)[0]
    assert not urls(text)[0].endswith(("and", "y.csv", "The"))


def test_underscore_dropped_at_a_break_is_suspect_with_the_alternative() -> None:
    text = "2 https://www.europarl.europa.eu/doceo/document/TA-9-2021-0348\nEN.html\n"
    (f,) = find_urls(text)
    assert f.url == "https://www.europarl.europa.eu/doceo/document/TA-9-2021-0348EN.html"
    assert SuspectReason.AMBIGUOUS_JOIN in f.suspect
    assert f.alternatives == (
        "https://www.europarl.europa.eu/doceo/document/TA-9-2021-0348_EN.html",)


def test_a_break_inside_a_word_is_not_an_underscore() -> None:
    (f,) = find_urls("x https://www.hrw.org/news/2021/ukra\nine-deaths (accessed)\n")
    assert "underscore" not in f.detail


# --- blank lines -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Links:\n\nhttps://www.example.org/aaaa/bbbb/\n\nexample.org/cccc/dddd\n\nx.org/e\n",
        ("   1 See https://www.example.org/a/b/c/\n\n     example.org/d/e/f/\n\n"
        "     https://www.example.org/g/h/i\n   more    text   here   \n  x    y\n"),
        "Links:   a    b\n\nhttps://www.example.org/aaaa/bbbb/\n\nwww-c/dddd\n\n   hello   there\n",
        "Links:   a    b\n\nhttps://www.example.org/aaaa/bbbb-\n\n\ncccc/dddd\n\n   hello   there\n",
        "See https://www.example.org/aaaa/bbbb-\n\nfoo.org/x-\n\nyyy/zzz\n",
    ],
)
def test_a_blank_line_ends_a_url(text: str) -> None:
    for u in find_urls(text):
        assert "\n\n" not in u.raw
        assert len(u.url) < 40, u.url


def test_a_bare_scheme_still_finds_its_tail_after_a_blank_line() -> None:
    # an unclosed "<" or a bare "https:" cannot end a URL: its rest is looked for
    text = "<web.archive.org/web/20210630094132/https:\n\n//rm.coe.int/commdh-2021-12>.\n"
    assert urls(text) == ["web.archive.org/web/20210630094132/https://rm.coe.int/commdh-2021-12"]


# --- glued markers and brackets --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("As reported at https://example.com[12] the thing happened.", ["https://example.com"]),
        ("As reported at https://example.com/a/b[3]. Then", ["https://example.com/a/b"]),
        ("[https](https://x.com)[mailto](mailto:a@b.c)", ["https://x.com"]),
        ("local http://[::1]:8080/path ok", ["http://[::1]:8080/path"]),
        ("local http://[2001:db8::7]/x.", ["http://[2001:db8::7]/x"]),
        ("wiki https://en.wikipedia.org/wiki/Foo_(bar) is", ["https://en.wikipedia.org/wiki/Foo_(bar)"]),
        ("form https://x.org/search?a[0]=1&b=2 sent", ["https://x.org/search?a[0]=1&b=2"]),
        # "[" in a host that is no IPv6 literal ends the URL ("https://exa" is no URL)
        ("host https://exa[mple.com/x y", ["mple.com/x"]),
    ],
)
def test_brackets_that_are_not_the_urls(text: str, expected: list[str]) -> None:
    found = [u for u in urls(text) if "." in u or "[" in u]
    assert found == [e for e in expected if "." in e or "[" in e]
    for u in found:
        assert "]" not in u or u.startswith("http://[") or "[0]" in u
