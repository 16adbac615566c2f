"""How one row reads, shared by every reader of notes: a note's number, a note's end, body
text or prose, a reference-list heading."""

from __future__ import annotations

import re
from collections.abc import Sequence

from citewatch.citations.notes.rows import Row, _next_nonblank
from citewatch.lazy import lazy_pattern

_INLINE = lazy_pattern(r"^\s{0,16}(\d{1,4})(\.?)\s+(\S.*)$")

_GLUED = lazy_pattern(r"^\s{0,3}(\d{1,4})([A-Z“‘\"(\[][^\d].*)$")

_ALONE = lazy_pattern(r"^\s*(\d{1,4})\s*$")

_STAR = lazy_pattern(r"^\s{0,16}[*∗†]\s*(\S.*)$")

_TERMINAL_CHARS = (".", "”", "\"", "’", ")", "]", ">")


def _terminal(text: str) -> bool:
    """The text's last character other than white space ends a sentence, quote or bracket
    (read at its end: a pattern anchored there is tried at every position)."""
    return text.rstrip().endswith(_TERMINAL_CHARS)


_URL_HINT = lazy_pattern(r"https?://|www\.|\.(?:org|com|net|int|am|az|ru|gov)/", re.IGNORECASE)

_SIGNAL = lazy_pattern(r"\s*(?:See(?:,? e\.g\.,| also| generally)?|Cf\.|But see|Compare|E\.g\.,)\s")
"""A citation signal opening a note; no heading starts with one."""

_VERSUS = lazy_pattern(r"\s(?:v|vs)\.?\s")


def _heading_like(sep: str, body: str) -> bool:
    """``1. Introduction`` and the like: short, no sentence end, mostly capitalised words."""
    if len(body) > 70 or _terminal(body) and body.rstrip().endswith("."):
        return False
    if _SIGNAL.match(body) or _VERSUS.search(body):
        # "15 See “How Drones Changed…”", "22 Makuchyan and Minasyan v. Azerbaijan": a
        # note's wrapped first row (a signal, a case name)
        return False
    words = [w for w in body.split() if w[:1].isalpha()]
    if not words:
        return False
    caps = sum(1 for w in words if w[0].isupper())
    return caps / len(words) >= 0.5 and not _URL_HINT.search(body)


_FINISHED_END = lazy_pattern(r"[.!?;:,”\"’)]\s*$")

_NUMBER_THEN_TEXT = lazy_pattern(r"\s*\d{1,4}\s+(.*)$")


def is_marker_split(before: str, after: str) -> bool:
    """True when the number opening ``after`` is a superscript note marker in running text
    (``…eradicated.107 According to …``), not a note the extractor glued onto ``before``.

    A glued note start follows text cut mid-word or mid-sentence (``…remain ur`` + ``25 See
    …``) and reads like a citation; a marker follows a finished word, sentence or quote, and
    prose goes on after it. ``after`` starts with the number.
    """
    m = _NUMBER_THEN_TEXT.match(after)
    if m is None:
        return False
    rest = m.group(1).strip()
    if _MONTH_YEAR.match(rest):
        return True  # "18 October 1907": the number is a day of a date
    if is_prose(rest):
        return True
    finished = bool(_FINISHED_END.search(before))
    return finished and not _NOTE_OPENING.match(rest)


_NOTE_OPENING = lazy_pattern(
    r"^(?:(?:See|Ibid|Id\.|Supra|Cf\.)\b|[“\"‘]"
    r"|(?:[A-ZÀ-Ý][\w’'\-.]*|de|van|von|der|al|el|da|di|du|le|la|&|and)"
    r"(?:\s+(?:[A-ZÀ-Ý][\w’'\-.]*|de|van|von|der|al|el|da|di|du|le|la|&|and)){1,6},"
    r"|[A-ZÀ-Ý][\w’'\-.]*\s+(?:of|on|for|to)\s+(?:the\s+)?[A-ZÀ-Ý]"
    r"|[A-ZÀ-Ý][\w’'\-]+(?:\s+[A-ZÀ-Ý][\w’'\-]+){0,3}\s+et al\b)"
)
"""How notes open: a signal (``See``, ``Ibid``), a quoted title, an author or body
(``Kevin van der Meer,``), a title (``Report of the …``, ``Convention on …``)."""

