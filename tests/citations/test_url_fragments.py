"""URL fragments printed apart are kept as tails to try, and prose is not."""

from __future__ import annotations

import random
import re

from citewatch.citations.urls import find_urls
from citewatch.citations.urls.fragments import MAX_ORPHANS, orphan_fragments

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


def _per_line(text: str) -> tuple[str, ...]:
    """The rule read line by line, as ``text.split("\\n")`` cuts them (no URLs claimed)."""
    lines = text.split("\n")
    out: list[str] = []
    for k, line in enumerate(lines):
        token = line.strip(" \t\r\f")
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9\-._~%/?#=&+]{4,}[A-Za-z0-9/]", token):
            continue
        if re.match(r"(?i:https?:|ftp:|www\.)", token) or token.isdigit():
            continue
        if not re.search(r"[-/_=?&%]", token) or not any(c.isalpha() for c in token):
            continue
        prev = lines[k - 1] if k else ""
        nxt = lines[k + 1] if k + 1 < len(lines) else None
        if prev.strip() and nxt is not None and nxt.strip():
            continue
        if token not in out:
            out.append(token)
    return tuple(out[:MAX_ORPHANS])


def test_the_one_pass_scan_reads_lines_as_a_line_by_line_reading_does() -> None:
    # line starts and ends, first and last lines, blank and white-space-only neighbours,
    # "\r" and "\f" around tokens: the regex pass must cut lines as str.split("\n") does
    rng = random.Random(11)
    pieces = ["a-b-c1", "x_y/z.pdf", "12345", "word", "https://a.org/x", " ", "\t", "\r",
              "\f", "\n", "\n\n", "tail-of-url", "ab"]
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        assert orphan_fragments(text, ()) == _per_line(text), repr(text)
