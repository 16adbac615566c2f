"""What a line break inside a URL did to it: a hyphen kept or inserted, an underscore dropped
or printed as a space. Evidence comes from the document itself; what stays unsure is
flagged (``HYPHEN_AT_BREAK``, ``AMBIGUOUS_JOIN``) with the other spelling as an alternative."""

from __future__ import annotations

from citewatch.citations.patterns import (
    FILE_EXTENSIONS,
    PROSE_WORDS,
    SEGMENT_TAIL,
    TRAILING_PUNCTUATION,
    URL_RUN,
    URL_START,
)
from citewatch.citations.urls.geometry import _Context
from citewatch.citations.urls.shape import _trim
from citewatch.lazy import lazy_pattern

_SEGMENT_HEAD = lazy_pattern(r"[^/?&=#.]*")


def _underscore_seam(so_far: str, token: str) -> bool:
    """A line break between a digit and a letter, or a lowercase and a capital letter, with
    no separator on either side: where a dropped underscore most often stood
    (``incidents`` + ``2020.csv``, ``…-0348`` + ``EN.html``)."""
    a, b = so_far[-1:], token[:1]
    if not (a.isalnum() and b.isalnum() and a.isascii() and b.isascii()):
        return False
    return a.isdigit() != b.isdigit() or (a.islower() and b.isupper())


_URL_TAIL = lazy_pattern(r"[\w.\-/%=?&#~+()]+")

_MIXED_ID = lazy_pattern(r"(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9]{4,}")

_TAIL_EXT = lazy_pattern(r"\.([A-Za-z0-9]{2,5})\Z")


def _url_tail(piece: str) -> bool:
    """A piece that can only end a URL: URL characters with a file extension, a path, an
    inner underscore or an id's mix of letters and digits."""
    core = _trim(piece)
    if len(core) < 3 or not _URL_TAIL.fullmatch(core) or URL_START.match(core):
        return False
    ext = _TAIL_EXT.search(core)
    return (
        bool(ext and ext.group(1).lower() in FILE_EXTENSIONS)
        or "/" in core
        or "_" in core.strip("_")
        or bool(_MIXED_ID.fullmatch(core))
    )


def _spaced_underscore(text: str, so_far: str, p_end: int) -> tuple[int, str] | None:
    """(new end, text to append) when a URL ending at ``p_end`` goes on after one space at
    an underscore: ``…incidents_`` + `` 2020.csv`` or ``…-0348`` + `` _EN.html``."""
    if text[p_end : p_end + 1] != " ":
        return None
    run = URL_RUN.match(text, p_end + 1)
    piece = run.group(0) if run else ""
    if so_far.endswith("_") and piece[:1].isalnum() and _url_tail(piece):
        return p_end + 1 + len(piece), piece
    if (
        piece[:1] == "_" and (so_far[-1:].isalnum() or so_far[-1:] == "/")
        and piece[1:2].isalnum() and _url_tail(piece[1:])
    ):
        return p_end + 1 + len(piece), piece
    return None


_LEFT_LETTERS = lazy_pattern(r"[^\W\d_]+\Z")

_RIGHT_LETTERS = lazy_pattern(r"[^\W\d_]+")


def _hyphen_is_real(ctx: _Context, so_far: str, token: str, at: int) -> tuple[bool, bool]:
    """Whether a hyphen ending a line inside a URL belongs to it, and whether that is clear.

    Typesetters hyphenate words inside URLs ("cultural-her-" / "itage"), and URLs also
    break after their own hyphens ("families-" / "count"). The document itself is the
    evidence: if the joined word ("heritage") is printed elsewhere nearby the hyphen was
    inserted; if both halves are words printed elsewhere it is the URL's own.
    """
    # a hyphen alone in its path segment ("8E193-DAA7…", "js-tor.org") was likely inserted
    segment = SEGMENT_TAIL.search(so_far[:-1]).group(0) + _SEGMENT_HEAD.match(token).group(0)  # type: ignore[union-attr]
    head = _SEGMENT_HEAD.match(token).group(0)  # type: ignore[union-attr]
    lone = "-" not in segment and not head.isdigit()  # "Governments-" + "1982861" is an id
    lm = _LEFT_LETTERS.search(so_far, 0, len(so_far) - 1)
    rm = _RIGHT_LETTERS.match(token)
    if lm is None or rm is None:
        return not lone, False
    left, right = lm.group(0), rm.group(0)
    lo, window = ctx.window(at)
    skip = (at - lo - len(left) - 2, at - lo + len(right) + 4)
    joined = _count_words(window, left + right, skip)
    lknown, rknown = _known(window, left, skip), _known(window, right, skip)
    if joined and joined >= min(lknown, rknown):
        return False, not (lknown and rknown)
    if lone and not (lknown and rknown):
        return False, False
    if lknown or rknown:
        return True, bool(lknown and rknown)
    # no evidence either way: two non-words are hyphenation fragments ("foreignpoli-cy")
    return False, False


def _word_broken(ctx: _Context, so_far: str, token: str, at: int) -> bool:
    """A word of the URL cut at the line's end with no hyphen (``…#Histo`` / ``ry and``,
    ``…/Lachin_corrid`` / ``or``): the joined word is printed elsewhere nearby, at least as
    often as the halves are as words, so the next row's letters are the URL's."""
    lm = _LEFT_LETTERS.search(so_far)
    rm = _RIGHT_LETTERS.match(token)
    if lm is None or rm is None or not token[0].islower():
        return False
    left, right = lm.group(0), rm.group(0)
    if len(right) < 2 or rm.end() < len(token.rstrip(TRAILING_PUNCTUATION)):
        return False  # the token holds more than letters: not a word's rest
    lo, window = ctx.window(at)
    skip = (at - lo - len(left) - 2, at - lo + len(right) + 4)
    joined = _count_words(window, left + right, skip)
    return joined > 0 and joined >= min(_known(window, left, skip), _known(window, right, skip))


def _known(window: str, word: str, skip: tuple[int, int]) -> int:
    """Evidence that ``word`` is a word: a function word, or occurrences nearby."""
    if word.lower() in PROSE_WORDS:
        return _CAP
    return _count_words(window, word, skip)


_CAP = 4
"""Occurrences counted at most: the hyphen decision compares small counts."""


def _count_words(window: str, word: str, skip: tuple[int, int], cap: int = _CAP) -> int:
    """How often ``word`` occurs as a whole word in ``window`` (lowercased) outside
    ``skip``, counting up to ``cap``."""
    if len(word) < 2:
        return 0
    word = word.lower()
    size = len(word)
    count = 0
    i = window.find(word)
    while i >= 0 and count < cap:
        before = window[i - 1] if i else " "
        after = window[i + size] if i + size < len(window) else " "
        if not before.isalpha() and not after.isalpha() and not (skip[0] <= i < skip[1]):
            count += 1
        i = window.find(word, i + 1)
    return count