_PROSE_OPENER = lazy_pattern(
    r"^(?:According|In|These|This|That|Those|The|It|Its|When|While|Whereas|Furthermore|"
    r"Moreover|However|Therefore|Thus|Hence|Additionally|Also|Although|Though|After|Before|"
    r"During|Despite|Given|Since|As|On|At|By|From|With|Without|Here|There|He|She|They|We|"
    r"Our|His|Her|Their|Such|Many|Most|Some|Both|Neither|Nevertheless|Indeed|Instead|"
    r"Meanwhile|Today|Yet|But|And|Or|So|If|Once|Even|Only|Not|No|A|An)\b[,]?"
)

_CITATION_MARK = lazy_pattern(
    r"https?://|www\.|\bonline\b|\(\d{4}\)|\(\d{1,2}\s+[A-Z][a-z]+\.?\s+\d{4}\)|"
    r"\b(?:supra|ibid|id\.|op\. cit|pp?\.\s*\d|para\.?\s*\d|art\.?\s*\d|No\.\s*\d|"
    r"Vol\.|U\.N\. Doc|UN Doc|available at|accessed|retrieved|last visited|doi)|\bv\.?\s[A-Z]|"
    r"[<>]|(?-i:\b[A-Z]{2,}\s+\d)",
    re.IGNORECASE,
)


def is_prose(text: str) -> bool:
    """Running text rather than a citation: it opens like a sentence of the body (``In
    another video, …``, ``Furthermore, …``, ``These killings …``) and carries nothing a
    citation carries (URL, ``online``, a year in parentheses, ``supra``, a pinpoint)."""
    t = text.strip()
    return bool(_PROSE_OPENER.match(t)) and not _CITATION_MARK.search(t)


def _ends_note(text: str) -> bool:
    t = text.rstrip()
    return t.endswith(_TERMINAL_CHARS) and not t.endswith(("://", "et al."))


_CITATION_PUNCT_OR_YEAR = lazy_pattern(r"[,;:“”\"]|\d{4}")


def _body_follows(rows: Sequence[Row], i: int, page: int) -> bool:
    """After a finished note, row ``i`` starts body text again: a sentence of prose (see
    :func:`is_body_text`), or a heading line with prose right under it."""
    text = rows[i].text
    if is_body_text(text) or _marked_paragraph(rows, i, page):
        return True
    nxt = _next_nonblank(rows, i)
    return (
        nxt is not None and nxt == i + 1 and rows[nxt].page == page
        and len(text.split()) <= 12 and text.strip()[:1].isupper()
        and not _CITATION_MARK.search(text) and not _CITATION_PUNCT_OR_YEAR.search(text)
        and is_body_text(rows[nxt].text)
    )


_QUOTED = lazy_pattern(r"“[^”]{3,}”")

_SENTENCE_MARKER_END = lazy_pattern(r"[^\W\d_]{2}[.!?”\"’)]{1,2}\s?\d{1,4}$")


def _marked_paragraph(rows: Sequence[Row], i: int, page: int) -> bool:
    """Rows from ``i`` to the next blank row (a short paragraph, a figure caption) that cite
    nothing and end a sentence with a note marker (``… stepped on.12``): body text."""
    block: list[str] = []
    for j in range(i, min(len(rows), i + 8)):
        if rows[j].blank or rows[j].page != page or _ALONE.match(rows[j].text):
            break
        block.append(rows[j].text.strip())
    if not block:
        return False
    joined = " ".join(block)
    return bool(_SENTENCE_MARKER_END.search(block[-1])) and not (
        _CITATION_MARK.search(joined) or _QUOTED.search(joined)
    )


_BODY_MARKER = lazy_pattern(r"(?:^|\s)[^\W\d_]*[^\W\d_]{2}[.,;:!?”\"’)]{0,2}\d{1,4}(?=[\s,.;:]|$)")
"""A superscript note marker glued to a word of running text: ``…eradicated.107``."""

_MARKER_THEN_PROSE = lazy_pattern(
    r"[^\W\d_][.,;:!?”\"’)]{0,2}\d{1,4}\s+(?=(?:According|Furthermore|Moreover|However|"
    r"Therefore|Additionally|Nevertheless|Indeed|Thus|Hence|These|This|It|The|In|As|On|When|"
    r"While|Although|He|She|They|We)\b)"
)
"""A marker ending a sentence and the next sentence of running text after it."""


