"""The citation stage's entry point: a :class:`Document` in, an :class:`Extraction` out.

Order of work: segment notes and reference entries (``notes``), find URLs (``urls``), flag
those that lost a hyphen without a trace (``damage``), repair or confirm them from a PDF's
link annotations (``annotations``), give each to the note whose lines hold it, attach links
printed apart (``linkblocks``), split notes citing several works (``fields.split_works``),
resolve short forms (``shortforms``), parse fields (``fields.parse_fields``).
"""

from __future__ import annotations

import bisect
import operator
import re
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, compress, islice
from operator import attrgetter

from citewatch.citations import annotations as link_annotations
from citewatch.citations import damage, linkblocks, shortforms
from citewatch.citations import fields as fields_mod
from citewatch.citations.fields.lexicon import _fold
from citewatch.citations.metadata import read_metadata
from citewatch.citations.model import (
    Citation,
    DocumentMeta,
    Extraction,
    Fields,
    FoundUrl,
    NoteKind,
    Ref,
)
from citewatch.citations.notes import (
    RawNote,
    Row,
    WordCounts,
    end_notes_at,
    find_footnotes,
    find_reference_section,
    find_references,
    find_unheaded_bibliography,
    join_lines,
    reading_rows,
)
from citewatch.citations.urls import find_urls
from citewatch.citations.urls.fragments import orphan_fragments
from citewatch.citations.urls.next_line import with_continuations
from citewatch.documents.model import Document
from citewatch.lazy import lazy_pattern


@dataclass
class _Part:
    """One work of a note while the extraction is being assembled."""

    kind: NoteKind
    label: str
    text: str
    lines: tuple[int, ...]
    part: int
    urls: list[FoundUrl] = field(default_factory=list)
    is_citation: bool = True
    ref: Ref | None = None


def extract_document(doc: Document) -> Extraction:
    """Every work ``doc`` cites, one :class:`Citation` per work, in document order."""
    text = doc.text
    rows = reading_rows(text)
    vocab = WordCounts(text)  # counted for the words looked up
    warnings: list[str] = list(doc.warnings)

    notes = _segment(rows, vocab)
    # URLs are found in the reading-order text (columns undone, each note's pieces together)
    # and mapped back to document lines and offsets
    table = _RowTable.of(rows)
    order = _logical_order(len(rows), notes, table.blank)
    del rows  # a Row and its string take ten times its line of the table
    vtext, vstarts, leads = _virtual_text(text, table, order, keep_indent=not _is_layout(text))
    try:
        found = find_urls(vtext)
    except Exception as exc:  # noqa: BLE001 - another stage's bug must not lose citations
        warnings.append(f"urls: {exc!r}; fell back to a single-line finder")
        found = _fallback_urls(vtext)
    urls, spans = _to_document(found, table, order, vstarts, leads)
    del found, vtext, vstarts, leads
    urls = _flag_damage(text, urls, warnings)
    urls = with_continuations(text, urls)
    urls = _apply_annotations(doc, urls, warnings)
    note_urls, body_urls = _assign_urls(text, table, notes, urls, spans)
    del table, order, spans

    parts: list[_Part] = []
    for k, n in enumerate(notes):
        own = note_urls.get(k, [])
        works = _split(_text_with_urls(n.text, own, vocab))
        mine = [_Part(n.kind, n.label, w, n.lines, p) for p, w in enumerate(works)]
        _distribute(mine, own)
        for part in mine:
            part.is_citation = part.part > 0 or _is_citation(part.label, part.text, bool(part.urls))
        parts.extend(mine)

    fn_parts = [p for p in parts if p.kind is NoteKind.FOOTNOTE]
    refs = shortforms.resolve([
        shortforms.Work(p.label, p.text, tuple(u.url for u in p.urls), p.is_citation)
        for p in fn_parts
    ])
    for part, ref in zip(fn_parts, refs, strict=True):
        part.ref = ref

    doc_name = str(doc.path)
    citations = [_citation(doc_name, p, warnings) for p in parts]
    lines: tuple[int, ...] = ()
    for u in body_urls:
        if not lines or lines[0] != u.line or lines[-1] != u.end_line:
            # URLs on one line share one value (a one-line text holds thousands)
            lines = (u.line,) if u.line == u.end_line else tuple(range(u.line, u.end_line + 1))
        citations.append(Citation(document=doc_name, kind=NoteKind.BODY, label=None, text=u.url,
                                  lines=lines, urls=(u,), fields=_NO_FIELDS))
    citations.sort(key=lambda c: (c.lines[0] if c.lines else 0, c.part))
    try:
        meta = read_metadata(text)
    except Exception as exc:  # noqa: BLE001 - another stage's bug must not lose citations
        warnings.append(f"metadata: {exc!r}")
        meta = DocumentMeta()
    orphans = orphan_fragments(text, urls)
    return Extraction(doc_name, meta, tuple(citations), tuple(warnings), orphans)


