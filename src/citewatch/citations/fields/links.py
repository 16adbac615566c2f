"""What every style marks the same way and is peeled off first: the signal (``See``), URLs
with their lead-ins (``online:``, ``Available at:``), access dates, DOIs, archive links."""

from __future__ import annotations

import re

from citewatch.citations.fields.dates import parse_date
from citewatch.citations.fields.draft import _Draft
from citewatch.citations.fields.lexicon import _fold
from citewatch.citations.fields.rescan import first_of, sub_after
from citewatch.lazy import lazy_pattern

# Pieces of the same URL after a line break that extraction turned into a space.
_URL_TAIL = (
    r"(?:\s+(?:[^\s<>“”\"]*[/=?&%#_][^\s<>“”\"]*|-?[a-z0-9]+(?:[-.][a-z0-9]+)+/?|-[\w-]+|"
    r"[\w-]+\.(?:pdf|PDF|html?|HTML?|php|aspx?)|[\w.()-]*\d[\w.()-]*(?=[.\s]*$))(?=[\s.,;]|$))*"
)

_URL_RE = lazy_pattern(
    r"<(?:https?://|www\.|[\w-]+(?:\.[\w-]+)+/)[^<>]*>|<[^<>\s]+>"
    rf"|https?://[^\s<>]+{_URL_TAIL}|www\.[^\s<>]+{_URL_TAIL}"
)
"""A link in angle brackets or a bare one. Every alternative opens with a literal
character (``<``, ``h``, ``w``), so the regex engine jumps between those instead of trying
the whole pattern at every position of the note."""

_DOI_PREFIX_RE = lazy_pattern(
    r",?\s*\bdoi:\s*(10\.\d{4,9}/[^\s<>]+" + _URL_TAIL + ")", re.IGNORECASE
)

_DOI_RE = lazy_pattern(
    r"(?:\bdoi:\s*|(?:https?://)?(?:dx\.)?doi\.org/)(10\.\d{4,9}/[^\s<>]+)", re.IGNORECASE
)

_SSRN_RE = lazy_pattern(r"ssrn\.com/\S*?(?:abstract_?id=|SSRN_ID)(\d{5,8})", re.IGNORECASE)

_ACCESS_LEAD = (
    r"(?:last\s+visited|last\s+accessed|accessed(?:\s+on)?|Accessed:?|retrieved(?:\s+on)?|"
    r"Retrieved|consulted(?:\s+on)?|viewed(?:\s+on)?)"
)

# The clean-ups of _take_links, compiled once. Each is tried only when a literal it needs is
# in the text: most citations print none of these lead-ins, and scanning a note a dozen times
# for nothing was the slowest part of parsing.
_DATE_ANY = r":?\s*(?P<d>[^()]*?\d{4})"

_ACCESS_PAREN_RE = lazy_pattern(rf"\(\s*{_ACCESS_LEAD}\s*{_DATE_ANY}\s*\)", re.IGNORECASE)

_ACCESS_FROM_RE = lazy_pattern(rf"[,.]?\s*{_ACCESS_LEAD}\s*{_DATE_ANY},?\s+from\b")

_ACCESS_RE = lazy_pattern(
    rf"(?P<keep>[,.]?)\s*\b{_ACCESS_LEAD}\s*{_DATE_ANY}(?=[\s,.;]|$)", re.IGNORECASE
)

_ACCESS_WORDS = ("visited", "accessed", "retrieved", "consulted", "viewed")
"""Lower-cased, one of these is in every text the access-date patterns match."""


def _has_access_word(lower: str) -> bool:
    """One of :data:`_ACCESS_WORDS` in ``lower``: five substring tests cost less than one
    scan for their alternation, which the regex engine tries at every position."""
    return (
        "visited" in lower or "accessed" in lower or "retrieved" in lower
        or "consulted" in lower or "viewed" in lower
    )


_ONLINE_RE = lazy_pattern(
    r",?\s*online\s*(?:\((?:pdf|video|audio)\))?:\s*(?P<plat>[A-Z][\w. ]{0,30}?)?\s*(?=<)"
)

_ARCHIVED_RE = lazy_pattern(r",?\s*archived at:?\s*(?=<|https?://|www\.)", re.IGNORECASE)

_BRACKET_ONLINE_RE = lazy_pattern(r"\.?\s*\[Online\]\.?\s*(?:Available(?: at)?:?)?\s*")

_AVAILABLE_RE = lazy_pattern(r",?\s*(?:available|Available) (?:at|from):?\s*(?=<|https?://|www\.)")

_BRACKET_URL_RE = lazy_pattern(r"\[\s*(?:https?://|www\.)[^\]]*\]")

_SPACE_PUNCT_RE = lazy_pattern(r"\s\s*(?=[,.;)])")
"""Space before punctuation. ``\\s\\s*`` rather than ``\\s+``: a pattern that opens with a
character class (not a repeat) lets the regex engine skip to the next space."""

_SPACE_BEFORE_PUNCT_RE = lazy_pattern(r"[,.;)](?<=\s[,.;)])")
"""Where :data:`_SPACE_PUNCT_RE` has a match: punctuation after a space. Opening with the
punctuation, it lets the engine jump between punctuation marks, which are rarer than
spaces; most notes have none after a space and are not rewritten."""

