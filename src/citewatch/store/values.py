"""How a Python string becomes the text between a field's braces, and back.

bibtexparser's writer does not validate: a value with an unbalanced brace, a backslash
before the closing brace or a line starting with ``@`` corrupts the file. Every value
citewatch writes goes through one of three encodings, chosen by the field's name, each
safe for bibtexparser's splitter *and* for BibTeX/biber (which count every brace, escaped
or not):

``verbatim`` (``url``, ``doi``, ``urldate``, ``date``, ``archiveurl`` … biblatex's verbatim
    fields): kept as printed, never LaTeX-escaped (``%``, ``_``, ``#``, ``&``, ``~`` stay,
    balanced braces too); whitespace becomes ``%20``, and only when braces are unbalanced
    or a backslash would escape one, ``{``, ``}`` and ``\\`` are percent-encoded (an
    equivalent URL).
``provenance`` (``citewatch-*``): kept as printed; ``\\`` → ``\\x5c``, ``{`` → ``\\x7b``,
    ``}`` → ``\\x7d``, line break → ``\\n``. Reversible, and no brace ever appears.
``text`` (everything else: ``title``, ``author``, ``note`` …, which LaTeX typesets):
    LaTeX specials escaped (``\\&``, ``\\%``, ``\\$``, ``\\#``, ``\\_``,
    ``\\textasciitilde{}``, ``\\textasciicircum{}``, ``\\textbackslash{}``,
    ``\\textbraceleft{}``, ``\\textbraceright{}``), whitespace collapsed; UTF-8 kept as is.

Decoding reverses each; a value a person typed is decoded the same way (best effort).
"""

from __future__ import annotations

import hashlib
from enum import StrEnum

from citewatch.lazy import lazy_pattern


class Encoding(StrEnum):
    """The three ways a value is written; see the module docstring."""

    VERBATIM = "verbatim"
    PROVENANCE = "provenance"
    TEXT = "text"


PROVENANCE_PREFIX = "citewatch-"

_VERBATIM_FIELDS = frozenset(
    {
        "url",
        "doi",
        "eprint",
        "urldate",
        "date",
        "origdate",
        "eventdate",
        "file",
        "isbn",
        "issn",
        "archiveurl",
        "archivedate",
        "urlraw",
        "verba",
        "verbb",
        "verbc",
    }
)


def encoding_for(field: str) -> Encoding:
    """The encoding a field's value is written with."""
    name = field.lower()
    if name.startswith(PROVENANCE_PREFIX):
        return Encoding.PROVENANCE
    if name in _VERBATIM_FIELDS or name.endswith("url"):
        return Encoding.VERBATIM
    return Encoding.TEXT


_WS = lazy_pattern(r"\s+")

_VERBATIM_TABLE = {ord("{"): "%7B", ord("}"): "%7D", ord("\\"): "%5C"}

_PROVENANCE_TABLE = {
    ord("\\"): "\\x5c",
    ord("{"): "\\x7b",
    ord("}"): "\\x7d",
    ord("\n"): "\\n",
    ord("\r"): " ",
    ord("\t"): " ",
    ord("\f"): " ",
    ord("\v"): " ",
}
_PROVENANCE_DECODE = lazy_pattern(r"\\(x5c|x7b|x7d|n)")
_PROVENANCE_CHARS = {"x5c": "\\", "x7b": "{", "x7d": "}", "n": "\n"}

_TEXT_TABLE = {
    ord("\\"): "\\textbackslash{}",
    ord("{"): "\\textbraceleft{}",
    ord("}"): "\\textbraceright{}",
    ord("&"): "\\&",
    ord("%"): "\\%",
    ord("$"): "\\$",
    ord("#"): "\\#",
    ord("_"): "\\_",
    ord("~"): "\\textasciitilde{}",
    ord("^"): "\\textasciicircum{}",
}
_TEXT_DECODE = lazy_pattern(
    r"\\(textbackslash|textbraceleft|textbraceright|textasciitilde|textasciicircum)\{\}"
    r"|\\([&%$#_])"
)
_TEXT_CHARS = {
    "textbackslash": "\\",
    "textbraceleft": "{",
    "textbraceright": "}",
    "textasciitilde": "~",
    "textasciicircum": "^",
}


def encode(field: str, value: str) -> str:
    """The text to write between the braces of ``field`` for the plain string ``value``."""
    kind = encoding_for(field)
    if kind is Encoding.VERBATIM:
        joined = "%20".join(value.strip().split())
        return joined if is_safe(joined) else joined.translate(_VERBATIM_TABLE)
    if kind is Encoding.PROVENANCE:
        return value.strip().translate(_PROVENANCE_TABLE)
    return encode_text(value)


def encode_text(value: str) -> str:
    """LaTeX-escape plain text (whitespace collapsed) so it typesets as printed."""
    return _WS.sub(" ", value).strip().translate(_TEXT_TABLE)


def decode(field: str, value: str) -> str:
    """The plain string a stored value stands for (inverse of :func:`encode`)."""
    kind = encoding_for(field)
    if kind is Encoding.VERBATIM:
        return value
    if kind is Encoding.PROVENANCE:
        return _PROVENANCE_DECODE.sub(lambda m: _PROVENANCE_CHARS[m.group(1)], value)
    return decode_text(value)


def decode_text(value: str) -> str:
    """Undo :func:`encode_text`, and drop one pair of protective braces around the whole."""
    if len(value) >= 2 and value[0] == "{" and value[-1] == "}" and _encloses(value):
        value = value[1:-1]
    return _TEXT_DECODE.sub(lambda m: _TEXT_CHARS.get(m.group(1) or "", m.group(2) or ""), value)


def _encloses(value: str) -> bool:
    """Whether the first brace of ``value`` is closed by its last character."""
    depth = 0
    for i, char in enumerate(value):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0 and i != len(value) - 1:
                return False
    return depth == 0


def is_safe(value: str) -> bool:
    """Whether ``value`` can stand between braces: braces balanced (BibTeX counts every
    brace), none preceded by a backslash (bibtexparser skips those), no trailing
    backslash, no line break (a line starting ``@`` would start a new block)."""
    if "\n" in value or "\r" in value or value.endswith("\\"):
        return False
    depth = 0
    for i, char in enumerate(value):
        if char in "{}":
            if i > 0 and value[i - 1] == "\\":
                return False
            depth += 1 if char == "{" else -1
            if depth < 0:
                return False
    return depth == 0


def digest(value: str) -> str:
    """Short, stable fingerprint of a written value (for ``citewatch-written``)."""
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:8]
