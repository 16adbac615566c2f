"""Bibliographic fields of one citation: author, title, container, dates, pinpoint, DOI, kind.

Legal and human-rights writing cites in many styles (McGill, Bluebook, Chicago notes and
bibliography, APA 7, IEEE, plain NGO footnotes). Rather than one grammar per style, the
parser peels off what every style marks the same way, then reads what is left by shape:

1. the signal (``See``, ``See also``, ``Cf``), URLs with their lead-ins (``online:``,
   ``available at:``, ``[Online]. Available:``), access dates (``accessed``, ``last
   visited``, ``Retrieved … from``), DOIs, archive links;
2. APA's ``Author. (date). Title. Container.`` is recognised by its parenthesised date;
3. a quoted title splits the rest in two: who wrote it stands before, where and when after;
4. without quotes, top-level comma segments are read by what they look like (a person or
   an organisation, a date, a journal cite, a publisher, a document symbol).

Telling an organisation that *wrote* a text from an outlet that *published* it needs a
little world knowledge: :data:`_OUTLET_WORDS` and :data:`_ORG_WORDS` hold it.

What no field takes stays in ``note``; nothing is dropped silently (URLs excepted: the URL
finder owns them).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from citewatch.citations.model import Fields, NoteKind, WorkKind

__all__ = [
    "FoundDate",
    "find_dates",
    "looks_like_org",
    "looks_like_person",
    "parse_date",
    "parse_fields",
    "split_works",
]

# ---------------------------------------------------------------------------------------
# Dates

_MONTHS: dict[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

_MONTH_RE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|"
    r"Nov\.?|Dec\.?)"
)
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<y>(?:1[6-9]|20)\d\d)"
_MON = rf"(?P<m>{_MONTH_RE})"

# Most precise first: where several readings overlap, the first found wins.
_DATE_PATTERNS: tuple[tuple[re.Pattern[str], int], ...] = tuple(
    (re.compile(p), precision)
    for p, precision in (
        (rf"{_YEAR}-(?P<mm>[01]\d)-(?P<dd>[0-3]\d)", 3),
        (rf"{_DAY}\s+{_MON},?\s+{_YEAR}", 3),
        (rf"{_MON}\s+{_DAY},?\s+{_YEAR}", 3),
        (rf"{_YEAR},\s+{_MON}\s+{_DAY}[a-z]?", 3),
        (rf"(?P<dd>[0-3]?\d)\.(?P<mm>[01]?\d)\.{_YEAR}", 3),
        (rf"{_YEAR},\s+{_MON}", 2),
        (rf"{_MON}\s+{_YEAR}", 2),
        (rf"{_YEAR}[a-z]?", 1),
    )
)


@dataclass(frozen=True)
class FoundDate:
    """A date found in text."""

    start: int
    end: int
    printed: str
    """The date as printed (an APA disambiguation letter such as ``2021a`` dropped)."""
    iso: str | None
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; None when the parts make no date."""
    precision: int
    """1 year, 2 month, 3 day."""


_DATE_LETTER_RE = re.compile(r"(?<=\d)[a-z]$")
_DATE_STOP_RE = re.compile(r"(?<=\d)\.$")


def _date_iso(match: re.Match[str], precision: int) -> str | None:
    groups = match.groupdict()
    year = int(groups["y"])
    if precision == 1:
        return f"{year:04d}"
    month_name = groups.get("m")
    month = _MONTHS.get(month_name[:3].lower(), 0) if month_name else int(groups["mm"])
    if not 1 <= month <= 12:
        return None
    if precision == 2:
        return f"{year:04d}-{month:02d}"
    day = int(groups.get("d") or groups.get("dd") or 0)
    if not 1 <= day <= 31:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _date_printed(match: re.Match[str]) -> str:
    # "2021, July 15a" / "2021a": the letter only tells same-year works apart.
    return _DATE_LETTER_RE.sub("", match.group(0))


def find_dates(text: str) -> list[FoundDate]:
    """Every date in ``text``, left to right, the most precise reading at each place."""
    found: list[FoundDate] = []
    for pattern, precision in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            before = text[start - 1] if start else " "
            after = text[end] if end < len(text) else " "
            if before.isalnum() or before in "/-:.":
                continue
            if after.isalnum() or after in "/-" or (after in ":." and precision == 1):
                continue
            if any(d.start < end and start < d.end for d in found):
                continue
            found.append(
                FoundDate(start, end, _date_printed(match), _date_iso(match, precision), precision)
            )
    found.sort(key=lambda d: d.start)
    return found


def parse_date(text: str) -> FoundDate | None:
    """The date when ``text`` is nothing but a date (edge punctuation aside), else None."""
    stripped = text.strip(" ,;()[]")
    stripped = _DATE_STOP_RE.sub("", stripped)
    for pattern, precision in _DATE_PATTERNS:
        match = pattern.fullmatch(stripped)
        if match:
            return FoundDate(
                0, len(stripped), _date_printed(match), _date_iso(match, precision), precision
            )
    return None


# ---------------------------------------------------------------------------------------
# Word lists: the little world knowledge the parser needs.

_PLATFORMS: dict[str, WorkKind] = {
    "twitter": WorkKind.SOCIAL, "x": WorkKind.SOCIAL, "facebook": WorkKind.SOCIAL,
    "instagram": WorkKind.SOCIAL, "telegram": WorkKind.SOCIAL, "tiktok": WorkKind.SOCIAL,
    "reddit": WorkKind.SOCIAL, "linkedin": WorkKind.SOCIAL, "mastodon": WorkKind.SOCIAL,
    "vk": WorkKind.SOCIAL, "threads": WorkKind.SOCIAL, "bluesky": WorkKind.SOCIAL,
    "youtube": WorkKind.WEB, "vimeo": WorkKind.WEB, "wikipedia": WorkKind.WEB,
    "google maps": WorkKind.WEB, "google earth": WorkKind.WEB, "github": WorkKind.WEB,
    "openstreetmap": WorkKind.WEB, "flickr": WorkKind.WEB, "medium": WorkKind.WEB,
}  # fmt: skip
"""Sites that host other people's works: never the author of what they host."""

