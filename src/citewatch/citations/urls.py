"""Find URLs in text extracted from PDFs and web pages, rejoining line breaks inside them.

Extractors (pdftotext, ``pdftotext -layout``, pypdf) break long URLs across lines, and
general-purpose finders (urlextract, linkify) cut them at the break. Here a compiled regex
finds *anchors* (a scheme's ``:``, the ``.`` after ``www``, a ``.tld/``), which start with
rare characters so the scan is fast; only at an anchor does Python logic run. It reads the
URL's run of characters on its line and, when the run reaches the end of its line (or a
column gap in layout text), weighs whether the next line's first token continues it:

* inside ``<…>`` (McGill) the URL runs to ``>``;
* a URL that cannot end where the line ends (``https://``, a host without a real TLD, a
  trailing ``-``, ``_``, ``%``, ``=``…) continues;
* a token that looks like a URL piece (``/``, ``-``, ``%``, ``=``, inner dots, digits)
  continues; prose (a capitalised word or name, a common English word, a note or page
  number, ``(accessed``, a new URL) does not;
* layout text continues in the same column; a page break (page number, form feed,
  running header) may stand between the parts; pdftotext may interleave two columns line
  by line or print a cut URL's rest a few paragraphs later (an *orphan tail*).

A hyphen at a break is kept or dropped on evidence from the document itself (is the
joined word printed nearby, are both halves words?). Damage the text alone cannot settle
is reported as :class:`SuspectReason` with the alternative in ``detail``: the archive
stage's repair step generates candidates from it.
"""

from __future__ import annotations

import bisect
import re
import sys
from collections.abc import Iterator

from citewatch.citations.model import FoundUrl, SuspectReason

__all__ = ["TLDS", "attach_orphan_tails", "find_urls", "is_tld"]

_CC_TLDS = (
    "ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo "
    "bq br bs bt bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk "
    "dm do dz ec ee eg er es et eu fi fj fk fm fo fr ga gd ge gf gg gh gi gl gm gn gp gq gr "
    "gs gt gu gw gy hk hm hn hr ht hu id ie il im in io iq ir is it je jm jo jp ke kg kh ki "
    "km kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mg mh mk ml mm mn mo "
    "mp mq mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph "
    "pk pl pm pn pr ps pt pw py qa re ro rs ru rw sa sb sc sd se sg sh si sk sl sm sn so sr "
    "ss st su sv sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw tz ua ug uk us uy uz "
    "va vc ve vg vi vn vu wf ws ye yt za zm zw"
)
_GENERIC_TLDS = (
    "com org net edu gov mil int info biz name pro aero coop museum mobi asia tel travel jobs "
    "cat post app dev page blog news online site website tech store shop xyz top club live "
    "today world global media press law legal ngo ong foundation org academy institute "
    "center centre network agency digital cloud group company science social report reviews "
    "eus africa berlin paris london nyc swiss scot wales quebec asia lat moscow tokyo"
)
TLDS: frozenset[str] = frozenset((_CC_TLDS + " " + _GENERIC_TLDS).split())
"""Top-level domains accepted for URLs printed without scheme or ``www.`` (no network)."""


def is_tld(label: str) -> bool:
    """Whether ``label`` (without dot, any case) is a top-level domain we accept."""
    return label.lower() in TLDS


