"""Recognise short forms (``Ibid.``, ``Id. at 5``, ``supra note 23``, ``Author, "Short Title."``,
a repeated full citation) and resolve them to the note holding the full citation.

Resolution is a pure function over the notes in order, so a chain (an ibid of an ibid of a
short form) is followed to the full citation and recorded.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from citewatch.citations.fields.lexicon import _fold
from citewatch.citations.fields.rescan import first_of, sub_after
from citewatch.citations.model import Ref, RefKind
from citewatch.lazy import lazy_pattern

_LEAD = r"^\s*(?:(?:see|cf\.?|see also|see, e\.g\.,|see, for example,)\s+)*"
_IBID = lazy_pattern(_LEAD + r"ibid\b", re.IGNORECASE)
_ID = lazy_pattern(_LEAD + r"id\.(?=\s|,|;|$)", re.IGNORECASE)
_SUPRA = lazy_pattern(
    r"\b(?:supra|op\.?\s*cit\.?),?\s+(?:note|n\.?|fn\.?|footnote)\s*(\d{1,4})\b", re.IGNORECASE
)
_ABOVE = lazy_pattern(r"\b(?:foot)?notes?\s+(\d{1,4})\s+above\b", re.IGNORECASE)
_URL = lazy_pattern(r"https?://|www\.", re.IGNORECASE)
_QUOTED = lazy_pattern(r"[“\"‘']([^”\"’]{3,200}?)[,.]?[”\"’]")
_YEAR = lazy_pattern(r"\b(?:1[89]|20)\d\d\b")
_LEAD_RE = lazy_pattern(_LEAD, re.IGNORECASE)
_WORD = lazy_pattern(r"\w+")
_NAME_END = lazy_pattern(r"[,“\"‘]")
_ET_AL = lazy_pattern(r"\bet al\.?")
_FULL_DATE = lazy_pattern(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d|\d{1,2}\s+"
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)|\b(?:1[89]|20)\d\d\b(?!\))"
)
_KEY_URL = lazy_pattern(r"(?:available at:?|online:?)?\s*<?(?:https?://|www\.)\S+", re.IGNORECASE)


@dataclass(frozen=True)
class Work:
    """What resolution needs to know about one cited work."""

    label: str
    text: str
    urls: tuple[str, ...] = ()
    is_citation: bool = True


def detect(text: str) -> tuple[RefKind, int | None] | None:
    """The short form ``text`` opens with, and the note number it names (supra)."""
    if _IBID.match(text):
        return RefKind.IBID, None
    if _ID.match(text):
        return RefKind.ID, None
    # _fold equates what IGNORECASE does ("ſ" with "s", "ı" with "i"): a literal check it
    # fails means the pattern cannot match, and spares scanning the note
    folded = _fold(text)
    m = None
    if "supra" in folded or ("op" in folded and "cit" in folded):
        m = _SUPRA.search(text)
    if m is None and "above" in folded:
        m = _ABOVE.search(text)
    if m and len(text) < 260:
        return RefKind.SUPRA, int(m.group(1))
    return None


def _norm(s: str) -> str:
    """Lower-case words, one space apart: punctuation and spacing do not count. (A word is
    a run of ``\\w``: what stays between spaces once every other character is one.)"""
    return " ".join(_WORD.findall(unicodedata.normalize("NFKC", s).lower()))


def _lead_name(text: str) -> str:
    """The author part of a short form: text before the first comma/quote."""
    t = _LEAD_RE.sub("", text)
    head = _NAME_END.split(t, maxsplit=1)[0]
    head = _ET_AL.sub("", head)
    return head.strip()


def looks_short(text: str) -> bool:
    """A short form: brief, no URL, no full date, usually ``Name, “Title.”`` or
    ``Name, Title, 34.`` (a year in parentheses, as in ``A/RES/62/243 (2008)``, may stay)."""
    if len(text) > 120 or _URL.search(text):
        return False
    return not _FULL_DATE.search(text)


def _key(text: str) -> str:
    """A citation's text for comparing repeats: no "See", no URLs, no pinpoint noise."""
    t = _LEAD_RE.sub("", text)
    at = first_of(_fold(t), ("http", "www."))  # in every _KEY_URL match (_fold: IGNORECASE)
    if at >= 0:
        # a match starts at most "available at:", spaces and "<" before its link (none of
        # which holds "http" or "www.", so no match starts before the first of them)
        start = at - 1 if at > 0 and t[at - 1] == "<" else at
        while start > 0 and t[start - 1].isspace():
            start -= 1
        t = sub_after(_KEY_URL, _nothing, t, max(0, start - len("available at:")))
    return _norm(t)


