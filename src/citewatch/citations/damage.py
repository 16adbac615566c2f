"""Hyphens lost inside URLs by an extractor's de-hyphenation, found from the document's words.

pdftotext joins a word broken at a line end and drops the hyphen, also inside a URL:
``…/videos-appear-to-`` + ``show-execution…`` comes out as ``…/videos-appear-toshow-…`` on
one line, with no line break left for :mod:`urls` to weigh. What gives it away is the
slug: its words are separated by ``-`` or ``_``, and one "word" is two words of the
document glued together (``toshow``: "to" and "show" are printed in the note's title,
"toshow" nowhere outside URLs). The same holds for a slug word glued to a number
(``world-europe57747602``), a date split ``YYYY-MMDD`` and a UUID missing a group's hyphen.

Such a URL is flagged :attr:`SuspectReason.HYPHEN_AT_BREAK` and kept as printed; whole
candidate URLs go into ``FoundUrl.alternatives``, which
:func:`citewatch.archive.repair.repair_candidates` tries. Nothing is rewritten here:
which spelling is right is for a live check or the archive's index to settle.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import compress, pairwise, product
from typing import NamedTuple

from citewatch.citations.model import FoundUrl, SuspectReason
from citewatch.lazy import lazy_pattern

__all__ = [
    "LOST_HYPHEN_NOTE",
    "Vocabulary",
    "build_vocabulary",
    "flag_lost_hyphens",
    "lost_hyphen_candidates",
    "may_have_lost_hyphens",
]

LOST_HYPHEN_NOTE = "a hyphen may have been lost at a line break (slug words of the document)"
"""What ``FoundUrl.detail`` says of such a URL; the candidates are its ``alternatives``."""
MAX_CANDIDATES = 4
"""Candidate URLs kept per URL."""

_URL_TOKEN = lazy_pattern(
    r"(?<!\S)\S*?(?:://|www\.|\.[a-z]{2,6}/|[a-z0-9]/[a-z0-9])\S*", re.IGNORECASE
)
"""URL-like tokens, also a URL's continuation line (``2021/07/30/how-drones-…``)."""
_LINE_END_HYPHEN = lazy_pattern(r"-(?<=[^\W\d_]-)[ \t]*\r?\n\s*(?=[^\W\d_])")
_PAIRS = lazy_pattern(r"(?<![^\W\d_])([^\W\d_]++)(?=[\s:,;.'’\"“”‘–—-]{1,4}([^\W\d_]+))")
"""A word and the next, with what may stand between two words a slug prints side by side
("Azerbaijan: Grad" for ``azerbaijan-grad``)."""
_WORDS = lazy_pattern(r"[^\W\d_]{2,}")
"""Runs of two letters or more (a run is matched from its start, so no look-behind)."""
_LETTER_RUN = lazy_pattern(r"([^\W\d_]+)")
_PAIR_GAP = lazy_pattern(r"[\s:,;.'’\"“”‘–—-]{1,4}")
"""What may stand between the two words of a :data:`_PAIRS` match."""
_URL_MARK = lazy_pattern(r"/|www\.", re.IGNORECASE)
"""What every :data:`_URL_TOKEN` match holds."""
_HYPHENATED = lazy_pattern(r"(?<![^\W\d_])[^\W\d_]{2,}+(?:-[^\W\d_]{2,}+)++")
_SCHEME_HOST = lazy_pattern(
    r"(?:[A-Za-z\u0130\u0131\u017f\u212a][A-Za-z0-9+.\-\u0130\u0131\u017f\u212a]*://)?[^/?#]*"
)
"""``^(?:[a-z][a-z0-9+.-]*://)?[^/?#]*`` case-insensitive, written without the flag (which
makes the engine fold the case of every character it reads, also in ``[^/?#]*``): ``[a-z]``
ignoring case is the ASCII letters and ``İ ı ſ K`` (U+0130, U+0131, U+017F, U+212A)."""
_SEGMENT = lazy_pattern(r"[^/?#&=.]+")
_SLUG_SEGMENT = lazy_pattern(r"(?<![^/?#&=.])[^/?#&=.\-_]*+[-_][^/?#&=.]*")
"""The :data:`_SEGMENT` matches holding ``-`` or ``_`` (after the host, which ends before
one of ``/?#``: the look-behind sees it)."""
_SLUG_TOKEN = lazy_pattern(r"[A-Za-z0-9]+")
_ALPHA_DIGIT = lazy_pattern(r"(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])")
_YEAR = lazy_pattern(r"(?:19|20)\d\d")
_UUID_RUN = lazy_pattern(
    r"[0-9a-fA-F](?<![0-9a-fA-F][0-9a-fA-F])[0-9a-fA-F]*(?:-[0-9a-fA-F]+){2,4}(?![0-9a-fA-F])"
)
"""``(?<![0-9a-f])[0-9a-f]+(?:-[0-9a-f]+){2,4}(?![0-9a-f])`` case-insensitive, written to
open with a class (the engine skips ahead to one; under IGNORECASE a cased class gives it
no skip) with the look-behind behind it; ``[0-9a-f]`` ignoring case is exactly
``[0-9a-fA-F]``."""
_UUID_GROUPS = (8, 4, 4, 4, 12)


