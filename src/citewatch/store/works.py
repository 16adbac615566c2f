"""From citations to cited works, and from a work to the fields of its entry.

A *work* is what one ``.bib`` entry stands for. Citations of one document are the same
work when they share a URL (scheme, ``www.``, trailing slash and fragment ignored), a DOI,
or the same normalised title and author. Short forms (ibid, supra …) whose target
resolves join their target's work (inheriting its URL); unresolved short forms without a
URL or title of their own cite nothing the store can hold and get no entry. Body URLs are
works of their own (``@online``) unless a note cites the same URL.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from citewatch.citations.model import (
    Citation,
    Extraction,
    Fields,
    NoteKind,
    WorkKind,
)
from citewatch.citations.seen import DateSource, SeenDate
from citewatch.store.keys import is_organisation
from citewatch.store.values import digest, encode
from citewatch.url import identity

_MAX_CHAIN = 50

ENTRY_TYPES: dict[WorkKind, str] = {
    WorkKind.WEB: "online",
    WorkKind.SOCIAL: "online",
    WorkKind.NEWS: "article",
    WorkKind.REPORT: "report",
    WorkKind.ARTICLE: "article",
    WorkKind.BOOK: "book",
    WorkKind.CASE: "jurisdiction",
    WorkKind.LEGISLATION: "legislation",
    WorkKind.TREATY: "legislation",
    WorkKind.MISC: "misc",
}
"""biblatex entry type per kind of work; ``misc`` with a URL becomes ``online``."""

CONTAINER_FIELD: dict[str, str] = {
    "online": "organization",
    "article": "journaltitle",
    "report": "institution",
    "book": "publisher",
    "jurisdiction": "organization",
    "legislation": "organization",
    "misc": "organization",
}
"""Where ``Fields.container`` (site, journal, publisher, institution) goes, per type."""

TRACKED_ORDER = (
    "author",
    "title",
    "journaltitle",
    "institution",
    "publisher",
    "organization",
    "entrysubtype",
    "date",
    "url",
    "urldate",
    "doi",
    "note",
)
"""Bibliographic fields citewatch writes, in the order it writes them."""


def normalise_text(text: str) -> str:
    """Case-folded words without accents (any script), joined by single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.findall(r"[^\W_]+", bare))


def normalise_doi(doi: str) -> str:
    return re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", doi.strip().lower())


def title_author_token(title: str, author: str | None) -> str:
    return f"ta:{normalise_text(title)}|{normalise_text(author or '')}"


def title_year_token(title: str, author: str | None, date_iso: str | None) -> str:
    """Identity of a work without URL across documents: title, author and year."""
    return f"tay:{normalise_text(title)}|{normalise_text(author or '')}|{(date_iso or '')[:4]}"


CROSS_DOCUMENT = ("url:", "doi:", "h:url:", "tay:")
"""Tokens strong enough to give a work another document's key. Title and author alone are
not: "Report of the Special Rapporteur" by the same council names many reports."""


def hash_tokens(url_enc: str | None, title_enc: str | None, author_enc: str | None) -> set[str]:
    """Tokens from the fingerprints of written values: they still match after a person (or
    the URL-repair stage) changed the field, via ``citewatch-written``."""
    out: set[str] = set()
    if url_enc:
        out.add(f"h:url:{digest(url_enc)}")
    if title_enc:
        out.add(f"h:ta:{digest(title_enc)}:{digest(author_enc) if author_enc else '-'}")
    return out


@dataclass(frozen=True)
class Work:
    """One cited work of a document and every citation of it."""

    citations: tuple[Citation, ...]
    """Full citations and short forms, in document order."""
    representative: Citation
    """The most complete full citation; its fields fill the entry."""
    urls: tuple[str, ...]
    """Absolute URLs, in order of first appearance."""
    tokens: frozenset[str]
    """Identity tokens (``url:``, ``doi:``, ``ta:``, ``text:``, ``h:``) for matching."""
    sort_id: str
    """Deterministic order among works: first line, then identity."""

    @property
    def entry_type(self) -> str:
        kind = self.representative.fields.kind
        if self.representative.kind is NoteKind.BODY:
            return "online"
        entry_type = ENTRY_TYPES.get(kind, "misc")
        if entry_type == "misc" and self.urls:
            return "online"
        return entry_type


def _first_line(c: Citation) -> int:
    return min(c.lines) if c.lines else 0


def _score(c: Citation) -> tuple[int, int]:
    f = c.fields
    filled = sum(1 for v in (f.author, f.title, f.container, f.date, f.accessed, f.doi) if v) + (
        1 if c.urls else 0
    )
    return (filled, -_first_line(c))