# fmt: off
_BLOG_NAMES = (
    "lawfare", "just security", "just sec", "opinio juris", "ejil: talk", "ejil talk",
    "articles of war", "verfassungsblog", "intlawgrrls", "völkerrechtsblog",
    "war on the rocks",
)
_OUTLET_NAMES = (
    "reuters", "associated press", "agence france", "afp", "bbc", "cnn", "npr",
    "al jazeera", "guardian", "new york times", "n.y. times", "washington post",
    "wash. post", "le monde", "atlantic", "foreign policy", "bellingcat", "eurasianet",
    "azatutyun", "civilnet", "armenpress", "azertac", "apa", "news.am", "oc media",
    "radio free", "rferl", "euronews", "france 24", "dw", "deutsche welle", "tass",
    "ria novosti", "interfax", "anadolu", "politico", "economist", "financial times",
    "wall street journal", "wsj", "the diplomat", "opendemocracy", "hetq", "jam news",
    "jam-news", "caliber.az", "trend", "meduza", "kommersant", "spiegel", "der spiegel",
    "el país", "haaretz", "huffpost", "vice", "vox", "mediamax", "asbarez",
    "armenian weekly", "panorama", "daily sabah", "hurriyet",
)
"""News organisations often cited in this field; a name holding a word of
:data:`_OUTLET_WORDS` counts as an outlet too."""
_OUTLET_WORDS = frozenset((  # noqa: SIM905
    "broadcasting bulletin chronicle courier daily dispatch express gazette globe herald "
    "insider journal magazine media mirror monitor news observer post press radio report.az "
    "review spectator standard telegraph television times tribune tv voice weekly wire"
).split())
_THINK_WORDS = (
    "carnegie", "crisis group", "crisis grp", "chatham house", "brookings",
    "rand corporation", "endowment", "council on foreign relations", "institute for war",
    "iwpr", "csis",
)
_ORG_WORDS = frozenset((  # noqa: SIM905
    "affairs affs. agency alliance amnesty assembly association authority bank bureau "
    "center centre coalition coe comm'r commission commissioner committee comm’r congress "
    "council court cross defender department embassy eu federation foundation fund gov. "
    "government govt grp. hrw hum. icrc institute int'l int’l iphr league mfa ministries "
    "ministry mission nations nato network observatory ocha off. office ohchr ombudsman "
    "ombudsperson org. organisation organization osce p'ship parl. parliament partnership "
    "presidency president procuracy program programme prosecutor p’ship red rts. "
    "secretariat senate society tribunal un unama undp unesco unhcr unicef union watch"
).split())
"""Words (and Bluebook abbreviations) that make a capitalised name an organisation's."""
_GENRES = frozenset((
    "background paper", "blog post", "brief", "briefing", "commentary", "data set",
    "dataset", "discussion paper", "editorial", "fact sheet", "factsheet", "interview",
    "letter", "map", "news", "news release", "op-ed", "opinion", "photo", "photograph",
    "podcast", "policy brief", "post", "press release", "press statement",
    "public statement", "report", "speech", "statement", "thread", "tweet", "video",
    "working paper",
))
"""Labels set before or after a title to say what kind of text it is."""
_PUBLISHER_WORDS = frozenset((  # noqa: SIM905
    "bloomsbury books brill elgar hart kluwer macmillan nijhoff palgrave penguin polity "
    "press publisher publishers publishing routledge sage springer verso wiley zed"
).split())
_PARTICLES = frozenset((  # noqa: SIM905
    "al bin da das de del den der di dos du e el ibn la le st ten ter van von y zu"
).split())
"""Lower-case parts of personal names (``van der``, ``de la``, ``al``)."""
_LOWER_OK_IN_ORG = frozenset((  # noqa: SIM905
    "& and at de des du et for in la le of on the to"
).split())
# fmt: on

_CASE_RE = re.compile(r"\b[A-Z][\w.’'-]*(?:\s+\S+){0,8}?\s+v\.?\s+[A-Z(]")
_CASE_HINT_RE = re.compile(r"\sv\.?\s")
"""What every :data:`_CASE_RE` match holds; far cheaper to look for first."""
_TREATY_RE = re.compile(
    r"\b(?:Convention|Covenant|Protocol|Statute|Treaty|Charter|Agreement|Accord)\b.*?"
    r"(?:U\.?N\.?T\.?S\.?|U\.?S\.?T\.?|I\.?L\.?M\.?|ETS|CETS|\d{4})"
    r"|^(?:the\s+)?(?:[A-Z][\w’'-]*\s+)*(?:Convention|Covenant|Protocol|Charter|Statute)\b"
    r"|\b(?:ICCPR|ICESCR|CEDAW|CERD|UNCAT|ECHR|Rome Statute|Geneva Convention)\b"
)
_UN_DOC_RE = re.compile(
    r"\b(?:U\.?N\.?\s*Doc\.?|UNGAOR|UNSCOR|GAOR|SCOR|[AS]/(?:RES/)?\d|A/HRC/|"
    r"CCPR/|CERD/|CAT/|E/CN\.|[GS]\.?\s?A\.?\s+Res\.?|S\.?C\.?\s+Res\.?|\b[GS][AC] Res\b)"
)
_DOC_SYMBOL_RE = re.compile(
    r"^(?:U\.?N\.?\s*Doc\.?\s*)?[A-Z]{1,6}(?:/[\w.()-]+){1,6}$|^U\.?N\.?\s*Doc\.?\s+\S+$|"
    r"^(?:UNGAOR|UNSCOR|GAOR|SCOR)(?:,?\s.*)?$"
)
_PINPOINT_RE = re.compile(
    r"(?:^|[\s,])(?P<pin>(?:at\s+)?(?:pp?\.|paras?\.?|¶+|arts?\.?|Article|section|s\.|ch\.)"
    r"\s*\d[\w–-]*(?:\s*(?:,|and|&|–|-)\s*\d[\w–-]*)*)",
    re.IGNORECASE,
)

# ---------------------------------------------------------------------------------------
# Splitting a note into works

