"""URL fragments printed apart are kept as tails to try, and prose is not."""

from __future__ import annotations

from citewatch.citations.urls import find_urls
from citewatch.citations.urls.fragments import orphan_fragments

TEXT = """Original url:
https://www.example.com/2020/12/10/evidence-of-widespread-atrocities-emerges-following-k

https://www.example.com/2025/02/22/other-page
This sentence ends a paragraph in Artsakh.97

and a word alone
self-determination


arabakh-war-a72312
"""


def test_a_lone_url_tail_is_kept_and_prose_is_not() -> None:
    found = find_urls(TEXT)
    assert orphan_fragments(TEXT, found) == ("self-determination", "arabakh-war-a72312")


def test_a_fragment_inside_a_url_or_a_paragraph_is_not_an_orphan() -> None:
    text = "See the report at\nhttps://example.org/a-very-long-\npath-name here.\nnext line\n"
    assert orphan_fragments(text, find_urls(text)) == ()