@dataclass(frozen=True, slots=True)
class _RowTable:
    """What the stages after the virtual text need of each row, as machine integers: a text
    of short lines has a row every few dozen bytes, and a :class:`Row` with its own string
    takes ten times that. A row's text is ``text[start:start + length]`` of the document's
    text (rows are cut from it, never rewritten)."""

    line: array[int]
    page: array[int]
    start: array[int]
    length: array[int]
    blank: bytearray

    @classmethod
    def of(cls, rows: Sequence[Row]) -> _RowTable:
        texts = list(map(attrgetter("text"), rows))
        return cls(
            array("l", map(attrgetter("line"), rows)), array("l", map(attrgetter("page"), rows)),
            array("q", map(attrgetter("start"), rows)), array("l", map(len, texts)),
            # blank: empty, or white space only
            bytearray(map(operator.or_, map(operator.not_, texts), map(str.isspace, texts))),
        )

    def text(self, doc_text: str, i: int) -> str:
        """Row ``i``'s text."""
        return doc_text[self.start[i]:self.start[i] + self.length[i]]

    def texts(self, doc_text: str, order: Sequence[int]) -> list[str]:
        """The texts of the rows ``order`` lists, in that order."""
        first = list(map(self.start.__getitem__, order))
        ends = map(operator.add, first, map(self.length.__getitem__, order))
        return list(map(doc_text.__getitem__, map(slice, first, ends)))


@dataclass(frozen=True, slots=True)
class _RowSpans:
    """The indices of the rows each URL starts and ends on, in the order of the URLs."""

    first: array[int]
    last: array[int]


def _flag_damage(text: str, urls: list[FoundUrl], warnings: list[str]) -> list[FoundUrl]:
    """URLs that look like they lost a hyphen to the extractor flagged (``damage``)."""
    try:
        if not damage.may_have_lost_hyphens(u.url for u in urls):
            return urls  # no slug to read (a list of plain URLs): no vocabulary to build
        vocab = damage.build_vocabulary(
            text, [(u.start, u.end) for u in urls], [u.url for u in urls]
        )
        return damage.flag_lost_hyphens(urls, vocab)
    except Exception as exc:  # noqa: BLE001 - another stage's bug must not lose citations
        warnings.append(f"damage: {exc!r}")
        return urls


def _apply_annotations(
    doc: Document, urls: list[FoundUrl], warnings: list[str]
) -> list[FoundUrl]:
    """URLs repaired or confirmed by the PDF's link annotations (``annotations``); targets
    never printed become warnings."""
    if not doc.link_targets:
        return urls
    try:
        ev = link_annotations.apply_link_targets(doc.text, urls, doc.link_targets)
    except Exception as exc:  # noqa: BLE001 - another stage's bug must not lose citations
        warnings.append(f"annotations: {exc!r}")
        return urls
    warnings.extend(
        f"link annotation on page {page} not printed in the text: {uri}"
        for page, uri in ev.unprinted
    )
    if len(ev.urls) != len(urls):
        raise ValueError("annotations: a URL was added or lost")
    return list(ev.urls)