@dataclass(frozen=True)
class Vocabulary:
    """Words printed in a document outside its URLs (lower-cased), with counts: the
    evidence that a slug token is two words."""

    words: Counter[str]
    """Single words of at least two letters, the parts of hyphenated words included."""
    pairs: Counter[str]
    """Two words printed next to each other (``"to show"``) or hyphenated
    (``"nagorno-karabakh"`` is counted as ``"nagorno karabakh"``); only those spelling a
    word of the URLs when :func:`build_vocabulary` was given them."""
    hyphenated: Counter[str]
    """Hyphenated compounds as printed, lower-cased and without hyphens (``nagornokarabakh``)."""

    memo: dict[tuple[str, bool], tuple[tuple[tuple[int, float], ...], ...]] = field(
        default_factory=dict, compare=False, repr=False
    )
    """Split points of a path segment already read, by segment text (offsets in it): a
    site's URLs repeat their segments, which depend on nothing but the words above."""

    def known(self, word: str) -> bool:
        return self.words.get(word, 0) > 0


def build_vocabulary(
    text: str, skip: Iterable[tuple[int, int]] = (), urls: Iterable[str] | None = None
) -> Vocabulary:
    """The document's words, URLs left out (a damaged URL must not vouch for itself):
    the ``skip`` spans (found URLs) and whatever looks like a URL or a piece of one.
    Given the ``urls`` the vocabulary will be asked about, only the pairs that spell one of
    their words are counted (the only pairs :func:`_word_split` looks up): counting every
    pair of the document is most of the work.

    The text is read in pieces of about :data:`_CHUNK` characters, each read as the whole
    text would be (see :func:`_prose_pieces`): no copy of the whole text is made, which on
    a text holding one astral character (four bytes a character) is four times its size.
    """
    glued = None if urls is None else frozenset(
        " ".join(w for u in urls for w in _ASCII_WORD.findall(u, _host_end(u))).lower().split()
    )
    pieces = _word_pieces(_joined_hyphens(_prose_pieces(text, sorted(skip))))
    words, pairs, hyphenated = _tally(
        (chunk for piece in pieces for chunk in _chunks(piece)), glued
    )
    return Vocabulary(words, pairs, hyphenated)


_ASCII_WORD = lazy_pattern(r"[A-Za-z]{4,}")
"""What holds every slug token :func:`_word_split` splits (letters of :data:`_SLUG_TOKEN`,
four or more)."""


_CUT = lazy_pattern(r"\s(?=\S)")
"""Where the text may be cut: after a space before a word (URL tokens, the lower-casing of a
final sigma and de-hyphenation's line ends all stop at white space)."""


