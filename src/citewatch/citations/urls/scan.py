"""The scan: anchors found by one compiled regex, the URL around each read across lines,
and the flags on what the text alone cannot settle (truncated, a space for a break, ``%20``)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from citewatch.citations.model import FoundUrl, SuspectReason
from citewatch.citations.patterns import ANGLE_CLOSE, STRONG_END, URL_RUN
from citewatch.citations.urls.continuation import (
    _closes_square,
    _continues,
    _extension_alone,
    _interleaved_token,
    _next_line_token,
    _note_number_alone,
    _number_rest_below,
    _number_rest_in_column,
    _page_number_at_foot,
    _plain_url_piece,
)
from citewatch.citations.urls.geometry import _block_left, _column, _Context, _line_end
from citewatch.citations.urls.seams import (
    _hyphen_is_real,
    _spaced_underscore,
    _underscore_seam,
    _word_broken,
)
from citewatch.citations.urls.shape import (
    _EMBED_AFTER,
    _incomplete,
    _plausible,
    _run_cut,
    _trim,
)
from citewatch.citations.urls.tails import attach_orphan_tails
from citewatch.citations.urls.tlds import is_tld
from citewatch.lazy import lazy_pattern

# Anchors: the ":" of a scheme, the "." after "www", a ".tld/". Starting with a rare
# character (":" or ".") lets the regex engine skip most positions quickly.
_ANCHOR = lazy_pattern(
    r":(?://?|[ \t]*(?=\r?\n))|\.(?:[A-Za-z]{2,24}/|(?<=[Ww][Ww][Ww]\.))"
    r"|<(?=[A-Za-z0-9][A-Za-z0-9.-]*[ \t]*\r?\n)"
)
"""… and a ``<`` opening a host broken at the line's end (:func:`_angle_head`)."""

_WWW = frozenset(("www", "www1", "www2", "www3"))

_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")

# Characters before a bare domain that show we are inside a path, an e-mail or a word.
_NOT_BEFORE_BARE = frozenset("@/\\_%=?&#~:.-+")

_NEW_URL_NEXT = lazy_pattern(r"[ \t]*\r?\n(?i:https?|ftp):(?://|(?![^\s<>\"“”‘’«»]))")
"""The run's line ends and the next one opens with a scheme: a URL of its own, which
:func:`_run_cut` would cut off whole (``_EMBEDDED_SCHEME`` after a character not in
``_EMBED_AFTER``); tested first, as one regex, since lists of URLs one a line are common."""

_GLUED_SCHEME = lazy_pattern(r"(?i:https?|ftp):(?://|[ \t]*\r?\n[ \t]*//)")


def find_urls(text: str) -> list[FoundUrl]:
    """Every URL in ``text`` in order of appearance, line breaks inside them rejoined.

    URLs are returned as printed (no scheme added); ``raw`` is the exact source slice.
    A URL whose rest was printed apart (pdftotext reads two-column notes out of order)
    gets that rest appended to ``url`` and is marked ``ORPHAN_TAIL``; its ``raw``,
    ``start`` and ``end`` still cover the head only, and ``detail`` says where the tail is.
    """
    found = list(_iter_urls(text))
    if any(SuspectReason.TRUNCATED in f.suspect for f in found):
        found = attach_orphan_tails(text, found)
    return found


def _iter_urls(text: str) -> Iterator[FoundUrl]:
    ctx = _Context(text)
    pos = 0
    line = 1
    line_pos = 0
    n = len(text)
    # pieces of layout URLs read on later lines, so that their text is not read again
    claimed: list[tuple[int, int]] = []
    while pos < n:
        m = _ANCHOR.search(text, pos)
        if m is None:
            return
        start = _url_start(text, m)
        if start is None or start < pos:
            pos = m.end()
            continue
        if claimed:
            claimed = [c for c in claimed if c[1] > start]
            inside = next((c for c in claimed if c[0] <= start < c[1]), None)
            if inside is not None:
                pos = inside[1]
                continue
        found = _read_url(ctx, start)
        if found is None:
            pos = m.end()
            continue
        url, end, reasons, detail, pieces, alternatives = found
        line += text.count("\n", line_pos, start)
        breaks = text.count("\n", start, end)
        end_line = line + breaks if breaks else line  # one int object for both when equal
        line_pos = start
        raw = text[start:end]
        yield FoundUrl(
            url=url,
            raw=url if raw == url else raw,  # one string where nothing was rejoined
            line=line,
            end_line=end_line,
            start=start,
            end=end,
            suspect=reasons,
            detail=detail,
            alternatives=alternatives,
        )
        if len(pieces) > 1 and ctx.layout(start):
            # other columns' text lies between the pieces: read it, skipping the pieces
            claimed.extend(pieces[1:])
            pos = max(pieces[0][1], m.end())
        else:
            pos = max(end, m.end())


_MAX_HOST = 253
"""The longest DNS name: how far back from its dot a bare host is walked."""


