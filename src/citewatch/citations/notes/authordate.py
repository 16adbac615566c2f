"""Author-date (APA) labels: an entry's in-text label, or the short title the body cites it by."""

from __future__ import annotations

import re
from collections.abc import Sequence

from citewatch.citations.notes.note import RawNote
from citewatch.lazy import lazy_pattern

_AD_HEAD = lazy_pattern(r"^(?P<who>.*?[.\])])\s*\((?P<year>\d{4}|n\.\s?d\.)(?P<rest>[^)]*)\)")

_IN_TEXT_TITLE = lazy_pattern(r"[“\"]([^”\"]{2,80}?),?[”\"],?\s+((?:\d{4}|n\.\s?d\.)[a-z]?)")

_YEAR_SUFFIX_END = lazy_pattern(r"\d([a-z])\s*$")

_YEAR_SUFFIX_START = lazy_pattern(r"^([a-z])\b")


def cited_title_labels(entries: Sequence[RawNote], text: str) -> list[RawNote]:
    """Relabel author-date entries the document cites by (short) title: when the body has
    ``(“Fears Grow,” 2020)`` and an entry's title begins "Fears Grow …" in 2020, that is the
    entry's label."""
    # In order of first citation, not a set's: between two forms of one length the first
    # cited wins, the same on every run (a set's order changes with the hash seed).
    forms = dict.fromkeys((m.group(1).strip(), m.group(2)) for m in _IN_TEXT_TITLE.finditer(text))
    if not forms:
        return list(entries)
    folded = [(q, y, _fold(q)) for q, y in forms]
    flat = ""  # the text on one line, made when an entry is first found cited by title
    out: list[RawNote] = []
    for e in entries:
        m = _AD_HEAD.match(e.text)
        best = None
        if m:
            year = m.group("year").replace(" ", "")
            sm = _YEAR_SUFFIX_END.search(m.group("rest")) or _YEAR_SUFFIX_START.match(m.group("rest"))
            year += sm.group(1) if sm else ""
            who = _fold(m.group("who"))
            title = _fold(e.text[m.end():].lstrip(". "))
            for q, y, fq in folded:
                fits = y == year and fq and (who.startswith(fq) or title.startswith(fq))
                if fits and (best is None or len(q) > len(best)):
                    best = q
        if best is None:
            out.append(e)
            continue
        flat = flat or " ".join(text.split())
        cited_by_author = bool(re.search(
            re.escape(e.label.rsplit(",", 1)[0]) + r",?\s*\(?" + re.escape(e.label.rsplit(" ", 1)[-1]),
            flat,
        )) and not e.label.startswith("“")
        if not cited_by_author:
            out.append(RawNote(e.kind, f"“{best},” {year}", e.rows, e.lines, e.text, e.page))
        else:
            out.append(e)
    return out


_PUNCT = lazy_pattern(r"[^\w\s]")


def _fold(s: str) -> str:
    return " ".join(_PUNCT.sub(" ", s.lower()).split())


_AUTHOR_NAMES = lazy_pattern(
    r"(?:^|&|,)\s*((?:(?:de|von|van|der|la|le|da|di|al|el)\s+)*[^\W\d][\w’'\-]*"
    r"(?:\s[^\W\d][\w’'\-]*)*),\s*(?:[A-Z]\.\s*-?)+"
)

_BRACKETED = lazy_pattern(r"\s*\[[^\]]*\]")

_INITIALS_AFTER_NAME = lazy_pattern(r",\s*(?:[A-Z]\.\s*-?)+(?:,|$|\s*&)")

_INITIAL_END = lazy_pattern(r"\b[A-Z]\.$")

_PERIOD_PAREN = lazy_pattern(r"\.\s*\(")


def author_date_label(text: str) -> str:
    """The in-text citation label of an APA entry: ``Smith & Jones, 2020``, ``Smith et al.,
    2021a``, or the quoted title when the entry starts with it."""
    m = _AD_HEAD.match(text)
    if not m:
        return text[:40]
    who, year, rest = m.group("who").strip(), m.group("year"), m.group("rest")
    who = _BRACKETED.sub("", who).replace("..", ".")
    if not _INITIAL_END.search(who):
        who = who.rstrip(".")
    suffix = ""
    sm = _YEAR_SUFFIX_END.search(rest) or _YEAR_SUFFIX_START.match(rest)
    if sm:
        suffix = sm.group(1)
    year = year.replace(" ", "") + suffix
    # authors: "Surname, I., & Surname, I." or an organisation
    if _INITIALS_AFTER_NAME.search(who + ","):
        names = _AUTHOR_NAMES.findall(who)
        names = [n.strip() for n in names if n.strip()]
        if names:
            if len(names) == 1:
                who_label = names[0]
            elif len(names) == 2:
                who_label = f"{names[0]} & {names[1]}"
            else:
                who_label = f"{names[0]} et al."
            return f"{who_label}, {year}"
    if _PERIOD_PAREN.search(text[: m.end()]) and m.end() and _is_title_first(text, m):
        return f"“{who},” {year}"
    return f"{who}, {year}"


_IN_CONTAINER = lazy_pattern(r"^\.?\s*In\s+[A-Z]")


def _is_title_first(text: str, m: re.Match[str]) -> bool:
    """``Title. (2021). In Wikipedia`` — the work is cited by its title."""
    after = text[m.end():m.end() + 40]
    return bool(_IN_CONTAINER.match(after))