# Anchors: the ":" of a scheme, the "." after "www", a ".tld/". Starting with a rare
# character (":" or ".") lets the regex engine skip most positions quickly.
_ANCHOR = re.compile(r":(?://?|[ \t]*(?=\r?\n))|\.(?:[A-Za-z]{2,24}/|(?<=[Ww][Ww][Ww]\.))")
_SCHEMES = frozenset(("http", "https", "ftp"))
_WWW = frozenset(("www", "www1", "www2", "www3"))
# A URL's run of characters on one line. Quotes and angle brackets end it.
_RUN = re.compile(r"[^\s<>\"“”‘’«»]*")
_CLOSE = re.compile(r"[ \t]?>")
_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
# Characters before a bare domain that show we are inside a path, an e-mail or a word.
_NOT_BEFORE_BARE = frozenset("@/\\_%=?&#~:.-+")
_TRAIL = ".,;:!?'*…"
_CLOSERS = {")": "(", "]": "[", "}": "{"}
# Line ends after which the URL cannot have ended.
_STRONG_END = frozenset("-_%=&?#~+.:,@!$")
_URLISH = re.compile(r"[/%=?&#_~]|[A-Za-z0-9][.\-][A-Za-z0-9]|\d")
_PLAIN_WORD = re.compile(r"[A-Za-z]+")
# A word of prose or a name: letters, inner hyphens or apostrophes ("Al-Khatib", "O’Neil").
_NAME_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
# Archive URLs embed a whole URL after a timestamp: ".../web/20210426052132/" + "https://…".
_ARCHIVE_PREFIX = re.compile(r"/web/\d{4,14}[a-z_]*/\Z")
_FILE_EXT = frozenset(
    ["pdf", "html", "htm", "php", "aspx", "asp", "cfm", "jsp", "shtml", "xml", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt", "json", "rss", "csv", "tsv", "zip", "odt", "ods", "rtf", "epub", "png", "jpg", "jpeg", "gif", "mp4"]
)
# Lowercase words that start prose after a URL, not the rest of it.
_PROSE_WORDS = frozenset(
    """a an and or but nor the in at on of to for from by with as is are was were be been it
    its this that these those which who whom whose where when while see also accessed last
    visited retrieved archived available viewed consulted online via per not no than then
    there here has have had do does did can could may might shall should will would
    into onto upon about above after before under over between among through during
    against within without since until both each every other such only so if because
    however ibid id supra infra cf et al pp p para art arts ch vol no
    von van der den de du da di del della la le los las""".split()  # noqa: SIM905
)
_GAP = re.compile(r"(?:^|(?<=  ))[ ]*(?=\S)")
_URLISH_START = re.compile(r"(?i:https?|ftp):|(?i:www)\d{0,3}\.")
_NOTE_START = re.compile(r"\d{1,4}[A-Z][a-z]")
# Line ends that leave a URL mid-token: a percent-escape, a joiner, a parameter.
_MID_TOKEN = frozenset("%-_=&+~")
_SCHEME_ONLY = re.compile(r"(?i:https?|ftp)://\Z")
_PROSE_NEXT = re.compile(r"[ \t]+[a-z]+[ \t]")


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


_ORPHAN_LINES = 150
"""How many lines after a cut-off URL its tail is looked for."""


def attach_orphan_tails(text: str, found: list[FoundUrl]) -> list[FoundUrl]:
    """Join cut-off URLs with tails printed apart, first head with first tail.

    A tail is a run of URL characters opening a paragraph (after a blank line or a page
    break) that no URL claims, for instance ``//rm.coe.int/…>`` a few lines after
    ``<web.archive.org/web/20210630094132/https:`` followed by a blank line.
    """
    claimed = [(f.start, f.end) for f in found]
    ctx = _Context(text)
    used: set[int] = set()
    out: list[FoundUrl] = []
    for f in found:
        angle = f.start > 0 and text[f.start - 1] == "<"
        if (
            SuspectReason.TRUNCATED not in f.suspect
            or not _cut_at_paragraph_end(text, f.end)
            # a blank line ends a URL: only one that cannot have ended (an unclosed "<",
            # a bare scheme, a host without its TLD) looks for its rest elsewhere
            or not (angle or _incomplete(_RUN.match(text, f.start).group(0)))  # type: ignore[union-attr]
        ):
            out.append(f)
            continue
        tail = _find_tail(text, f.end, angle, claimed, used)
        if tail is None:
            out.append(f)
            continue
        t_start, _t_end, piece = tail
        used.add(t_start)
        head = f.url
        if angle:  # inside <…> the trimmed punctuation ("https:") belongs to the URL
            trimmed = _RUN.match(text, f.end)
            head += trimmed.group(0) if trimmed else ""
        line = f.end_line + text.count("\n", f.end, t_start)
        reasons = tuple(r for r in f.suspect if r is not SuspectReason.TRUNCATED)
        # what said the URL was cut off no longer holds
        notes = [
            d
            for d in f.detail.split("; ")
            if d != "'<' never closed" and not d.startswith("ends in")
        ]
        alternative = ""
        if head.endswith("-") and head[-2:-1].isalnum() and piece[:1].isalnum():
            keep, sure = _hyphen_is_real(ctx, head, piece, f.end)
            alternative = head[:-1] + piece if keep else head + piece
            head = head if keep else head[:-1]
            if not sure:
                reasons = (*reasons, SuspectReason.HYPHEN_AT_BREAK)
            notes.append(f"{'or without' if keep else 'or with'} the hyphen at the break")
        out.append(
            FoundUrl(
                url=head + piece,
                raw=f.raw,
                line=f.line,
                end_line=f.end_line,
                start=f.start,
                end=f.end,
                suspect=(*reasons, SuspectReason.ORPHAN_TAIL),
                alternatives=(*f.alternatives, alternative) if alternative else f.alternatives,
                detail="; ".join(
                    d for d in (*notes, f"tail {piece!r} printed apart at line {line}") if d
                ),
            )
        )
    return out


_PARAGRAPH_END = re.compile(r"[^\s<>]{0,3}[ \t]*\r?\n[ \t\r]*(?:\n|\f)")


def _cut_at_paragraph_end(text: str, end: int) -> bool:
    """The URL's text stops at the end of a line followed by a blank line or page break."""
    return _PARAGRAPH_END.match(text, end) is not None


_TAIL_OPENING = re.compile(r"(?:\A|\n)[ \t]*(?:\r?\n|\f)[ \t\f]*(?=\S)")


def _find_tail(
    text: str, after: int, angle: bool, claimed: list[tuple[int, int]], used: set[int]
) -> tuple[int, int, str] | None:
    """The first unclaimed tail after ``after``: (start, end, its text with breaks removed)."""
    limit = after
    for _ in range(_ORPHAN_LINES):
        nl = text.find("\n", limit + 1, limit + 1 + _MAX_LINE)
        if nl < 0:  # a very long line: look no further than a line's worth
            limit = min(len(text), limit + 1 + _MAX_LINE)
            break
        limit = nl
    pos = after
    while True:
        m = _TAIL_OPENING.search(text, pos, limit)
        if m is None:
            return None
        t_start = m.end()
        pos = t_start
        if t_start in used or _inside(claimed, t_start):
            continue
        piece = _read_tail(text, t_start, angle)
        if piece is not None:
            return t_start, piece[0], piece[1]


def _inside(spans: list[tuple[int, int]], offset: int) -> bool:
    """Whether ``offset`` lies in one of ``spans`` (sorted by start, not overlapping)."""
    k = bisect.bisect_right(spans, (offset, sys.maxsize)) - 1
    return k >= 0 and spans[k][0] <= offset < spans[k][1]


def _read_tail(text: str, start: int, angle: bool) -> tuple[int, str] | None:
    """Read a tail opening at ``start``: URL pieces over at most three lines."""
    parts: list[str] = []
    pos = start
    for _ in range(3):
        run = _RUN.match(text, pos)
        assert run is not None
        token = text[pos : run.end()]
        if not token or (not parts and not _plain_url_piece(token)):
            return None
        if not parts and _URLISH_START.match(token):
            return None
        parts.append(token)
        pos = run.end()
        if _CLOSE.match(text, pos):
            return (pos, "".join(parts)) if angle else None
        nl = text.find("\n", pos, pos + 2)
        if nl != pos or angle is False:
            break
        pos = nl + 1
    if angle:
        return None
    joined = _trim("".join(parts))
    return (start + len(joined), joined) if joined else None


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
        end_line = line + text.count("\n", start, end)
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


class _Context:
    """Lazily computed facts about the text around an offset, cached per block so that
    a file joining many documents (or differently extracted ones) is read right and only
    blocks holding a URL cost anything."""

    _BLOCK = 32_768
    _REACH = 12_000
    """How far around a hyphenated break words are looked up (a few pages of notes)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._layout: dict[int, bool] = {}
        self._window: tuple[int, str] | None = None

    def layout(self, offset: int) -> bool:
        """Layout text (``pdftotext -layout``) has column gaps of several spaces mid-line."""
        block = offset // self._BLOCK
        verdict = self._layout.get(block)
        if verdict is None:
            lo = block * self._BLOCK
            sample = self.text[lo : lo + self._BLOCK]
            verdict = sample.count("   ") * 10 > sample.count("\n") + 1
            self._layout[block] = verdict
        return verdict

    def window(self, offset: int) -> tuple[int, str]:
        """The lowercased text around ``offset`` (at least ``_REACH`` each side), and where
        it starts. The last window is kept: hyphenated breaks come in clusters."""
        step = self._REACH // 2
        lo = max(0, (offset // step) * step - self._REACH)
        if self._window is None or self._window[0] != lo:
            hi = lo + 2 * self._REACH + step
            low = self.text[lo:hi].lower()
            if len(low) != min(hi, len(self.text)) - lo:
                low = self.text[lo:hi]  # lowercasing changed lengths: search as printed
            self._window = (lo, low)
        return self._window


def _url_start(text: str, m: re.Match[str]) -> int | None:
    """Where the URL holding anchor ``m`` starts, or None if it is not a URL."""
    s = m.start()
    if text[s] == ":":
        # scheme: the longest scheme name ending at the colon
        i = next((s - k for k in (5, 4, 3) if text[max(0, s - k) : s].lower() in _SCHEMES
                  and s - k >= 0), -1)
        if i < 0:
            return None
        prev = text[i - 1] if i else " "
        # a word glued to a URL ("areashttps://…", pypdf drops spaces) starts one only
        # where the scheme is followed by "//" (on this line or the next)
        if (prev.isalnum() or prev in "@_") and not _GLUED_SCHEME.match(text, i):
            return None
        return i
    # a host ending at this dot (``www.``) or at ``.tld/``: walk back over host characters
    i = s
    limit = max(0, s - 253)
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


_GLUED_SCHEME = re.compile(r"(?i:https?|ftp):(?://|[ \t]*\r?\n[ \t]*//)")
_EMBEDDED_SCHEME = re.compile(r"(?i:https?|ftp):(?://|[ \t]*\Z)")
_EMBED_AFTER = frozenset("/=?&%#:([")
"""Characters after which a scheme inside a URL is part of it (an archive URL's target, a
query parameter): anywhere else it starts a new URL glued on by the extractor."""
_CUT_CHARS = re.compile(r"[\[\](){}]|(?i:https?|ftp):")
_GLUED_MARKER = re.compile(r"\[\d{1,4}\](?!=)")
_IPV6_HOST = re.compile(r"(?i:https?|ftp)://\[[0-9A-Fa-f:.]+(?:%\w+)?\]")


def _run_cut(piece: str, so_far: str = "") -> int:
    """Where a run of URL characters stops being the URL that ``so_far`` began: at a
    scheme glued on (``…/x.pdf,https://…``, ``…areashttps:``), a glued note marker
    (``…/page[12]``), a bracket that closes nothing of the URL (``https://x.com)[mailto](…``)
    or a ``[`` in the host that is not an IPv6 literal (``http://[::1]:8080/`` stays whole).
    Returns ``len(piece)`` when nothing cuts it."""
    if _CUT_CHARS.search(piece, 1) is None and not (so_far and _EMBEDDED_SCHEME.match(piece)):
        return len(piece)  # the common case: nothing that could cut it
    depth = {o: so_far.count(o) - so_far.count(c) for c, o in _CLOSERS.items()}
    host_end = v6_end = 0
    if not so_far:
        v6 = _IPV6_HOST.match(piece)
        if v6 is not None:
            host_end = v6_end = v6.end()
        else:
            scheme = piece.find("://")
            host_from = scheme + 3 if 0 <= scheme < 8 else 0
            slash = piece.find("/", host_from)
            host_end = slash if slash >= 0 else len(piece)
    for k, ch in enumerate(piece):
        if ch == "[":
            if k >= v6_end and (k < host_end or _GLUED_MARKER.match(piece, k)):
                return k
            depth[ch] += 1
        elif ch in "({":
            depth[ch] += 1
        elif ch in _CLOSERS:
            opener = _CLOSERS[ch]
            if depth[opener] <= 0:
                # text after a bracket that closes nothing is not the URL's (a closer
                # followed by punctuation only is trimmed later)
                return k if piece[k + 1 :].strip(_TRAIL + ")]}") else len(piece)
            depth[opener] -= 1
        elif ch in "hHfF" and (k or so_far) and _EMBEDDED_SCHEME.match(piece, k):
            prev = piece[k - 1] if k else so_far[-1]
            if prev not in _EMBED_AFTER:
                return k
    return len(piece)


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
    reasons: list[SuspectReason] = []
    details: list[str] = []
    alternatives: list[str] = []
    run = _RUN.match(text, start)
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
        if angle and _CLOSE.match(text, p_end):
            closed = True  # pypdf may print a space before the ">"
            break
        incomplete = _incomplete(so_far)
        nxt = _next_line_token(
            text, p_end, col0, left, layout, angle or incomplete,
            after_scheme=so_far[-1:] == ":" and incomplete,
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
        verdict = (
            None if _note_number_alone(text, so_far, token, rest, t_end, angle)
            else _continues(so_far, token, rest, angle, incomplete)
        )
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
            if not (incomplete or so_far[-1] in _STRONG_END or angle):
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
    if not closed and not cut_short:
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
        nxt_run = _RUN.match(text, end + 1)
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
    reasons_ = tuple(dict.fromkeys(reasons))
    return url, end, reasons_, "; ".join(details), pieces, tuple(alternatives)


def _underscore_seam(so_far: str, token: str) -> bool:
    """A line break between a digit and a letter, or a lowercase and a capital letter, with
    no separator on either side: where a dropped underscore most often stood
    (``incidents`` + ``2020.csv``, ``…-0348`` + ``EN.html``)."""
    a, b = so_far[-1:], token[:1]
    if not (a.isalnum() and b.isalnum() and a.isascii() and b.isascii()):
        return False
    return a.isdigit() != b.isdigit() or (a.islower() and b.isupper())


_URL_TAIL = re.compile(r"[\w.\-/%=?&#~+()]+")
_MIXED_ID = re.compile(r"(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9]{4,}")
_TAIL_EXT = re.compile(r"\.([A-Za-z0-9]{2,5})\Z")


def _url_tail(piece: str) -> bool:
    """A piece that can only end a URL: URL characters with a file extension, a path, an
    inner underscore or an id's mix of letters and digits."""
    core = _trim(piece)
    if len(core) < 3 or not _URL_TAIL.fullmatch(core) or _URLISH_START.match(core):
        return False
    ext = _TAIL_EXT.search(core)
    return (
        bool(ext and ext.group(1).lower() in _FILE_EXT)
        or "/" in core
        or "_" in core.strip("_")
        or bool(_MIXED_ID.fullmatch(core))
    )


def _spaced_underscore(text: str, so_far: str, p_end: int) -> tuple[int, str] | None:
    """(new end, text to append) when a URL ending at ``p_end`` goes on after one space at
    an underscore: ``…incidents_`` + `` 2020.csv`` or ``…-0348`` + `` _EN.html``."""
    if text[p_end : p_end + 1] != " ":
        return None
    run = _RUN.match(text, p_end + 1)
    piece = run.group(0) if run else ""
    if so_far.endswith("_") and piece[:1].isalnum() and _url_tail(piece):
        return p_end + 1 + len(piece), piece
    if (
        piece[:1] == "_" and (so_far[-1:].isalnum() or so_far[-1:] == "/")
        and piece[1:2].isalnum() and _url_tail(piece[1:])
    ):
        return p_end + 1 + len(piece), piece
    return None


_SEGMENT_TAIL = re.compile(r"[^/?&=#.]*\Z")
_SEGMENT_HEAD = re.compile(r"[^/?&=#.]*")
_LEFT_LETTERS = re.compile(r"[^\W\d_]+\Z")
_RIGHT_LETTERS = re.compile(r"[^\W\d_]+")


def _hyphen_is_real(ctx: _Context, so_far: str, token: str, at: int) -> tuple[bool, bool]:
    """Whether a hyphen ending a line inside a URL belongs to it, and whether that is clear.

    Typesetters hyphenate words inside URLs ("cultural-her-" / "itage"), and URLs also
    break after their own hyphens ("families-" / "count"). The document itself is the
    evidence: if the joined word ("heritage") is printed elsewhere nearby the hyphen was
    inserted; if both halves are words printed elsewhere it is the URL's own.
    """
    # a hyphen alone in its path segment ("8E193-DAA7…", "js-tor.org") was likely inserted
    segment = _SEGMENT_TAIL.search(so_far[:-1]).group(0) + _SEGMENT_HEAD.match(token).group(0)  # type: ignore[union-attr]
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


def _known(window: str, word: str, skip: tuple[int, int]) -> int:
    """Evidence that ``word`` is a word: a function word, or occurrences nearby."""
    if word.lower() in _PROSE_WORDS:
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


_MAX_LINE = 4096
"""Lines are looked at up to this length, so that a huge one-line text stays linear."""


def _column(text: str, offset: int) -> int:
    """Column of ``offset`` in its line (capped for very long lines)."""
    lo = max(0, offset - _MAX_LINE)
    nl = text.rfind("\n", lo, offset)
    return offset - (nl + 1 if nl >= 0 else lo)


def _block_left(text: str, offset: int) -> int:
    """Column where the text block (layout column) holding ``offset`` starts on its line:
    after the last run of three or more spaces before it, else at the line's first text."""
    col = _column(text, offset)
    line = text[offset - col : offset]
    gap = line.rfind("   ")
    if gap < 0:
        return len(line) - len(line.lstrip(" \t"))
    j = gap
    while j < len(line) and line[j] == " ":
        j += 1
    return j


def _line_end(text: str, offset: int) -> int:
    """Offset of the end of the line at ``offset`` (looking at most ``_MAX_LINE`` ahead)."""
    eol = text.find("\n", offset, offset + _MAX_LINE)
    return eol if eol >= 0 else min(len(text), offset + _MAX_LINE)


def _plausible(url: str) -> bool:
    """A URL needs a host with a dot beyond its scheme."""
    if _IPV6_HOST.match(url):
        return True
    rest = url.split("://", 1)[1] if "://" in url[:10] else url
    host = rest.split("/", 1)[0]
    return "." in host.strip(".") and len(rest) > 3


def _host_of(url: str) -> tuple[str, bool]:
    """The host part of what was read so far, and whether a path has started."""
    low = url.lower()
    i = low.find("://")
    rest = url[i + 3 :] if 0 <= i < 10 else url
    if "/" in rest:
        return rest.split("/", 1)[0], True
    return rest, False


def _incomplete(url: str) -> bool:
    """What has been read cannot be a whole URL (scheme only, host without a TLD…)."""
    low = url.lower()
    if low in ("http:", "https:", "ftp:") or low.endswith(("://", ":/")):
        return True
    if low.endswith(("http:", "https:", "http:/", "https:/")):
        return True
    host, has_path = _host_of(url)
    if has_path:
        return False
    host = host.split(":", 1)[0].rstrip(".")
    tld = host.rsplit(".", 1)[-1] if "." in host else ""
    return not is_tld(tld)


_PAGE_BREAK_OPENERS = frozenset("\n\r\f \t0123456789ivxlc")
_PAGE_NUMBER = re.compile(r"[ \t]*(?:\d{1,4}|[ivxlc]{1,6})[ \t]*(?=\n|\f|\Z)")
_BLANKS = re.compile(r"(?:[ \t\r]*\n)*")
_TAIL_TOKEN = re.compile(r"[^\s<>\"“”‘’«»]{3,}")


def _page_break_tail(text: str, i: int) -> tuple[int, int, str] | None:
    """A URL's tail on the next page, when a page break starts at line offset ``i``.

    A page break is an optional page number, blank lines and a form feed; the next page
    may open with a running header. Only a token that is plainly a piece of a URL
    (``TAGE_RISK_report_2021.pdf``, ``-of-war-in-exchange-deal``) within its first few
    lines is taken.
    """
    if i < len(text) and text[i] not in _PAGE_BREAK_OPENERS:
        return None  # the common case: the next line starts with text
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
    for _ in range(4):
        m = _BLANKS.match(text, j)
        j = m.end() if m else j
        while j < len(text) and text[j] in " \t":
            j += 1
        eol = _line_end(text, j)
        tm = _TAIL_TOKEN.match(text, j, eol)
        if tm is not None and _plain_url_piece(tm.group(0)):
            rest = text[tm.end() : min(eol, tm.end() + 40)]
            return tm.start(), tm.end(), rest
        line = text[j:eol]
        if len(line) > 70 or "://" in line or "www." in line:
            return None  # body text or a note holding a URL, not a running header
        j = eol + 1
        if j >= len(text):
            break
    return None


def _plain_url_piece(token: str) -> bool:
    """A token that can only be part of a URL: path characters and no prose shape."""
    core = token.rstrip(_TRAIL + ")]}")
    if len(core) < 3 or _URLISH_START.match(core) or _NAME_WORD.fullmatch(core):
        return False
    if core[0] in "([{":
        return False
    if re.fullmatch(r"[\d.,:/-]+", core) and not re.search(r"[a-zA-Z]", core):
        return "/" in core and core.count("/") >= 2
    return bool(re.search(r"[/_%=?&]|[a-z0-9]-[a-z0-9]|^-[a-z]|[a-z]\.[a-z]{2,5}\b", core))


def _next_line_token(
    text: str, p_end: int, col0: int, left: int, layout: bool, eager: bool,
    *, after_scheme: bool = False,
) -> tuple[int, int, str, bool] | None:
    """The token on the next line that may continue a URL run ending at ``p_end``.

    Returns (start, end, rest of that line, across a page break) or None when the run
    does not reach the end of its line (or column) or no candidate follows.
    """
    n = len(text)
    i = p_end
    while i < n and text[i] in " \t":
        i += 1
    gap = i - p_end
    if i < n and text[i] not in "\r\n":
        if not (layout and gap >= 2) or _justification_gap(text, i):
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
    max_blanks = 2 if layout else 0
    t_start = -1
    while True:
        eol = _line_end(text, i)
        line = text[i:eol].rstrip("\r")
        if line.startswith("\f") or (not line.strip() and not eager):
            return None
        if layout:
            if len(line.rstrip()) > max(left - 3, 0):
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
        # the piece of the next line that starts in this URL's column
        best = -1
        for g in _GAP.finditer(line):
            c = g.end()
            if c > col0 + 2:
                break
            if c >= left - 4:
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
    run = _RUN.match(text, t_start)
    assert run is not None
    t_end = run.end()
    if t_end == t_start:
        return None
    rest = text[t_end : min(eol, t_end + 40)].split("\f", 1)[0]
    if blanks and text[t_start:t_end].isdigit() and t_end - t_start <= 3 and not rest.strip():
        # a short number alone below blank rows is a page number at a column's foot
        return None
    return t_start, t_end, rest, False


def _crosses_gutter(line: str, left: int) -> bool:
    """Whether ``line`` prints a word through the two columns before ``left``, where a
    gutter would stand if ``left`` started a layout column."""
    return left >= 2 and len(line) > left and " " not in line[left - 2 : left + 1]


def _justification_gap(text: str, at: int) -> bool:
    """Whether the spaces before ``at`` (text after a URL on its line) are a justified
    line's, not a column gap: a line next to it prints a word through where the gutter
    would stand, so the URL ends here rather than going on below."""
    col = _column(text, at)
    start = at - col
    lo = max(0, start - 1 - _MAX_LINE)
    prev_start = max(lo, text.rfind("\n", lo, max(0, start - 1)) + 1)  # a bounded slice
    prev = text[prev_start : start - 1] if start > 0 else ""
    end = _line_end(text, at)
    nxt = text[end + 1 : _line_end(text, end + 1)] if end < len(text) else ""
    return _crosses_gutter(prev, col) or _crosses_gutter(nxt, col)


def _id_piece(token: str) -> bool:
    """An identifier's rest (``S0922156516937111``, ``23761199.2014.1332126``): letters,
    digits and dots, mostly digits, as a DOI or document id continues after its ``/``."""
    core = token.rstrip(_TRAIL + ")]}>")
    return (
        len(core) >= 8
        and re.fullmatch(r"[A-Za-z0-9.]+", core) is not None
        and sum(ch.isdigit() for ch in core) * 2 > len(core)
    )


def _second_block(line: str) -> int:
    """Column where ``line``'s second block of text (after a gap of three or more spaces)
    starts; 0 when there is none. A block starting right of where a URL's run ended is not
    the URL's column, so the URL stands in the line's first block."""
    m = re.search(r"\S {3,}(?=\S)", line)
    return m.end() if m else 0


def _interleaved_token(text: str, skipped: int, angle: bool) -> tuple[int, int, str, bool] | None:
    """The first token of the line after the one holding ``skipped``, when it is plainly
    the rest of a URL: inside ``<…>`` it runs to ``>``; otherwise it opens with ``/``,
    ``%``, ``?`` or ``#``."""
    eol = _line_end(text, skipped)
    if eol >= len(text) or text[eol] != "\n":
        return None
    if "://" in text[skipped:eol] or _URLISH_START.match(text, skipped):
        return None  # the skipped line holds a URL of its own
    i = eol + 1
    run = _RUN.match(text, i)
    assert run is not None
    token = run.group(0)
    if len(token) < 3 or not _plain_url_piece(token):
        return None
    closes = _CLOSE.match(text, run.end()) is not None
    if angle and not closes:
        return None
    if not angle and token[0] not in "/%?#":
        return None
    rest = text[run.end() : min(_line_end(text, run.end()), run.end() + 40)]
    return i, run.end(), rest, False


def _continues(so_far: str, token: str, rest: str, angle: bool, incomplete: bool) -> bool | None:
    """Whether ``token`` (first on the next line) continues ``so_far``.

    None: it does not. False: it does, on good evidence. True: it does, but the evidence
    is weak (the join is reported as ambiguous).
    """
    core = token.rstrip(_TRAIL + ")]}")
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
        last.isdigit() and token == core + "." and not rest.strip() and not angle
    )
    # (four digits only as a note number before its text: "…/x." + "1000 Human Rights …",
    # never a year closing a parenthesis: "…attacks_(" + "2020)")
    if (
        core.isdigit() and not closes and not bare_number_after_separator
        and (len(core) <= 3 or (len(core) == 4 and token == core and (
            not rest.strip() or rest[:1] in " \t" and rest.lstrip()[:1].isupper())))
    ):
        return None
    if first in "([{" and not angle:
        return None
    if _URLISH_START.match(token):
        # a new URL, except the one an archive URL embeds, or "https://" + "www.…"
        if not (
            _ARCHIVE_PREFIX.search(so_far)
            or (_SCHEME_ONLY.match(so_far) and token[:3].lower() == "www")
        ):
            return None
    elif _NOTE_START.match(token) and last not in _MID_TOKEN and not (
        last == "/" and re.search(r"[/\d_]", core.lstrip("0123456789"))
    ):
        # pypdf glues a note's number to its first word: "12Emily", but ".../p/" +
        # "3SkMOlLABqA/" is an id going on
        return None
    capital_word = bool(_NAME_WORD.fullmatch(core)) and first.isupper()
    if angle:
        if closes:
            return False
        if (capital_word or core.lower() in _PROSE_WORDS) and followed_by_space:
            return None
        # a join on weak evidence when a plain word is followed by more text
        return not (_URLISH.search(token) or not followed_by_space)
    if incomplete:
        if capital_word and followed_by_space and last in ".,;:":
            return None
        return False
    strong = last in _STRONG_END
    if last == "." and core.lower() in _FILE_EXT and (core.isupper() or core.islower()):
        return False  # ".../EUR5597972021ENGLISH." + "PDF": an extension, whatever its case
    if capital_word and (
        last in "_=&?"
        or last in "/-" and not followed_by_space
        # an id broken mid-token, its tail alone on the line: "…/Dd4p" + "Ulc"
        or last.isalnum() and token == core and not rest.strip() and len(core) <= 12
        and bool(re.search(r"\d.*[A-Za-z]|[A-Za-z].*\d", _segment_tail(so_far)))
    ):
        # no URL as printed ends in "_", "=", "&" or "?", and a sentence after a URL does not
        # consist of one word: "…/wiki/Ghazanchetsots_" + "Cathedral", "…/wiki/" + "Shusha."
        return True
    if last in ".,;:!":
        # sentence punctuation, unless the token is plainly more URL
        if first.isupper() or first in "([":
            return None
        if last == "." and core.lower() in _FILE_EXT:
            return False
        if _URLISH.search(core) and not first.isupper():
            return False
        return None
    if capital_word:
        return None
    if core.lower() in _PROSE_WORDS and (followed_by_space or not rest.strip()):
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


_NOTE_TEXT_START = re.compile(r"[ \t]*\r?\n[ \t]*[A-ZÀ-Ý“\"‘]")


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
        and len(token) <= 4
        and not rest.strip()
        and bool(_NOTE_TEXT_START.match(text, t_end))
    )


def _segment_tail(url: str) -> str:
    """The URL's last path segment or query value so far ("Dd4p" of ".../Dd4p")."""
    m = _SEGMENT_TAIL.search(url)
    return m.group(0) if m else ""


def _trim(url: str) -> str:
    """Drop trailing sentence punctuation and unbalanced closing brackets."""
    while url:
        last = url[-1]
        if last in _TRAIL:
            url = url[:-1]
            continue
        opener = _CLOSERS.get(last)
        if opener is not None and url.count(last) > url.count(opener):
            url = url[:-1]
            continue
        break
    return url