def _url_start(text: str, m: re.Match[str]) -> int | None:
    """Where the URL holding anchor ``m`` starts, or None if it is not a URL."""
    s = m.start()
    if text[s] == "<":
        return _angle_head(text, s)
    if text[s] == ":":
        # scheme: the longest scheme name ending at the colon
        before = text[max(0, s - 5) : s].lower()
        if before.endswith("https"):
            i = s - 5
        elif before.endswith("http"):
            i = s - 4
        elif before.endswith("ftp"):
            i = s - 3
        else:
            return None
        prev = text[i - 1] if i else " "
        # a word glued to a URL ("areashttps://…", pypdf drops spaces) starts one only
        # where the scheme is followed by "//" (on this line or the next)
        if (prev.isalnum() or prev in "@_") and not _GLUED_SCHEME.match(text, i):
            return None
        return i
    # a host ending at this dot (``www.``) or at ``.tld/``: walk back over host characters
    i = s
    limit = max(0, s - _MAX_HOST)
    while i > limit and text[i - 1] in _HOST_CHARS:
        i -= 1
    while i < s and text[i] in ".-":
        i += 1
    if i == s:
        return None
    if i > 0 and (text[i - 1] in _NOT_BEFORE_BARE or text[i - 1].isalnum()):
        return None
    host = text[i:s]
    if not host[0].isalnum():
        return None
    if m.group(0) == ".":  # after "www"
        return i if host.lower() in _WWW else None
    if host.lower().startswith("www"):
        return i if host.split(".", 1)[0].lower() in _WWW else None
    if not is_tld(m.group(0)[1:-1]):
        return None
    labels = host.split(".")
    if any(not lab or lab.startswith("-") or lab.endswith("-") for lab in labels):
        return None
    return i


def _angle_head(text: str, s: int) -> int | None:
    """After the ``<`` at ``s``: a host broken at the line's end (``<en.`` / ``armradio.am/…``,
    ``<ihl-`` / ``databases.icrc.org/…``, ``<web.archive.`` / ``org/web/…``, ``<treaties.un.o``
    / ``rg/Pages/…``). The ``<`` promises a URL; the piece must hold a dot or end in a
    hyphen, so that a word alone after a ``<`` is none."""
    eol = _line_end(text, s)
    head = text[s + 1 : eol].rstrip(" \t\r")
    if "." in head or head.endswith("-"):
        return s + 1
    return None


