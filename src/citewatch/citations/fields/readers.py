"""Per-style readers of what is left once links and dates are peeled off: APA's
``Author. (date). Title.``, a quoted title splitting who from where, comma segments read by
shape, sentence-style (Chicago bibliography) and case citations."""

from __future__ import annotations

import re

from citewatch.citations.fields.dates import (
    _MONTH_RE,
    _comma_in_date,
    find_dates,
    has_date,
    parse_date,
)
from citewatch.citations.fields.draft import _clean_author, _clean_title, _Draft
from citewatch.citations.fields.lexicon import (
    _fold,
    _is_genre,
    _is_outlet,
    _is_platform,
    _is_publisher,
    _is_think_tank,
    _reads_like_outlet,
    looks_like_org,
    looks_like_person,
)
from citewatch.citations.fields.works import (
    _CASE_RE,
    _names_treaty,
    _names_un_doc,
    _opens_with_un_doc,
)
from citewatch.lazy import lazy_pattern

_CASE_HINT_RE = lazy_pattern(r"\sv\.?\s")
"""What every :data:`_CASE_RE` match holds; far cheaper to look for first."""

_DOC_SYMBOL_RE = lazy_pattern(
    r"^(?:U\.?N\.?\s*Doc\.?\s*)?[A-Z]{1,6}(?:/[\w.()-]+){1,6}$|^U\.?N\.?\s*Doc\.?\s+\S+$|"
    r"^(?:UNGAOR|UNSCOR|GAOR|SCOR)(?:,?\s.*)?$"
)

_PINPOINT_RE = lazy_pattern(
    r"(?:^|[\s,])(?P<pin>(?:at\s+)?(?:pp?\.|paras?\.?|¶+|arts?\.?|Article|section|s\.|ch\.)"
    r"\s*\d[\w–-]*(?:\s*(?:,|and|&|–|-)\s*\d[\w–-]*)*)",
    re.IGNORECASE,
)

_SPLIT_MARKS_RE = lazy_pattern(r"[,()\[\]“”]")
"""The characters :func:`_split_top` weighs (with the default ``sep``)."""


def _split_top(text: str, sep: str = ",") -> list[str]:
    """Split at ``sep`` outside brackets and quotes."""
    marks = (
        _SPLIT_MARKS_RE if sep == "," else re.compile("[" + re.escape("()[]“”" + sep) + "]")
    )
    parts: list[str] = []
    depth = 0
    quote = False
    start = 0
    for m in marks.finditer(text):  # other characters only extend the current part
        i = m.start()
        ch = text[i]
        if ch == sep and _comma_in_date(text, i):
            continue
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        elif ch == "“":
            quote = True
        elif ch == "”":
            quote = False
        if ch == sep and depth == 0 and not quote:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return [p for p in parts if p]


# Patterns of the readers below, compiled once (``re.search(pattern_string, …)`` looks the
# pattern up in re's cache on every call). ``\\d`` is Unicode's Nd, as ``str.isdecimal``.
_INITIAL_END_RE = lazy_pattern(r"\b[A-Z]\.$")

_IN_WORK_RE = lazy_pattern(r"In [A-Z]")

_APA_JOURNAL_RE = lazy_pattern(r"^(?P<c>.+?),\s*\d+(?:\(\d+[^)]*\))?(?:,\s*(?P<p>[\d–-]+))?")

_COMMA_NUMBER_RE = lazy_pattern(r",\s*\d")

_NGO_SHAPE_RE = lazy_pattern(r"^\s*,\s*[^(]+,\s*[^()]*\d{4}")

_DOMAIN_END_RE = lazy_pattern(r"\w\.[a-z]{2,6}$")

_CHICAGO_PAREN_RE = lazy_pattern(r"^[,.]?\s*\((?P<inner>[^()]*\d{4})\)")

_DATE_THEN_TEXT_RE = lazy_pattern(r"(?P<d>.+?(?:1[6-9]|20)\d\d)\.\s+(?P<rest>.+)$")

_CLOCK_RE = lazy_pattern(r"\d{1,2}:\d\d\s*(?:[AP]\.?M\.?)?", re.IGNORECASE)

