"""Scans rewritten with string methods find what their patterns find: the damage
vocabulary (words, pairs and hyphenated compounds) on any text (non-ASCII letters, white
space and punctuation, lone surrogates), read whole or in pieces, with pairs kept only for
the URLs' words; URL marks, slug segments and source labels."""

from __future__ import annotations

import random
from collections import Counter

from citewatch.citations import damage, metadata

_ATOMS = [
    "ab", "cd", "x", "é", "naïve", "ΟΔΟΣ", "İs", "-", "--", " ", "  ", "\n", "’", "“", "–",
    "—", ".", ":", "5", "_", "/", "\x1c", "\xa0", "\u2009", "\ud800", "²", "½", "\u0301", "ſ",
    "K", "\t", "x-y", "to-show", "ab-cd-e-fg-hi", "😀", "\x85", ",", ";", "'", '"', "٣", "ª",
]


def _by_patterns(text: str) -> tuple[Counter[str], Counter[str], Counter[str]]:
    words = Counter(damage._WORDS.findall(text))
    pairs = Counter(f"{a} {b}" for a, b in damage._PAIRS.findall(text))
    compounds = Counter(m.replace("-", "") for m in damage._HYPHENATED.findall(text))
    return words, pairs, compounds


def _pieces(text: str, rng: random.Random) -> list[str]:
    """``text`` cut at a few random places, never inside a letter run."""
    run = damage._LETTER_RUN
    cuts = sorted({rng.randint(0, len(text)) for _ in range(rng.randint(0, 5))})
    cuts = [c for c in cuts
            if not (0 < c < len(text) and run.fullmatch(text[c - 1]) and run.fullmatch(text[c]))]
    return [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]


def test_tally_equals_the_patterns_whole_and_in_pieces() -> None:
    rng = random.Random(11)
    for _ in range(3000):
        text = "".join(rng.choice(_ATOMS) for _ in range(rng.randint(0, 40)))
        assert damage._tally(_pieces(text, rng)) == _by_patterns(text), text


def test_tally_for_glued_words_keeps_only_the_pairs_that_spell_one() -> None:
    rng = random.Random(12)
    for _ in range(1500):
        text = "".join(rng.choice(_ATOMS) for _ in range(rng.randint(0, 40)))
        glued = frozenset(rng.sample(["abcd", "cdab", "abab", "toshow", "showx", "xyab"], 3))
        words, pairs, compounds = _by_patterns(text)
        kept = Counter({p: n for p, n in pairs.items()
                        if p.replace(" ", "") in glued and min(map(len, p.split())) >= 2})
        assert damage._tally(_pieces(text, rng), glued) == (words, kept, compounds), text


def test_url_marks_are_where_the_pattern_matches() -> None:
    rng = random.Random(13)
    atoms = ["w", "W", ".", "/", "ww", "x", " ", "\n", "www.", "WwW.", "wwww.", "ẘ", "ŵ"]
    for _ in range(3000):
        text = "".join(rng.choice(atoms) for _ in range(rng.randint(0, 12)))
        assert damage._url_marks(text) == [m.start() for m in damage._URL_MARK.finditer(text)]


def test_slug_segments_are_the_segments_holding_a_hyphen_or_underscore() -> None:
    rng = random.Random(14)
    atoms = ["https://", "a", "b-c", "_", "-", "/", "?", "#", "&", "=", ".", "x.org", "9", "é"]
    for _ in range(3000):
        url = "".join(rng.choice(atoms) for _ in range(rng.randint(0, 12)))
        begin = damage._host_end(url)
        slugs = [(m.start(), m.group()) for m in damage._SLUG_SEGMENT.finditer(url, begin)]
        assert slugs == [(m.start(), m.group()) for m in damage._SEGMENT.finditer(url, begin)
                         if "-" in m.group() or "_" in m.group()], url


def test_source_labels_end_where_the_label_pattern_ends() -> None:
    rng = random.Random(15)
    atoms = ["URL", "url", "Source", "ſource", "Original url", "Original\n url", ":", " ", "\n",
             "\t", "x", "\u2028", "\x85", "  \n", "URL:", "\nURL :", "\r", "O", "s"]
    for _ in range(3000):
        text = "".join(rng.choice(atoms) for _ in range(rng.randint(0, 12)))
        ends = [m.end() for m in metadata._SOURCE_LABEL_RE.finditer(text)]
        assert list(metadata._label_ends(text)) == ends, text
