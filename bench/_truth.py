"""Score an :class:`Extraction` against a corpus ``truth.json`` (shared by ``bench/accuracy``
and ``tests/citations/test_corpus.py``)."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from citewatch.citations.damage import LOST_HYPHEN_NOTE
from citewatch.citations.model import Citation, Extraction, NoteKind
from citewatch.url import absolute

FIELDS = ("author", "title", "container", "date", "accessed")
VERSIONS = ("pdftotext", "layout", "pypdf")
"""Text versions of each corpus document (``doc.<version>.txt``)."""
ALL_VERSIONS = (*VERSIONS, "pdf")
"""The text versions and ``pdf``: ``doc.pdf`` through the PDF reader, link annotations and all."""


def version_path(doc_dir: Path, version: str) -> Path:
    """The file a version of a corpus document is read from."""
    return doc_dir / ("doc.pdf" if version == "pdf" else f"doc.{version}.txt")


def load_truth(doc_dir: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((doc_dir / "truth.json").read_text(encoding="utf-8"))
    return data


def norm_label(label: str | None) -> str:
    s = unicodedata.normalize("NFKC", label or "").lower()
    s = re.sub(r"[\[\]“”\"‘’'(),.]", " ", s)
    return " ".join(s.split())


def norm_field(value: str | None) -> str:
    s = unicodedata.normalize("NFKC", value or "")
    s = re.sub(r"[“”\"‘’'«»]", "", s)
    s = " ".join(s.split())
    return s.strip(" .,;:").casefold()


@dataclass
class Score:
    """Counts for one document (or a sum of documents)."""

    url_tp: int = 0
    url_found: int = 0
    url_truth: int = 0
    assoc_hit: int = 0
    assoc_total: int = 0
    assoc_loose_hit: int = 0
    """Association hits when URLs are compared ignoring hyphens (an extractor that drops a
    hyphen at a line break changes the URL, not the note it belongs to)."""
    short_hit: int = 0
    short_total: int = 0
    field_hit: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    field_total: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.url_tp += other.url_tp
        self.url_found += other.url_found
        self.url_truth += other.url_truth
        self.assoc_hit += other.assoc_hit
        self.assoc_total += other.assoc_total
        self.assoc_loose_hit += other.assoc_loose_hit
        self.short_hit += other.short_hit
        self.short_total += other.short_total
        for f in FIELDS:
            self.field_hit[f] += other.field_hit[f]
            self.field_total[f] += other.field_total[f]

    @property
    def precision(self) -> float:
        return self.url_tp / self.url_found if self.url_found else 1.0

    @property
    def recall(self) -> float:
        return self.url_tp / self.url_truth if self.url_truth else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def association(self) -> float:
        return self.assoc_hit / self.assoc_total if self.assoc_total else 1.0

    @property
    def association_loose(self) -> float:
        return self.assoc_loose_hit / self.assoc_total if self.assoc_total else 1.0

    @property
    def shortforms(self) -> float:
        return self.short_hit / self.short_total if self.short_total else 1.0

    def field_acc(self, name: str | None = None) -> float:
        if name is None:
            hit, tot = sum(self.field_hit.values()), sum(self.field_total.values())
        else:
            hit, tot = self.field_hit[name], self.field_total[name]
        return hit / tot if tot else 1.0


def _label_map(ex: Extraction) -> dict[tuple[str, str], list[Citation]]:
    out: dict[tuple[str, str], list[Citation]] = {}
    for c in ex.citations:
        if c.label is None:
            continue
        kind = "fn" if c.kind is NoteKind.FOOTNOTE else "ref"
        out.setdefault((kind, norm_label(c.label)), []).append(c)
    return out


def _no_hyphens(url: str) -> str:
    return url.replace("-", "")


def score(ex: Extraction, truth: dict[str, Any]) -> Score:
    s = Score()
    found = {absolute(u.url) for c in ex.citations for u in c.urls}
    want = {absolute(u) for u in truth.get("all_urls", [])}
    s.url_found, s.url_truth, s.url_tp = len(found), len(want), len(found & want)
    for u in sorted(want - found):
        s.misses.append(f"url missed: {u}")
    for u in sorted(found - want):
        s.misses.append(f"url extra: {u}")
    by_label = _label_map(ex)
    entries: list[tuple[str, str, dict[str, Any]]] = []
    for n in truth.get("footnotes") or []:
        entries.append(("fn", str(n["n"]), n))
    for r in truth.get("references") or []:
        entries.append(("ref", str(r.get("label") or r["n"]), r))
    for kind, label, entry in entries:
        mine = by_label.get((kind, norm_label(label)), [])
        mine_urls = {absolute(u.url) for c in mine for u in c.urls}
        mine_loose = {_no_hyphens(u) for u in mine_urls}
        for u in entry.get("urls") or []:
            s.assoc_total += 1
            if _no_hyphens(absolute(u)) in mine_loose:
                s.assoc_loose_hit += 1
            if absolute(u) in mine_urls:
                s.assoc_hit += 1
            else:
                where = [
                    c.label
                    for c in ex.citations
                    if absolute(u) in {absolute(x.url) for x in c.urls}
                ]
                why = f"found under {where}" if where else "URL not found"
                s.misses.append(f"assoc: {kind} {label} lacks {u} ({why})")
        ref = entry.get("ref")
        if ref:
            s.short_total += 1
            got = next((c.ref for c in mine if c.part == 0), None)
            if (
                got is not None
                and got.kind.value == ref["kind"]
                and got.target == str(ref["target"])
            ):
                s.short_hit += 1
            else:
                s.misses.append(
                    f"short: {kind} {label} want {ref['kind']}->{ref['target']} got "
                    f"{got.kind.value + '->' + str(got.target) if got else None}"
                )
        sources = entry.get("sources") or [entry]
        for i, src in enumerate(sources):
            if src.get("ref") or not entry.get("is_citation", True):
                continue
            part = next((c for c in mine if c.part == i), None)
            for f in FIELDS:
                tv = (src.get("fields") or {}).get(f)
                if tv is None:
                    continue
                s.field_total[f] += 1
                mv = getattr(part.fields, f) if part is not None else None
                if norm_field(tv) == norm_field(mv):
                    s.field_hit[f] += 1
                else:
                    s.misses.append(f"field: {kind} {label}.{i} {f}: want {tv!r} got {mv!r}")
    return s


@dataclass
class HyphenFlags:
    """How the lost-hyphen flag (``citations.damage``) fares against the truth."""

    flagged: int = 0
    """Distinct URLs flagged with lost-hyphen candidates."""
    true: int = 0
    """Of those, URLs that truly lost a hyphen (the truth has it, hyphens aside)."""
    losses: int = 0
    """Distinct URLs that lost a hyphen, flagged or not."""
    right: int = 0
    """Flagged losses whose true URL is among the candidates."""
    first: int = 0
    """Flagged losses whose true URL is the first candidate."""

    def add(self, other: HyphenFlags) -> None:
        for f in ("flagged", "true", "losses", "right", "first"):
            setattr(self, f, getattr(self, f) + getattr(other, f))

    def __str__(self) -> str:
        return (
            f"flagged {self.flagged}, truly lost {self.true}, losses {self.losses}, "
            f"right candidate {self.right} (first {self.first})"
        )


def hyphen_flags(ex: Extraction, truth: dict[str, Any]) -> HyphenFlags:
    h = HyphenFlags()
    want = {absolute(u) for u in truth.get("all_urls", [])}
    by_plain = {w.replace("-", ""): w for w in want}
    seen: set[str] = set()
    for u in (u for c in ex.citations for u in c.urls):
        if u.url in seen:
            continue
        seen.add(u.url)
        a = absolute(u.url)
        real = None if a in want else by_plain.get(a.replace("-", ""))
        lost = real is not None and real.count("-") > a.count("-")
        h.losses += lost
        cands = [absolute(c) for c in u.alternatives]
        if cands and LOST_HYPHEN_NOTE in u.detail:
            h.flagged += 1
            h.true += lost
            h.right += lost and real in cands
            h.first += lost and cands[0] == real
    return h