_VOLUME_NO_RE = lazy_pattern(r"(?:vol\.?|no\.?|issue)\s*\d+.*", re.IGNORECASE)

_PAREN_YEAR_RE = lazy_pattern(r"\(((?:1[6-9]|20)\d\d)\)")

_PAREN_PAGE_RE = lazy_pattern(r"\):\s*(\d+)$")

_ARTICLE_OF_RE = lazy_pattern(r"^Article\s+(?P<n>\d+\w*)\s+of\s+(?:the\s+)?(?P<t>.+)$")

_PAREN_INNER_RE = lazy_pattern(r"\(([^()]*)\)")

_LOWER_RE = lazy_pattern(r"[a-z]")

_PAREN_YEAR_END_RE = lazy_pattern(r"\([^()]*\d{4}\)$")

_HEAD_PAREN_RE = lazy_pattern(r"(?P<head>[^()]+?)\s*\((?P<inner>[^()]+)\)")

_REPORTER_RE = lazy_pattern(r"\b(?:U\.?N\.?T\.?S\.?|U\.?S\.?T\.?|I\.?C\.?J\.? Rep)\b")

_NUMBERED_DOC_RE = lazy_pattern(r"(?:U\.?N\.?\s*Doc\.?|No\.?|App\.? No\.?)\s+\S+.*")

_VOLUME_CITE_RE = lazy_pattern(r"\d+\s+.+?\s+\d+")

_JOURNAL_CITE_RE = lazy_pattern(r"(?P<v>\d+)\s+(?P<c>.+?)\s+(?P<p>\d+)")

_LIST_END_RE = lazy_pattern(r"(?:&|\band\b|et al)")

_HANDLE_PAREN_RE = lazy_pattern(r"\(@\w+\)")

_YEAR_AT_END_RE = lazy_pattern(r"(?:1[6-9]|20)\d\d$")

_NUMBERED_TITLE_RE = lazy_pattern(r"\b(?:Res|No|Doc|Resolution|Decision|Protocol)\.?\s+\d+$")

_MCGILL_JOURNAL_RE = lazy_pattern(
    r"^[,.]?\s*\((?P<y>(?:1[6-9]|20)\d\d)\)\s+(?P<v>\d+(?::\d+)?)\s+(?P<c>[^,]+?)"
    r"(?:\s+(?P<p>\d+)\b|\s*$)"
)

_SEG_PIN_RE = lazy_pattern(r"(?:pp?\.|paras?\.?|arts?\.?|at)\s*\d[\w–\-, ]*", re.IGNORECASE)

_EDITION_RE = lazy_pattern(r",\s*(\d+(?:st|nd|rd|th) ed\.?)$")


# --- APA ---------------------------------------------------------------------------------

_APA_DATE_RE = lazy_pattern(
    rf"\((?P<d>(?:1[6-9]|20)\d\d[a-z]?(?:,\s+{_MONTH_RE}(?:\s+[0-3]?\d[a-z]?)?(?:[–-][0-3]?\d)?)?"
    r"|n\.d\.)\)\.\s*"
)


def _read_apa(body: str, draft: _Draft) -> bool:
    """``Author. (2020, October 28). Title. Container. …`` (APA 7)."""
    for match in _APA_DATE_RE.finditer(body):
        rest = body[match.end() :]
        if rest.startswith("(") or not rest.strip(" ."):
            continue
        head = body[: match.start()].strip()
        if not head or _SENTENCE_END_RE.search(head):
            return False  # APA puts only the author (or a title) before the date
        if match.group("d") != "n.d.":
            draft.offer_date(parse_date(match.group("d")))
        head = head.rstrip(".") if not _INITIAL_END_RE.search(head) else head
        sentences = _sentences(rest)
        sentences = [s for s in sentences if s.strip(" .")]
        head_is_author = looks_like_person(head) or looks_like_org(head) or _is_platform(head)
        if sentences and _IN_WORK_RE.match(sentences[0]):
            # "Title. (date). In Wikipedia." — an entry of a reference work.
            draft.title = head
            draft.container = sentences[0][3:].strip(" .")
            for s in sentences[1:]:
                draft.leftover(s)
            return True
        if not head_is_author and sentences and (len(sentences) == 1 or _is_outlet(sentences[0])):
            draft.title = head
            draft.container = sentences[0].strip(" .")
            for s in sentences[1:]:
                draft.leftover(s)
            return True
        draft.author = _clean_author(head)
        if sentences:
            draft.title = sentences[0]
            for s in sentences[1:]:
                if draft.container is None:
                    _apa_container(s, draft)
                else:
                    draft.leftover(s)
        _apa_title(draft)
        return True
    return False


