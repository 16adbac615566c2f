"""Whether a URL that reaches the end of its line goes on at the next one.

Finds the next line's candidate token (same layout column, across a page break, one
line down when pdftotext interleaves columns) and weighs it: URL piece or prose."""

from __future__ import annotations

from citewatch.citations.patterns import (
    ANGLE_CLOSE,
    FILE_EXTENSIONS,
    PROSE_WORDS,
    STRONG_END,
    TRAILING_PUNCTUATION,
    URL_RUN,
    URL_START,
)
from citewatch.citations.urls.geometry import (
    _MAX_LINE,
    _column,
    _crosses_gutter,
    _justification_gap,
    _line_end,
    _second_block,
)
from citewatch.citations.urls.shape import _segment_tail
from citewatch.citations.urls.tlds import is_tld
from citewatch.lazy import lazy_pattern

_URLISH = lazy_pattern(r"[/%=?&#_~]|[A-Za-z0-9][.\-][A-Za-z0-9]|\d")

_PLAIN_WORD = lazy_pattern(r"[A-Za-z]+")

# A word of prose or a name: letters, inner hyphens or apostrophes ("Al-Khatib", "O’Neil").
_NAME_WORD = lazy_pattern(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")

# Archive URLs embed a whole URL after a timestamp: ".../web/20210426052132/" + "https://…".
_ARCHIVE_PREFIX = lazy_pattern(r"/web/\d{4,14}[a-z_]*/\Z")

_GAP = lazy_pattern(r"(?:^|(?<=  ))[ ]*(?=\S)")

_NOTE_START = lazy_pattern(r"\d{1,4}[A-Z][a-z]")

# Line ends that leave a URL mid-token: a percent-escape, a joiner, a parameter.
_MID_TOKEN = frozenset("%-_=&+~")

_SCHEME_ONLY = lazy_pattern(r"(?i:https?|ftp)://\Z")

_PROSE_NEXT = lazy_pattern(r"[ \t]+[a-z]+[ \t]")

_PAGE_BREAK_OPENERS = frozenset("\n\r\f \t0123456789ivxlc")

_PAGE_NUMBER = lazy_pattern(r"[ \t]*(?:\d{1,4}|[ivxlc]{1,6})[ \t]*(?=\n|\f|\Z)")

_BLANKS = lazy_pattern(r"(?:[ \t\r]*\n)*")

_TO_FORM_FEED = lazy_pattern(r"[ \t\r\n\divxlc]*\f")
"""What :data:`_BLANKS` and :data:`_PAGE_NUMBER` can read before a page break's form feed:
text holding anything else before it is no page break (tested at once, in one match)."""

_TAIL_TOKEN = lazy_pattern(r"[^\s<>\"“”‘’«»]{3,}")


_MIN_PIECE = 3
"""Shorter tokens cannot be told apart from a word or a number: never a URL piece alone."""
_NUMERIC = lazy_pattern(r"[\d.,:/-]+")
_ASCII_LETTER = lazy_pattern(r"[a-zA-Z]")
_URL_PIECE_MARK = lazy_pattern(r"[/_%=?&]|[a-z0-9]-[a-z0-9]|^-[a-z]|[a-z]\.[a-z]{2,5}\b")
"""What only a URL piece holds (:func:`_plain_url_piece`); compiled once, like the
patterns below, rather than looked up in ``re``'s cache on every call."""
_ID_CHARS = lazy_pattern(r"[A-Za-z0-9.]+")
_PATH_AFTER_NUMBER = lazy_pattern(r"[/\d_]")
_DIGIT_AND_LETTER = lazy_pattern(r"\d.*[A-Za-z]|[A-Za-z].*\d")
_REST_CHARS = 40
"""How much of the line after a candidate token is read to judge it (prose, a ``>``)."""
_HEADER_LINES = 4
"""Lines atop a new page searched for a URL's tail (a running header may come first)."""
_HEADER_MAX = 70
"""A longer line atop a page is body text, not a running header: the search stops."""
_COLUMN_GAP = 2
"""Spaces after a URL in layout text that may be a gutter rather than a word space."""
_LAYOUT_BLANK_ROWS = 2
"""Blank rows ``pdftotext -layout`` leaves inside a note; a URL may go on below them."""
_SHORT_ROW_SLACK = 3
"""A row ending this many columns before the URL's block leaves its column empty."""
_DRIFT_RIGHT = 2
"""A block starting this far right of where the URL started is still its column."""
_DRIFT_LEFT = 4
"""A block starting this far left of the URL's block is still its column (ragged edge)."""
_PAGE_NUMBER_DIGITS = 3
"""A number this short alone on a row is a page or note number, not the URL's rest."""
_NOTE_NUMBER_DIGITS = 4
"""Note numbers run to four digits; four only count before the note's text (else a year)."""
_ID_MIN = 8
"""An identifier's rest after ``/`` (DOI, document id) is at least this long."""
_ID_TAIL_MAX = 12
"""An id's tail alone on its row is at most this long; longer capitalised words are prose."""


def _page_break_tail(text: str, i: int) -> tuple[int, int, str] | None:
    """A URL's tail on the next page, when a page break starts at line offset ``i``.

    A page break is an optional page number, blank lines and a form feed; the next page
    may open with a running header. Only a token that is plainly a piece of a URL
    (``TAGE_RISK_report_2021.pdf``, ``-of-war-in-exchange-deal``) within its first few
    lines is taken.
    """
    if i < len(text) and text[i] not in _PAGE_BREAK_OPENERS:
        return None  # the common case: the next line starts with text
    if _TO_FORM_FEED.match(text, i) is None:
        return None  # no form feed after only blanks and a page number: no page break
    m = _BLANKS.match(text, i)
    j = m.end() if m else i
    pm = _PAGE_NUMBER.match(text, j)
    if pm:
        j = pm.end()
        m = _BLANKS.match(text, j)
        j = m.end() if m else j
    if j >= len(text) or text[j] != "\f":
        return None
    j += 1
    for _ in range(_HEADER_LINES):
        m = _BLANKS.match(text, j)
        j = m.end() if m else j
        while j < len(text) and text[j] in " \t":
            j += 1
        eol = _line_end(text, j)
        tm = _TAIL_TOKEN.match(text, j, eol)
        if tm is not None and _plain_url_piece(tm.group(0)):
            rest = text[tm.end() : min(eol, tm.end() + _REST_CHARS)]
            return tm.start(), tm.end(), rest
        line = text[j:eol]
        if len(line) > _HEADER_MAX or "://" in line or "www." in line:
            return None  # body text or a note holding a URL, not a running header
        j = eol + 1
        if j >= len(text):
            break
    return None


def _plain_url_piece(token: str) -> bool:
    """A token that can only be part of a URL: path characters and no prose shape."""
    core = token.rstrip(TRAILING_PUNCTUATION + ")]}")
    if len(core) < _MIN_PIECE or URL_START.match(core) or _NAME_WORD.fullmatch(core):
        return False
    if core[0] in "([{":
        return False
    if _NUMERIC.fullmatch(core) and not _ASCII_LETTER.search(core):
        return "/" in core and core.count("/") >= 2
    return bool(_URL_PIECE_MARK.search(core))


def _next_line_token(
    text: str, p_end: int, col0: int, left: int, layout: bool, eager: bool,
    *, after_scheme: bool = False, angle: bool = False,
) -> tuple[int, int, str, bool] | None:
    """The token on the next line that may continue a URL run ending at ``p_end``.

    In plain text a blank row is crossed only towards a plain URL piece (below an unclosed
    ``<`` the rest is left to :mod:`.tails`: pdftotext prints notes out of order there).

    Returns (start, end, rest of that line, across a page break) or None when the run
    does not reach the end of its line (or column) or no candidate follows.
    """
    n = len(text)
    i = p_end
    while i < n and text[i] in " \t":
        i += 1
    gap = i - p_end
    if i < n and text[i] not in "\r\n":
        if not (layout and gap >= _COLUMN_GAP) or _justification_gap(text, i):
            return None
        nl = text.find("\n", i, i + _MAX_LINE)
        if nl < 0:
            return None
        i = nl
    if i >= n:
        return None
    if text[i] == "\r":
        i += 1
    if i >= n or text[i] != "\n":
        return None
    i += 1
    tail = _page_break_tail(text, i)
    if tail is not None:
        return (*tail, True)
    # A blank line ends a URL (URLs listed one per paragraph are not one URL) unless it
    # cannot have ended (an unclosed "<", a bare scheme): layout text leaves blank rows
    # inside notes. A column may be empty on a row holding only the other column's text.
    blanks = 0
    max_blanks = _LAYOUT_BLANK_ROWS if layout else 1
    t_start = -1
    while True:
        eol = _line_end(text, i)
        line = text[i:eol].rstrip("\r")
        if line.startswith("\f"):
            return None
        if not line.strip() and not (
            eager if layout else blanks == 0 and not angle
            and _rest_below_blank(text, eol, text[p_end - 1], eager)
        ):
            return None
        if layout:
            if len(line.rstrip()) > max(left - _SHORT_ROW_SLACK, 0):
                break
            # A line ending before this URL's column: the column is empty there (two
            # columns), unless the line opens with a plain URL piece (justified single
            # column, where wide spaces only looked like a column gap).
            lead = len(line) - len(line.lstrip(" "))
            tm = _TAIL_TOKEN.match(line, lead)
            if tm is not None and (
                _plain_url_piece(tm.group(0))
                or (text[p_end - 1] in "/.-_=" and _id_piece(tm.group(0)))
                # "<www.osce.org/minsk-group/" + "570418>": the "<" is closed here
                or (eager and line[tm.end() : tm.end() + 1] == ">")
            ):
                t_start = i + lead
                break
        elif line.strip():
            break
        blanks += 1
        if blanks > max_blanks or eol >= n:
            return None
        i = eol + 1
    if layout and t_start >= 0:
        pass
    elif layout:
        # the piece of the next line that starts in this URL's column: the block starting
        # nearest the column's left edge (a justified line's wide spaces open blocks too,
        # between the column's edge and the URL's start)
        best = -1
        for g in _GAP.finditer(line):
            c = g.end()
            if c > col0 + _DRIFT_RIGHT:
                break
            if c >= left - _DRIFT_LEFT and (best < 0 or abs(c - left) < abs(best - left)):
                best = c
                if after_scheme and line.startswith("//", c):
                    break  # "https:" ending a line goes on with the "//host" of its block
        if best < 0:
            if "   " in line.strip() and not (
                _crosses_gutter(line, left) or _second_block(line) > _column(text, p_end)
            ):
                return None
            # a full-width line (single-column text justified with wide spaces), or one
            # whose words run through the column this URL seemed to start: the spaces
            # before the URL were justification, not a gutter
            best = len(line) - len(line.lstrip(" "))
        t_start = i + best
    else:
        lead = len(line) - len(line.lstrip(" \t"))
        if lead > 0 and not eager:
            return None
        t_start = i + lead
    run = URL_RUN.match(text, t_start)
    assert run is not None
    t_end = run.end()
    if t_end == t_start:
        return None
    rest = text[t_end : min(eol, t_end + _REST_CHARS)].split("\f", 1)[0]
    if blanks and text[t_start:t_end].isdigit() and t_end - t_start <= _PAGE_NUMBER_DIGITS and not rest.strip():
        # a short number alone below blank rows is a page number at a column's foot
        return None
    return t_start, t_end, rest, False


_OWN_ADDRESS = lazy_pattern(r"(?i:www)|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.([A-Za-z]{2,24})(?:/|\Z)")
"""A piece opening with a host of its own (``example.org/…``, ``www…``): a new URL."""
_STRONG_PIECE = lazy_pattern(r"[\d_%=?&#]")


def _rest_below_blank(text: str, eol: int, last: str, eager: bool) -> bool:
    """Plain text: the row after the blank row ending at ``eol`` opens with what can only be
    a URL's rest (a path piece holding digits or query characters, an id's digits, a file
    extension after a dot), so the URL goes on below the blank row pdftotext left inside a
    note; below a URL that cannot have ended (``europa.``, an unclosed ``<``) any path
    piece does. Weaker pieces (``yyy/zzz``) and addresses of their own do not cross it."""
    i = eol + 1
    tm = _TAIL_TOKEN.match(text, i, _line_end(text, i))
    if tm is None:
        return False
    token = tm.group(0)
    core = token.rstrip(TRAILING_PUNCTUATION + ")]}>")
    own = _OWN_ADDRESS.match(core)
    if own is not None and (own.group(1) is None or is_tld(own.group(1))):
        return False
    if core.startswith("//") and last != ":":
        return False  # a scheme's "//host" goes on from a "https:", not from a path
    piece = _plain_url_piece(token)
    return (
        piece and (eager or _STRONG_PIECE.search(core) is not None)
        or _id_piece(token)
        or (last == "." or core[:1] == ".") and core.lstrip(".") in FILE_EXTENSIONS
    )


def _id_piece(token: str) -> bool:
    """An identifier's rest (``S0922156516937111``, ``23761199.2014.1332126``): letters,
    digits and dots, mostly digits, as a DOI or document id continues after its ``/``."""
    core = token.rstrip(TRAILING_PUNCTUATION + ")]}>")
    return (
        len(core) >= _ID_MIN
        and _ID_CHARS.fullmatch(core) is not None
        and sum(ch.isdigit() for ch in core) * 2 > len(core)
    )


def _interleaved_token(text: str, skipped: int, angle: bool) -> tuple[int, int, str, bool] | None:
    """The first token of the line after the one holding ``skipped``, when it is plainly
    the rest of a URL: inside ``<…>`` it runs to ``>``; otherwise it opens with ``/``,
    ``%``, ``?`` or ``#``."""
    eol = _line_end(text, skipped)
    if eol >= len(text) or text[eol] != "\n":
        return None
    if "://" in text[skipped:eol] or URL_START.match(text, skipped):
        return None  # the skipped line holds a URL of its own
    i = eol + 1
    run = URL_RUN.match(text, i)
    assert run is not None
    token = run.group(0)
    if len(token) < _MIN_PIECE or not _plain_url_piece(token):
        return None
    closes = ANGLE_CLOSE.match(text, run.end()) is not None
    if angle and not closes:
        return None
    if not angle and token[0] not in "/%?#":
        return None
    rest = text[run.end() : min(_line_end(text, run.end()), run.end() + _REST_CHARS)]
    return i, run.end(), rest, False


def _continues(so_far: str, token: str, rest: str, angle: bool, incomplete: bool) -> bool | None:
    """Whether ``token`` (first on the next line) continues ``so_far``.

    None: it does not. False: it does, on good evidence. True: it does, but the evidence
    is weak (the join is reported as ambiguous).
    """
    core = token.rstrip(TRAILING_PUNCTUATION + ")]}")
    after = rest[:1]
    closes = rest.lstrip(" \t")[:1] == ">"
    followed_by_space = after in (" ", "\t")
    last = so_far[-1]
    first = token[0]
    # A note or page number: "12 Emily…", "5"
    # a note or page number, unless a bare number ends a line after a path separator
    bare_number_after_separator = (
        last in "/-_=" and token == core and not rest.strip() and not angle
    ) or (
        # "…/S092215652390857" + "3.": the digits of an id broken at the line's end, then
        # the note's period (a page number has none, a note number text after it)
        # (also "…/ajil.2016." + "57.": the dot the number broke after)
        (last.isdigit() or last == "." and so_far[-2:-1].isdigit())
        and token == core + "." and not rest.strip() and not angle
    ) or (
        # "…/story/2021/10/43106" + "79 [https://perma.cc/…]", "…/5181" + "837; see also":
        # a number broken mid-run goes on with punctuation or a bracket after its digits,
        # where a note's number is followed by its text and a page number stands alone
        (last.isdigit() or last == "=") and not angle and (
            token[len(core):len(core) + 1] in (";", ",")
            or rest.lstrip(" \t")[:1] in ("[", "(") and rest[:1] in (" ", "\t")
        )
    )
    # (four digits only as a note number before its text: "…/x." + "1000 Human Rights …",
    # never a year closing a parenthesis: "…attacks_(" + "2020)")
    if token[len(core) : len(core) + 1] in _CLOSE_CHARS and not angle and _closes_opener(so_far, token):
        return False  # "…/243(2008" + ").", "…/Shusha_(20" + "20) and": the URL's own bracket
    if first == "-" and core[1:2].isalnum():
        return False  # "…/the-civilians" + "-killed.": prose has no word glued to a hyphen
    if first == "(" and not angle and _bracket_inside(token.rstrip(TRAILING_PUNCTUATION), last):
        # "…/EPRS_BRI" + "(2021)597739_EN.pdf", "…/Battle_of_Shusha_" + "(2020) and"
        return False
    if (
        core.isdigit() and not closes and not bare_number_after_separator
        and (len(core) <= _PAGE_NUMBER_DIGITS or (len(core) == _NOTE_NUMBER_DIGITS and token == core and (
            not rest.strip() or rest[:1] in " \t" and rest.lstrip()[:1].isupper())))
    ):
        return None
    if first in "([{" and not angle:
        return None
    if first == "." and core[1:].lower() in FILE_EXTENSIONS:
        return False  # "…/EPRS_BRI(2020)754045_EN" + ".pdf": no word opens with a dot
    if URL_START.match(token):
        # a new URL, except the one an archive URL embeds, or "https://" + "www.…"
        if not (
            _ARCHIVE_PREFIX.search(so_far)
            or (_SCHEME_ONLY.match(so_far) and token[:3].lower() == "www")
        ):
            return None
    elif _NOTE_START.match(token) and last not in _MID_TOKEN and not (
        last == "/" and _PATH_AFTER_NUMBER.search(core.lstrip("0123456789"))
    ):
        # pypdf glues a note's number to its first word: "12Emily", but ".../p/" +
        # "3SkMOlLABqA/" is an id going on
        return None
    capital_word = bool(_NAME_WORD.fullmatch(core)) and first.isupper()
    if angle:
        if closes:
            return False
        if (capital_word or core.lower() in PROSE_WORDS) and followed_by_space:
            return None
        # a join on weak evidence when a plain word is followed by more text
        return not (_URLISH.search(token) or not followed_by_space)
    if incomplete:
        if capital_word and followed_by_space and last in ".,;:":
            return None
        return False
    strong = last in STRONG_END
    if last == "." and core.lower() in FILE_EXTENSIONS and (core.isupper() or core.islower()):
        return False  # ".../EUR5597972021ENGLISH." + "PDF": an extension, whatever its case
    if capital_word and (
        last in "_=&?"
        or last in "/-" and not followed_by_space
        # an id broken mid-token, its tail alone on the line: "…/Dd4p" + "Ulc"
        or last.isalnum() and token == core and not rest.strip() and len(core) <= _ID_TAIL_MAX
        and bool(_DIGIT_AND_LETTER.search(_segment_tail(so_far)))
    ):
        # no URL as printed ends in "_", "=", "&" or "?", and a sentence after a URL does not
        # consist of one word: "…/wiki/Ghazanchetsots_" + "Cathedral", "…/wiki/" + "Shusha."
        return True
    if last in ".,;:!":
        # sentence punctuation, unless the token is plainly more URL
        if first.isupper() or first in "([":
            return None
        if last == "." and core.lower() in FILE_EXTENSIONS:
            return False
        if _URLISH.search(core) and not first.isupper():
            return False
        return None
    if capital_word:
        return None
    if core.lower() in PROSE_WORDS and (followed_by_space or not rest.strip()):
        return None if not strong else True
    if strong:
        return False
    if last == "/" and token != core and followed_by_space and _NAME_WORD.fullmatch(core):
        return None  # ".../prisoners/" + "strike-database. (n.d.)": a new sentence
    if _URLISH.search(core):
        return False
    if _PLAIN_WORD.fullmatch(core) and first.islower():
        if core == token and _PROSE_NEXT.match(rest):
            return None  # "…civili / together with the" reads as prose
        return True
    return None


_OPENERS = {")": "(", "]": "[", "}": "{"}
_BRACKET = lazy_pattern(r"[()\[\]{}]")
_CLOSE_CHARS = frozenset(")]}")


def _closes_opener(so_far: str, token: str) -> bool:
    """``token`` closes a bracket the URL opened and left open (``…/243(2008`` + ``).``):
    a URL's brackets balance, so its rest is on this line."""
    m = _BRACKET.search(token, 0, _ID_MIN + 1)  # most tokens hold none: one C-level scan
    if m is None:
        return False
    opener = _OPENERS.get(m.group(0))
    return opener is not None and so_far.count(opener) > so_far.count(m.group(0))


def _bracket_inside(piece: str, last: str) -> bool:
    """A parenthesis opening the next line that a URL holds, not prose: closed inside the
    token with URL characters glued after it (``(2021)597739_EN.pdf``), or after a joiner
    no URL ends with (``Shusha_`` + ``(2020)``)."""
    close = piece.find(")")
    if close < 0 or "(" in piece[1:close]:
        return False
    return close + 1 < len(piece) or last in "_-"


_NOTE_TEXT_START = lazy_pattern(r"[ \t]*\r?\n[ \t]*[A-ZÀ-Ý“\"‘]")


def _note_number_alone(
    text: str, so_far: str, token: str, rest: str, t_end: int, angle: bool
) -> bool:
    """A number of up to four digits alone on the row below a URL ending in a separator,
    with a capitalised row under it, is the next note's number printed on its own row
    ("…/what-is-in-the-russia/" / "21" / "See e.g. Council…"), not the URL's last segment."""
    return (
        not angle
        and so_far[-1:] in ("/", "-", "_", "=")
        and token.isdigit()
        and len(token) <= _NOTE_NUMBER_DIGITS
        and not rest.strip()
        and bool(_NOTE_TEXT_START.match(text, t_end))
    )


_TEXT_ROW_NEXT = lazy_pattern(r"[ \t]*\r?\n[ \t]*[^\s\f]")


def _number_rest_in_column(text: str, so_far: str, token: str, rest: str, t_end: int) -> bool:
    """Layout text: digits alone on the row below a URL ending in digits, with the column's
    text going on right below them, are the number's rest (``…/world-europe-57747`` /
    ``602`` / ``[12] S. Pemberton``): a page number stands at a page's foot or head, and
    ``pdftotext -layout`` prints a note's number on its note's first row."""
    return (
        so_far[-1:].isdigit()
        and token.isdigit()
        and len(token) <= _NOTE_NUMBER_DIGITS
        and not rest.strip()
        and _TEXT_ROW_NEXT.match(text, t_end) is not None
    )


_PAGE_FOOT = lazy_pattern(r"[ \t]*(?:\r?\n[ \t\r]*)*(?:\f|\Z)")
"""After a number's row: blank rows, then a form feed or the text's end, where a page
number stands."""
_FORM_FEED_NEXT = lazy_pattern(r"[ \t]*(?:\r?\n[ \t\r]*)*\f")
"""… only a form feed: the evidence that overrules a path separator above the number."""
_OWN_NUMBER_ROW = lazy_pattern(
    r"\n[ \t]*(\d{1,4})[ \t]*\r?\n(?=(?:[ \t\r]*\n)?[ \t]*[^\s\d\f])"
)
"""A row holding only a number, with text below it (past one blank row): a note's number
printed on its own row."""
_NOTE_LOOKBACK = 3000
"""How far above a number alone on its row the previous note's number is looked for."""


def _number_rest_below(text: str, so_far: str, token: str, rest: str, t_start: int, t_end: int) -> bool:
    """Plain text: digits alone on the row below a URL ending in a letter or digit are the
    id's rest (``…/ejil/chab`` / ``076``, ``…/S0922156512074`` / ``753``), unless they number
    a page (a row of up to three digits ending the page: a form feed after it) or a note
    printed on its own row (the number after the nearest such row above). A leading zero
    numbers neither, and ``5.`` is a sentence's end, which a page number lacks."""
    core = token.removesuffix(".")
    if not (
        (so_far[-1:].isalnum() or so_far[-1:] == "=")
        and core.isdigit()
        and len(core) <= _NOTE_NUMBER_DIGITS
        and not rest.strip()
    ):
        return False
    if core[0] == "0":
        return True
    if core == token and len(core) <= _PAGE_NUMBER_DIGITS and _PAGE_FOOT.match(text, t_end):
        return False
    last = None
    # a row's "\n" opens the pattern (a literal the engine skips to); the text's first row
    # has none, so near the text's start the rows above are read with one put before them
    lo = t_start - _NOTE_LOOKBACK
    above = "\n" + text[:t_start] if lo < 0 else text
    for m in _OWN_NUMBER_ROW.finditer(above, max(0, lo), len(above) if lo < 0 else t_start):
        last = m
    return last is None or int(last.group(1)) + 1 != int(core)


def _page_number_at_foot(text: str, so_far: str, token: str, rest: str, t_end: int) -> bool:
    """A number of up to three digits alone on its row, a form feed after it (past blank
    rows): the page's number (``…/families-count/`` / ``3`` / form feed), unless the URL
    cannot end where its row does (``…?s=`` / ``20``)."""
    return (
        so_far[-1:] not in _MID_TOKEN
        and so_far[-1:] != "?"
        and token.isdigit()
        and len(token) <= _PAGE_NUMBER_DIGITS
        and not rest.strip()
        and _FORM_FEED_NEXT.match(text, t_end) is not None
    )


def _closes_square(token: str) -> bool:
    """For a URL printed inside ``[…]`` (``[https://perma.cc/10K1-KJ8`` / ``Y].``): the next
    row's token runs to the ``]`` that closes it, as a ``<…>`` URL runs to its ``>``."""
    close = token.find("]")
    return close > 0 and "[" not in token[:close] and URL_START.match(token) is None


_EXTENSION_ALONE = lazy_pattern(r"[a-z][a-z0-9]{1,7}\.?")
"""A short lowercase word alone on its row: a file extension (``md``, ``geojson``)."""


def _extension_alone(so_far: str, token: str, rest: str) -> bool:
    """After a URL ending in a dot (``…/data/README.`` / ``md``), a short lowercase word
    alone on the next row is the file's extension: a sentence after a URL opens with a
    capital, and a word of prose is not printed alone on its row."""
    return (
        so_far[-1:] == "."
        and not rest.strip()
        and _EXTENSION_ALONE.fullmatch(token) is not None
        and token.rstrip(".") not in PROSE_WORDS
    )