def _nothing(_: re.Match[str]) -> str:
    return ""


class _Facts:
    """What comparisons need of one work's text, each computed once: resolution compares
    every note with all earlier ones, so recomputing these per pair is quadratic work.
    Lazy attributes by hand, not ``functools.cached_property``: before Python 3.12 that
    takes a lock on every read, and resolution reads these thousands of times."""

    __slots__ = (
        "_body",
        "_body_words",
        "_key",
        "_name",
        "_quoted",
        "_quoted_norm",
        "_searched",
        "text",
    )

    def __init__(self, text: str) -> None:
        self.text = text
        self._key: str | None = None
        self._name: str | None = None
        self._searched = False
        """Whether :attr:`_quoted` and :attr:`_quoted_norm` are known (either may be None)."""
        self._quoted: re.Match[str] | None = None
        self._quoted_norm: str | None = None
        self._body: str | None = None
        self._body_words: frozenset[str] | None = None

    @property
    def key(self) -> str:
        if self._key is None:
            self._key = _key(self.text)
        return self._key

    @property
    def name(self) -> str:
        if self._name is None:
            self._name = _norm(_lead_name(self.text))
        return self._name

    def _search(self) -> None:
        self._quoted = m = _QUOTED.search(self.text)
        self._quoted_norm = _norm(m.group(1)) if m else None
        self._searched = True

    @property
    def quoted(self) -> re.Match[str] | None:
        if not self._searched:
            self._search()
        return self._quoted

    @property
    def quoted_norm(self) -> str | None:
        if not self._searched:
            self._search()
        return self._quoted_norm

    @property
    def body(self) -> str:
        if self._body is None:
            self._body = _norm(self.text)
        return self._body

    @property
    def body_words(self) -> frozenset[str]:
        if self._body_words is None:
            self._body_words = frozenset(self.body.split())
        return self._body_words


class _RepeatIndex:
    """Earlier full citations by key prefix and by (quoted title, author), so that finding
    the one a citation repeats is a few lookups, not a scan of every earlier note (a
    treatise has thousands)."""

    _HEAD = 60
    _MIN = 41

    def __init__(self) -> None:
        self._heads: dict[str, list[int]] = {}
        """``key[:60]`` -> works."""
        self._head_lengths: set[int] = set()
        """Lengths of the keys in ``_heads``: the only prefixes of a key worth looking up."""
        self._starts: dict[str, list[tuple[int, str]]] = {}
        """``key[:41]`` -> (work, ``key[:60]``): a work whose key starts with a text of 41 to
        60 characters is among those under the text's first 41 (one entry a work, not one
        per prefix length)."""
        self._quotes: dict[tuple[str, str], list[int]] = {}
        self._by_word: dict[str, list[int]] = {}
        self._worded = 0
        """How many of :attr:`all` :attr:`_by_word` holds."""
        self._facts: list[_Facts] = []
        self.all: list[int] = []

    def add(self, j: int, f: _Facts) -> None:
        key = f.key
        head = key[: self._HEAD]
        self._heads.setdefault(head, []).append(j)
        self._head_lengths.add(len(head))
        if len(key) >= self._MIN:
            self._starts.setdefault(key[: self._MIN], []).append((j, head))
        if f.quoted and f.quoted_norm is not None:
            self._quotes.setdefault((f.quoted_norm, f.name), []).append(j)
        self._facts.append(f)
        self.all.append(j)

    @property
    def by_word(self) -> dict[str, list[int]]:
        """Each word of a work's text -> the works holding it, in the order they were added.
        Built when first asked for: only short forms look works up by word, and many texts
        print none."""
        by_word = self._by_word
        for k in range(self._worded, len(self.all)):
            j = self.all[k]
            for word in self._facts[k].body_words:
                by_word.setdefault(word, []).append(j)
        self._worded = len(self.all)
        return by_word

    def target(self, works: Sequence[Work], i: int, me: _Facts) -> int | None:
        """The first earlier work with the same key start, or the same quoted title and
        author (the rules of a note-by-note comparison)."""
        label = works[i].label
        key = me.key
        lists: list[list[int]] = []
        if len(key) > 40:
            mine = key[: self._HEAD]
            lists.append([  # theirs starts with mine
                j for j, theirs in self._starts.get(key[: self._MIN], ()) if theirs.startswith(mine)
            ])
            top = min(len(key), self._HEAD)
            lists.extend(  # mine starts with theirs
                self._heads.get(key[:m], []) for m in self._head_lengths if m <= top
            )
        qm = me.quoted
        if qm and len(qm.group(1)) > 15 and me.name and me.quoted_norm is not None:
            lists.append(self._quotes.get((me.quoted_norm, me.name), []))
        best: int | None = None
        for js in lists:
            for j in js:  # the first work of another note
                if works[j].label != label:
                    if best is None or j < best:
                        best = j
                    break
        return best