_SPLIT_SIGNAL_RE = re.compile(
    r"(?:;\s+|\.\s+|\n\s*|(?P<after_url>(?<=[/>\w])\s+(?=See\b|Cf\b)))"
    r"(?=(?:[Ss]ee(?:,?\s+also|,?\s+e\.g\.,?|,?\s+for example,?|"
    r",?\s+generally)?|[Cc]f\.?|Compare|[Cc]ontra|But see|Accord|[Aa]lso)\s+\S)"
)


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
    for match in _SPLIT_SIGNAL_RE.finditer(text):
        head = text[: match.start()]
        # "See, e.g." at the very start, or a signal right after an abbreviation's dot
        # ("No. See") is not a boundary.
        if not head.strip() or re.search(r"\b(?:[A-Z]|No|Vol|art|arts|para|p|pp|v)\.?$", head):
            continue
        if head.count("“") > head.count("”") or head.count("(") > head.count(")"):
            continue
        if match.group("after_url") and not re.search(r"(?:https?://|www\.|<)\S*$", head):
            continue  # "See" after a line-joined URL starts a work; after a word it does not
        cuts.append(match.end())
    parts: list[str] = []
    for start, end in zip(cuts, [*cuts[1:], len(text)], strict=True):
        part = text[start:end].strip()
        part = re.sub(r"[;\s]+$", "", part)
        if not part:
            continue
        if parts and not _cites_something(parts[-1]):
            # A remark before the first signal ("The court disagreed. See …") is no work.
            parts[-1] = f"{parts[-1]} {part}"
        else:
            parts.append(part)
    return parts or [text]


_CITES_RE = re.compile(
    r"https?://|www\.|[“”\"]|\b(?:1[6-9]|20)\d\d\b|\b(?:supra|ibid|id\.|above|below|infra)\b|"
    r"\bnotes?\s+\d|\bv\.?\s+[A-Z]|\bArticle\s+\d|\bart\.?\s+\d",
    re.IGNORECASE,
)


def _cites_something(part: str) -> bool:
    """Whether a piece of a note names a work (a link, a quote, a year, a cross-reference)."""
    return bool(_CITES_RE.search(part))


# ---------------------------------------------------------------------------------------
# Parsing


@dataclass
class _Draft:
    """Fields while a citation is being read (local to one call)."""

    author: str | None = None
    title: str | None = None
    container: str | None = None
    date: FoundDate | None = None
    accessed: FoundDate | None = None
    accessed_text: str | None = None
    pinpoint: str | None = None
    doi: str | None = None
    kind: WorkKind | None = None
    platform: str | None = None
    urls: list[str] = field(default_factory=list)
    hints: set[str] = field(default_factory=set)
    note: list[str] = field(default_factory=list)

    def offer_date(self, found: FoundDate | None) -> None:
        """Keep the most precise publication date offered; the first on ties."""
        if found is None:
            return
        if self.date is None or found.precision > self.date.precision:
            self.date = found

    def leftover(self, text: str | None) -> None:
        if text and (cleaned := text.strip(" ,.;:")):
            self.note.append(cleaned)


_SIGNAL_RE = re.compile(
    r"^(?:(?:[Ss]ee(?:,?\s+also)?(?:,?\s+e\.g\.,?|,?\s+for example,|,?\s+generally)?|"
    r"[Cc]f\.?|Compare|Contra|But see|Accord|[Aa]lso|E\.g\.,?|e\.g\.,?)(?:\s+|$))+"
)
_LABEL_RE = re.compile(r"^\s*(?:\[\d+\]|\d{1,3}\.(?=\s))\s*")
# Pieces of the same URL after a line break that extraction turned into a space.
_URL_TAIL = (
    r"(?:\s+(?:[^\s<>“”\"]*[/=?&%#_][^\s<>“”\"]*|-?[a-z0-9]+(?:[-.][a-z0-9]+)+/?|-[\w-]+|"
    r"[\w-]+\.(?:pdf|PDF|html?|HTML?|php|aspx?)|[\w.()-]*\d[\w.()-]*(?=[.\s]*$))(?=[\s.,;]|$))*"
)
_URL_RE = re.compile(
    r"<(?:https?://|www\.|[\w-]+(?:\.[\w-]+)+/)[^<>]*>|<[^<>\s]+>|(?:https?://|www\.)[^\s<>]+"
    + _URL_TAIL
)
_DOI_PREFIX_RE = re.compile(r",?\s*\bdoi:\s*(10\.\d{4,9}/[^\s<>]+" + _URL_TAIL + ")", re.IGNORECASE)
_DOI_RE = re.compile(
    r"(?:\bdoi:\s*|(?:https?://)?(?:dx\.)?doi\.org/)(10\.\d{4,9}/[^\s<>]+)", re.IGNORECASE
)
_SSRN_RE = re.compile(r"ssrn\.com/\S*?(?:abstract_?id=|SSRN_ID)(\d{5,8})", re.IGNORECASE)
_ACCESS_LEAD = (
    r"(?:last\s+visited|last\s+accessed|accessed(?:\s+on)?|Accessed:?|retrieved(?:\s+on)?|"
    r"Retrieved|consulted(?:\s+on)?|viewed(?:\s+on)?)"
)


# The clean-ups of _take_links, compiled once. Each is tried only when a literal it needs is
# in the text: most citations print none of these lead-ins, and scanning a note a dozen times
# for nothing was the slowest part of parsing.
_DATE_ANY = r":?\s*(?P<d>[^()]*?\d{4})"
_ACCESS_PAREN_RE = re.compile(rf"\(\s*{_ACCESS_LEAD}\s*{_DATE_ANY}\s*\)", re.IGNORECASE)
_ACCESS_FROM_RE = re.compile(rf"[,.]?\s*{_ACCESS_LEAD}\s*{_DATE_ANY},?\s+from\b")
_ACCESS_RE = re.compile(
    rf"(?P<keep>[,.]?)\s*\b{_ACCESS_LEAD}\s*{_DATE_ANY}(?=[\s,.;]|$)", re.IGNORECASE
)
_ACCESS_WORDS = ("visited", "accessed", "retrieved", "consulted", "viewed")
"""Lower-cased, one of these is in every text the access-date patterns match."""
_ONLINE_RE = re.compile(
    r",?\s*online\s*(?:\((?:pdf|video|audio)\))?:\s*(?P<plat>[A-Z][\w. ]{0,30}?)?\s*(?=<)"
)
_ARCHIVED_RE = re.compile(r",?\s*archived at:?\s*(?=<|https?://|www\.)", re.IGNORECASE)
_BRACKET_ONLINE_RE = re.compile(r"\.?\s*\[Online\]\.?\s*(?:Available(?: at)?:?)?\s*")
_AVAILABLE_RE = re.compile(r",?\s*(?:available|Available) (?:at|from):?\s*(?=<|https?://|www\.)")
_BRACKET_URL_RE = re.compile(r"\[\s*(?:https?://|www\.)[^\]]*\]")
_SPACE_PUNCT_RE = re.compile(r"\s+([,.;)])")
_EMPTY_PARENS_RE = re.compile(r"\(\s*\)")
_TRAILING_SEP_RE = re.compile(r"(?:[,;]\s*)+(?=[.;]?\s*$)")
_URL_END_PUNCT_RE = re.compile(r"[.,;:]+$")
_ASCII_FOLD = str.maketrans({"İ": "i", "ı": "i", "ſ": "s", "\u212a": "k"})
"""The non-ASCII letters ``re.IGNORECASE`` equates with ASCII ones, so that a literal guard
on ``_fold(text)`` never skips a text an IGNORECASE pattern would match."""