_SIMPLE_URL = lazy_pattern(r"(?:https?://|www\.)[^\s<>\"]+")


def _fallback_urls(text: str) -> list[FoundUrl]:
    """URLs on single lines, for when :func:`find_urls` fails."""
    out: list[FoundUrl] = []
    for m in _SIMPLE_URL.finditer(text):
        url = m.group(0).rstrip(".,;:)>")
        line = text.count("\n", 0, m.start()) + 1
        out.append(FoundUrl(url=url, raw=url, line=line, end_line=line, start=m.start(),
                            end=m.start() + len(url)))
    return out


_NO_FIELDS = Fields()
"""One shared (frozen) empty value for the citations that parse none: a URL-dense text
has a body citation per URL."""


def _citation(doc_name: str, p: _Part, warnings: list[str]) -> Citation:
    flds = _NO_FIELDS
    if p.is_citation and p.ref is None:
        try:
            flds = fields_mod.parse_fields(p.text, kind=p.kind)
        except Exception as exc:  # noqa: BLE001 - another stage's bug must not lose it
            warnings.append(f"fields: note {p.label}: {exc!r}")
    # a note whose number was lost stays a body citation, without a label
    label = p.label if p.label or p.kind is not NoteKind.BODY else None
    return Citation(
        document=doc_name, kind=p.kind, label=label, text=p.text, lines=p.lines,
        urls=tuple(p.urls), ref=p.ref, fields=flds, is_citation=p.is_citation, part=p.part,
    )


def _assign_urls(
    text: str, rows: _RowTable, notes: Sequence[RawNote], urls: Sequence[FoundUrl],
    spans: _RowSpans,
) -> tuple[dict[int, list[FoundUrl]], list[FoundUrl]]:
    """URLs of each note (by index), and the URLs left in the body.

    A URL belongs to the note holding the row it starts on; bare URLs outside notes may be a
    block of links printed apart, attached by :mod:`linkblocks`.
    """
    row_note: dict[int, int] = {}
    for k, n in enumerate(notes):
        for r in n.rows:
            row_note[r] = k
    note_urls: dict[int, list[FoundUrl]] = {}
    loose: list[int] = []  # indices of the URLs outside notes
    for k, (u, r0) in enumerate(zip(urls, spans.first, strict=True)):
        owner = row_note.get(r0)
        if owner is None:
            loose.append(k)
        else:
            note_urls.setdefault(owner, []).append(u)
    block_notes = [
        linkblocks.BlockNote(
            label=n.label, text=n.text, first_row=n.rows[0] if n.rows else 0, page=n.page,
            has_url=k in note_urls,
            # _is_citation(label, text, False) once detect() found no short form
            eligible=n.kind is NoteKind.FOOTNOTE and n.label != "*"
            and shortforms.detect(n.text) is None and _reads_as_citation(n.text),
        )
        for k, n in enumerate(notes)
    ]
    attached: dict[int, str] = {}
    if any(b.eligible and not b.has_url for b in block_notes):  # a note a link may go to
        links = [
            linkblocks.Link(
                u, linkblocks.is_bare(u.url, [rows.text(text, i) for i in range(r0, r1 + 1)]),
                r0, r1, rows.page[r0],
            )
            for u, r0, r1 in ((urls[k], spans.first[k], spans.last[k]) for k in loose)
        ]
        blank = frozenset(i for i, b in enumerate(rows.blank) if b)
        attached = linkblocks.attach(block_notes, links, blank)
    label_index = {n.label: k for k, n in enumerate(notes) if n.kind is NoteKind.FOOTNOTE}
    body_urls: list[FoundUrl] = []
    for k, u in enumerate(urls[i] for i in loose):
        lab = attached.get(k)
        if lab is not None and lab in label_index:
            lst = note_urls.setdefault(label_index[lab], [])
            if all(x.url != u.url for x in lst):
                lst.append(u)
        else:
            body_urls.append(u)
    return note_urls, body_urls