def _prose_pieces(text: str, spans: Sequence[tuple[int, int]]) -> Iterator[str]:
    """``text`` lower-cased with the ``spans`` (sorted) made one space each and URL tokens
    blanked (:func:`_drop_url_tokens`), in pieces cut at :data:`_CUT` outside every span."""
    pos, k, n = 0, 0, len(text)
    while pos < n or k < len(spans):
        cut = min(n, pos + _CHUNK)
        reach = cut
        while True:
            if cut < n:
                m = _CUT.search(text, cut - 1 if cut > pos + 1 else cut)
                cut = m.end() if m else n
            j, reach = k, cut
            while j < len(spans) and spans[j][0] < cut:
                reach = max(reach, spans[j][1])
                j += 1
            if reach <= cut or cut >= n:
                break
            cut = reach  # a span runs over the cut: cut after it
        parts: list[str] = []
        while k < len(spans) and (spans[k][0] < cut or cut >= n):
            a, b = max(spans[k][0], pos), max(spans[k][1], pos)
            parts.extend((text[pos:a], " "))
            pos = b
            k += 1
        parts.append(text[pos:cut])
        pos = max(pos, cut)
        yield _drop_url_tokens("".join(parts)).lower()


def _joined_hyphens(pieces: Iterable[str]) -> Iterator[str]:
    """The pieces with :data:`_LINE_END_HYPHEN` removed as from their concatenation (a word
    broken at a line end read joined). A match may need the next piece's first letter, so
    each piece's last word waits for the next piece."""
    carry = ""
    for piece in pieces:
        buf = carry + piece
        end = len(buf.rstrip())
        w = end
        while w > 0 and not buf[w - 1].isspace():
            w -= 1
        if w == 0:
            carry = buf if end else ""
            if not end:
                yield buf
            continue
        # every match starting before the last word ends at or before it (a match is a
        # hyphen and white space, then a letter)
        out: list[str] = []
        at = 0
        for m in _LINE_END_HYPHEN.finditer(buf, 0, len(buf)):
            if m.start() >= w:
                break
            out.append(buf[at:m.start()])
            at = m.end()
        w = max(w, at)
        out.append(buf[at:w])
        yield "".join(out)
        carry = buf[w:]
    if carry:
        yield _LINE_END_HYPHEN.sub("", carry)


_NOT_WORD = lazy_pattern(r"[^\w-]|[\d_]")
"""A character that is neither a letter nor a hyphen: no word or compound spans it."""


def _word_pieces(pieces: Iterable[str]) -> Iterator[str]:
    """The text of ``pieces`` re-cut after characters of :data:`_NOT_WORD` only, so that no
    word or hyphenated compound is cut in two."""
    held: list[str] = []
    for piece in pieces:
        last = None
        for last in _NOT_WORD.finditer(piece, max(0, len(piece) - 64)):
            pass
        if last is None and len(piece) > 64:
            last = _last_match(_NOT_WORD, piece)
        if last is None:
            held.append(piece)
            continue
        held.append(piece[: last.end()])
        yield "".join(held)
        held = [piece[last.end():]]
    if held:
        yield "".join(held)


def _last_match(rx: re.Pattern[str], s: str) -> re.Match[str] | None:
    last = None
    for last in rx.finditer(s):
        pass
    return last


def _count_words(chunks: Iterable[str]) -> tuple[Counter[str], Counter[str]]:
    """What :data:`_WORDS` and :data:`_PAIRS` find in the concatenation of ``chunks`` (each
    cut between letter runs), counted."""
    words, pairs, _ = _tally(chunks)
    return words, pairs


def _byte_views() -> tuple[bytes, bytes]:
    """Two ``bytes.translate`` tables for a chunk's UTF-8 bytes in which every character
    that is not a letter is ASCII (:func:`_ascii_non_letters`): one keeps the letters and
    blanks the rest (its ``split`` gives the letter runs), the other blanks the letters and
    writes the rest as ``-`` (a hyphen), ``.`` (another character a pair's gap may hold) or
    ``x`` (its ``split`` gives the gaps). Read from the patterns themselves, so they agree."""
    keep, gap = bytearray(range(256)), bytearray(range(256))
    for b in range(256):
        c = chr(b)
        if b >= 0x80 or _LETTER_RUN.fullmatch(c):  # bytes >= 0x80: of a letter
            gap[b] = 0x20
        else:
            keep[b] = 0x20
            gap[b] = ord("-" if c == "-" else "." if _PAIR_GAP.fullmatch(c) else "x")
    return bytes(keep), bytes(gap)