def _read_url(
    ctx: _Context, start: int
) -> (
    tuple[str, int, tuple[SuspectReason, ...], str, list[tuple[int, int]], tuple[str, ...]]
    | None
):
    """Read the URL starting at ``start`` across line breaks; None if it is no URL.

    Returns the URL, the offset just past its last character, suspicions, detail, the
    (start, end) offsets of the pieces read on each line and other whole spellings the
    text allows (a hyphen at a line break is left to repair, which reads ``raw``).
    """
    text = ctx.text
    angle = start > 0 and text[start - 1] == "<"
    bracket = start > 0 and text[start - 1] == "["
    reasons: list[SuspectReason] = []
    details: list[str] = []
    alternatives: list[str] = []
    run = URL_RUN.match(text, start)
    assert run is not None
    p_start, p_end = start, start + _run_cut(run.group(0))
    cut_short = p_end < run.end()  # what follows on the line is not this URL's
    so_far = text[p_start:p_end]
    pieces = [(p_start, p_end)]
    layout = ctx.layout(start)
    col0 = _column(text, start) if layout else 0
    left = _block_left(text, start) if layout else 0
    closed = False
    underscore_at: list[int] = []
    while not cut_short:
        if angle and ANGLE_CLOSE.match(text, p_end):
            closed = True  # pypdf may print a space before the ">"
            break
        if (
            not layout and so_far and so_far[-1] not in _EMBED_AFTER
            and _NEW_URL_NEXT.match(text, p_end)
        ):
            break  # the next line opens with a URL of its own (a list of URLs)
        incomplete = _incomplete(so_far)
        nxt = _next_line_token(
            text, p_end, col0, left, layout, angle or incomplete,
            after_scheme=so_far[-1:] == ":" and incomplete, angle=angle,
        )
        if nxt is None:
            break
        t_start, t_end, rest, across_page = nxt
        token = text[t_start:t_end]
        cut = _run_cut(token, so_far)
        if cut == 0:
            break
        if cut < len(token):
            cut_short = True
            token, t_end, rest = token[:cut], t_start + cut, token[cut:]
        if bracket and _closes_square(token):
            verdict: bool | None = False
        elif _note_number_alone(text, so_far, token, rest, t_end, angle):
            verdict = None
        elif layout:
            if not across_page and _number_rest_in_column(text, so_far, token, rest, t_end):
                verdict = False
            else:
                verdict = _continues(so_far, token, rest, angle, incomplete)
        # plain text; the cheap first-character tests keep the common row to one call
        elif token[0].isdigit() and not across_page and not angle and _number_rest_below(
            text, so_far, token, rest, t_start, t_end
        ):
            verdict = False
        elif token[0].isdigit() and _page_number_at_foot(text, so_far, token, rest, t_end):
            verdict = None
        elif so_far[-1] == "." and _extension_alone(so_far, token, rest):
            verdict = False
        else:
            verdict = _continues(so_far, token, rest, angle, incomplete)
        if (
            verdict is None and not layout and not across_page
            and so_far[-1].isalpha() and token[0].islower()
            and _word_broken(ctx, so_far, token, p_end)
        ):
            verdict = True  # "…#Histo" + "ry and …": the document prints "history"
        if verdict is None and not layout and not across_page:
            # pdftotext may interleave two columns line by line: the rest of the URL
            # can stand one line further down
            nxt = _interleaved_token(text, t_start, angle)
            if nxt is None:
                break
            t_start, t_end, rest, across_page = nxt
            token = text[t_start:t_end]
            details.append(f"joined over a line of other text at {token[:20]!r}")
            reasons.append(SuspectReason.AMBIGUOUS_JOIN)
            verdict = False
        if verdict is None:
            break
        if across_page:
            details.append(f"joined across a page break at {token[:20]!r}")
            if not (incomplete or so_far[-1] in STRONG_END or angle):
                reasons.append(SuspectReason.AMBIGUOUS_JOIN)
        elif verdict:
            reasons.append(SuspectReason.AMBIGUOUS_JOIN)
            details.append(f"joined {so_far[-12:]!r} + {token!r} on weak evidence")
        if (
            so_far.endswith("-")
            and len(so_far) >= 2
            and so_far[-2].isalnum()
            and token[0].isalnum()
        ):
            keep, sure = _hyphen_is_real(ctx, so_far, token, p_end)
            if keep:
                alternative = so_far[:-1] + token
            else:
                alternative = so_far + token
                so_far = so_far[:-1]
            if not sure:
                reasons.append(SuspectReason.HYPHEN_AT_BREAK)
            details.append(
                f"{'or without' if keep else 'or with'} the hyphen at the break: "
                f"{alternative[-40:]!r}"
            )
        elif _underscore_seam(so_far, token):
            # pdftotext drops an underscore at a line break ("…-0348" + "EN.html")
            reasons.append(SuspectReason.AMBIGUOUS_JOIN)
            underscore_at.append(len(so_far))
            details.append(
                f"or with an underscore at the break: {(so_far + '_' + token)[-40:]!r}"
            )
        so_far += token
        p_start, p_end = t_start, t_end
        pieces.append((p_start, p_end))
        if layout:
            col0 = _column(text, t_start)
            left = _block_left(text, t_start)
    if not closed and not cut_short and text.startswith(" ", p_end):
        spaced = _spaced_underscore(text, so_far, p_end)
        if spaced is not None:
            # "incidents_ 2020.csv", "…-0348 _EN.html": pdftotext printed the underscore's
            # gap as a space; the URL goes on with its tail
            so_far += spaced[1]
            p_end = spaced[0]
            pieces[-1] = (pieces[-1][0], p_end)
    url = so_far if closed else _trim(so_far)
    if not url or not _plausible(url):
        return None
    if underscore_at:
        alternatives.extend(url[:k] + "_" + url[k:] for k in underscore_at if k < len(url))
    cut = len(so_far) - len(url)
    end = p_end - cut
    if end <= p_start and len(pieces) > 1:
        # the last piece held only punctuation: end inside the piece before it
        pieces.pop()
        end = pieces[-1][1] - (cut - (p_end - p_start))
    if angle and not closed:
        reasons.append(SuspectReason.TRUNCATED)
        details.append("'<' never closed")
    elif url[-1] in "%-_" or _incomplete(url):
        reasons.append(SuspectReason.TRUNCATED)
        details.append(f"ends in {url[-1]!r}")
    if not closed and text[end : end + 1] == " ":
        # "https://www.x.org/news/2021/ 10/20/slug": a space where a line break was
        nxt_run = URL_RUN.match(text, end + 1)
        piece = nxt_run.group(0) if nxt_run else ""
        if (
            url[-1] in "/-_=%&?"
            and piece[:1] not in ("", "(", "[")
            and (piece[0] in "/%" or piece[0].islower() or piece[0].isdigit())
            and _plain_url_piece(piece)
        ) or (piece[:1] == "/" and _plain_url_piece(piece)):
            reasons.append(SuspectReason.SPACE_IN_URL)
            details.append(f"a space may stand for a line break: {url + _trim(piece)!r}")
            alternatives.append(url + _trim(piece))
    if "%20" in url:
        i = url.find("%20")
        around = url[max(0, i - 1) : i + 4]
        if around[:1] in "-/_=" or around[-1:] in "-/_=":
            reasons.append(SuspectReason.SPACE_IN_URL)
            details.append("'%20' next to a separator, likely a line break")
    pieces[-1] = (pieces[-1][0], end)
    if not reasons and not details:  # the common case: a clean URL
        return url, end, (), "", pieces, tuple(alternatives)
    reasons_ = tuple(dict.fromkeys(reasons))
    return url, end, reasons_, "; ".join(details), pieces, tuple(alternatives)
