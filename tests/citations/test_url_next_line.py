"""A URL that ends its line keeps what the next line begins with, for repair to try."""

from __future__ import annotations

import random
import re
import time
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from citewatch.citations.model import FoundUrl
from citewatch.citations.urls import find_urls, next_line
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


def test_the_rest_is_read_below_one_blank_row_and_keeps_the_line_ends_period() -> None:
    # pdftotext spaces some notes' rows apart: the rest of the URL is below a blank row
    text = (
        "U.N. News (Oct. 12, 2021), https://news.un.org/en/story/2021/10/\n\n"
        "4310679 [https://perma.cc/S3RR-U431].\n"
        "Survey 101 (2014): 47–64, https://doi.org/10.1080/23761199.2014.\n\n"
        "6457279.\n"
        "Two rows down: https://x.org/a/\n\n\nfar away\n"
        "A note ends https://x.org/b.html.\n\n8 See the next note.\n"
        "A page ends https://x.org/c.html.\n\n9\n\fNext page.\n"
        "Its last digits: https://doi.org/10.1017/S092215652390857\n\n3.\n13 A note.\n"
    )
    by_url = {u.url: u.continuation for u in with_continuations(text, find_urls(text))}
    assert by_url["https://news.un.org/en/story/2021/10/"] == "4310679"
    # the period ending the line belongs to the URL when it goes on
    assert by_url["https://doi.org/10.1080/23761199.2014"] == ".6457279"
    assert by_url["https://x.org/a/"] == ""  # two blank rows: a paragraph of its own
    assert by_url["https://x.org/b.html"] == ""  # a note's number below the blank row
    assert by_url["https://x.org/c.html"] == ""  # a page's number
    assert by_url["https://doi.org/10.1017/S092215652390857"] == "3"


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


def test_urls_read_in_any_order_get_what_each_alone_gets() -> None:
    """The line and its column gaps are read on from the previous URL; URLs out of order,
    on one line, on later lines, or at the text's end get what a fresh reading gives."""
    rng = random.Random(11)
    pieces = ["abc", "x/y-z", "  ", "   ", " ", "\n", "\t", ".", ")", "www.q.org", "12", "\f"]
    for _ in range(400):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        ends = sorted(rng.randint(0, len(text)) for _ in range(rng.randint(0, 8)))
        if rng.random() < 0.3:
            rng.shuffle(ends)
        found = [FoundUrl(url="u", raw="u", line=1, end_line=1, end=e) for e in ends]
        together = with_continuations(text, found)
        alone = [with_continuations(text, [f])[0] for f in found]
        assert together == alone, (text, ends)


def test_a_long_line_of_urls_is_read_once() -> None:
    """Thousands of URLs on one line before a last line: twice the URLs, about twice the
    time (a scan to the line end per URL made it four times)."""
    def run(n: int) -> float:
        text = "  ".join(f"https://e.org/{k}" for k in range(n)) + "\nnext"
        found = [FoundUrl(url="u", raw="u", line=1, end_line=1, end=m.end())
                 for m in re.finditer(r"https://e\.org/\d+", text)]
        t0 = time.process_time()
        out = with_continuations(text, found)
        assert [u.continuation for u in out] == ["next"] * n  # each ends its column
        return time.process_time() - t0

    run(100)
    small = min(run(2000) for _ in range(2))
    large = min(run(8000) for _ in range(2))  # best of two, as small: load inflates one
    assert large < small * 8, (small, large)  # x4 URLs: a quadratic path gives x16


def _plain_run(text: str, end: int) -> str:
    """What the next line begins with, read from scratch with the patterns alone (the form
    :func:`with_continuations` reads on from URL to URL, with string pre-tests)."""
    nl = next_line
    if not (nl._LINE_REST.match(text, end) or nl._COLUMN_GAP.match(text, end)):
        return ""
    line_end = text.find("\n", end)
    if line_end < 0:
        return ""
    line_start = text.rfind("\n", 0, end) + 1
    gap = -1
    for m in re.finditer(r"[ \t]{2,}", text[line_start:end]):
        gap = line_start + m.end()
    column = (gap if gap >= 0 else line_start) - line_start
    base = line_end + 1
    nl2 = text.find("\n", base)
    below_blank = (
        nl2 >= 0 and not text[base:nl2].strip(" \t\r") and bool(text[nl2 + 1 :].split("\n", 1)[0].strip())
    )
    if below_blank:
        base = nl2 + 1  # one blank row, text below it
    longer = base + column < len(text) and text.find("\n", base, base + column + 1) < 0
    start = base + (column if column and longer and text[base + column - 1] == " " else 0)
    while start < len(text) and text[start] in " \t\f":
        start += 1
    m = nl._RUN.match(text, start)
    run = m.group(0).rstrip(nl._TRAILING) if m else ""
    if not run or len(run) > nl.MAX_RUN or run.lower().startswith(("http", "www.")):
        return ""
    if below_blank and run.isdigit() and len(run) <= 3:
        eol = text.find("\n", start)
        if text[start + len(run) : eol if eol >= 0 else len(text)].rstrip(" \t\r") != ".":
            return ""
    return "." + run if text[end:line_end].rstrip() == "." else run


_NEXT_PIECES = st.sampled_from([
    "abc", "x/y-z", "  ", "   ", " ", "\n", "\t", ".", ")", "www.q.org", "www.", "12", "\f",
    "http", "HTTP", "hTtP", "htt", "https://a.org/b", "\u212a", "İ", "ftp://c.d", " \t",
    "\t ", "      ", "\n\n", " \n", "\r\n",
])


@settings(max_examples=150, deadline=None)
@given(st.lists(_NEXT_PIECES, max_size=30).map("".join), st.lists(st.integers(0, 200), max_size=8))
@example("ab \tcd\nxyz wv\n", [])  # a gap with a tab: the next line is read from its column
@example("x\nhttabc\nHTTPS://a.org\nhTtp\n", [])
def test_next_runs_are_what_the_plain_reading_finds(text: str, ends: list[int]) -> None:
    line_ends = [m.start() for m in re.finditer(r"[.)]*\n", text)]  # where a URL may end
    found = [FoundUrl(url="u", raw="u", line=1, end_line=1, end=e)
             for e in sorted({*line_ends, *(min(e, len(text)) for e in ends)})]
    got = [u.continuation for u in with_continuations(text, found)]
    assert got == [_plain_run(text, f.end) for f in found]


def test_next_runs_agree_on_the_corpus_and_a_list_of_urls() -> None:
    root = Path(__file__).resolve().parents[2]
    texts = [p.read_text(encoding="utf-8")
             for p in sorted((root / "tests" / "fixtures" / "corpus").glob("*/doc.*.txt"))]
    texts.append("".join(f"https://h{k % 7}.org/a/{k}\n" for k in range(300)) + "tail/x\n")
    for text in texts:
        found = find_urls(text)
        got = [u.continuation for u in with_continuations(text, found)]
        assert got == [_plain_run(text, f.end) for f in found]
