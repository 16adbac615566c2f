"""Word counts made for the words looked up (``notes.words.WordCounts``) answer what the
whole count (``vocabulary``) answers, on text built from the pieces that could tell them
apart (compounds, digits, sigma, letters whose lower case is longer) and on the real
documents, for every word a line-end hyphen makes the segmenter look up."""

from __future__ import annotations

import re
from functools import cache
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citewatch.citations.notes import WordCounts, vocabulary, words

_ROOT = Path(__file__).resolve().parents[2]

_PIECES = st.sampled_from([
    "ab", "Ab", "AB", "x", "é", "É", "naïve", "ΟΔΟΣ", "οδος", "Σ.Α", "İs", "is", "ſ", "\u212a",
    "k", "²", "½", "٣", "_", "5", "-", "--", " ", "\n", "\xa0", ".", "’", "cease", "fire",
    "cease-fire", "ceasefire", "co-", "operation", "x-y",
])
TEXT = st.lists(_PIECES, max_size=16).map("".join)
_SETTINGS = settings(max_examples=300, deadline=None)


def _keys(text: str) -> list[str]:
    """Words of the text, their pieces, joins and hyphenations, and slices of the text."""
    found = [w.lower() for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", text)]
    keys = found + [k for w in found for k in w.split("-")]
    keys += [a + sep + b for a, b in pairwise(found) for sep in ("", "-")]
    keys += [text.lower()[i:i + n] for i in range(0, len(text), 3) for n in (1, 2, 5)]
    return [*keys, "", "-", "zzz", "σ", "ς"]


def _agree(text: str, keys: list[str]) -> None:
    whole = vocabulary(text)
    lazy = WordCounts(text)
    for k in keys:
        assert lazy.get(k, 0) == whole.get(k, 0), (text, k)
        assert (k in lazy) == (k in whole), (text, k)


@_SETTINGS
@given(TEXT)
def test_words_counted_on_demand_match_the_whole_count(text: str) -> None:
    _agree(text, _keys(text))


@_SETTINGS
@given(TEXT)
def test_the_whole_count_once_the_scans_cost_as_much(text: str) -> None:
    keys = _keys(text)
    lazy = WordCounts(text)
    for k in keys * 3:
        lazy.get(k)
    assert dict(lazy) == dict(vocabulary(text))
    assert len(lazy) == len(vocabulary(text))


@pytest.fixture
def whole_counts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts ``WordCounts`` made a whole count of, in order."""
    calls: list[str] = []
    real = words.vocabulary
    monkeypatch.setattr(words, "vocabulary", lambda t: calls.append(t) or real(t))
    return calls


def test_a_long_run_of_look_ups_falls_back_to_one_count(whole_counts: list[str]) -> None:
    calls = whole_counts
    text = "the cease-fire and the ceasefire, " * 200
    lazy = WordCounts(text)
    assert lazy.get("ceasefire") == 200 and lazy.get("cease-fire") == 200 and not calls
    for n in range(words._SCAN_BUDGET + 2):
        assert lazy.get(f"word{n}", 0) == 0
    assert len(calls) == 1  # counted once, then every look-up read from it
    assert lazy.get("the") == 400 and len(calls) == 1


def test_a_long_text_has_its_words_counted_after_the_scans_it_may_take(
    whole_counts: list[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = whole_counts
    text = "a cease-fire, " * 1000
    monkeypatch.setattr(words, "_SCAN_CAP", 20 * len(text) - 1)  # twenty scans of this text
    lazy = WordCounts(text)
    assert [lazy.get(f"truce{n}", 0) for n in range(20)] == [0] * 20 and not calls
    assert lazy.get("cease-fire") == 1000 and len(calls) == 1


def test_a_text_too_long_for_a_few_scans_is_counted_at_the_first_look_up(
    whole_counts: list[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = whole_counts
    text = "a cease-fire, " * 1000
    monkeypatch.setattr(words, "_SCAN_CAP", (words._MIN_SCANS - 1) * len(text))
    lazy = WordCounts(text)
    assert lazy.get("truce", 0) == 0 and len(calls) == 1
    assert lazy.get("cease-fire") == 1000 and len(calls) == 1


@cache
def _real_texts() -> tuple[str, ...]:
    corpus = _ROOT / "tests" / "fixtures" / "corpus"
    paths = sorted(p for p in corpus.glob("*/doc.*.txt") if p.name != "doc.links.txt")
    return tuple(p.read_text("utf-8") for p in paths + sorted((_ROOT / "seeds").glob("*.txt")))


_BREAK = re.compile(r"([^\W\d_]+)-\n\s*([^\W\d_]+)")


def test_real_documents_every_word_a_line_end_hyphen_looks_up() -> None:
    looked_up = 0
    for text in _real_texts():
        keys = [k for a, b in _BREAK.findall(text) for k in ((a + b).lower(), f"{a}-{b}".lower())]
        looked_up += len(keys)
        _agree(text, keys + ["the", "international", "report"])
    assert looked_up > 100