_APA_SENTENCE_RE = lazy_pattern(
    r"\s(?:(?<=[^\s.][.?!]\s)(?<![A-Z]\.\s)\s*(?=[A-Z\[(“\"0-9])|(?<=\?\.\s)\s*)"
)
"""The space after a sentence end (not an initial) before a capital, or after ``?.``.
The space comes first and the checks behind it include it, so that the regex engine jumps
between spaces."""


def _sentences(text: str) -> list[str]:
    """Split APA's ``Title. Container, 18(3), 1–9.`` at sentence ends."""
    out = _APA_SENTENCE_RE.split(text)
    return [s.strip() for s in out if s and s.strip()]


def _apa_container(sentence: str, draft: _Draft) -> None:
    sentence = sentence.strip(" .")
    journal = _APA_JOURNAL_RE.match(sentence)
    if journal and _COMMA_NUMBER_RE.search(sentence):
        draft.container = journal.group("c")
        draft.hints.add("journal")
        draft.leftover(sentence[journal.end("c") :])
        return
    draft.container = sentence


_END_BRACKET_RE = lazy_pattern(r"\s*\[(?P<b>[^\]]+)\]\.?$")

_END_PAREN_RE = lazy_pattern(r"\s*\((?P<p>[^)]+)\)\.?$")


def _apa_title(draft: _Draft) -> None:
    if not draft.title:
        return
    title = draft.title.strip()
    bracket = _END_BRACKET_RE.search(title) if "[" in title else None
    if bracket:
        draft.hints.add(bracket.group("b").lower())
        draft.leftover(bracket.group("b"))
        title = title[: bracket.start()]
    paren = _END_PAREN_RE.search(title) if "(" in title else None
    if paren and (_DOC_SYMBOL_RE.match(paren.group("p")) or "/" in paren.group("p")):
        draft.leftover(paren.group("p"))
        title = title[: paren.start()]
    if title.endswith(("?.", "!.")):
        title = title[:-1]
    draft.title = _clean_title(title)


# --- quoted titles -----------------------------------------------------------------------

_SINGLE_QUOTED_RE = lazy_pattern(r"(?:^|(?<=[\s,]))‘[^‘]+?’(?=\s*[,.(]|\s*$)")


def _find_quote(body: str) -> tuple[int, int] | None:
    start = body.find("“")
    if start >= 0:
        end = body.find("”", start + 1)
        if end > start:
            return start, end
    start = body.find('"')
    if start >= 0:
        end = body.find('"', start + 1)
        if end > start:
            return start, end
    # British single quotes (OSCOLA): ‘Title’ closed before a comma, bracket or full stop;
    # a ’ inside a word (Int’l, King’s) never closes it.
    single = _SINGLE_QUOTED_RE.search(body) if "‘" in body else None
    if single:
        return single.start(), single.end() - 1
    start = body.find("“")
    if start >= 0 and len(body) - start > 12:
        # The closing quote was lost (a note cut at a page or column break): the title
        # runs to the end of what is left.
        return start, len(body)
    return None


def _read_quoted(body: str, draft: _Draft) -> bool:
    span = _find_quote(body)
    if span is None:
        return False
    start, end = span
    pre, title, post = body[:start], body[start + 1 : end], body[end + 1 :]
    draft.title = _clean_title(title)
    _read_pre(pre, draft)
    _read_post(post, draft)
    # "“Title”, Human Rights Watch, date": an organisation after the title, with no one
    # named before it, is who wrote it; a newspaper there is where it appeared. In the
    # plain NGO shape (comma after the closing quote, date not in brackets) that slot
    # holds the issuing body far more often than a newspaper, so a name with no sign of
    # being an outlet is read as the author there.
    container = draft.container
    ngo_shape = bool(_NGO_SHAPE_RE.match(post)) and title[-1:] not in ",."
    if (
        draft.author is None
        and container
        and not _is_outlet(container)
        and not _is_think_tank(container)
        and not _is_platform(container)
        and (looks_like_org(container) or (ngo_shape and not _looks_domain(container)))
    ):
        draft.author, draft.container = container, None
        draft.hints.add("issuer")
    return True


