"""Readable citation keys: ``<who><year><word>``, e.g. ``hrw2020azerbaijan``.

``who`` is the first author's family name, an organisation's acronym (three or more
significant words: Human Rights Watch → ``hrw``) or its first word, else the container
(site, publisher), else the URL's host (``www.bbc.co.uk`` → ``bbc``). ``year`` comes from
the publication date; ``word`` is the first significant title word, else one from the
URL's path. Everything is ASCII-folded and lower-cased. These functions are pure: which
key a work finally gets (reuse of stored keys, suffixes ``a``, ``b`` …) is decided in
:mod:`citewatch.store.plan`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from urllib.parse import unquote

from citewatch.citations.model import Fields
from citewatch.lazy import lazy_pattern
from citewatch.url import Url

_FOLD_EXTRA = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "þ": "th",
        "Þ": "TH",
        "œ": "oe",
        "Œ": "OE",
        "ı": "i",
        "’": "'",
    }
)

STOPWORDS = frozenset(
    """a an the of on in and or for to with at by from into onto over under about as is are
    was were be been its it this that these those their his her our your re vs v la le
    les de des du el los las del di da der die das und ein eine see also cf ibid id
    supra infra op cit""".split()  # noqa: SIM905
)

_ORG_WORDS = frozenset(
    """watch international council committee commission organisation organization nations
    office ministry court tribunal agency institute institution centre center
    association network foundation amnesty union bank fund programme program department
    government parliament assembly secretariat society league federation coalition
    alliance group project trust service services news times post press guardian reuters
    bbc agence university college school authority board bureau human rights unhcr ohchr
    unicef unesco who ilo oecd osce""".split()  # noqa: SIM905
)

_SUFFIX_MAX = 20

_PATH_NOISE = frozenset(
    """news story stories article articles en fr es ar ru zh press release releases pages
    page content contents uploads files documents docs sites default index publications
    publication reports report media item items view node post posts blog wp wiki""".split()  # noqa: SIM905
)

_SECOND_LEVEL = frozenset(
    {"co", "ac", "gov", "org", "com", "net", "edu", "or", "ne", "go", "gob", "gouv"}
)


_WORD = lazy_pattern(r"[A-Za-z0-9]+")
_YEAR = lazy_pattern(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
_FIRST_NAME = lazy_pattern(r"\s+(?:and|&)\s+|;")
_FILE_SUFFIX = lazy_pattern(r"\.(html?|php|aspx?|pdf)$", re.IGNORECASE)
_OPAQUE = lazy_pattern(r"[a-z]?\d+[a-z0-9]*|[a-f0-9]{8,}")
"""A path word that is an id or a hash, not a word."""


def ascii_fold(text: str) -> str:
    """Latin letters without their accents; other scripts drop out."""
    if text.isascii():  # NFKD and the extra table leave ASCII as it is
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD_EXTRA))
    return decomposed.encode("ascii", "ignore").decode("ascii")


def words(text: str) -> list[str]:
    """ASCII-folded alphanumeric words, case kept."""
    return _WORD.findall(ascii_fold(text))


def is_organisation(name: str) -> bool:
    """Heuristic: does ``name`` name an organisation rather than people?"""
    ws = words(name)
    if not ws:
        return False
    if any(w.lower() in _ORG_WORDS for w in ws):
        return True
    if ws[0].isupper() and len(ws[0]) > 1:
        return True  # "OHCHR", "MFA Azerbaijan"
    if any(w.isdigit() for w in ws):
        return True
    return len(ws) > 4 and " and " not in name and "," not in name


def _who_from_name(name: str) -> str:
    if is_organisation(name):
        significant = [w for w in words(name) if w.lower() not in STOPWORDS]
        if not significant:
            return ""
        if len(significant) == 1:
            return significant[0].lower()
        if significant[0].isupper() and len(significant[0]) > 1:
            return significant[0].lower()
        if len(significant) >= 3:
            return "".join(w[0] for w in significant).lower()
        return significant[0].lower()
    first = _FIRST_NAME.split(name, maxsplit=1)[0].strip()
    if "," in first:
        family = first.split(",", 1)[0]
    else:
        parts = [w for w in words(first) if len(w) > 1 or len(words(first)) == 1]
        family = parts[-1] if parts else ""
    ws = words(family)
    return ws[-1].lower() if ws else ""


def _who_from_url(url: str) -> str:
    host = Url.parse(url).host
    labels = [x for x in host.split(".") if x and x not in {"www", "m", "web", "en", "amp"}]
    if len(labels) > 1:
        labels.pop()  # the top-level domain
    if len(labels) > 1 and labels[-1] in _SECOND_LEVEL:
        labels.pop()  # co.uk, org.au, gov.za …
    if not labels:
        return ""
    return "".join(words(labels[-1])).lower()


def year_of(fields: Fields) -> str:
    """The publication year, if the citation gives one."""
    for value in (fields.date_iso, fields.date):
        if value:
            found = _YEAR.search(value)
            if found:
                return found.group(1)
    return ""


def _significant_word(text: str) -> str:
    for word in words(text):
        lower = word.lower()
        if lower in STOPWORDS or len(lower) < 3 or lower.isdigit():
            continue
        return lower
    return ""


def _word_from_url(url: str) -> str:
    segments = [s for s in Url.parse(url).path.split("/") if s]
    for segment in segments:
        segment = _FILE_SUFFIX.sub("", segment)
        segment = unquote(segment)
        if segment.lower() in _PATH_NOISE:
            continue
        word = _significant_word(segment.replace("-", " ").replace("_", " "))
        if word and not _OPAQUE.fullmatch(word):
            return word
    return ""


def base_key(fields: Fields, urls: tuple[str, ...] = (), fallback: str = "") -> str:
    """The key a work gets before disambiguation; never empty."""
    who = ""
    for name in (fields.author, fields.container):
        if name:
            who = _who_from_name(name)
            if who:
                break
    if not who and urls:
        who = _who_from_url(urls[0])
    word = _significant_word(fields.title or "")
    if not word and urls:
        word = _word_from_url(urls[0])
    if not word and not fields.title:
        word = _significant_word(fallback)
    if word == who:
        word = ""
    key = who[:_SUFFIX_MAX] + year_of(fields) + word[:_SUFFIX_MAX]
    return key or "work"


def suffix(n: int) -> str:
    """The ``n``-th disambiguating suffix (0-based): ``a`` … ``z``, ``aa`` … ``zz``, …"""
    letters = "abcdefghijklmnopqrstuvwxyz"
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, len(letters))
        out = letters[r] + out
    return out


def suffixes() -> Iterator[str]:
    """``a`` … ``z``, ``aa`` … ``zz``, … : the disambiguating suffixes, in order."""
    n = 0
    while True:
        yield suffix(n)
        n += 1


class KeyAllocator:
    """Hands out free keys: ``base`` if free, else ``base`` + the first free suffix.

    Keys are compared case-insensitively. Keys only ever become taken, so the first free
    suffix of a base never moves backwards: remembering where the search for each base
    stopped makes n works with one base cost O(n) in all, not O(n²) (a site cited 8,000
    times gives 8,000 works whose keys differ only by suffix).
    """

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self._taken = {k.lower() for k in taken}
        self._next: dict[str, int] = {}

    def take(self, key: str) -> None:
        """Mark ``key`` as used."""
        self._taken.add(key.lower())

    def allocate(self, base: str) -> str:
        """The key for a new work with this base key (marked as used)."""
        if base.lower() not in self._taken:
            self.take(base)
            return base
        folded = base.lower()
        n = self._next.get(folded, 0)
        while folded + suffix(n) in self._taken:
            n += 1
        self._next[folded] = n + 1
        key = base + suffix(n)
        self.take(key)
        return key


def disambiguate(base: str, taken: set[str]) -> str:
    """``base`` if free, else the first free ``base`` + suffix (compared case-insensitively)."""
    return KeyAllocator(taken).allocate(base)