def _segment(rows: list[Row], vocab: Mapping[str, int]) -> list[RawNote]:
    """Footnotes and reference entries. ``[n]`` reference lists are read like notes (their
    entries may be scattered by columns); a ``1.`` list is kept out of the footnote search so
    its numbers cannot pass for notes."""
    ref_at = find_reference_section(rows)
    read = len(rows)  # the search for notes only changes rows by splitting one in two
    bracketed = sum(1 for r in rows if _BRACKET_START.match(r.text)) >= 3
    skip: set[int] = set()
    if ref_at is not None and not bracketed and _numbered_refs(rows, ref_at):
        skip = {r.line for r in rows[ref_at:]}
    footnotes = find_footnotes(rows, vocab, skip)
    if bracketed:
        claimed = {r.line for n in footnotes for r in (rows[i] for i in n.rows)}
        refs = find_footnotes(rows, vocab, claimed, bracketed=True)
        if refs:
            return footnotes + refs
    if len(rows) != read:
        ref_at = find_reference_section(rows)  # rows were split
    refs = []
    if ref_at is None and not bracketed:
        # a bibliography printed without a heading after the last note ends that note
        bib_at = find_unheaded_bibliography(rows)
        if bib_at is not None:
            footnotes = end_notes_at(rows, footnotes, bib_at, vocab)
            ref_at = bib_at - 1  # entries are read from the row after ``ref_at``
    if ref_at is not None:
        claimed_rows = {r for n in footnotes for r in n.rows}
        refs = find_references(rows, vocab, ref_at, claimed_rows)
    return footnotes + refs


_BRACKET_START = lazy_pattern(r"^\s{0,16}\[\d{1,4}\](?:\s|$)")


def _numbered_refs(rows: Sequence[Row], at: int) -> bool:
    return sum(1 for r in rows[at + 1:at + 60] if _NUMBERED_ENTRY.match(r.text)) >= 3


_NUMBERED_ENTRY = lazy_pattern(r"^\s*(?:\[\d{1,4}\]|\d{1,3}\.\s)")


def _logical_order(
    n: int, notes: Sequence[RawNote], blank: bytes | bytearray | None = None
) -> array[int]:
    """Row indices in reading order, except that each note's rows follow one another (a note
    continued after other text, or on the next page, is read as one piece). Kept as machine
    integers and bytes, never as a dict or set of row numbers: a text of short lines has a
    row every few dozen bytes, and a set of them cost more than the text. The rows outside
    notes keep their order and are taken in runs (``bytearray.find`` skips to the next
    row in a note).

    Blank rows between two rows of a note (``blank``: a flag per row) are left out: a
    URL cut there (``pdftotext -layout`` leaves a blank row where a line's superscripts
    pushed the baseline down) goes on in the note's next row, not after the note."""
    owner = array("l", [-1]) * n
    in_note = bytearray(n)
    done = bytearray(n)
    for k in range(len(notes) - 1, -1, -1):
        prev = -1
        for r in notes[k].rows:
            owner[r] = k  # the first note holding a row owns it
            in_note[r] = 1
            if blank is not None and 0 <= prev < r - 1 and blank.find(0, prev + 1, r) < 0:
                in_note[prev + 1 : r] = b"\1" * (r - prev - 1)
                done[prev + 1 : r] = b"\1" * (r - prev - 1)
            prev = r
    order = array("l")
    prev = 0
    i = in_note.find(1)
    while i >= 0:
        order.extend(range(prev, i))  # rows outside notes
        prev = i + 1
        if not done[i]:
            for r in notes[owner[i]].rows:
                if not done[r]:
                    order.append(r)
                    done[r] = 1
        i = in_note.find(1, prev)
    order.extend(range(prev, n))
    return order