def _looks_domain(text: str) -> bool:
    """``News.am``, ``Caliber.az``: a site named by its domain."""
    return bool(_DOMAIN_END_RE.search(text.strip()))


def _read_pre(pre: str, draft: _Draft) -> None:
    """Who wrote it: the text before a quoted title, genre labels set aside."""
    pre = pre.strip(" ,.")
    if not pre:
        return
    segments = _split_top(pre)
    kept: list[str] = []
    for seg in segments:
        if _is_genre(seg):
            draft.hints.add(seg.lower())
            draft.leftover(seg)
        else:
            kept.append(seg)
    author = _clean_author(", ".join(kept))
    if not author:
        return
    if _is_platform(author):
        draft.container = author
        return
    draft.author = author


def _read_post(post: str, draft: _Draft) -> None:
    """Where and when: the text after a quoted title."""
    post = post.strip()
    if not post:
        return
    # McGill journal: "(2019) 53:1 Intl Rev Red Cross 293".
    mcgill_journal = _MCGILL_JOURNAL_RE.match(post)
    if mcgill_journal:
        draft.offer_date(parse_date(mcgill_journal.group("y")))
        draft.container = mcgill_journal.group("c")
        draft.hints.add("journal")
        draft.leftover(post[mcgill_journal.end() :])
        return
    # Chicago: "(working paper, SSRN, December 7, 2021)".
    chicago_paren = _CHICAGO_PAREN_RE.match(post)
    published = _publisher_paren(f"({chicago_paren.group('inner')})") if chicago_paren else None
    if chicago_paren and published is not None:
        # "(New York: HRW, 12 May 2021)": the place is neither container nor date
        pub, when = published
        if pub:
            draft.container = draft.container or pub
        draft.offer_date(parse_date(when))
        draft.leftover(post[chicago_paren.end() :])
        return
    if chicago_paren and "," in chicago_paren.group("inner"):
        inner = chicago_paren.group("inner")
        _read_segments(_split_top(inner), draft, allow_container=True)
        draft.leftover(post[chicago_paren.end() :])
        return
    _read_segments(_split_top(post.strip(" ,.")), draft, allow_container=True)


_SEG_PAREN_RE = lazy_pattern(r"(?P<head>.*?)\s*\((?P<inner>[^()]+)\)(?P<tail>.*)")

_SEG_DATE_LEAD_RE = lazy_pattern(r"^(?:last modified|updated|published)\s+", re.IGNORECASE)


def _read_segments(segments: list[str], draft: _Draft, *, allow_container: bool) -> None:
    """Read comma segments after a title: container, date, volume, pages, pinpoints."""
    container_done = not allow_container
    for raw in segments:
        seg = raw.strip(" .;")
        if not seg:
            continue
        # "Reuters (30 April 2021)", "SSRN (2021)".
        paren = _SEG_PAREN_RE.fullmatch(seg) if "(" in seg else None
        if paren and _date_in(paren.group("inner")):
            head = paren.group("head").strip(" ,")
            if head:
                container_done = _take_container(head, draft, container_done)
            _take_date_text(paren.group("inner"), draft)
            draft.leftover(paren.group("tail"))
            continue
        found = parse_date(_SEG_DATE_LEAD_RE.sub("", seg))
        if found:
            draft.offer_date(found)
            continue
        lead = _DATE_THEN_TEXT_RE.match(seg)
        if lead and (found := parse_date(lead.group("d"))):
            draft.offer_date(found)  # "Dec. 12, 2020. <stray text>"
            draft.leftover(lead.group("rest"))
            continue
        if _CLOCK_RE.fullmatch(seg):
            continue  # the time of a post
        pin = _SEG_PIN_RE.fullmatch(seg)
        if pin:
            if seg.lower().startswith("pp."):
                draft.leftover(seg)
            else:
                draft.pinpoint = draft.pinpoint or seg
            continue
        if _VOLUME_NO_RE.fullmatch(seg):
            draft.hints.add("journal")
            # Chicago "no. 1 (2016): 876": the year sits here.
            year = _PAREN_YEAR_RE.search(seg)
            if year:
                draft.offer_date(parse_date(year.group(1)))
            page = _PAREN_PAGE_RE.search(seg)
            if page:
                draft.pinpoint = draft.pinpoint or page.group(1)
            draft.leftover(seg)
            continue
        if _DOC_SYMBOL_RE.match(seg) or _opens_with_un_doc(seg):
            draft.hints.add("un")
            draft.leftover(seg)
            continue
        if _is_genre(seg):
            draft.hints.add(seg.lower())
            draft.leftover(seg)
            continue
        container_done = _take_container(seg, draft, container_done)


