"""The little world knowledge the field reader needs: outlets, platforms, blogs, think tanks,
organisations, genres and publishers, and whether a segment reads like a person or an
organisation (:func:`looks_like_org`, :func:`looks_like_person`)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from citewatch.citations.model import WorkKind
from citewatch.lazy import lazy_pattern

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

_ASCII_FOLD = str.maketrans({"İ": "i", "ı": "i", "ſ": "s", "\u212a": "k"})
"""The non-ASCII letters ``re.IGNORECASE`` equates with ASCII ones, so that a literal guard
on ``_fold(text)`` never skips a text an IGNORECASE pattern would match."""


def _fold(text: str) -> str:
    if text.isascii() or not (
        "İ" in text or "ı" in text or "ſ" in text or "\u212a" in text
    ):
        return text.lower()
    return text.translate(_ASCII_FOLD).lower()


def _remembered(test: Callable[[str], bool]) -> Callable[[str], bool]:
    """``test`` with its answers for short texts remembered: the readers ask the same
    question of the same segment (a container, an author) several times a note, and the
    same outlets and organisations recur from note to note. Long texts are asked afresh
    (the memory keeps what it is given, and long ones seldom recur)."""
    remembered = functools.lru_cache(maxsize=2048)(test)

    @functools.wraps(test)
    def answer(text: str) -> bool:
        return remembered(text) if len(text) <= 100 else test(text)

    return answer


def _words(text: str) -> list[str]:
    return text.replace("/", " ").split()


def _is_platform(text: str | None) -> bool:
    return bool(text) and (text or "").strip(" .,").lower() in _PLATFORMS


_OUTLET_NAME_RE = lazy_pattern(
    r"(?<![\w])(?:" + "|".join(re.escape(n) for n in _OUTLET_NAMES) + r")(?![\w])"
)
"""Any of :data:`_OUTLET_NAMES` as a whole word: one scan instead of one per name."""

_HYPHEN_SPACE_RE = lazy_pattern(r"[\s-]+")

_BLOG_NAME_RE = lazy_pattern("|".join(map(re.escape, _BLOG_NAMES)))

_THINK_WORD_RE = lazy_pattern("|".join(map(re.escape, _THINK_WORDS)))
"""Any of the names as a substring, in one scan."""


@_remembered
def _is_named_outlet(text: str) -> bool:
    lower = text.lower().strip(" .,")
    return _OUTLET_NAME_RE.search(lower) is not None


@_remembered
def _is_outlet(text: str) -> bool:
    lower = text.lower().strip(" .,")
    if _is_platform(lower) or _is_named_outlet(lower):
        return True
    if _BLOG_NAME_RE.search(lower):
        return True
    return any(w.strip(".,()") in _OUTLET_WORDS for w in _HYPHEN_SPACE_RE.split(lower))


@_remembered
def _is_think_tank(text: str) -> bool:
    lower = text.lower()
    return _THINK_WORD_RE.search(lower) is not None


@_remembered
def _is_blog(text: str) -> bool:
    lower = text.lower()
    return "(blog)" in lower or _BLOG_NAME_RE.search(lower) is not None


@_remembered
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
    abbrevs = sum(1 for w in words if _ABBREV_RE.fullmatch(w))
    if abbrevs >= 2:
        return True
    return bool(_ACRONYM_RE.fullmatch(text))


_ABBREV_RE = lazy_pattern(r"[A-Z][a-z’']{1,6}\.")

_ACRONYM_RE = lazy_pattern(r"[A-Z]{2,7}")


_INITIALS_RE = lazy_pattern(r"[A-Z]\.(?:\s?[A-Z]\.)*")

_HANDLE_RE = lazy_pattern(r"\s*\((?:@|\[@)[^)]*\)|\s*\[@[^\]]*\]")

_ET_AL_END_RE = lazy_pattern(r",?\s+et al\.?$")

_NAMES_SPLIT_RE = lazy_pattern(r",?\s+(?:and|&)\s+|,\s+(?=[^\W\d_])")

_NAME_TOKEN_RE = lazy_pattern(r"^(?:[A-Z]\.(?:-?[A-Z]\.)*|[^\W\d_][\w’'\-]*\.?)$")


@_remembered
def looks_like_person(text: str) -> bool:
    """One or more people's names: ``Ann Lee``, ``A. Lee``, ``Lee, A., & Kim, B.``."""
    text = text.strip(" ,")
    if "@" in text:  # what every _HANDLE_RE match holds
        text = _HANDLE_RE.sub("", text)
    if "et al" in text:  # and every _ET_AL_END_RE match
        text = _ET_AL_END_RE.sub("", text)
    if not text or ":" in text or any(map(str.isdigit, text)):
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
        or all(_INITIALS_RE.fullmatch(n) or len(n) > 1 for n in names)
        and len(names) >= 2
    )


@_remembered
def _is_genre(text: str) -> bool:
    return text.strip(" ,.[]").lower() in _GENRES


@_remembered
def _is_publisher(text: str) -> bool:
    """A word of a publisher's name in ``text`` (a possessive ``’s`` aside)."""
    for w in text.split():
        bare = w.strip(".,")
        if bare.endswith(("’s", "'s")):
            bare = bare[:-2]
        if bare.lower() in _PUBLISHER_WORDS:
            return True
    return False


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
    return any(_LETTER_RE.search(w) for w in words)


_LETTER_RE = lazy_pattern(r"[^\W\d]")

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
