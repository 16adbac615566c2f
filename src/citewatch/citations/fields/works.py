"""One note citing several works: where it splits (``; see also``, a second case, a treaty)."""

from __future__ import annotations

import re

from citewatch.lazy import lazy_pattern

_CASE_RE = lazy_pattern(r"\b[A-Z][\w.’'-]*(?:\s+\S+){0,8}?\s+v\.?\s+[A-Z(]")

_TREATY_RE = lazy_pattern(
    r"\b(?:Convention|Covenant|Protocol|Statute|Treaty|Charter|Agreement|Accord)\b.*?"
    r"(?:U\.?N\.?T\.?S\.?|U\.?S\.?T\.?|I\.?L\.?M\.?|ETS|CETS|\d{4})"
    r"|^(?:the\s+)?(?:[A-Z][\w’'-]*\s+)*(?:Convention|Covenant|Protocol|Charter|Statute)\b"
    r"|\b(?:ICCPR|ICESCR|CEDAW|CERD|UNCAT|ECHR|Rome Statute|Geneva Convention)\b"
)

_UN_DOC_RE = lazy_pattern(
    r"\b(?:U\.?N\.?\s*Doc\.?|UNGAOR|UNSCOR|GAOR|SCOR|[AS]/(?:RES/)?\d|A/HRC/|"
    r"CCPR/|CERD/|CAT/|E/CN\.|[GS]\.?\s?A\.?\s+Res\.?|S\.?C\.?\s+Res\.?|\b[GS][AC] Res\b)"
)

_TREATY_WORDS = (
    "Convention", "Covenant", "Protocol", "Statute", "Treaty", "Charter", "Agreement",
    "Accord", "ICCPR", "ICESCR", "CEDAW", "CERD", "UNCAT", "ECHR",
)  # fmt: skip
"""One of these is in every :data:`_TREATY_RE` match."""

_UN_DOC_MARKS = ("/", "Doc", "OR", "Res")
"""One of these is in every :data:`_UN_DOC_RE` match (a symbol's slash, ``Doc``,
``GAOR``/``SCOR``, ``Res``)."""


def _names_treaty(text: str) -> bool:
    """:data:`_TREATY_RE` found in ``text``; most texts name no treaty and are not scanned."""
    return any(w in text for w in _TREATY_WORDS) and _TREATY_RE.search(text) is not None


def _names_un_doc(text: str) -> bool:
    """:data:`_UN_DOC_RE` found in ``text`` (the literal check spares scanning most)."""
    return any(m in text for m in _UN_DOC_MARKS) and _UN_DOC_RE.search(text) is not None


def _opens_with_un_doc(text: str) -> bool:
    """:data:`_UN_DOC_RE` matches at the start of ``text``."""
    return any(m in text for m in _UN_DOC_MARKS) and _UN_DOC_RE.match(text) is not None


_SPLIT_SIGNAL_RE = lazy_pattern(
    r"[;.\s](?:(?<=;)\s+|(?<=\.)\s+|(?<=\n)\s*|(?<=[/>\w]\s)\s*(?=See\b|Cf\b))"
    r"(?=(?:[Ss]ee(?:,?\s+also|,?\s+e\.g\.,?|,?\s+for example,?|"
    r",?\s+generally)?|[Cc]f\.?|Compare|[Cc]ontra|But see|Accord|[Aa]lso)\s+\S)"
)
"""A separator before a signal: ``;`` or a full stop and spaces, a line break, or (after a
link, see :func:`split_works`) spaces before ``See`` or ``Cf``. Each separator opens with
one of ``;``, ``.`` or a space, checked behind it, so that the regex engine jumps between
those characters instead of trying every alternative at every position. A match opening
with a space other than a line break is the last kind."""


_SIGNAL_WORDS = ("see", "See", "cf", "Cf", "Compare", "ontra", "Accord", "lso")
"""One of these is in every text :data:`_SPLIT_SIGNAL_RE` matches (after its separator):
most notes hold none, and are not scanned."""

_ABBREV_END_RE = lazy_pattern(r"\b(?:[A-Z]|No|Vol|art|arts|para|p|pp|v)\.?$")
"""A head ending in an abbreviation. Searched from a few characters before the end: no
match is longer than six (a final newline included)."""

_TRAILING_SEMI_RE = lazy_pattern(r"[;\s]+$")


def split_works(text: str) -> list[str]:
    """Split a note citing several works into one full citation text per work.

    A new work starts where a signal (``see also``, ``see``, ``cf``, ``compare``…) opens
    after a ``;`` or a sentence end. Semicolons without a signal (pinpoints such as
    ``arts 2; 3``, titles) never split. A part that is only a continuation (no letters,
    e.g. a URL printed on its own line) stays with the work before it.
    """
    if not text.strip():
        return [text]
    cuts = [0]
    signalled = any(w in text for w in _SIGNAL_WORDS)
    for match in _SPLIT_SIGNAL_RE.finditer(text) if signalled else ():
        head = text[: match.start()]
        # "See, e.g." at the very start, or a signal right after an abbreviation's dot
        # ("No. See") is not a boundary.
        if not head.strip() or _ABBREV_END_RE.search(head, max(0, len(head) - 8)):
            continue
        if head.count("“") > head.count("”") or head.count("(") > head.count(")"):
            continue
        after_url = text[match.start()] not in ";.\n"  # the last kind of separator
        if after_url and not re.search(r"(?:https?://|www\.|<)\S*$", head):
            continue  # "See" after a line-joined URL starts a work; after a word it does not
        cuts.append(match.end())
    parts: list[str] = []
    for start, end in zip(cuts, [*cuts[1:], len(text)], strict=True):
        part = text[start:end].strip()
        if part.endswith(";"):  # stripped, it ends with ";" if the pattern matches at all
            part = _TRAILING_SEMI_RE.sub("", part)
        if not part:
            continue
        if parts and not _cites_something(parts[-1]):
            # A remark before the first signal ("The court disagreed. See …") is no work.
            parts[-1] = f"{parts[-1]} {part}"
        else:
            parts.append(part)
    return parts or [text]


_CITES_RE = lazy_pattern(
    r"https?://|www\.|[“”\"]|\b(?:1[6-9]|20)\d\d\b|\b(?:supra|ibid|id\.|above|below|infra)\b|"
    r"\bnotes?\s+\d|\bv\.?\s+[A-Z]|\bArticle\s+\d|\bart\.?\s+\d",
    re.IGNORECASE,
)


def _cites_something(part: str) -> bool:
    """Whether a piece of a note names a work (a link, a quote, a year, a cross-reference)."""
    return bool(_CITES_RE.search(part))