_KEEP_LETTERS, _GAP_VIEW = _byte_views()
_PAIR_GAPS = frozenset(
    bytes(g) for n in range(1, 5) for g in product(b".-", repeat=n)
)
"""Every gap :data:`_PAIR_GAP` spans, as :data:`_GAP_VIEW` writes it."""
_NOT_ASCII = bytes(range(0x80))
"""``bytes.translate`` deletes these to leave a chunk's non-ASCII characters."""
_FAR = b"xxxxx"
"""A gap no pair spans (longer than four characters)."""


def _ascii_non_letters(chunk: str) -> bytes:
    """``chunk`` in UTF-8 with every non-ASCII character that is not a letter written as
    one ASCII character of the same kind (what a pair's gap may hold as a space, anything
    else as ``#``): a gap then counts one byte a character."""
    if chunk.isascii():
        return chunk.encode("ascii")
    data = chunk.encode("utf-8", "surrogatepass")
    for c in set(data.translate(None, _NOT_ASCII).decode("utf-8", "surrogatepass")):
        if not _LETTER_RUN.fullmatch(c):
            stand_in = b" " if _PAIR_GAP.fullmatch(c) else b"#"
            data = data.replace(c.encode("utf-8", "surrogatepass"), stand_in)
    return data


def _tally(
    chunks: Iterable[str], glued: frozenset[str] | None = None
) -> tuple[Counter[str], Counter[str], Counter[str]]:
    """Words (:data:`_WORDS`), pairs (:data:`_PAIRS`) and hyphenated compounds
    (:data:`_HYPHENATED`, hyphens dropped) of the concatenation of ``chunks``, counted;
    given ``glued`` words, only the pairs that spell one of them.

    Each chunk is cut between letter runs (never inside one). It is read with C string
    methods instead of the (slow) patterns: its letter runs and the gaps between them come
    from two ``split`` calls on byte views (:func:`_byte_views`); a pair is two runs whose
    gap is in :data:`_PAIR_GAPS`, a compound a chain of runs of two letters or more with
    one ``-`` between each. The gap and the compound running over a cut are carried."""
    words: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    hyphenated: Counter[str] = Counter()
    last_run, last_gap = "", b""
    chain: list[str] = []  # the compound ending at last_run, read so far
    # a pair is looked up only when both its words have two letters or more
    heads = frozenset(w[:i] for w in glued or () for i in range(2, len(w) - 1))
    for chunk in chunks:
        if not chunk:
            continue
        data = _ascii_non_letters(chunk)
        runs = data.translate(_KEEP_LETTERS).decode("utf-8").split()
        gaps = data.translate(_GAP_VIEW).split()
        lead = gaps[0] if _GAP_VIEW[data[0]] != 0x20 else b""
        if not runs:
            last_gap = (last_gap + lead)[:5]
            continue
        between = gaps[1 if lead else 0 :]  # between[k] follows runs[k]
        if last_run:
            gap = last_gap + lead
            if gap in _PAIR_GAPS and (glued is None or last_run in heads
                                      and last_run + runs[0] in glued):
                pairs[f"{last_run} {runs[0]}"] += 1
            if gap == b"-" and len(last_run) >= 2 and len(runs[0]) >= 2:
                chain = [*(chain or [last_run]), runs[0]]
            elif chain:
                hyphenated["".join(chain)] += 1
                chain = []
        # each run joined to the next where the gap between them is a pair's (C iterators:
        # this runs once per word of the document)
        if glued is None:
            paired = map(_PAIR_GAPS.__contains__, between)
            pairs.update(compress(map(" ".join, pairwise(runs)), paired))
        else:  # only a run that begins a glued word can begin a pair looked up
            for k in compress(range(len(runs) - 1), map(heads.__contains__, runs)):
                a, b = runs[k], runs[k + 1]
                if a + b in glued and between[k] in _PAIR_GAPS:
                    pairs[f"{a} {b}"] += 1
        words.update(runs)
        chain = _compounds(runs, between, chain, hyphenated)
        last_run = runs[-1]
        last_gap = between[len(runs) - 1][:5] if len(between) >= len(runs) else b""
    if chain:
        hyphenated["".join(chain)] += 1
    for w in [w for w in words if len(w) < 2]:
        del words[w]
    return words, pairs, hyphenated