def resolve(works: Sequence[Work]) -> list[Ref | None]:
    """The short-form reference of each work (None for a full citation)."""
    refs: list[Ref | None] = [None] * len(works)
    full_first: dict[str, int] = {}  # label -> index of its first work
    for i, w in enumerate(works):
        full_first.setdefault(w.label, i)

    def follow(idx: int) -> tuple[str | None, tuple[str, ...]]:
        """Label of the full citation reached from work ``idx``, and the labels passed."""
        label = works[idx].label
        r = refs[idx]
        if r is None or r.target is None:
            return label, (label,)
        return r.target, (label, *r.chain) if r.chain else (label, r.target)

    seen_urls: dict[str, str] = {}
    facts = [_Facts(w.text) for w in works]
    repeats = _RepeatIndex()
    for i, w in enumerate(works):
        found = detect(w.text)
        if found is not None:
            kind, number = found
            if kind in (RefKind.IBID, RefKind.ID):
                prev = _previous_note(works, i)
                if prev is None:
                    refs[i] = Ref(kind, None)
                else:
                    target, chain = follow(prev)
                    refs[i] = Ref(kind, target, chain)
            else:
                # a supra names its note; that note may itself open with a short form
                label = str(number)
                refs[i] = Ref(kind, label, (label,))
            continue
        # a repeated full citation: a URL cited before by another note
        for u in w.urls:
            key = u.lower().rstrip("/").removeprefix("https://").removeprefix("http://")
            key = key.removeprefix("www.")
            if key in seen_urls and seen_urls[key] != w.label:
                target, chain = follow(full_first[seen_urls[key]])
                refs[i] = Ref(RefKind.REPEAT, target, chain)
                break
        short = refs[i] is None and looks_short(w.text)
        if refs[i] is None and not short:
            idx = repeats.target(works, i, facts[i])
            if idx is not None:
                target, chain = follow(idx)
                refs[i] = Ref(RefKind.REPEAT, target, chain)
        if refs[i] is None and short:
            idx = _short_target(works, i, refs, facts, repeats)
            if idx is not None:
                target, chain = follow(idx)
                refs[i] = Ref(RefKind.SHORT, target, chain)
        if refs[i] is None:
            for u in w.urls:
                key = u.lower().rstrip("/").removeprefix("https://").removeprefix("http://")
                seen_urls.setdefault(key.removeprefix("www."), w.label)
            if w.is_citation:
                repeats.add(i, facts[i])
    return refs


def _previous_note(works: Sequence[Work], i: int) -> int | None:
    """Index of the first work of the note before work ``i``'s note that cites something."""
    label = works[i].label
    j = i - 1
    while j >= 0 and works[j].label == label:
        j -= 1
    while j >= 0 and not works[j].is_citation:
        j -= 1
    if j < 0:
        return None
    lab = works[j].label
    while j > 0 and works[j - 1].label == lab:
        j -= 1
    return j


def _short_target(
    works: Sequence[Work], i: int, refs: Sequence[Ref | None], facts: Sequence[_Facts],
    index: _RepeatIndex,
) -> int | None:
    """The first earlier full citation by the short form's author whose title the short
    title begins (or whose words it shares)."""
    text = works[i].text
    name = facts[i].name
    qm = facts[i].quoted
    title = facts[i].quoted_norm or ""
    if not title:
        # "Name, Short Title, 34." (Bluebook/McGill without quotes)
        rest = _LEAD_RE.sub("", text)
        parts = [p.strip() for p in rest.split(",")]
        title = _norm(parts[1]) if len(parts) > 1 else ""
    if not title or (not name and not qm):
        return None
    name_words = [w for w in name.split() if len(w) > 1]
    # only works holding the author's rarest name word can match
    pool = min((index.by_word.get(nw, []) for nw in name_words), key=len) if name_words else (
        index.all)
    for j in pool:
        w = works[j]
        if w.label == works[i].label or not w.is_citation or refs[j] is not None:
            continue
        if len(w.text) <= len(text):
            continue
        f = facts[j]
        if name_words and not all(nw in f.body_words for nw in name_words):
            continue
        if title in f.body:
            return j
    return None