_AT_TIME_RE = lazy_pattern(r"\s+at\s+\d.*$|,\s*\d{1,2}:\d\d.*$")

_CLOCK_TIME_RE = lazy_pattern(r"\s+at\s+\d{1,2}:\d\d.*$|,\s*\d{1,2}:\d\d.*$")


def _date_in(text: str) -> bool:
    if not has_date(text):
        return False
    if "at" in text or ":" in text:  # one of them is in every _AT_TIME_RE match
        text = _AT_TIME_RE.sub("", text)
    return bool(parse_date(text))


def _take_date_text(text: str, draft: _Draft) -> None:
    if ":" in text:  # what every _CLOCK_TIME_RE match holds
        text = _CLOCK_TIME_RE.sub("", text)
    draft.offer_date(parse_date(text))


_MEDIA_WORDS = ("video", "post", "thread", "channel", "working paper")

_MEDIA_RE = lazy_pattern(
    r"(?P<c>.+?)\s+(?P<g>" + "|".join(_MEDIA_WORDS) + ")", re.IGNORECASE
)

_VOLUME_RE = lazy_pattern(r"(?P<c>.+?)\s+(?P<v>\d+)")

_YEAR_END_RE = lazy_pattern(r"\d{4}$")


def _take_container(seg: str, draft: _Draft, done: bool) -> bool:
    if done or draft.container is not None:
        draft.leftover(seg)
        return True
    seg = seg.strip(" .")
    if seg.endswith(("(blog)", "(blog)\n")):
        draft.hints.add("blog")
        seg = seg[: -len("(blog)")].strip()
    media = (
        _MEDIA_RE.fullmatch(seg) if _fold(seg).endswith(_MEDIA_WORDS) else None
    )  # _fold equates what IGNORECASE does
    if media and (_is_platform(media.group("c")) or media.group("g").lower() == "working paper"):
        draft.hints.add(media.group("g").lower())
        seg = media.group("c")
    volume = _VOLUME_RE.fullmatch(seg) if seg[-1:].isdecimal() else None  # \d is Nd
    if volume and not _YEAR_END_RE.search(seg):
        draft.hints.add("journal")
        seg = volume.group("c")
    draft.container = seg
    return True


# --- unquoted citations ------------------------------------------------------------------

_BOOK_PAREN_RE = lazy_pattern(
    r"\((?:(?P<city>[A-Z][\w .,’'-]*?):\s*)?(?P<pub>[^():]+?),\s*(?P<y>(?:1[6-9]|20)\d\d)\)"
)

_PUBLISHER_PAREN_RE = lazy_pattern(
    r"\((?P<city>[A-Z][\w .’'-]*?):\s*(?:(?P<pub>[^():,]+(?:,[^():,]+)*?),\s*)?"
    r"(?P<d>[^():,]*\d{4})\)"
)
"""The publisher parenthetical of McGill/NGO reports and books, with whatever date it
prints: ``(Stepanakert: 18 October 2020)``, ``(Geneva: UNHCR, March 2019)``,
``(New York: HRW, 2020)``."""


def _publisher_paren(paren: str) -> tuple[str | None, str] | None:
    """(publisher or None, date text) of a publisher parenthetical whose date parses."""
    m = _PUBLISHER_PAREN_RE.fullmatch(paren)
    if m is None or not parse_date(m.group("d").strip()):
        return None
    pub = m.group("pub")
    return (pub.strip() if pub else None), m.group("d").strip()