def _compounds(
    runs: list[str], between: list[bytes], chain: list[str], hyphenated: Counter[str]
) -> list[str]:
    """Count the compounds of one chunk's ``runs`` (``between[k]`` follows ``runs[k]``),
    ``chain`` being the compound that ends at its first run; returns the one ending at its
    last run (carried to the next chunk)."""
    last = len(runs) - 1
    at = 0 if chain else -1  # the run the chain ends at
    k = -1
    while True:
        try:  # the next gap that is one hyphen (list.index compares in C)
            k = between.index(b"-", k + 1, last)
        except ValueError:
            break
        if len(runs[k]) < 2 or len(runs[k + 1]) < 2:
            continue
        if at != k:  # a new compound starts at runs[k]
            if chain:
                hyphenated["".join(chain)] += 1
            chain = [runs[k]]
        chain.append(runs[k + 1])
        at = k + 1
    if chain and at != last:
        hyphenated["".join(chain)] += 1
        chain = []
    return chain


def _words_and_pairs(prose: str) -> tuple[Counter[str], Counter[str]]:
    """:func:`_count_words` of one text."""
    return _count_words(_chunks(prose))


_CHUNK = 1 << 18
"""Characters per piece of a long text read at once: the token lists of one piece stay
small, so memory does not grow with the text (a 50 MB one-line file)."""


def _chunks(text: str) -> Iterator[str]:
    """``text`` in pieces of about :data:`_CHUNK` characters, each cut at a character that
    is not a letter."""
    pos = 0
    n = len(text)
    while pos < n:
        cut = min(n, pos + _CHUNK)
        if cut < n:
            m = _NON_LETTER.search(text, cut - 1)
            cut = m.end() if m else n  # the piece ends with a non-letter
        yield text[pos:cut]
        pos = cut


_NON_LETTER = lazy_pattern(r"[\W\d_]")


def _drop_url_tokens(text: str) -> str:
    """``text`` with :data:`_URL_TOKEN` matches blanked. Such a token holds ``/`` or
    ``www.`` and never spans lines, so the pattern runs only on lines holding one of those:
    most prose lines hold neither, and the pattern is slow on every word."""
    out: list[str] = []
    pos = 0
    for at in _url_marks(text):
        if at < pos:
            continue
        a = text.rfind("\n", 0, at) + 1
        b = text.find("\n", at)  # a mark holds no line end
        b = len(text) if b < 0 else b
        out.extend((text[pos:a], _URL_TOKEN.sub(" ", text[a:b])))
        pos = b
    out.append(text[pos:])
    return "".join(out)


def _url_marks(text: str) -> list[int]:
    """Where :data:`_URL_MARK` matches in ``text``, in order, found with ``str.find`` (the
    case-blind pattern is slow on every character): each ``/``, and each ``www.`` read
    back from its ``w.`` (only ``w`` and ``W`` match ``w`` case-blind)."""
    marks: list[int] = []
    for needle in ("/", "w.", "W."):
        p = text.find(needle)
        while p >= 0:
            if needle == "/":
                marks.append(p)
            elif p >= 2 and text[p - 2] in "wW" and text[p - 1] in "wW":
                marks.append(p - 2)
            p = text.find(needle, p + 1)
    marks.sort()
    return marks


class _Split(NamedTuple):
    at: int
    """Offset in the URL where the hyphen goes."""
    score: float
    """Higher for parts printed side by side in the document, then for common parts."""


def _host_end(url: str) -> int:
    m = _SCHEME_HOST.match(url)
    return m.end() if m else 0


