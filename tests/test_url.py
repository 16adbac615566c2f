"""The one URL value: printed, absolute and identity forms, on any text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from citewatch.url import Url, absolute, identity, loose_identity


def test_absolute_adds_the_scheme_a_printed_url_lacks() -> None:
    assert absolute(" example.org/a ") == "https://example.org/a"
    assert absolute("www.hrw.org/news") == "https://www.hrw.org/news"
    assert absolute("example.org:8080/a") == "https://example.org:8080/a"
    assert absolute("//hrw.org/x") == "https://hrw.org/x"  # not https:////hrw.org/x
    assert absolute("http://example.org/a") == "http://example.org/a"
    assert absolute("mailto:x@example.org") == "mailto:x@example.org"
    assert absolute("doi:10.1000/182") == "doi:10.1000/182"


def test_identity_is_shared_by_every_spelling_of_one_resource() -> None:
    same = [
        "www.hrw.org/news/2020/x/",
        "https://www.hrw.org/news/2020/x",
        "http://HRW.org:80/news/2020/x",
        "https://hrw.org:443/news/2020/x/",
        "//www.hrw.org/news/2020/x",
    ]
    assert len({identity(u) for u in same}) == 1
    assert identity("https://hrw.org/News") != identity("https://hrw.org/news")  # path case
    assert identity("https://hrw.org:8443/a") == "hrw.org:8443/a"
    # HUDOC names the document in the fragment, printed with braces escaped or not
    assert identity("hudoc.echr.coe.int/eng#%7B%22itemid%22%7D") == identity(
        "hudoc.echr.coe.int/eng#{%22itemid%22}"
    )
    assert identity("https://x.org/a?b=1#c") == "x.org/a?b=1#c"


def test_parse_gives_all_faces() -> None:
    u = Url.parse("www.Example.org/a/b?q=1")
    assert (u.printed, u.absolute, u.identity, u.host, u.path) == (
        "www.Example.org/a/b?q=1",
        "https://www.Example.org/a/b?q=1",
        "example.org/a/b?q=1",
        "www.example.org",
        "/a/b",
    )
    assert Url.parse("http://[::1]:8080/x").host == "[::1]"


def test_glued_markers_and_bracketed_text_do_not_raise() -> None:
    """urllib raises on these (``[12]`` read as an IPv6 literal); the URL value never does."""
    for text in (
        "https://example.com[12]",
        "[https](https://x.com)[mailto](mailto:a@b.c)",
        "https://[",
        "http://a:b:c@[x]:z/",
        "https://x.org:99999999/",
    ):
        u = Url.parse(text)
        assert u.absolute and isinstance(u.identity, str)


def test_loose_identity_ignores_extraction_damage() -> None:
    assert loose_identity("https://www.Example.ORG/a-b/c/") == loose_identity("example.org/ab/c")
    assert loose_identity("http://x.org/a b.") == loose_identity("x.org/ab")
    assert loose_identity("https://x.org/A") != loose_identity("https://x.org/a")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab:/[]@.#?%7BD -_1\n\u00e9www")), max_size=40))
def test_no_text_raises_and_identity_is_stable(text: str) -> None:
    u = Url.parse(text)
    assert identity(u.absolute) == u.identity
    assert absolute(u.absolute) == u.absolute
    loose_identity(text)