def _fold(text: str) -> str:
    if text.isascii() or not any(c in text for c in "İıſ\u212a"):
        return text.lower()
    return text.translate(_ASCII_FOLD).lower()


def _strip_url(url: str) -> str:
    url = url.strip("<>")
    url = _URL_END_PUNCT_RE.sub("", url)
    while url.endswith(")") and url.count(")") > url.count("("):
        url = url[:-1]
    return url


def _take_links(text: str, draft: _Draft) -> str:
    """Remove URLs, DOIs, access dates and their lead-ins; record what they said."""

    def doi(match: re.Match[str]) -> str:
        draft.doi = draft.doi or _strip_url("".join(match.group(1).split())).rstrip(".")
        return " "

    lower = _fold(text)
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

    if any(w in lower for w in _ACCESS_WORDS):
        text = _ACCESS_PAREN_RE.sub(access, text)
        text = _ACCESS_FROM_RE.sub(access, text)
        text = _ACCESS_RE.sub(access, text)

    # Lead-ins with the platform McGill names before the link: "online: Facebook <…>".
    def online(match: re.Match[str]) -> str:
        if match.group("plat"):
            draft.platform = match.group("plat").strip()
        return " "

    if "online" in text:
        text = _ONLINE_RE.sub(online, text)
    if "archived at" in _fold(text):
        text = _ARCHIVED_RE.sub(" ", text)
    if "[Online]" in text:
        text = _BRACKET_ONLINE_RE.sub(" ", text)
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
        if draft.doi is None and (found := _DOI_RE.search(link)):
            draft.doi = _strip_url(found.group(1)).rstrip(".")
    for link in draft.urls:
        if draft.doi is None and (ssrn := _SSRN_RE.search(link)):
            draft.doi = f"10.2139/ssrn.{ssrn.group(1)}"
            draft.hints.add("ssrn")
    text = _SPACE_PUNCT_RE.sub(r"\1", text)
    if "(" in text:
        text = _EMPTY_PARENS_RE.sub(" ", text)
    end = text.rstrip()
    if end.endswith((",", ";")) or end.endswith(".") and end[:-1].rstrip().endswith((",", ";")):
        text = _TRAILING_SEP_RE.sub("", text)  # it only matches separators left at the end
    return " ".join(text.split())


_SPLIT_MARKS_RE = re.compile(r"[,()\[\]“”]")
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


_MDY_HEAD_RE = re.compile(rf"\b{_MONTH_RE}\s+[0-3]?\d$")
_YEAR_HEAD_RE = re.compile(r"(?:^|[\s(])(?:1[6-9]|20)\d\d$")
_YEAR_NEXT_RE = re.compile(r"\s*(?:1[6-9]|20)\d\d\b")
_MONTH_NEXT_RE = re.compile(rf"\s*{_MONTH_RE}(?:\s+[0-3]?\d)?[a-z]?\s*\)")


def _comma_in_date(text: str, i: int) -> bool:
    """Whether the comma at ``i`` sits inside a date (``July 24, 2021``, ``(2021, May 3)``)."""
    head, rest = text[max(0, i - 16) : i], text[i + 1 : i + 24]
    if _MDY_HEAD_RE.search(head) and _YEAR_NEXT_RE.match(rest):
        return True
    return bool(_YEAR_HEAD_RE.search(head) and _MONTH_NEXT_RE.match(rest))


def _words(text: str) -> list[str]:
    return text.replace("/", " ").split()


def _is_platform(text: str | None) -> bool:
    return bool(text) and (text or "").strip(" .,").lower() in _PLATFORMS


_OUTLET_NAME_RE = re.compile(
    r"(?<![\w])(?:" + "|".join(re.escape(n) for n in _OUTLET_NAMES) + r")(?![\w])"
)
"""Any of :data:`_OUTLET_NAMES` as a whole word: one scan instead of one per name."""
_HYPHEN_SPACE_RE = re.compile(r"[\s-]+")
_BLOG_NAME_RE = re.compile("|".join(map(re.escape, _BLOG_NAMES)))
_THINK_WORD_RE = re.compile("|".join(map(re.escape, _THINK_WORDS)))
"""Any of the names as a substring, in one scan."""


def _is_named_outlet(text: str) -> bool:
    lower = text.lower().strip(" .,")
    return _OUTLET_NAME_RE.search(lower) is not None


def _is_outlet(text: str) -> bool:
    lower = text.lower().strip(" .,")
    if _is_platform(lower) or _is_named_outlet(lower):
        return True
    if _BLOG_NAME_RE.search(lower):
        return True
    return any(w.strip(".,()") in _OUTLET_WORDS for w in _HYPHEN_SPACE_RE.split(lower))


def _is_think_tank(text: str) -> bool:
    lower = text.lower()
    return _THINK_WORD_RE.search(lower) is not None


def _is_blog(text: str) -> bool:
    lower = text.lower()
    return "(blog)" in lower or _BLOG_NAME_RE.search(lower) is not None


def looks_like_org(text: str) -> bool:
    """An organisation's name: an organisation word, capitalised words, few lowercase."""
    text = text.strip(" ,.")
    if not text or len(text) > 120 or ":" in text or "“" in text:
        return False
    words = _words(text)
    if len(words) > 14:
        return False
    for w in words:
        bare = w.strip("(),")
        if not bare:
            continue
        if bare[0].islower() and bare.lower() not in _LOWER_OK_IN_ORG:
            return False
    lower_words = {w.lower().strip("(),") for w in words}
    if lower_words & _ORG_WORDS:
        return True
    if "red cross" in text.lower() or "human rights" in text.lower():
        return True
    # Abbreviated names ("Eur. Parl.", "Hum. Rts. Watch") or an acronym ("OCHA", "HRW").
    abbrevs = sum(1 for w in words if re.fullmatch(r"[A-Z][a-z’']{1,6}\.", w))
    if abbrevs >= 2:
        return True
    return bool(re.fullmatch(r"[A-Z]{2,7}", text))