def is_body_text(text: str) -> bool:
    """A row of running text: prose (:func:`is_prose`), or a longer row carrying a note
    marker glued to a word and nothing a citation carries."""
    t = text.strip()
    if is_prose(t) or _MARKER_THEN_PROSE.search(t):
        return True
    return len(t) >= 40 and bool(_BODY_MARKER.search(t)) and not _CITATION_MARK.search(t) and not (
        _NOTE_OPENING.match(t)
    )


_ABBREV_END = lazy_pattern(
    r"(?:\b(?:[A-Z]\.){1,3}|\b(?:Rev|No|Vol|Doc|Res|Int[’']l|Eur|Stud|Sec|ed|eds|pp|p|v|art|"
    r"para|Cf|Dep[’']t|Gov[’']t|Comm|Ass[’']n|Univ|Inst|Hum|Rts|Sept?|Oct|Nov|Dec|Jan|Feb|Mar|"
    r"Apr|Aug|Jr|Dr|St|Co|Corp|Inc|Ltd)\.)$"
)


def _abbrev_end(text: str) -> bool:
    """``text`` ends with an abbreviation (:data:`_ABBREV_END`), which is at most seven
    characters long (a line end included): searched for there only."""
    return _ABBREV_END.search(text, max(0, len(text) - 8)) is not None


_ONE_SPACE_INDENT = lazy_pattern(r"^ \S")


def _lost_start(text: str) -> bool:
    """A row where a note whose number was lost may begin: indented by the one space that
    stood after the number, opening like a note (``Smith, …``, ``“Title” …``, ``Report on
    X, …``), not like a sentence."""
    return bool(_ONE_SPACE_INDENT.match(text)) and _note_opening(text.strip())


_HANDLE_TITLE = lazy_pattern(r"^[\w.@\-]{2,30},\s+[“\"]")

_NAME_COMMA = lazy_pattern(r"^[A-ZÀ-Ý][^,.;:“”\"]{0,60},")


def _note_opening(t: str) -> bool:
    """``t`` opens like a note (an author, body or title and a comma, a quoted title, a
    user name and a quoted title), not like a sentence."""
    return not is_prose(t) and bool(
        _NOTE_OPENING.match(t) or _NAME_COMMA.match(t) or _HANDLE_TITLE.match(t)
    )


def _unbalanced(t: str) -> bool:
    return t.count("<") > t.count(">") or t.count("“") > t.count("”") or t.count("(") > t.count(")")


def _unfinished(text: str) -> bool:
    """A note's text that visibly stops mid-way (open bracket or quote, no sentence end)."""
    t = text.rstrip()
    if not t:
        return False
    if t.count("<") > t.count(">") or t.count("“") > t.count("”"):
        return True
    return not _ends_note(t)


_CONTINUES = lazy_pattern(r"^\s*(?:[a-z]|//|[-_/%.=&?#~:]\S|[^“\"\s]{1,30}[,.]?”)")
"""A row that opens mid-sentence: lowercase, inside a URL, or closing a quote (a title's
last word, ``Karabakh,”``)."""

_REF_HEADING = lazy_pattern(
    r"^\s*(?:\d+\.?\s*)?(references|bibliography|works cited|sources|reference list)\s*:?\s*$",
    re.IGNORECASE,
)

_REF_HEADING_ENDS = frozenset(":DSTYdstyſ")
"""The characters that end a heading :data:`_REF_HEADING` matches before its trailing space
(``s``, ``y``, ``d``, ``t`` under ``IGNORECASE``, where ``ſ`` is an ``s``, or a colon)."""


def _is_ref_heading(text: str) -> bool:
    """``_REF_HEADING.match(text)``, skipped for the rows whose last character rules it out
    (nearly all: the test runs on every row)."""
    end = text[-1:]
    return (end in _REF_HEADING_ENDS or end.isspace()) and _REF_HEADING.match(text) is not None


def find_reference_section(rows: Sequence[Row]) -> int | None:
    """Row index of the (last) reference-list heading, or None."""
    for i in range(len(rows) - 1, -1, -1):
        if _is_ref_heading(rows[i].text):
            return i
    return None


_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")

_DATE_LEAD = lazy_pattern(
    rf"^(?:{_MONTH}\s+\d|\d|[^,]{{1,60}},\s+(?:{_MONTH}\s+\d|\d{{1,2}}\s+{_MONTH}))"
)

_MONTH_DAY = lazy_pattern(rf"^{_MONTH}\s+\d")

_MONTH_YEAR = lazy_pattern(rf"^{_MONTH}\s+(?:1[5-9]|20)\d\d\b")
