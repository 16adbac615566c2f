"""A URL that ends its line keeps what the next line begins with, for repair to try."""

from __future__ import annotations

from citewatch.citations.urls import find_urls
from citewatch.citations.urls.next_line import with_continuations


def test_the_next_lines_url_characters_are_kept() -> None:
    text = (
        "See https://doi.org/10.1093/ejil/chab\n076 (accessed 3 May 2021).\n"
        "Also https://x.org/a, and more text on this line\nnext line\n"
        "Last https://x.org/b.\nhttps://x.org/c\n"
    )
    urls = with_continuations(text, find_urls(text))
    by_url = {u.url: u.continuation for u in urls}
    assert by_url["https://doi.org/10.1093/ejil/chab"] == "076"
    assert by_url["https://x.org/a"] == ""  # the line goes on: the URL ended there
    assert by_url["https://x.org/b"] == ""  # the next line is a URL of its own


def test_in_layout_text_the_rest_is_read_in_the_urls_own_column() -> None:
    text = (
        "Left column prose here.           2 See https://doi.org/10.1093/ejil/chab\n"
        "More left column words.           094 (accessed 3 May 2021).\n"
    )
    urls = with_continuations(text, find_urls(text))
    assert {u.url: u.continuation for u in urls} == {"https://doi.org/10.1093/ejil/chab": "094"}
    left = (
        "See https://x.org/report/abc       Right column text goes\n"
        "def continues here.                on and on.\n"
    )
    (u,) = with_continuations(left, find_urls(left))
    assert u.continuation == "def"