_BRACKETED_RE = lazy_pattern(r"\s*\[[^\]]+\]")

_CITE_BRACKET_RE = lazy_pattern(r"\s*\[(?:GC|\d{4}|\d+)\]")


def _read_plain(body: str, draft: _Draft) -> None:
    """Citations without a quoted title: Bluebook, McGill reports, books, cases, treaties."""
    body = body.strip(" .")
    article = _ARTICLE_OF_RE.match(body)
    if article:
        draft.pinpoint = f"Article {article.group('n')}"
        draft.title = article.group("t").strip(" .")
        draft.hints.add("treaty")
        return
    # Square-bracketed short names ("[Fourth Geneva Convention]") are the author's labels.
    for bracket in _BRACKETED_RE.findall(body) if "[" in body else ():
        if _CITE_BRACKET_RE.fullmatch(bracket):
            continue  # a Grand Chamber mark or a law-report year belongs to the cite
        draft.leftover(bracket.strip(" []"))
        body = body.replace(bracket, "")
    if _CASE_HINT_RE.search(body) and _CASE_RE.search(body) and not _names_treaty(body):
        _read_case(body, draft)
        return
    if _read_sentence_style(body, draft):
        return
    # Where the top-level date sits: a "(date)" paren, a book paren, or a date segment.
    head, tail = body, ""
    cut = _first_date_paren(body)
    if cut is not None:
        start, end, inner = cut
        head, tail = body[:start], body[end:]
        book = _BOOK_PAREN_RE.fullmatch(body[start:end])
        published = _publisher_paren(body[start:end])
        if book and not parse_date(inner):
            draft.container = book.group("pub").strip()
            draft.offer_date(parse_date(book.group("y")))
            draft.hints.add("book" if book.group("city") else "published")
        elif published is not None and not parse_date(inner):
            # "(Geneva: UNHCR, March 2019)": the date goes to the date, the publisher (if
            # printed) to the container, the place nowhere
            pub, when = published
            if pub:
                draft.container = draft.container or pub
            draft.offer_date(parse_date(when))
            draft.hints.add("published")
        else:
            _take_date_text(inner, draft)
        # A second "(date)" (Bluebook "(2008) (Mar. 14, 2008)", a working paper note).
        more = _first_date_paren(tail)
        while more is not None and not tail[: more[0]].strip(" ,"):
            _take_date_text(more[2], draft)
            tail = tail[more[1] :]
            more = _first_date_paren(tail)
        extra = _PAREN_INNER_RE.findall(tail)
        for e in extra:
            if "unpublished" in e or "working paper" in e.lower():
                draft.hints.add("working paper")
    else:
        ieee_book = re.match(
            r"^(?P<h>.+?)\.\s+(?P<city>[A-Z][\w .’'-]+):\s*(?P<pub>[^,]+),\s*(?P<y>\d{4})", body
        )
        if ieee_book:
            draft.container = ieee_book.group("pub").strip()
            draft.offer_date(parse_date(ieee_book.group("y")))
            draft.hints.add("book")
            head, tail = ieee_book.group("h"), body[ieee_book.end() :]
    segments = _split_top(head.strip(" ,"))
    if cut is None and draft.date is None:
        for i, seg in enumerate(segments):
            found = parse_date(seg)
            if found and i > 0:
                draft.offer_date(found)
                tail = ", ".join(segments[i + 1 :]) + tail
                segments = segments[:i]
                break
    _read_plain_segments(segments, draft, dated_paren=cut is not None)
    if draft.date is None or draft.date.precision < 3:
        for found in find_dates(tail):
            if found.precision == 3 and parse_date(tail[found.start : found.end]):
                draft.offer_date(found)
                tail = tail[: found.start] + tail[found.end :]
                break
    _read_tail(tail, draft)


_SENTENCE_END_RE = lazy_pattern(r"\.(?:(?<=[^\W\d_]{4}\.)|(?<=[)’']\.))\s+(?=[A-Z0-9“\"‘])")
"""A full stop after a word of four letters or more (or a bracket or quote) and before a
capital. It opens with the full stop, which the checks behind it include: a pattern that
opens with a literal lets the regex engine jump between full stops."""

