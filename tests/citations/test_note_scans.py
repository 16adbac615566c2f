"""The note finder's scans rewritten to let the regex engine skip ahead (a pattern opening
with a letter or class instead of a repeat or ``\\b``, a literal pre-test, a match tried only
where a word starts) find what the plain patterns find, on text built from the pieces those
patterns look for and on every line of the seeds and the dev corpus."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from citewatch.citations.notes import candidates, cues, fragments, lost, references, words

_ROOT = Path(__file__).resolve().parents[2]

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
_TAIL_LETTERS = re.compile(r"([^\W\d_]+)-?$")
_SHORT_SIGNAL = re.compile(r"\b(?:Ibid|Id\.|supra|See)\b")
_REF_HEADING = re.compile(
    r"^\s*(?:\d+\.?\s*)?(references|bibliography|works cited|sources|reference list)\s*:?\s*$",
    re.IGNORECASE,
)
_AUTHOR_DATE = re.compile(
    r"^\s*(?:[“\"]?[\w’'\-\.&,@()\[\] ]{1,160}?)[.\]]\s*\((?:\d{4}|n\.\s?d\.)[a-z]?(?:,[^)]*)?\)"
)
_MARKER_NUMBER = re.compile(
    r"(?:(?<=[^\W\d_]{2})|(?<=[^\W\d_][.,;:!?”\"’)])|(?<=[^\W\d_][.!?,][”\"’])"
    r"|(?<=[.!?][”\"’)]\s))(\d{1,4})(?=[\s,.;:)]|$)"
)
"""The patterns as they were before the rewrite."""

_PIECES = st.sampled_from([
    "ab", "x", "é", "naïve", "ΟΔΟΣ", "İs", "ſ", "\u212a", "²", "½", "٣", "_", "5", "1999",
    "-", "--", " ", "  ", "\n", "\t", "\xa0", "\x1c", ".", ",", ":", "(", ")", "[", "]", "“",
    "Ibid", "Id.", "supra", "See", "xSee", "Seen", "Id.x", "REFERENCES", "Bibliography",
    "works cited", "Sources", "Reference", "Bibliograph", "cite", "reference list", "ſources", "12.", "Smith, J.", " (2020)",
    "(n.d.)", "(2019a, May 3)", "unlaw-", "ful", "x-y", "”", "’", "!", "?", ";", "12", "12345",
])
TEXT = st.lists(_PIECES, max_size=14).map("".join)
_SETTINGS = settings(max_examples=200, deadline=None)


def _last_word_before(text: str) -> re.Match[str] | None:
    pos = max(0, len(text) - 120)
    m = _TAIL_LETTERS.search(text, pos)
    if m is not None and m.start() == pos and pos:
        m = _TAIL_LETTERS.search(text)
    return m


def _same(a: re.Match[str] | None, b: re.Match[str] | None) -> bool:
    if a is None or b is None:
        return a is b
    return (a.span(), a.groups()) == (b.span(), b.groups())


def _check(text: str) -> None:
    assert words._WORD.findall(text) == _WORD.findall(text), text
    cut = len(text) // 2
    assert words._WORD.findall(text, 1, cut) == _WORD.findall(text, 1, cut), text
    assert _same(fragments._last_word(text), _last_word_before(text)), text
    assert ([m.span() for m in candidates._SHORT_SIGNAL.finditer(text)]
            == [m.span() for m in _SHORT_SIGNAL.finditer(text)]), text
    assert cues._is_ref_heading(text) == bool(_REF_HEADING.match(text)), text
    assert references._is_author_date(text) == bool(_AUTHOR_DATE.match(text)), text
    assert ([m.span(1) for m in lost._MARKER_NUMBER.finditer(text)]
            == [m.span(1) for m in _MARKER_NUMBER.finditer(text)]), text


@_SETTINGS
@given(TEXT)
def test_rewritten_scans_find_what_the_plain_patterns_find(text: str) -> None:
    _check(text)


@_SETTINGS
@given(st.integers(0, 300), TEXT)
def test_the_last_word_of_a_long_text_is_found_past_the_window(n: int, text: str) -> None:
    """A letter run that starts before the last 120 characters, or exactly at their start."""
    for long in ("x" * n + text, "1 " + "é" * n + text, " " * n + text):
        assert _same(fragments._last_word(long), _last_word_before(long)), long


def test_the_heading_pre_test_lets_every_possible_last_character_through() -> None:
    """Every character that can end a match of the heading pattern (``ſ`` is an ``s`` under
    ``IGNORECASE``) passes the pre-test; the pre-test was read off this scan."""
    ends = re.compile(r"[sdyt:]", re.IGNORECASE)
    possible = {c for c in map(chr, range(0x110000)) if ends.fullmatch(c)}
    assert possible <= cues._REF_HEADING_ENDS
    for word in ("references", "Bibliography", "WORKS CITED", "sources", "Reference List"):
        for end in sorted(possible | {" ", "\n", "\u2028"}):
            text = "2. " + word[:-1] + (end if end in possible else word[-1] + end)
            assert cues._is_ref_heading(text) == bool(_REF_HEADING.match(text)), text


@cache
def _real_lines() -> tuple[str, ...]:
    corpus = _ROOT / "tests" / "fixtures" / "corpus"
    paths = sorted(corpus.glob("*/doc.*.txt")) + sorted((_ROOT / "seeds").glob("*.txt"))
    return tuple(line for p in paths for line in p.read_text("utf-8").splitlines())


def test_rewritten_scans_agree_on_every_real_line() -> None:
    lines = _real_lines()
    assert len(lines) > 1000
    headings = 0
    for line in lines:
        _check(line)
        headings += cues._is_ref_heading(line)
    assert headings > 0  # the pre-test lets real headings through