def _own_tokens(c: Citation) -> set[str]:
    tokens = {f"url:{identity(u.url)}" for u in c.urls}
    if c.fields.title and not c.urls:
        tokens.add(title_year_token(c.fields.title, c.fields.author, c.fields.date_iso))
    if c.fields.doi:
        tokens.add(f"doi:{normalise_doi(c.fields.doi)}")
    if c.fields.title and normalise_text(c.fields.title):
        tokens.add(title_author_token(c.fields.title, c.fields.author))
    if not tokens:
        tokens.add(f"text:{normalise_text(c.text)}")
    return tokens


def _is_short(c: Citation) -> bool:
    return c.ref is not None


def _resolve(extraction: Extraction, c: Citation) -> Citation | None:
    """The full citation a short form repeats, following chains; None if unresolvable."""
    current = c
    for _ in range(_MAX_CHAIN):
        ref = current.ref
        if ref is None:
            return current if current is not c else None
        if ref.target is None:
            return None
        candidates = [t for t in extraction.by_label(ref.target) if t.is_citation]
        candidates = [t for t in candidates if t is not current] or candidates
        if not candidates:
            return None
        current = _best_target(c, candidates)
    return None


def _best_target(short: Citation, candidates: list[Citation]) -> Citation:
    """Of a note citing several works, the part the short form names (most shared words)."""
    if len(candidates) == 1:
        return candidates[0]
    said = set(normalise_text(short.text).split())

    def overlap(t: Citation) -> tuple[int, int]:
        named = normalise_text(f"{t.fields.author or ''} {t.fields.title or ''}").split()
        return (len(said.intersection(named)), -t.part)

    return max(candidates, key=overlap)


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def group_works(extraction: Extraction) -> list[Work]:
    """The works an extraction cites, ordered by first appearance (then identity)."""
    included: list[Citation] = []
    attach: dict[int, Citation] = {}
    for c in extraction.citations:
        if not c.is_citation:
            continue
        if _is_short(c):
            target = _resolve(extraction, c)
            if target is not None:
                attach[len(included)] = target
            elif not (c.urls or c.fields.title):
                continue
        included.append(c)
    index = {id(c): i for i, c in enumerate(included)}
    union = _Union(len(included))
    owner: dict[str, int] = {}
    own: dict[int, set[str]] = {}
    """Tokens of each full citation, computed once (a work's tokens include them)."""
    for i, c in enumerate(included):
        if i in attach:
            target_index = index.get(id(attach[i]))
            if target_index is not None:
                union.join(i, target_index)
            tokens = {f"url:{identity(u.url)}" for u in c.urls}
        else:
            tokens = own[i] = _own_tokens(c)
        for token in tokens:
            if token in owner:
                union.join(i, owner[token])
            else:
                owner[token] = i
    groups: dict[int, list[int]] = {}
    for i in range(len(included)):
        groups.setdefault(union.find(i), []).append(i)
    works = [
        _make_work([included[i] for i in members], attach, members, own)
        for members in groups.values()
    ]
    return sorted(works, key=lambda w: w.sort_id)


def _make_work(
    citations: list[Citation],
    attach: dict[int, Citation],
    members: list[int],
    own: Mapping[int, set[str]],
) -> Work:
    if len(citations) == 1:  # most works (every bare URL of a list): nothing to choose
        representative, ordered = citations[0], citations
    else:
        full = [c for i, c in zip(members, citations) if i not in attach]
        representative = max(full or citations, key=_score)
        ordered = sorted(citations, key=lambda c: (_first_line(c), c.label or "", c.part))
    urls: list[str] = []
    for c in [representative, *ordered]:
        for u in c.urls:
            if u.absolute not in urls:
                urls.append(u.absolute)
    tokens: set[str] = set()
    for i in members:
        if i not in attach:
            tokens |= own[i]
    tokens |= {f"url:{identity(u)}" for u in urls}
    fields = representative.fields
    title_enc = encode("title", fields.title) if fields.title else None
    author_enc = encode_author(fields.author) if fields.author else None
    tokens |= hash_tokens(encode("url", urls[0]) if urls else None, title_enc, author_enc)
    first = min((_first_line(c) for c in citations), default=0)
    least = min(tokens)
    return Work(
        citations=tuple(ordered),
        representative=representative,
        urls=tuple(urls),
        tokens=frozenset(tokens),
        sort_id=f"{first:09d} {least}",
    )


def _seen_field(work: Work, seen: Mapping[Citation, SeenDate]) -> str:
    """``2020-10-18 published``: the earliest date a citation of the work saw it. "today"
    is never stored: it would change the file every day."""
    dates = [seen[c] for c in work.citations if c in seen and seen[c].source != DateSource.TODAY]
    if not dates:
        return ""
    first = min(dates, key=lambda s: (s.date, list(DateSource).index(s.source)))
    return f"{first.date.isoformat()} {first.source.value}"


def encode_author(author: str) -> str:
    """An author as biblatex reads it: organisations braced (so "Human Rights Watch" is not
    read as "Watch, Human Rights"), people joined with ``and``."""
    if is_organisation(author):
        return "{" + encode("author", author) + "}"
    people = re.sub(r"\s*(?:&|;|,\s+and)\s*", " and ", author.strip())
    return encode("author", people)