_HANDLE_RE = re.compile(r"\s*\((?:@|\[@)[^)]*\)|\s*\[@[^\]]*\]")
_ET_AL_END_RE = re.compile(r",?\s+et al\.?$")
_NAMES_SPLIT_RE = re.compile(r",?\s+(?:and|&)\s+|,\s+(?=[^\W\d_])")
_AT_HANDLE_RE = re.compile(r"\s*\(@[^)]*\)|\s*\[@[^\]]*\]")
_TITLE_END_RE = re.compile(r"(?<!\.)[,.]$")
_NAME_TOKEN_RE = re.compile(r"^(?:[A-Z]\.(?:-?[A-Z]\.)*|[^\W\d_][\w’'\-]*\.?)$")


def looks_like_person(text: str) -> bool:
    """One or more people's names: ``Ann Lee``, ``A. Lee``, ``Lee, A., & Kim, B.``."""
    text = text.strip(" ,")
    text = _HANDLE_RE.sub("", text)
    text = _ET_AL_END_RE.sub("", text)
    if not text or ":" in text or any(c.isdigit() for c in text):
        return False
    names = [
        n.strip(" ,")
        for n in _NAMES_SPLIT_RE.split(text)
        if n.strip(" ,")
    ]
    if not names or len(names) > 12:
        return False
    for name in names:
        tokens = name.split()
        if not 1 <= len(tokens) <= 5:
            return False
        capital = 0
        for token in tokens:
            if token.lower() in _PARTICLES:
                continue
            if not _NAME_TOKEN_RE.match(token) or not token[0].isupper():
                return False
            if token.lower().strip(".") in _ORG_WORDS:
                return False
            capital += 1
        if capital == 0:
            return False
    # "Lee, A." pieces are split by the comma: a lone initial is part of a name.
    return (
        any(len(n.split()) >= 2 for n in names)
        or all(re.fullmatch(r"[A-Z]\.(?:\s?[A-Z]\.)*", n) or len(n) > 1 for n in names)
        and len(names) >= 2
    )


def _clean_author(text: str) -> str:
    text = _AT_HANDLE_RE.sub("", text)
    return text.strip(" ,;")


def _clean_title(text: str) -> str:
    """Drop the comma or full stop a style sets after a title (an ellipsis stays)."""
    return _TITLE_END_RE.sub("", text.strip()).strip()


def _is_genre(text: str) -> bool:
    return text.strip(" ,.[]").lower() in _GENRES


def parse_fields(text: str, *, kind: NoteKind = NoteKind.FOOTNOTE) -> Fields:
    """Author, title, container, dates, pinpoint, DOI and work kind of one citation.

    ``text`` is one work's full citation (see :func:`split_works` for notes citing
    several). Fields are returned as printed; ``note`` keeps what no field took. The
    style is read from the text itself; ``kind`` only matters for body text
    (:attr:`NoteKind.BODY`), which is prose around a link rather than a citation.
    """
    draft = _Draft()
    text = unicodedata.normalize("NFC", text)  # "s" + combining cedilla reads as "ş"
    body = " ".join(text.split())
    if kind is NoteKind.BODY:
        _take_links(body, draft)
        draft.leftover(body)
        return _finish(draft, text)
    body = _LABEL_RE.sub("", body)
    body = _SIGNAL_RE.sub("", body).strip()
    body = _take_links(body, draft)
    low = _fold(body)
    if (
        ("supra" in low or "infra" in low or low.startswith(("ibid", "id", "op")))
        and _SHORT_FORM_RE.search(body)  # the literal check spares scanning most notes
    ):
        # Ibid., Id., supra: the full citation is elsewhere (the short-form resolver finds
        # it); only a pinpoint is this note's own.
        pin = re.search(
            r"(?:,\s*|\s)(?P<pin>at\s+\d[\w–-]*|(?:pp?|paras?|arts?)\.?\s*\d[\w()–-]*)", body
        )
        draft.pinpoint = pin.group("pin") if pin else None
        draft.leftover(body)
        return _finish(draft, text)
    if not _read_apa(body, draft) and not _read_quoted(body, draft):
        _read_plain(body, draft)
    return _finish(draft, text)


_SHORT_FORM_RE = re.compile(r"^(?:Ibid|Id)\b\.?|\b(?:supra|infra)\b|^Op\.? cit\b", re.IGNORECASE)


# --- APA ------------------------------------------------------------------------------