_CITY_PUBLISHER_RE = lazy_pattern(
    r"^(?:(?P<ed>\d+(?:st|nd|rd|th)\s+ed)\.?\s+)?(?P<city>[A-Z][\w .’'-]+):\s*(?P<pub>.+?),\s*"
    r"(?P<y>(?:1[6-9]|20)\d\d)$"
)


def _read_sentence_style(body: str, draft: _Draft) -> bool:
    """Bibliography entries in sentences: ``Last, First. Title. City: Publisher, 2012.``"""
    sentences = [x.strip(" .") for x in _SENTENCE_END_RE.split(body) if x.strip(" .")]
    if len(sentences) < 2:
        return False
    first, second, rest = sentences[0], sentences[1], sentences[2:]
    if not _LOWER_RE.search(first) or _PAREN_YEAR_END_RE.search(second):
        return False  # small capitals ("AFFS. OF AZER.") or a Bluebook "(date)": not sentences
    if looks_like_person(first) or looks_like_org(first):
        draft.author = _clean_author(first)
        draft.title = _clean_title(second)
    elif _names_treaty(first) and parse_date(_split_top(second)[0]):
        draft.title = _clean_title(first)
        rest = [second, *rest]
    else:
        return False
    for sentence in rest:
        book = _CITY_PUBLISHER_RE.match(sentence)
        if book:
            draft.container = draft.container or book.group("pub").strip()
            draft.offer_date(parse_date(book.group("y")))
            draft.hints.add("book")
            draft.leftover(book.group("ed"))
            continue
        segments = _split_top(sentence)
        if parse_date(segments[0]):
            draft.offer_date(parse_date(segments[0]))
            for seg in segments[1:]:
                draft.leftover(seg)
            continue
        paren = _HEAD_PAREN_RE.fullmatch(sentence)
        if _DOC_SYMBOL_RE.match(paren.group("head") if paren else sentence):
            draft.hints.add("un")
            if paren:
                draft.offer_date(parse_date(paren.group("inner")))
            draft.leftover(sentence)
            continue
        _read_segments(segments, draft, allow_container=True)
    return True


def _first_date_paren(text: str) -> tuple[int, int, str] | None:
    """The first top-level ``(…)`` that holds a date or a publisher-and-year."""
    depth = 0
    start = -1
    for i, ch in enumerate(text):
        if ch == "(":
            if depth == 0:
                start = i
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                inner = text[start + 1 : i]
                paren = text[start : i + 1]
                if (
                    _date_in(inner) or _BOOK_PAREN_RE.fullmatch(paren)
                    or _publisher_paren(paren) is not None
                ):
                    return start, i + 1, inner
    return None


def _read_tail(tail: str, draft: _Draft) -> None:
    for seg in _split_top(tail.strip(" ,.")):
        seg = seg.strip(" .")
        if not seg:
            continue
        pin = _PINPOINT_RE.search(" " + seg)
        if pin and draft.pinpoint is None and len(seg) < 30:
            draft.pinpoint = pin.group("pin").strip()
            continue
        if seg.isdecimal() and draft.pinpoint is None:
            draft.pinpoint = seg
            continue
        draft.leftover(seg)


_ARTICLE_END_RE = lazy_pattern(r",?\s+(arts?\.?\s+\d[\w()]*(?:\s*[;,&–-]\s*\d[\w()]*)*)$")

_PIN_END_RE = lazy_pattern(r"\s\s*(?:(?P<art>arts?\.?\s+\d[\w()]*)|(?P<page>\d{1,4}))$")
"""``\\s\\s*`` rather than ``\\s+``: opening with a class lets the engine jump to spaces."""