def _word_split(token: str, vocab: Vocabulary, weak: bool = False) -> list[tuple[int, float]]:
    """Split points of an alphabetic token into two document words, best first. ``weak``
    takes any two printed words of three letters or more: evidence enough for a spelling to
    try when the URL fails, not for calling the URL damaged."""
    low = token.lower()
    if len(low) < (6 if weak else 4):
        return []
    glued = vocab.hyphenated.get(low, 0)
    own = vocab.words.get(low, 0)
    if own > glued:  # printed as one word more often than as a compound: a word
        return []
    out: list[tuple[int, float]] = []
    count = vocab.words.get
    for i in range(2, len(low) - 1):
        a = low[:i]
        ca = count(a, 0)
        if not ca and not weak:
            continue  # both parts must be printed words
        b = low[i:]
        cb = count(b, 0)
        if weak and not (ca and cb) and min(len(a), len(b)) >= 3 and a.isalpha() and b.isalpha():
            # one printed word of four letters or more and a short unprinted one
            # (``ratcartoon``: "Cartoon" is in the title, "rat" only in the URL)
            longer = ca if len(a) >= len(b) else cb
            if (ca and len(a) >= 4) or (cb and len(b) >= 4):
                out.append((i, 0.1 * bool(longer)))
            continue
        if not ca or not cb:
            continue
        together = vocab.pairs.get(f"{a} {b}", 0)
        if weak and min(len(a), len(b)) < 3:
            continue
        if not weak and together == 0 and (min(ca, cb) < 2 or len(a) < 3):
            # rare parts (a word broken across columns leaves such halves) or a short first
            # part, and no sign the two belong together: too weak
            continue
        score = 10.0 * together + min(ca, cb, 20) / 20 + min(len(a), len(b)) / 10
        out.append((i, score))
    out.sort(key=lambda s: -s[1])
    return out


def _token_splits(
    start: int, token: str, prev: str, words: int, vocab: Vocabulary, weak: bool = False
) -> list[tuple[int, float]]:
    """Where a hyphen may have been lost inside one slug token at ``text[start:]`` (offset
    in ``text``, score); ``words`` counts the other tokens of the slug that are document
    words."""
    if token.isalpha():
        return [(start + i, s) for i, s in _word_split(token, vocab, weak)]
    if weak:
        return _weak_code_splits(start, token, vocab)
    if words < 2:
        # numbers glued to codes (``TA-9-2020-0328_EN``, ``armenia0121_web``,
        # ``SSRN_ID4019811_code3739338``) are common; only a slug of words is evidence
        return []
    if token.isdigit():
        # ``2021-0928``: a date whose month and day lost their hyphen
        if (
            len(token) == 4
            and _YEAR.fullmatch(prev)
            and (1 <= int(token[:2]) <= 12 and 1 <= int(token[2:]) <= 31)
        ):
            return [(start + 2, 1.0)]
        return []
    # a word glued to a number (``europe57747602``, ``257preserving``)
    pieces = _ALPHA_DIGIT.split(token)
    if len(pieces) != 2:
        return []
    word, number = (pieces[0], pieces[1]) if pieces[0].isalpha() else (pieces[1], pieces[0])
    # a number of two digits may open the token ("…-2021-20preserving-…", "top-10tips"); one
    # closing it is more often a code's own ("covid19", "web20")
    shortest = 2 if number is pieces[0] else 3
    if not (word.isalpha() and number.isdigit()) or len(number) < shortest or len(word) < 3:
        return []
    if not vocab.known(word.lower()) or vocab.known(token.lower()):
        return []
    return [(start + len(pieces[0]), 0.5)]


_WORD_THEN_CODE = lazy_pattern(r"([a-z]{4,})([A-Z0-9][A-Za-z0-9]{4,})")
"""A lower-case run glued to an identifier (``inidUSKBN77DO1F``: "in" + ``idUSKBN…``)."""


