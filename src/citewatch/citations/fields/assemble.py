"""Assembling :class:`~citewatch.citations.model.Fields`: which reader to trust, the kind of
work, small caps undone, and what no field took left in ``note``."""

from __future__ import annotations

import re
import unicodedata

from citewatch.citations.fields.draft import _Draft
from citewatch.citations.fields.lexicon import (
    _PARTICLES,
    _PLATFORMS,
    _fold,
    _is_blog,
    _is_named_outlet,
    _is_outlet,
    _is_publisher,
    _is_think_tank,
    looks_like_org,
)
from citewatch.citations.fields.links import _take_links
from citewatch.citations.fields.readers import _read_apa, _read_plain, _read_quoted
from citewatch.citations.fields.works import _names_treaty, _names_un_doc
from citewatch.citations.model import Fields, NoteKind, WorkKind
from citewatch.lazy import lazy_pattern

_SIGNAL_RE = lazy_pattern(
    r"^(?:(?:[Ss]ee(?:,?\s+also)?(?:,?\s+e\.g\.,?|,?\s+for example,|,?\s+generally)?|"
    r"[Cc]f\.?|Compare|Contra|But see|Accord|[Aa]lso|E\.g\.,?|e\.g\.,?)(?:\s+|$))+"
)

_LABEL_RE = lazy_pattern(r"^\s*(?:\[\d+\]|\d{1,3}\.(?=\s))\s*")


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


_SHORT_FORM_RE = lazy_pattern(r"^(?:Ibid|Id)\b\.?|\b(?:supra|infra)\b|^Op\.? cit\b", re.IGNORECASE)


def _kind(draft: _Draft) -> WorkKind:
    hints = draft.hints
    title = draft.title or ""
    container = (draft.container or draft.platform or "").strip()
    author = draft.author or ""
    if "case" in hints:
        return WorkKind.CASE
    if "treaty" in hints or (
        not author
        and _names_treaty(title)
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
    if "un" in hints or _names_un_doc(title) or _REPORT_OF_RE.match(title):
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


_REPORT_OF_RE = lazy_pattern(r"^Report of\b")

_NEWS_URL_RE = lazy_pattern(r"news|times|guardian|reuters")


def _urls_look_news(urls: list[str]) -> bool:
    return any(_NEWS_URL_RE.search(u) for u in urls)


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


_LOWER_RE = lazy_pattern(r"[a-z]")

_CAPS4_RE = lazy_pattern(r"[A-Z]{4}")


def _small_caps_fixed(value: str | None, context: str) -> str | None:
    if value is None or _LOWER_RE.search(value) or not _CAPS4_RE.search(value):
        return value
    if " " not in value.strip() and not re.search(r"[.’']", value):
        return value  # one bare word (OCHA, UNHCR, SSRN) is more likely an acronym
    if not re.search(r"[a-z]{3}", context):
        return value  # the whole citation is in capitals: keep it as printed
    return _from_small_caps(value)


_SENTENCE_BREAK_RE = lazy_pattern(r"[.!?:]\s+(?:The|This|It|In|A|An|We|Our)\s")

_PAREN_FULL_DATE_RE = lazy_pattern(r"\(\d{1,2} \w+ \d{4}\)")

_SIXTEEN_WORDS_RE = lazy_pattern(r"(?:\S+\s+){15}")


def _not_a_name(text: str) -> bool:
    """Text no author field holds: a sentence break, a parenthesised full date, 16+ words.
    Three patterns rather than one alternation: each opens with a character class or a
    literal, which the regex engine jumps between, and the last is only tried at the start."""
    return bool(
        _SENTENCE_BREAK_RE.search(text)
        or ("(" in text and _PAREN_FULL_DATE_RE.search(text))
        or _SIXTEEN_WORDS_RE.match(text)
    )


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
    if author and _not_a_name(author):
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