_EMPTY_PARENS_RE = lazy_pattern(r"\(\s*\)")

_TRAILING_SEP_RE = lazy_pattern(r"[,;]\s*(?:[,;]\s*)*(?=[.;]?\s*$)")
"""Separators left at the end. The first is spelt out (not ``(?:…)+``): a pattern that
opens with a character class lets the regex engine jump between commas."""

_URL_END_PUNCT_RE = lazy_pattern(r"[.,;:]+$")


_ACCESS_LEAD_WORDS = ("last", "accessed", "retrieved", "consulted", "viewed")
"""Lower-cased, every access lead-in starts with one of these."""


def _lead_start(text: str, at: int) -> int:
    """Where a match opening with ``[,.]?\\s*`` before the word at ``at`` may start (-1
    when ``at`` is: no word, no match)."""
    if at < 0:
        return -1
    while at > 0 and text[at - 1].isspace():
        at -= 1
    return at - 1 if at > 0 and text[at - 1] in ",." else at


def _strip_url(url: str) -> str:
    url = url.strip("<>")
    # rstrip is what the pattern does to a URL without a final newline, at a tenth the cost
    url = _URL_END_PUNCT_RE.sub("", url) if url.endswith("\n") else url.rstrip(".,;:")
    while url.endswith(")") and url.count(")") > url.count("("):
        url = url[:-1]
    return url


def _take_links(text: str, draft: _Draft) -> str:
    """Remove URLs, DOIs, access dates and their lead-ins; record what they said."""

    def doi(match: re.Match[str]) -> str:
        draft.doi = draft.doi or _strip_url("".join(match.group(1).split())).rstrip(".")
        return " "

    lower = _fold(text)
    taken = text  # while it is unchanged, ``lower`` is its _fold
    if "doi:" in lower:
        text = _DOI_PREFIX_RE.sub(doi, text)

    # Access dates: "(last visited Oct. 3, 2022)", "accessed January 5, 2023",
    # "Accessed: Jul. 7, 2022.", "Retrieved June 9, 2022, from <url>".
    def access(match: re.Match[str]) -> str:
        found = parse_date(match.group("d"))
        if found and draft.accessed is None:
            draft.accessed = found
            draft.accessed_text = found.printed
        return match.group("keep") if "keep" in match.groupdict() and match.group("keep") else " "

    if _has_access_word(lower):
        text = _ACCESS_PAREN_RE.sub(access, text)
        if "from" in text:  # what every _ACCESS_FROM_RE match holds
            at = first_of(text, (*_ACCESS_LEAD_WORDS, "Accessed", "Retrieved"))  # case counts
            text = sub_after(_ACCESS_FROM_RE, access, text, _lead_start(text, at))
        at = first_of(_fold(text), _ACCESS_LEAD_WORDS)  # _fold: what IGNORECASE equates
        text = sub_after(_ACCESS_RE, access, text, _lead_start(text, at))

    # Lead-ins with the platform McGill names before the link: "online: Facebook <…>".
    def online(match: re.Match[str]) -> str:
        if match.group("plat"):
            draft.platform = match.group("plat").strip()
        return " "

    if (at := text.find("online")) >= 0:
        text = sub_after(_ONLINE_RE, online, text, _lead_start(text, at))
    if "archived at" in (lower if text is taken else _fold(text)):
        text = _ARCHIVED_RE.sub(" ", text)
    if (at := text.find("[Online]")) >= 0:
        text = sub_after(_BRACKET_ONLINE_RE, lambda _: " ", text, _lead_start(text, at))
    if "vailable " in text:
        text = _AVAILABLE_RE.sub(" ", text)
    if "[" in text:
        text = _BRACKET_URL_RE.sub(" ", text)  # perma.cc in brackets

    def url(match: re.Match[str]) -> str:
        draft.urls.append(_strip_url("".join(match.group(0).split())))
        return " "

    if "<" in text or "http" in text or "www." in text:
        text = _URL_RE.sub(url, text)
    for link in draft.urls:
        # "doi" is in every _DOI_RE match (_fold equates what IGNORECASE does)
        if draft.doi is None and "doi" in _fold(link) and (found := _DOI_RE.search(link)):
            draft.doi = _strip_url(found.group(1)).rstrip(".")
    for link in draft.urls:
        if draft.doi is None and "ssrn" in _fold(link) and (ssrn := _SSRN_RE.search(link)):
            draft.doi = f"10.2139/ssrn.{ssrn.group(1)}"
            draft.hints.add("ssrn")
    if _SPACE_BEFORE_PUNCT_RE.search(text):
        text = _SPACE_PUNCT_RE.sub("", text)
    if "(" in text:
        text = _EMPTY_PARENS_RE.sub(" ", text)
    end = text.rstrip()
    if end.endswith((",", ";")) or end.endswith(".") and end[:-1].rstrip().endswith((",", ";")):
        text = _TRAILING_SEP_RE.sub("", text)  # it only matches separators left at the end
    return " ".join(text.split())