def _weak_code_splits(start: int, token: str, vocab: Vocabulary) -> list[tuple[int, float]]:
    """Weak splits of a token mixing letters and digits: a printed word glued to a number
    (``europe57747602``) or to an identifier whose lower-case head follows the word
    (``inidUSKBN…``, ``asidUSKBN…``)."""
    if token.isdigit():
        return []  # neither a word nor a lower-case run to split
    pieces = _ALPHA_DIGIT.split(token)
    if (
        len(pieces) == 2
        and pieces[0].isalpha()
        and pieces[1].isdigit()
        and len(pieces[0]) >= 3
        and len(pieces[1]) >= 3
        and vocab.known(pieces[0].lower())
    ):
        return [(start + len(pieces[0]), 0.3)]
    m = _WORD_THEN_CODE.fullmatch(token)
    if m is None:
        return []
    run = m.group(1)
    return [
        (start + i, 0.2)
        for i in range(2, len(run) - 1)
        if vocab.known(run[:i]) and not vocab.known(run)
    ]


def _slug_splits(url: str, begin: int, vocab: Vocabulary, weak: bool) -> list[list[_Split]]:
    """For each damaged token of the URL's slugs (after its host, which ends at ``begin``),
    its split points, best first (``weak``: also in path segments of one word, on weaker
    evidence)."""
    out: list[list[_Split]] = []
    if not weak and url.find("-", begin) < 0 and url.find("_", begin) < 0:
        return out  # neither a slug nor a UUID run
    memo = vocab.memo
    # only slugs, not ``ViewDetails``, ``index``, ``2021``; a weak split reads each long
    # token alone: the tokens stand for their segments
    for seg in (_LONG_SLUG_TOKEN if weak else _SLUG_SEGMENT).finditer(url, begin):
        text = seg.group(0)
        if weak and text.isdigit():
            continue
        found = memo.get((text, weak))
        if found is None:
            if len(memo) >= _MEMO_CAP:
                memo.clear()
            found = memo[text, weak] = (
                _weak_splits(text, vocab) if weak else _segment_splits(text, vocab)
            )
        if found:
            at = seg.start()
            out.extend([_Split(at + i, score) for i, score in splits] for splits in found)
    for m in () if weak else _UUID_RUN.finditer(url, begin):
        fix = _uuid_fix(m.group(0))
        if fix is not None:
            out.append([_Split(m.start() + fix, 1.0)])
    return out


_LONG_SLUG_TOKEN = lazy_pattern(r"[A-Za-z0-9]{6,}")
"""The :data:`_SLUG_TOKEN` matches long enough for a weak split (a word of six letters, a
word and a number of three each, or a lower-case run and an identifier)."""
_MEMO_CAP = 1 << 12
"""Segments remembered per document at most (a text of unique slugs must not grow it)."""
_TWO_WORDS = lazy_pattern(r"[A-Za-z]{2}[A-Za-z0-9]*[^A-Za-z0-9].*?[A-Za-z]{2}", re.DOTALL)
"""Two :data:`_SLUG_TOKEN` matches holding two letters in a row each."""


def _weak_splits(token: str, vocab: Vocabulary) -> tuple[tuple[tuple[int, float], ...], ...]:
    """:func:`_slug_splits` of one :data:`_LONG_SLUG_TOKEN` match read weakly (neither the
    slug's other words nor the previous token count): its split points, if any."""
    splits = _token_splits(0, token, "", 0, vocab, True)
    return (tuple(splits),) if splits else ()


def _segment_splits(text: str, vocab: Vocabulary) -> tuple[tuple[tuple[int, float], ...], ...]:
    """:func:`_slug_splits` of one path segment: for each damaged token, its split points
    (offset in ``text``, score), best first."""
    if not _TWO_WORDS.search(text):
        return ()
    tokens = [(t.start(), t.group(0)) for t in _SLUG_TOKEN.finditer(text)]
    out: list[tuple[tuple[int, float], ...]] = []
    prev = ""
    known = [t.isalpha() and len(t) >= 3 and vocab.known(t.lower()) for _, t in tokens]
    total = sum(known)
    for k, (start, t) in enumerate(tokens):
        if start and text[start - 1] == "%" and t[:1].isdigit():
            prev = t
            continue  # "%93Azerbaijan": a percent-escape's hex digits, then a word
        splits = _token_splits(start, t, prev, total - known[k], vocab)
        if splits:
            out.append(tuple(splits))
        prev = t
    return tuple(out)


