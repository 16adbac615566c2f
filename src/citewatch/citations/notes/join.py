"""A note's rows joined into its text: hyphens at line ends weighed, URLs kept whole,
spacing accents recomposed."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

from citewatch.lazy import lazy_pattern

_TAIL_WORD = lazy_pattern(r"([^\W\d_]+)-$")

_URL_START = lazy_pattern(r"https?://|www\.")

_HEAD_WORD = lazy_pattern(r"^([^\W\d_]+)")


def join_lines(parts: Sequence[str], vocab: Mapping[str, int] | None = None) -> str:
    """Join text lines with spaces; a hyphen at a line end is dropped when it breaks a word.

    Which spelling ``vocab`` (words seen elsewhere in the document) holds more often decides;
    without evidence a lowercase continuation is taken as a word break, a capitalised one
    (``Smith-\\nLaurent``) as a real hyphen. URLs are joined without space when the line ends
    inside one (after ``/``, ``://``, ``.`` or ``-`` in a URL).
    """
    if vocab is None:
        vocab = {}
    out = ""
    for raw in parts:
        part = raw.strip()
        if not part:
            continue
        if not out:
            out = part
            continue
        last_token = out.rsplit(" ", 1)[-1]
        # ``out`` never ends in whitespace (its parts are stripped), so what the patterns
        # anchored at its end can see is its last whitespace-free run: searching only that
        # keeps joining a long note linear
        run = out.rsplit(None, 1)[-1]
        in_url = bool(_URL_START.search(run)) and not last_token.endswith(
            (".", ",", ";", ")")
        ) or last_token.endswith(("://", "/"))
        if in_url and _URL_START.search(last_token) and not part[0].isupper():
            out += part
            continue
        m = _TAIL_WORD.search(run) if out.endswith("-") else None
        h = _HEAD_WORD.match(part)
        if m and h and len(out) > len(m.group(0)) and not in_url:
            head, tail = m.group(1), h.group(1)
            joined, hyphened = (head + tail).lower(), (head + "-" + tail).lower()
            with_hyphen, without = vocab.get(hyphened, 0), vocab.get(joined, 0)
            if with_hyphen > without or with_hyphen == without and not tail[0].islower():
                out += part
            else:
                out = out[:-1] + part
            continue
        if out.endswith(("-", "/")) and (in_url or not out.endswith(" /")):
            out += part  # "Radio Free Europe/\nRadio Liberty"
            continue
        out += " " + part
    return fix_spacing_accents(out)


_SPACING_ACCENTS = {
    "\u00b4": "\u0301", "\u02d8": "\u0306", "\u00b8": "\u0327", "\u02c6": "\u0302",
    "\u00a8": "\u0308", "\u02dc": "\u0303", "\u02c7": "\u030c", "\u02da": "\u030a",
    "\u02d9": "\u0307", "\u02db": "\u0328", "\u02dd": "\u030b",
}

_SPACING_ACCENT = lazy_pattern("([" + "".join(_SPACING_ACCENTS) + "])([^\\W\\d_])")


def fix_spacing_accents(text: str) -> str:
    """Recompose letters pypdf splits into a spacing accent and a letter (``Tadi´c`` →
    ``Tadić``, ``A˘gayev`` → ``Ağayev``, ``Garc´ıa`` → ``García``)."""
    if not _SPACING_ACCENT.search(text):
        return text

    def compose(m: re.Match[str]) -> str:
        letter = "i" if m.group(2) == "ı" else m.group(2)
        return unicodedata.normalize("NFC", letter + _SPACING_ACCENTS[m.group(1)])

    return _SPACING_ACCENT.sub(compose, text)