_APA_DATE_RE = re.compile(
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
        head = head.rstrip(".") if not re.search(r"\b[A-Z]\.$", head) else head
        sentences = _sentences(rest)
        sentences = [s for s in sentences if s.strip(" .")]
        head_is_author = looks_like_person(head) or looks_like_org(head) or _is_platform(head)
        if sentences and re.match(r"In [A-Z]", sentences[0]):
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


def _sentences(text: str) -> list[str]:
    """Split APA's ``Title. Container, 18(3), 1–9.`` at sentence ends."""
    out = re.split(r"(?<=[^\s.][.?!])(?<![A-Z]\.)\s+(?=[A-Z\[(“\"0-9])|(?<=\?\.)\s+", text)
    return [s.strip() for s in out if s and s.strip()]


def _apa_container(sentence: str, draft: _Draft) -> None:
    sentence = sentence.strip(" .")
    journal = re.match(r"^(?P<c>.+?),\s*\d+(?:\(\d+[^)]*\))?(?:,\s*(?P<p>[\d–-]+))?", sentence)
    if journal and re.search(r",\s*\d", sentence):
        draft.container = journal.group("c")
        draft.hints.add("journal")
        draft.leftover(sentence[journal.end("c") :])
        return
    draft.container = sentence


def _apa_title(draft: _Draft) -> None:
    if not draft.title:
        return
    title = draft.title.strip()
    bracket = re.search(r"\s*\[(?P<b>[^\]]+)\]\.?$", title)
    if bracket:
        draft.hints.add(bracket.group("b").lower())
        draft.leftover(bracket.group("b"))
        title = title[: bracket.start()]
    paren = re.search(r"\s*\((?P<p>[^)]+)\)\.?$", title)
    if paren and (_DOC_SYMBOL_RE.match(paren.group("p")) or "/" in paren.group("p")):
        draft.leftover(paren.group("p"))
        title = title[: paren.start()]
    if title.endswith(("?.", "!.")):
        title = title[:-1]
    draft.title = _clean_title(title)


# --- quoted titles --------------------------------------------------------------------


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
    single = re.search(r"(?:^|(?<=[\s,]))‘[^‘]+?’(?=\s*[,.(]|\s*$)", body)
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
    ngo_shape = bool(re.match(r"^\s*,\s*[^(]+,\s*[^()]*\d{4}", post)) and title[-1:] not in ",."
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
    return bool(re.search(r"\w\.[a-z]{2,6}$", text.strip()))


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
    mcgill_journal = re.match(
        r"^[,.]?\s*\((?P<y>(?:1[6-9]|20)\d\d)\)\s+(?P<v>\d+(?::\d+)?)\s+(?P<c>[^,]+?)"
        r"(?:\s+(?P<p>\d+)\b|\s*$)",
        post,
    )
    if mcgill_journal:
        draft.offer_date(parse_date(mcgill_journal.group("y")))
        draft.container = mcgill_journal.group("c")
        draft.hints.add("journal")
        draft.leftover(post[mcgill_journal.end() :])
        return
    # Chicago: "(working paper, SSRN, December 7, 2021)".
    chicago_paren = re.match(r"^[,.]?\s*\((?P<inner>[^()]*\d{4})\)", post)
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


_SEG_PAREN_RE = re.compile(r"(?P<head>.*?)\s*\((?P<inner>[^()]+)\)(?P<tail>.*)")
_SEG_DATE_LEAD_RE = re.compile(r"^(?:last modified|updated|published)\s+", re.IGNORECASE)


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
        lead = re.match(r"(?P<d>.+?(?:1[6-9]|20)\d\d)\.\s+(?P<rest>.+)$", seg)
        if lead and (found := parse_date(lead.group("d"))):
            draft.offer_date(found)  # "Dec. 12, 2020. <stray text>"
            draft.leftover(lead.group("rest"))
            continue
        if re.fullmatch(r"\d{1,2}:\d\d\s*(?:[AP]\.?M\.?)?", seg, flags=re.IGNORECASE):
            continue  # the time of a post
        pin = re.fullmatch(
            r"(?:pp?\.|paras?\.?|arts?\.?|at)\s*\d[\w–\-, ]*", seg, flags=re.IGNORECASE
        )
        if pin:
            if seg.lower().startswith("pp."):
                draft.leftover(seg)
            else:
                draft.pinpoint = draft.pinpoint or seg
            continue
        if re.fullmatch(r"(?:vol\.?|no\.?|issue)\s*\d+.*", seg, flags=re.IGNORECASE):
            draft.hints.add("journal")
            # Chicago "no. 1 (2016): 876": the year sits here.
            year = re.search(r"\(((?:1[6-9]|20)\d\d)\)", seg)
            if year:
                draft.offer_date(parse_date(year.group(1)))
            page = re.search(r"\):\s*(\d+)$", seg)
            if page:
                draft.pinpoint = draft.pinpoint or page.group(1)
            draft.leftover(seg)
            continue
        if _DOC_SYMBOL_RE.match(seg) or _UN_DOC_RE.match(seg):
            draft.hints.add("un")
            draft.leftover(seg)
            continue
        if _is_genre(seg):
            draft.hints.add(seg.lower())
            draft.leftover(seg)
            continue
        container_done = _take_container(seg, draft, container_done)


def _date_in(text: str) -> bool:
    return bool(find_dates(text)) and bool(
        parse_date(re.sub(r"\s+at\s+\d.*$|,\s*\d{1,2}:\d\d.*$", "", text))
    )


def _take_date_text(text: str, draft: _Draft) -> None:
    text = re.sub(r"\s+at\s+\d{1,2}:\d\d.*$|,\s*\d{1,2}:\d\d.*$", "", text)
    draft.offer_date(parse_date(text))


def _take_container(seg: str, draft: _Draft, done: bool) -> bool:
    if done or draft.container is not None:
        draft.leftover(seg)
        return True
    seg = seg.strip(" .")
    if re.search(r"\(blog\)$", seg):
        draft.hints.add("blog")
        seg = seg[: -len("(blog)")].strip()
    media = re.fullmatch(
        r"(?P<c>.+?)\s+(?P<g>video|post|thread|channel|working paper)", seg, re.IGNORECASE
    )
    if media and (_is_platform(media.group("c")) or media.group("g").lower() == "working paper"):
        draft.hints.add(media.group("g").lower())
        seg = media.group("c")
    volume = re.fullmatch(r"(?P<c>.+?)\s+(?P<v>\d+)", seg)
    if volume and not re.search(r"\d{4}$", seg):
        draft.hints.add("journal")
        seg = volume.group("c")
    draft.container = seg
    return True


# --- unquoted citations -----------------------------------------------------------------

_BOOK_PAREN_RE = re.compile(
    r"\((?:(?P<city>[A-Z][\w .,’'-]*?):\s*)?(?P<pub>[^():]+?),\s*(?P<y>(?:1[6-9]|20)\d\d)\)"
)
_PUBLISHER_PAREN_RE = re.compile(
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


def _read_plain(body: str, draft: _Draft) -> None:
    """Citations without a quoted title: Bluebook, McGill reports, books, cases, treaties."""
    body = body.strip(" .")
    article = re.match(r"^Article\s+(?P<n>\d+\w*)\s+of\s+(?:the\s+)?(?P<t>.+)$", body)
    if article:
        draft.pinpoint = f"Article {article.group('n')}"
        draft.title = article.group("t").strip(" .")
        draft.hints.add("treaty")
        return
    # Square-bracketed short names ("[Fourth Geneva Convention]") are the author's labels.
    for bracket in re.findall(r"\s*\[[^\]]+\]", body):
        if re.fullmatch(r"\s*\[(?:GC|\d{4}|\d+)\]", bracket):
            continue  # a Grand Chamber mark or a law-report year belongs to the cite
        draft.leftover(bracket.strip(" []"))
        body = body.replace(bracket, "")
    if _CASE_HINT_RE.search(body) and _CASE_RE.search(body) and not _TREATY_RE.search(body):
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
        extra = re.findall(r"\(([^()]*)\)", tail)
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


_SENTENCE_END_RE = re.compile(r"(?:(?<=[^\W\d_]{4})|(?<=[)’']))\.\s+(?=[A-Z0-9“\"‘])")
_CITY_PUBLISHER_RE = re.compile(
    r"^(?:(?P<ed>\d+(?:st|nd|rd|th)\s+ed)\.?\s+)?(?P<city>[A-Z][\w .’'-]+):\s*(?P<pub>.+?),\s*"
    r"(?P<y>(?:1[6-9]|20)\d\d)$"
)


def _read_sentence_style(body: str, draft: _Draft) -> bool:
    """Bibliography entries in sentences: ``Last, First. Title. City: Publisher, 2012.``"""
    sentences = [x.strip(" .") for x in _SENTENCE_END_RE.split(body) if x.strip(" .")]
    if len(sentences) < 2:
        return False
    first, second, rest = sentences[0], sentences[1], sentences[2:]
    if not re.search(r"[a-z]", first) or re.search(r"\([^()]*\d{4}\)$", second):
        return False  # small capitals ("AFFS. OF AZER.") or a Bluebook "(date)": not sentences
    if looks_like_person(first) or looks_like_org(first):
        draft.author = _clean_author(first)
        draft.title = _clean_title(second)
    elif _TREATY_RE.search(first) and parse_date(_split_top(second)[0]):
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
        paren = re.fullmatch(r"(?P<head>[^()]+?)\s*\((?P<inner>[^()]+)\)", sentence)
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
        if re.fullmatch(r"\d+", seg) and draft.pinpoint is None:
            draft.pinpoint = seg
            continue
        draft.leftover(seg)


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
        or re.search(r"\b(?:U\.?N\.?T\.?S\.?|U\.?S\.?T\.?|I\.?C\.?J\.? Rep)\b", segments[-1])
        or re.fullmatch(r"(?:U\.?N\.?\s*Doc\.?|No\.?|App\.? No\.?)\s+\S+.*", segments[-1])
    ):
        if _UN_DOC_RE.search(segments[-1]):
            draft.hints.add("un")
        if found := parse_date(segments[-1]):
            draft.offer_date(found)
            segments.pop()
            continue
        draft.leftover(segments.pop())
    # Bluebook journal: "Title, 112 Leiden J. Int’l L. 399" (+ ", 361" pinpoint).
    if (
        len(segments) >= 2
        and re.fullmatch(r"\d+", segments[-1])
        and re.fullmatch(r"\d+\s+.+?\s+\d+", segments[-2])
    ):
        draft.pinpoint = segments.pop()
    if len(segments) >= 2:
        journal = re.fullmatch(r"(?P<v>\d+)\s+(?P<c>.+?)\s+(?P<p>\d+)", segments[-1])
        if journal and not re.fullmatch(r"\d+", journal.group("c")):
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
            if people > 1 and not re.search(r"(?:&|\band\b|et al)", segments[people - 1]):
                people = 1
            draft.author = _clean_author(", ".join(segments[:people]))
            segments = segments[people:]
        elif looks_like_org(segments[0]) or (
            _is_genre(segments[0]) is False and re.search(r"\(@\w+\)", segments[0])
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
    article = re.search(r",?\s+(arts?\.?\s+\d[\w()]*(?:\s*[;,&–-]\s*\d[\w()]*)*)$", title)
    if article:
        draft.pinpoint = draft.pinpoint or article.group(1)
        title = title[: article.start()]
    pin = re.search(r"\s+(?:(?P<art>arts?\.?\s+\d[\w()]*)|(?P<page>\d{1,4}))$", title)
    if (
        pin
        and dated_paren
        and not re.search(r"(?:1[6-9]|20)\d\d$", title)
        and not re.search(r"\b(?:Res|No|Doc|Resolution|Decision|Protocol)\.?\s+\d+$", title)
    ):
        draft.pinpoint = draft.pinpoint or pin.group(0).strip()
        title = title[: pin.start()]
    found_nothing = not (draft.author or draft.container or draft.date or draft.hints)
    if found_nothing and len(segments) <= 2 and not _TREATY_RE.search(title):
        # Nothing marks this as a title (a short form, a remark): keep it as printed.
        draft.leftover(title)
        return
    draft.title = _clean_title(title)
    if re.search(r",\s*\d+(?:st|nd|rd|th) ed\.?$", draft.title):
        edition = re.search(r",\s*(\d+(?:st|nd|rd|th) ed\.?)$", draft.title)
        if edition:
            draft.leftover(edition.group(1))
            draft.title = draft.title[: edition.start()]


_POSSESSIVE_RE = re.compile(r"[’']s$")


def _is_publisher(text: str) -> bool:
    return any(
        _POSSESSIVE_RE.sub("", w.strip(".,")).lower() in _PUBLISHER_WORDS for w in text.split()
    )


def _reads_like_outlet(text: str) -> bool:
    """A short name in title case: ``Int’l Crisis Grp.``, ``Pub. Radio of Arm.``."""
    words = _words(text)
    if not 1 <= len(words) <= 6 or ":" in text:
        return False
    if not all(w[0].isupper() or w.lower() in _LOWER_OK_IN_ORG for w in words):
        return False
    # A headline's tail after its comma ("…, Monitors Say") ends in a reporting verb.
    if words[-1].lower().strip(".") in _REPORTING_VERBS or len(words) > 5:
        return False
    return any(re.search(r"[^\W\d]", w) for w in words)


_REPORTING_VERBS = frozenset(
    [
        "say",
        "says",
        "said",
        "warn",
        "warns",
        "warned",
        "find",
        "finds",
        "found",
        "claim",
        "claims",
        "claimed",
        "report",
        "reports",
        "show",
        "shows",
        "showed",
        "suggest",
        "suggests",
        "confirm",
        "confirms",
        "urge",
        "urges",
        "allege",
        "alleges",
        "insist",
        "insists",
        "admit",
        "admits",
        "deny",
        "denies",
        "told",
        "tells",
        "argue",
        "argues",
        "reveal",
        "reveals",
    ]
)


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


# --- kind and result -------------------------------------------------------------------


def _kind(draft: _Draft) -> WorkKind:
    hints = draft.hints
    title = draft.title or ""
    container = (draft.container or draft.platform or "").strip()
    author = draft.author or ""
    if "case" in hints:
        return WorkKind.CASE
    if "treaty" in hints or (
        not author
        and _TREATY_RE.search(title)
        and not container
        and not _urls_look_news(draft.urls)
    ):
        return WorkKind.TREATY
    platform_kind = _PLATFORMS.get(container.lower().strip(" ."))
    if platform_kind is WorkKind.SOCIAL or hints & {"post", "tweet", "thread"}:
        return WorkKind.SOCIAL
    if platform_kind is not None:
        return platform_kind
    if draft.doi and "ssrn" not in draft.doi or "journal" in hints:
        if "ssrn" in hints:
            draft.doi = None  # an article's SSRN copy: its DOI is the journal's, not printed
        return WorkKind.ARTICLE
    if hints & {"working paper", "working"} or (draft.doi or "").startswith("10.2139/ssrn"):
        return WorkKind.REPORT
    if container.lower() == "ssrn":
        return WorkKind.REPORT
    if "book" in hints or (
        container
        and _is_publisher(container)
        and not draft.urls
        and not _is_named_outlet(container)
    ):
        return WorkKind.BOOK
    if "un" in hints or _UN_DOC_RE.search(title) or re.match(r"^Report of\b", title):
        return WorkKind.REPORT
    if "blog" in hints or _is_blog(container):
        return WorkKind.WEB
    if container and _is_think_tank(container):
        return WorkKind.REPORT
    if container and _is_outlet(container):
        return WorkKind.NEWS
    if (
        author
        and not container
        and ("issuer" in hints or looks_like_org(author) or _is_think_tank(author))
    ):
        return WorkKind.REPORT
    if container and looks_like_org(container):
        return WorkKind.REPORT
    if hints & {"press release", "news release", "statement", "report"}:
        return WorkKind.REPORT
    if container and draft.date is not None and draft.date.precision == 3:
        return WorkKind.NEWS  # a dated issue of a named publication
    if hints & {"press release", "news release", "statement", "report"}:
        return WorkKind.REPORT
    if "published" in hints:
        return WorkKind.REPORT
    if draft.urls:
        return WorkKind.WEB
    return WorkKind.MISC


def _urls_look_news(urls: list[str]) -> bool:
    return any(re.search(r"news|times|guardian|reuters", u) for u in urls)


_KEEP_LOWER = frozenset(
    ["of", "for", "the", "and", "in", "on", "at", "to", "by", "de", "du", "des", "la", "le", "et"]
)
_TITLE_CASE_PARTICLES = frozenset(["al", "el"])


def _from_small_caps(text: str) -> str:
    """Undo small capitals that text extraction turned into capitals (``N.Y. TIMES``).

    Bluebook sets institutional authors and periodicals in small caps; extracted text
    shows them in capitals. Short all-capital words (``OC``, ``BBC``) are kept: they are
    more often acronyms than small-capped words.
    """

    def word(token: str, first: bool) -> str:
        bare = re.sub(r"[^\w’']", "", token)
        if token.lower() in _KEEP_LOWER:
            return token.capitalize() if first else token.lower()
        if re.fullmatch(r"(?:[A-Z]\.)+-?", token) or (
            len(bare) <= 3 and "." not in token and bare.lower() not in _TITLE_CASE_PARTICLES
        ):
            return token  # U.N., L.J., BBC
        parts = re.split(r"([-/])", token)
        out = []
        for part in parts:
            if part in "-/" or not part:
                out.append(part)
                continue
            low = part.lower()
            cased = low[:1].upper() + low[1:]
            if re.match(r"Mc[a-z]", cased):
                cased = "Mc" + cased[2:3].upper() + cased[3:]
            out.append(cased)
        return "".join(out)

    tokens = text.split()
    return " ".join(word(t, i == 0) for i, t in enumerate(tokens))


_LOWER_RE = re.compile(r"[a-z]")
_CAPS4_RE = re.compile(r"[A-Z]{4}")


def _small_caps_fixed(value: str | None, context: str) -> str | None:
    if value is None or _LOWER_RE.search(value) or not _CAPS4_RE.search(value):
        return value
    if " " not in value.strip() and not re.search(r"[.’']", value):
        return value  # one bare word (OCHA, UNHCR, SSRN) is more likely an acronym
    if not re.search(r"[a-z]{3}", context):
        return value  # the whole citation is in capitals: keep it as printed
    return _from_small_caps(value)


_NOT_A_NAME = re.compile(r"[.!?:]\s+(?:The|This|It|In|A|An|We|Our)\s|\(\d{1,2} \w+ \d{4}\)|^(?:\S+\s+){15}")
"""Text no author field holds: a sentence break, a parenthesised full date, 16+ words."""


def _finish(draft: _Draft, text: str) -> Fields:
    if draft.platform and draft.container is None:
        draft.container = draft.platform
    kind = _kind(draft)
    if kind is WorkKind.CASE and draft.date is not None:
        # A judgment's date is the date of decision, not of publication: keep it in the note.
        draft.leftover(draft.date.printed)
        draft.date = None
    date_iso = draft.date.iso if draft.date else None
    if kind is WorkKind.TREATY:
        # A treaty's printed date is when it was concluded, not when a text of it was
        # published: kept as printed, but not used to date the entry.
        date_iso = None
    if draft.author and draft.container:
        if draft.author.lower() == draft.container.lower():
            draft.container = None  # "(Amnesty International, 2021)": self-published
        elif draft.container.lower().startswith(draft.author.lower() + " "):
            draft.author = None  # "Google. … Google Maps.": the platform, not an author
    if draft.author and draft.author[0].islower() and draft.author.split()[0] not in _PARTICLES:
        draft.leftover(draft.author)  # a handle or repository name, not a person
        draft.author = None
    author = draft.author or None
    if author and author.lower() in {"anon", "anonymous"}:
        author = None
    if author and _NOT_A_NAME.search(author):
        draft.leftover(author)  # a sentence or a whole citation, not who wrote it
        author = None
    context = draft.title or text
    author = _small_caps_fixed(author, context)
    draft.container = _small_caps_fixed(draft.container, context)
    note = "; ".join(dict.fromkeys(draft.note)) or None
    if not any((author, draft.title, draft.container, draft.date)) and note is None:
        note = " ".join(text.split()) or None
    return Fields(
        author=author,
        title=draft.title or None,
        container=draft.container or None,
        date=draft.date.printed if draft.date else None,
        date_iso=date_iso,
        accessed=draft.accessed_text,
        accessed_iso=draft.accessed.iso if draft.accessed else None,
        pinpoint=draft.pinpoint,
        doi=draft.doi,
        kind=kind,
        note=note,
    )
