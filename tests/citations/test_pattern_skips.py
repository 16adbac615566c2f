"""Patterns rewritten to open with a literal or a class (so the regex engine skips ahead to
where a match can start instead of trying every position) find exactly what the patterns
they replace find: same spans, same groups, same splits, from any start, on text built from
the characters they look for (case variants such as ``ſ`` and the Kelvin sign included) and
on the dev corpus' real texts."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from citewatch.citations import damage, metadata
from citewatch.citations.urls import next_line, shape

_CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "corpus"
_EVERY_CHAR = "".join(map(chr, range(0x110000)))
_SETTINGS = settings(max_examples=200, deadline=None)

_REWRITTEN: list[tuple[re.Pattern[str], re.Pattern[str]]] = [
    (damage._UUID_RUN,
     re.compile(r"(?<![0-9a-f])[0-9a-f]+(?:-[0-9a-f]+){2,4}(?![0-9a-f])", re.IGNORECASE)),
    (metadata._WIDE_GAP_RE, re.compile(r"\s{3,}")),
    (next_line._GAP, re.compile(r"[ \t]{2,}")),
    (shape._CUT_CHARS, re.compile(r"[\[\](){}]|(?i:https?|ftp):")),
]

_PIECES = st.sampled_from([
    "8e193", "DAA7", "-", "-", "cc65", "e785", "ACDC09AF8BEBA11", "g", "G", "0", "9", "ſ",
    "\u212a", "İ", "é", "http", "HTTP", "hTtP", "s", "S", "ftp", "FtP", "h", "f", ":", ":", "//",
    "[", "]", "(", ")", "{", "}", " ", "  ", "\t", "\n", "\r", "\f", "\xa0", "\u3000", "\x1c",
    "\x85", "/",
])
TEXT = st.lists(_PIECES, max_size=24).map("".join)


def _finds(rx: re.Pattern[str], text: str, pos: int, endpos: int) -> object:
    """Everything a caller can read from ``rx`` on ``text``."""
    found = rx.search(text, pos, endpos)
    return (
        [(m.span(), m.groups()) for m in rx.finditer(text, pos, endpos)],
        found and found.span(),
        rx.split(text),
        rx.sub("#", text),
    )


@_SETTINGS
@given(TEXT, st.integers(0, 30), st.integers(0, 30))
@example("x/8E193-daa7-4CC6-5e78-5ACDC09AF8BEBA11 9-a-b", 0, 0)
@example("g8e193-daa7-4cc6 [x] httpſ://a HTTPS: fTp: h:", 3, 2)
def test_rewritten_patterns_find_what_the_originals_find(text: str, pos: int, cut: int) -> None:
    endpos = max(len(text) - cut, 0)
    for new, old in _REWRITTEN:
        assert _finds(new, text, pos, endpos) == _finds(old, text, pos, endpos), old.pattern


def test_rewritten_patterns_agree_on_the_corpus_line_by_line() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(_CORPUS.glob("*/doc.*.txt"))]
    assert texts
    hits = dict.fromkeys((old.pattern for _, old in _REWRITTEN), 0)
    for text in texts:
        for line in text.splitlines():
            for new, old in _REWRITTEN:
                found = _finds(old, line, 0, len(line))
                assert _finds(new, line, 0, len(line)) == found, (old.pattern, line)
                hits[old.pattern] += bool(found[0])
    # the real texts exercise every pattern (a test on lines none matches proves nothing)
    assert all(hits.values()), hits


def test_case_insensitive_classes_are_spelt_out_exactly() -> None:
    """The rewrites drop IGNORECASE by spelling each letter's case forms out: these are all
    the characters each letter matches ignoring case (``s`` also matches ``ſ``)."""
    spelt = {"0-9a-f": "0123456789abcdefABCDEF", "h": "hH", "t": "tT", "p": "pP", "s": "sSſ",
             "f": "fF"}
    for letters, chars in spelt.items():
        every = set(re.findall(f"[{letters}]", _EVERY_CHAR, re.IGNORECASE))
        assert every == set(chars), letters