def _uuid_fix(run: str) -> int | None:
    """Offset in ``run`` where a hyphen makes it an 8-4-4-4-12 UUID, if one does."""
    groups = run.split("-")
    if len(groups) != 4 or sum(len(g) for g in groups) != 32:
        return None
    for k, g in enumerate(groups):
        lengths = [len(x) for x in groups[:k]] + [_UUID_GROUPS[k], len(g) - _UUID_GROUPS[k]]
        lengths += [len(x) for x in groups[k + 1 :]]
        if tuple(lengths) == _UUID_GROUPS:
            return sum(len(x) + 1 for x in groups[:k]) + _UUID_GROUPS[k]
    return None


def lost_hyphen_candidates(
    url: str, vocab: Vocabulary, cap: int = MAX_CANDIDATES, *, weak: bool = False
) -> list[str]:
    """Whole URLs with hyphens re-inserted where they may have been lost, likeliest first:
    every damaged token's best split at once, then each alone, then second-best splits."""
    return _candidates(url, _host_end(url), vocab, cap, weak)


def _candidates(url: str, begin: int, vocab: Vocabulary, cap: int, weak: bool) -> list[str]:
    """:func:`lost_hyphen_candidates` of a URL whose host ends at ``begin``."""
    groups = _slug_splits(url, begin, vocab, weak)
    if not groups:
        return []

    def apply(points: Iterable[int]) -> str:
        s = url
        for p in sorted(set(points), reverse=True):
            s = s[:p] + "-" + s[p:]
        return s

    best = [g[0].at for g in groups]
    ordered: list[str] = [apply(best)]
    if len(groups) > 1:
        ordered.extend(apply([p]) for p in best)
    for k, g in enumerate(groups):
        for alt in g[1:]:
            ordered.append(apply([*best[:k], alt.at, *best[k + 1 :]]))
    out: list[str] = []
    for c in ordered:
        if c != url and c not in out:
            out.append(c)
    return out[:cap]


def _reading(url: str) -> tuple[int, bool] | None:
    """Where the URL's host ends and whether a slug (``-`` or ``_``) follows it; None when
    there is nothing to read: neither a slug nor a token long enough for a weak split."""
    begin = _host_end(url)
    slug = url.find("-", begin) >= 0 or url.find("_", begin) >= 0
    if not slug and not _LONG_SLUG_TOKEN.search(url, begin):
        return None
    return begin, slug


def may_have_lost_hyphens(urls: Iterable[str]) -> bool:
    """Whether :func:`flag_lost_hyphens` reads any of ``urls``: without one, the document's
    vocabulary (most of the cost) is not needed."""
    return any(_reading(u) is not None for u in urls)


def flag_lost_hyphens(found: Sequence[FoundUrl], vocab: Vocabulary) -> list[FoundUrl]:
    """``found`` with the URLs that look like they lost a hyphen flagged, URL text kept."""
    out: list[FoundUrl] = []
    for f in found:
        url = f.url
        reading = _reading(url)
        if reading is None:
            out.append(f)
            continue
        begin, slug = reading  # read once for both readings
        # without ``-`` or ``_`` there is neither a slug nor a UUID run to read strongly
        cands = _candidates(url, begin, vocab, MAX_CANDIDATES, False) if slug else []
        if not cands:
            weak = [c for c in _candidates(url, begin, vocab, MAX_CANDIDATES, True) if c != url]
            if weak:
                # not evidence of damage, only spellings to try should the URL fail
                f = replace(f, alternatives=tuple(dict.fromkeys((*f.alternatives, *weak))))
            out.append(f)
            continue
        reasons = tuple(dict.fromkeys((*f.suspect, SuspectReason.HYPHEN_AT_BREAK)))
        out.append(
            replace(
                f,
                suspect=reasons,
                detail="; ".join(d for d in (f.detail, LOST_HYPHEN_NOTE) if d),
                alternatives=tuple(dict.fromkeys((*cands, *f.alternatives))),
            )
        )
    return out