def note_label(c: Citation) -> str:
    """How a citation is named in ``citewatch-notes``: ``12`` (footnote), ``[12]``
    (reference list), ``body`` (running text); ``12.2`` for the second work in note 12."""
    if c.kind is NoteKind.BODY or c.label is None:
        return "body"
    label = f"[{c.label}]" if c.kind is NoteKind.REFERENCE else c.label
    return f"{label}.{c.part + 1}" if c.part else label


def line_ranges(lines: Iterable[int]) -> str:
    """``3-5, 9``: sorted line numbers, runs collapsed."""
    ordered = sorted(set(lines))
    out: list[str] = []
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        out.append(str(ordered[i]) if i == j else f"{ordered[i]}-{ordered[j]}")
        i = j + 1
    return ", ".join(out)


@dataclass(frozen=True)
class Desired:
    """What citewatch would write for a work: type, tracked and provenance fields, all
    values already encoded."""

    entry_type: str
    tracked: tuple[tuple[str, str], ...]
    provenance: tuple[tuple[str, str], ...]


def desired_entry(
    work: Work, document: str, seen: Mapping[Citation, SeenDate] | None = None
) -> Desired:
    """The entry citewatch would write for ``work`` (before merging with the file)."""
    rep = work.representative
    f: Fields = rep.fields
    entry_type = work.entry_type
    tracked: dict[str, str] = {}
    if f.author:
        tracked["author"] = encode_author(f.author)
    if f.title:
        tracked["title"] = encode("title", f.title)
    if f.container:
        tracked[CONTAINER_FIELD.get(entry_type, "organization")] = encode("note", f.container)
    if f.kind is WorkKind.NEWS and entry_type == "article":
        tracked["entrysubtype"] = "newspaper"
    if f.date_iso:
        tracked["date"] = encode("date", f.date_iso)
    if work.urls:
        tracked["url"] = encode("url", work.urls[0])
        accessed = sorted(c.fields.accessed_iso for c in work.citations if c.fields.accessed_iso)
        if accessed:
            tracked["urldate"] = encode("urldate", accessed[-1])
    if f.doi:
        tracked["doi"] = encode("doi", normalise_doi(f.doi))
    notes = [f.note] if f.note else []
    if f.date and not f.date_iso:
        notes.append(f.date)
    if f.accessed and not f.accessed_iso:
        notes.append(f"accessed {f.accessed}")
    if not (f.author or f.title or f.container or notes or work.urls):
        notes.append(rep.text)
    if notes:
        tracked["note"] = encode("note", "; ".join(n.strip() for n in notes if n.strip()))
    tracked = {k: v for k, v in tracked.items() if v}
    ordered = tuple((k, tracked[k]) for k in TRACKED_ORDER if k in tracked)
    provenance = _provenance(work, document, seen or {})
    return Desired(entry_type=entry_type, tracked=ordered, provenance=provenance)


def _provenance(
    work: Work, document: str, seen: Mapping[Citation, SeenDate]
) -> tuple[tuple[str, str], ...]:
    labels: list[str] = []
    lines: list[int] = []
    refs: list[str] = []
    pinpoints: list[str] = []
    suspects: list[str] = []
    alternatives: list[str] = []
    for c in work.citations:
        label = note_label(c)
        if label not in labels:
            labels.append(label)
        lines.extend(c.lines)
        for u in c.urls:
            lines.extend(range(u.line, u.end_line + 1))
        if c.ref is not None:
            chain = " ".join(c.ref.chain)
            refs.append(
                f"{label} {c.ref.kind.value} {c.ref.target or '?'}"
                + (f" via {chain}" if chain else "")
            )
        if c.fields.pinpoint:
            pinpoints.append(f"{label}: {c.fields.pinpoint}")
        for u in c.suspect_urls:
            record = f"{u.url} | {', '.join(s.value for s in u.suspect)} | {u.raw}"
            if u.detail:
                record += f" | {u.detail}"
            if record not in suspects:
                suspects.append(record)
        for u in c.urls:
            if u.alternatives:
                record = f"{u.url} | {' '.join(u.alternatives)}"
                if record not in alternatives:
                    alternatives.append(record)
    values = [
        ("citewatch-document", document),
        ("citewatch-notes", ", ".join(labels)),
        ("citewatch-lines", line_ranges(lines)),
        ("citewatch-ref", "; ".join(refs)),
        ("citewatch-pinpoints", "; ".join(pinpoints)),
        ("citewatch-urls", " ".join(work.urls[1:])),
        ("citewatch-suspect", " || ".join(suspects)),
        ("citewatch-alternatives", " || ".join(alternatives)),
        ("citewatch-seen", _seen_field(work, seen)),
        ("citewatch-raw", work.representative.text),
    ]
    return tuple((k, encode(k, v)) for k, v in values if v.strip())