def _read_plain_segments(segments: list[str], draft: _Draft, *, dated_paren: bool) -> None:
    segments = [s for s in segments if s]
    # Genre labels in front ("Press Release, Org, Title").
    while segments and _is_genre(segments[0]):
        draft.hints.add(segments[0].lower())
        draft.leftover(segments.pop(0))
    # Trailing document symbols, reporters and treaty series belong to the note.
    while len(segments) > 1 and (
        parse_date(segments[-1])
        or _DOC_SYMBOL_RE.match(segments[-1])
        or _REPORTER_RE.search(segments[-1])
        or _NUMBERED_DOC_RE.fullmatch(segments[-1])
    ):
        if _names_un_doc(segments[-1]):
            draft.hints.add("un")
        if found := parse_date(segments[-1]):
            draft.offer_date(found)
            segments.pop()
            continue
        draft.leftover(segments.pop())
    # Bluebook journal: "Title, 112 Leiden J. Int’l L. 399" (+ ", 361" pinpoint).
    if (
        len(segments) >= 2
        and segments[-1].isdecimal()
        and _VOLUME_CITE_RE.fullmatch(segments[-2])
    ):
        draft.pinpoint = segments.pop()
    if len(segments) >= 2:
        journal = _JOURNAL_CITE_RE.fullmatch(segments[-1])
        if journal and not journal.group("c").isdecimal():
            draft.container = journal.group("c")
            draft.hints.add("journal")
            segments.pop()
    # Who wrote it.
    if len(segments) >= 2:
        people = 0
        while people < len(segments) - 1 and looks_like_person(segments[people]):
            people += 1
        if people >= 1:
            # Several name segments only when the last of them closes a list ("& X").
            if people > 1 and not _LIST_END_RE.search(segments[people - 1]):
                people = 1
            draft.author = _clean_author(", ".join(segments[:people]))
            segments = segments[people:]
        elif looks_like_org(segments[0]) or (
            _is_genre(segments[0]) is False and _HANDLE_PAREN_RE.search(segments[0])
        ):
            draft.author = _clean_author(segments.pop(0))
            while segments and _is_genre(segments[0]):
                draft.hints.add(segments[0].lower())
                draft.leftover(segments.pop(0))
        elif _is_platform(segments[0]):
            draft.container = segments.pop(0)
    if not segments:
        return
    if len(segments) == 1 and draft.author and _is_platform(segments[0]):
        draft.container = segments[0]  # Bluebook post: "Name (@handle), Twitter (date)"
        return
    # What published it: a last segment that reads like an outlet or a publisher.
    if len(segments) >= 2 and draft.container is None:
        last = segments[-1].strip(" .")
        author_is_org = draft.author is not None and not looks_like_person(draft.author)
        if (
            _is_outlet(last)
            or _is_think_tank(last)
            or _is_publisher(last)
            or (
                not author_is_org
                and "working paper" not in draft.hints
                and " and " not in last
                and _reads_like_outlet(last)
            )
        ):
            segments.pop()
            _take_container(last, draft, False)
    title = ", ".join(segments)
    article = _ARTICLE_END_RE.search(title) if "art" in title else None
    if article:
        draft.pinpoint = draft.pinpoint or article.group(1)
        title = title[: article.start()]
    pin = _PIN_END_RE.search(title)
    if (
        pin
        and dated_paren
        and not _YEAR_AT_END_RE.search(title)
        and not _NUMBERED_TITLE_RE.search(title)
    ):
        draft.pinpoint = draft.pinpoint or pin.group(0).strip()
        title = title[: pin.start()]
    found_nothing = not (draft.author or draft.container or draft.date or draft.hints)
    if found_nothing and len(segments) <= 2 and not _names_treaty(title):
        # Nothing marks this as a title (a short form, a remark): keep it as printed.
        draft.leftover(title)
        return
    draft.title = _clean_title(title)
    if _EDITION_RE.search(draft.title):
        edition = _EDITION_RE.search(draft.title)
        if edition:
            draft.leftover(edition.group(1))
            draft.title = draft.title[: edition.start()]


def _read_case(body: str, draft: _Draft) -> None:
    """A judgment: the name up to its docket or report; the date of decision to the note."""
    draft.hints.add("case")
    cut = re.search(
        r",\s*(?:No\.?\s|App(?:lication)?\.?\s*No|\[\d{4}\]|\(\d{4}\)\s|Case No|ICJ|"
        r"I\.C\.J\.|ECHR\s+\d|\d+\s+(?:U\.S\.|F\.\d|S\.\s?Ct))",
        body,
    )
    paren = _first_date_paren(body)
    end = len(body)
    if cut:
        end = cut.start()
    if paren and paren[0] < end:
        end = paren[0]
    draft.title = body[:end].strip(" ,")
    draft.leftover(body[end:])