def _is_layout(text: str) -> bool:
    """``pdftotext -layout`` text: runs of spaces (column gaps, indentation) are common."""
    return text.count("   ") * 10 > text.count("\n") + 1


def _virtual_text(
    doc_text: str, rows: _RowTable, order: Sequence[int], *, keep_indent: bool = False
) -> tuple[str, array[int], array[int]]:
    """The rows joined in ``order``, each position's offset in that text, and the
    indentation removed from it.

    Layout text loses its indentation (a URL continued on an indented line is still one
    URL). Other text keeps it: there an indented line opens a new paragraph or note, so a
    URL ending the line before does not run on into it.
    """
    n = len(order)
    raw = rows.texts(doc_text, order)
    if keep_indent:
        texts, leads = raw, array("l", [0]) * n
    else:
        texts = list(map(str.lstrip, raw))
        leads = array("l", map(operator.sub, map(len, raw), map(len, texts)))
    del raw
    pages = array("l", map(rows.page.__getitem__, order))
    breaks = list(compress(range(1, n), map(operator.ne, islice(pages, 1, None), pages)))
    for k in breaks:  # a row on another page than the one before: "\n\f" before it
        texts[k] = "\f" + texts[k]
    starts = array("q", accumulate(map((1).__add__, map(len, texts)), initial=0))
    starts.pop()
    for k in breaks:
        starts[k] += 1
    return "\n".join(texts), starts, leads


def _to_document(
    found: list[FoundUrl], rows: _RowTable, order: Sequence[int], vstarts: Sequence[int],
    leads: Sequence[int],
) -> tuple[list[FoundUrl], _RowSpans]:
    """The URLs found in the logical text, with document lines and offsets, and the indices
    of the rows each starts and ends on. ``found`` is emptied: each URL is let go as its
    document copy is made (peak memory: a URL-dense text has a value per URL); a URL whose
    place is the same in both texts (text without columns or notes moved) is kept as is."""
    urls: list[FoundUrl] = []
    first, last = array("l"), array("l")
    row_start, row_line, row_length = rows.start, rows.line, rows.length
    bisect_right = bisect.bisect_right
    n = len(vstarts)
    p0 = 0
    found.reverse()
    # tests, not max() (the lint rules PLR1730 and FURB136 ask for it): a builtin call
    # costs more than a comparison, and this runs once per URL found
    while found:
        u = found.pop()
        u_start = u_end = u.start
        if u.end - 1 > u_end:  # noqa: PLR1730
            u_end = u.end - 1  # the URL's last character
        # the last piece starting at or before the URL: found by bisection unless it is the
        # piece of the URL before or the one after (URLs come in order, most one a line)
        if not (vstarts[p0] <= u_start and (p0 + 1 == n or u_start < vstarts[p0 + 1])):
            p0 += 1
            if not (p0 < n and vstarts[p0] <= u_start and (p0 + 1 == n or u_start < vstarts[p0 + 1])):
                p0 = max(0, bisect_right(vstarts, u_start) - 1)
        if p0 + 1 == n or u_end < vstarts[p0 + 1]:
            p1 = p0
        else:
            p1 = max(p0, bisect_right(vstarts, u_end) - 1)
        a, b = order[p0], order[p1]
        a_start, a_line, b_line = row_start[a], row_line[a], row_line[b]
        start = a_start + leads[p0] + (u_start - vstarts[p0])
        end = row_start[b] + leads[p1] + (u_end - vstarts[p1]) + 1
        # pieces read in reading order may stand in the document in another order
        # (columns): the span then covers the first piece only
        if end < start:
            end = a_start + row_length[a]
            if end < start:  # noqa: PLR1730
                end = start
        end_line = b_line if b_line > a_line else a_line  # noqa: FURB136
        if start != u_start or end != u.end or a_line != u.line or end_line != u.end_line:
            u = FoundUrl(  # not dataclasses.replace: this runs once per URL found, and it is slow
                url=u.url, raw=u.raw, line=a_line, end_line=end_line, start=start, end=end,
                suspect=u.suspect, detail=u.detail, alternatives=u.alternatives,
                continuation=u.continuation,
            )
        urls.append(u)
        first.append(a)
        last.append(b)
    return urls, _RowSpans(first, last)


def _text_with_urls(text: str, urls: Sequence[FoundUrl], vocab: Mapping[str, int]) -> str:
    """Put each URL back whole where line joining may have split or de-hyphenated it."""
    for u in urls:
        if "\n" not in u.raw:
            continue
        joined = join_lines(u.raw.split("\n"), vocab)
        if joined != u.url and joined in text:
            text = text.replace(joined, u.url, 1)
        else:
            spaced = " ".join(s.strip() for s in u.raw.split("\n"))
            if spaced in text:
                text = text.replace(spaced, u.url, 1)
    return text


_SEE_ALSO = lazy_pattern(
    r"(?:;|\.)\s+(?=(?:see also|see, e\.g\.,|see generally|cf\.)\s)", re.IGNORECASE
)


def _split(text: str) -> list[str]:
    """Works cited by one note: ``fields.split_works``, with a fallback on "; see also"."""
    try:
        works = [w for w in fields_mod.split_works(text) if w.strip()]
    except Exception:  # noqa: BLE001 - fall back to our own split
        works = []
    if len(works) <= 1:
        # "see" or "cf." is in every _SEE_ALSO match (_fold equates what IGNORECASE does)
        low = _fold(text)
        pieces = _SEE_ALSO.split(text) if "see" in low or "cf." in low else [text]
        works = [p.strip() for p in pieces if p.strip()] if len(pieces) > 1 else [text]
    return works


def _distribute(parts: Sequence[_Part], urls: Sequence[FoundUrl]) -> None:
    """Each URL goes to the work whose text prints it; attached links go to the first work."""
    for u in urls:
        target = parts[0]
        for p in parts:
            if u.url in p.text or u.url in p.text.replace(" ", ""):
                target = p
                break
        target.urls.append(u)


_REMARK = lazy_pattern(
    r"^(?:The|This|These|All|Unless|I|We|My|Our|It|For|In|As|Note|Translations?|Names?|"
    r"Emphasis|Interview)\b"
)


def _is_citation(label: str, text: str, has_url: bool) -> bool:
    """False for an author note (``*``) and for remarks that cite nothing."""
    if label == "*":
        return False
    if has_url or shortforms.detect(text) is not None:
        return True
    return _reads_as_citation(text)


def _reads_as_citation(text: str) -> bool:
    """A note that is no short form cites something: a quote, a link, a case, a pinpoint, or
    any text that is not a remark."""
    if (
        any(mark in text for mark in _CITING_MARKS)
        or (")" in text and _NUMBER_PAREN.search(text))
        or _CITING_WORD.search(text)
    ):
        return True
    # a remark is a sentence ("The author interviewed …", "The figures … were provided …");
    # "The Hague Convention (IV) …, art 27" is a citation that happens to start with "The"
    return not (_REMARK.match(text.strip()) and _FINITE_VERB.search(text))


_CITING_MARKS = ("“", "”", '"', "http://", "https://", "www.")
"""Quotes and links: a note printing one cites something."""

_NUMBER_PAREN = lazy_pattern(r"\d\)")

_CITING_WORD = lazy_pattern(r"v(?<!\wv)\.? |s(?<!\ws)upra\b|a(?<!\wa)t \d")
"""``v.``, ``supra``, ``at 5`` as words. Each alternative opens with its letter (a word
start is checked behind it) so that the regex engine jumps between those letters instead of
trying every position."""

_FINITE_VERB = lazy_pattern(
    r"\b(?:is|are|was|were|has|have|had|could|would|should|can|cannot|may|might|will|been|"
    r"interviewed|thanks?|refers?|relies|remain|remains|withheld)\b"
)
