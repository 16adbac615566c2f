"""Seeded synthetic documents imitating ``pdftotext`` / pypdf output, with known truth.

Citations come from the dev corpus' ``truth.json`` files, mixed across documents and styles;
everything a text extractor varies is drawn at random: line width, where URLs break, how note
numbers are printed, running heads and page numbers, blank lines, body-text hyphenation.
In ``pdftotext`` mode a hyphen at a line end is dropped (and the lines joined) when the next
line starts lowercase, as pdftotext does: a URL broken after one of its own hyphens is then
unrecoverable from the text alone, so each document also lists those URLs (``lost``).
In ``layout`` mode (``pdftotext -layout``) pages hold one or two columns set side by side on
each row, lines are justified on a character grid (mostly single spaces, runs of spaces where a
line is stretched far), each column ends with its own notes (hanging or flush numbers) and no
hyphen is lost.
With ``faults`` (``generate(..., faults=True)``) each document also draws, from a stream of
its own (so the other knobs of a seed stay as they were), the extraction faults seen on
unseen documents: URLs broken right after ``https:`` (``scheme``), underscores printed as
spaces or dropped (``underscore``; a dropped one is lost for good), a bibliography without
a blank line or heading right after the last note (``bibliography``), body URLs listed one
per paragraph (``blank-urls``) and ``[n]`` markers glued to URLs (``glued-brackets``).
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MODES = ("pdftotext", "pypdf")
"""Modes ``draw_variant`` chooses from (``layout`` documents come from ``draw_layout_variant``,
so adding them leaves the documents of these modes unchanged for a seed)."""
ALL_MODES = (*MODES, "layout")
KINDS = ("notes", "ieee", "numbered", "apa", "bib")
NUMBERS = ("own", "inline", "glued")
"""How a footnote's number is printed: on its own line, ``12 Text``, ``12Text``."""
BREAKS = ("punct", "anywhere")
"""Where URLs break: after ``/-.?&=_`` (LaTeX url/xurl) or at any character."""

FAULTS = ("scheme", "underscore", "bibliography", "blank-urls", "glued-brackets")
"""Fault classes ``draw_faults`` picks from (see the module docstring)."""

_URL = re.compile(r"(?:https?://|www\.|doi\.org/)\S+|[a-z0-9-]+(?:\.[a-z0-9-]+)+/\S*")
_BREAK_AFTER = set("/-.?&=_")

_FILLER = (
    "Witnesses described shelling that began without warning and continued for several hours",
    "The obligation to take all feasible precautions applies to every party to the conflict",
    "Residential areas were struck repeatedly in the first week of the war",
    "Investigators relied on geolocation and the comparison of uniforms to verify the footage",
    "Hospitals, schools and kindergartens were among the civilian objects damaged",
    "Families of the missing told researchers that they had received no official information",
    "Domestic prosecutions have so far been limited to a small number of low-ranking servicemen",
    (
        "The principle of distinction requires the parties to distinguish at all times between "
        "civilians and combatants"
    ),
    "Satellite imagery published after the ceasefire shows that several cemeteries were levelled",
    "International human rights law continued to apply alongside humanitarian law",
    "Former detainees described being held in overcrowded cells, deprived of adequate food",
    "Unexploded submunitions continued to pose a serious risk to civilians for months",
)
_HEADS = ("Accountability for Violations in the Conflict", "HUMAN RIGHTS REVIEW",
          "Journal of International Law [Vol. 12", "Displacement, Return and Property Rights")


@dataclass
class Variant:
    """The knobs drawn for one document."""

    mode: str
    kind: str
    width: int
    numbers: str
    breaks: str
    glued_markers: bool
    blank_in_notes: bool
    heads: bool
    folio: str
    """Where the page number is printed: ``foot``, ``head`` (alone or after the running
    head) or ``none``."""
    columns: int = 1
    """``layout`` mode: text columns per page, set side by side on each line."""
    gutter: int = 4
    """``layout`` mode: spaces between a full left-column line and the right column."""
    note_style: str = "hanging"
    """``layout`` mode: ``hanging`` (continuation lines indented under the text, numbers
    right-aligned) or ``flush`` (the numbered line indented, continuation lines flush)."""
    faults: frozenset[str] = frozenset()
    """Extraction faults put into this document (``FAULTS``)."""
    frng: random.Random = field(default_factory=lambda: random.Random(0), repr=False)
    """The faults' own random stream."""

    def tags(self) -> dict[str, str]:
        """Axis -> value, for per-variant figures."""
        band = "narrow<60" if self.width < 60 else ("mid<85" if self.width < 85 else "wide")
        tags = {"mode": self.mode, "kind": self.kind, "width": band, "breaks": self.breaks,
                "markers": "glued" if self.glued_markers else "spaced",
                "heads": "yes" if self.heads else "no", "folio": self.folio}
        if self.kind == "notes" and self.mode != "layout":
            tags["numbers"] = self.numbers
            tags["blank-in-notes"] = "yes" if self.blank_in_notes else "no"
        for fault in sorted(self.faults):
            tags[f"fault={fault}"] = "yes"
        if self.mode == "layout":
            tags["columns"] = str(self.columns)
            if self.columns == 2:
                tags["gutter"] = "narrow<4" if self.gutter < 4 else "wide"
            if self.kind == "notes":
                tags["notestyle"] = self.note_style
                tags["blank-in-notes"] = "yes" if self.blank_in_notes else "no"
        return tags


@dataclass
class Pools:
    """Citations of the corpus by the shape of document they can go into."""

    notes: list[dict[str, Any]] = field(default_factory=list)
    refs: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    body_urls: list[str] = field(default_factory=list)


def load_pools(corpus: Path) -> Pools:
    """Full citations (no short forms, no author notes) of every corpus document."""
    pools = Pools(refs={"ieee": [], "apa": [], "bib": []})
    for path in sorted(corpus.glob("*/truth.json")):
        t = json.loads(path.read_text(encoding="utf-8"))
        style = t.get("style")
        for n in t.get("footnotes") or []:
            if n.get("ref") is None and n.get("n") != "*" and n.get("is_citation", True):
                pools.notes.append(n)
        for r in t.get("references") or []:
            key = "ieee" if style == "ieee" else "apa" if style == "apa" else "bib"
            pools.refs[key].append(r)
        pools.body_urls.extend(t.get("body_urls") or [])
    return pools


def draw_variant(rng: random.Random) -> Variant:
    kind = rng.choice(KINDS + ("notes", "notes"))
    mode = rng.choice(MODES)
    narrow = rng.random() < 0.3
    return Variant(
        mode=mode,
        kind=kind,
        width=rng.randint(40, 60) if narrow else rng.randint(60, 110),
        numbers=rng.choice(NUMBERS),
        breaks=rng.choice(BREAKS),
        glued_markers=rng.random() < 0.6,
        blank_in_notes=rng.random() < 0.3,
        heads=rng.random() < 0.7,
        folio=rng.choice(("foot", "foot", "head", "none")),
    )


def draw_faults(v: Variant, frng: random.Random) -> Variant:
    """``v`` with faults drawn from ``frng`` (each class in about a third of documents)."""
    v.frng = frng
    v.faults = frozenset(f for f in FAULTS if frng.random() < 0.35)
    return v


def draw_layout_variant(rng: random.Random) -> Variant:
    """A ``pdftotext -layout`` variant: one or two columns (width is a column's width)."""
    v = draw_variant(rng)
    v.mode = "layout"
    v.columns = 2 if rng.random() < 0.6 else 1
    if v.columns == 2:
        v.width = rng.randint(36, 56)
        v.gutter = rng.choice((2, 3, 4, 6, 8, 10, 14))
    v.note_style = rng.choice(("hanging", "hanging", "flush"))
    return v


@dataclass
class _Wrapper:
    """Greedy line filling with URL breaking; remembers URLs that lose a hyphen."""

    rng: random.Random
    v: Variant
    lost: dict[str, str] = field(default_factory=dict)
    """Printed URL -> the text pdftotext leaves of it (a hyphen at a break dropped)."""

    def _url_cut(self, tok: str, room: int) -> int:
        """Length of the first piece when ``tok`` is broken to fit ``room`` (0: no break)."""
        colon = tok.find("://")
        if "scheme" in self.v.faults and 0 < colon < 6 and colon + 1 <= room and (
            self.v.frng.random() < 0.6
        ):
            return colon + 1  # "https:" / "//host…"
        lo = 8 if tok.startswith("http") else 4
        if room <= lo:
            return 0
        if self.v.breaks == "anywhere":
            return min(room, len(tok) - 2)
        cuts = [i + 1 for i, ch in enumerate(tok[: room]) if ch in _BREAK_AFTER and i + 1 >= lo]
        cuts = [c for c in cuts if c < len(tok) - 1]
        return max(cuts) if cuts else 0

    def wrap(self, text: str, width: int, first_room: int | None = None) -> list[str]:
        """``text`` filled into lines of ``width`` (the first line ``first_room``)."""
        if "underscore" in self.v.faults:
            text = _URL.sub(self._underscore, text)
        lines: list[str] = []
        for para in text.split("\n"):
            lines.extend(self._wrap_para(para, width, first_room if not lines else None))
        return lines

    def _underscore(self, m: re.Match[str]) -> str:
        """A URL's first inner underscore printed as ``_ ``/`` _`` or dropped (lost)."""
        url = m.group(0)
        printed = url.rstrip(".,;)]>")
        k = printed.find("_", 1)
        if k < 0 or k >= len(printed) - 1 or self.v.frng.random() < 0.3:
            return url
        r = self.v.frng.random()
        if r < 0.4:
            return url[: k + 1] + " " + url[k + 1 :]
        if r < 0.8:
            return url[:k] + " " + url[k:]
        self.lost[printed] = printed[:k] + printed[k + 1 :]
        return url[:k] + url[k + 1 :]

    def _wrap_para(self, text: str, width: int, first_room: int | None) -> list[str]:
        lines: list[str] = []
        cur = ""
        room = first_room if first_room is not None else width
        for tok in text.split():
            url = _URL.search(tok)
            off = 0  # characters of the token already placed
            cut_at: list[int] = []
            while True:
                need = len(tok) + (1 if cur else 0)
                if need <= room - len(cur):
                    cur = f"{cur} {tok}" if cur else tok
                    break
                space = room - len(cur) - (1 if cur else 0)
                if url is not None:
                    cut = self._url_cut(tok, space)
                    if cut == 0 and not cur:
                        cut = self._url_cut(tok, room) or min(room, len(tok) - 1)
                    if cut:
                        head, tok = tok[:cut], tok[cut:]
                        if head.endswith("-") and tok[:1].islower():
                            cut_at.append(off + cut - 1)
                        off += cut
                        cur = f"{cur} {head}" if cur else head
                        lines.append(cur)
                        cur, room = "", width
                        continue
                elif (
                    len(tok) > 7 and tok.isalpha() and tok.islower() and space >= 4
                    and self.rng.random() < 0.5
                ):
                    cut = self.rng.randint(3, min(space - 1, len(tok) - 3))
                    if cut >= 3:
                        lines.append(f"{cur} {tok[:cut]}-" if cur else f"{tok[:cut]}-")
                        tok, cur, room = tok[cut:], "", width
                        continue
                if cur:
                    lines.append(cur)
                    cur, room = "", width
                else:  # a word longer than the line
                    cur = tok
                    break
            if url is not None and cut_at and self.v.mode == "pdftotext":
                printed = url.group(0).rstrip(".,;)]>")
                rel = [c - url.start() for c in cut_at if 0 <= c - url.start() < len(printed)]
                if rel:
                    self.lost[printed] = "".join(
                        ch for i, ch in enumerate(printed) if i not in rel)
        if cur:
            lines.append(cur)
        if self.v.mode == "layout":
            lines = [
                self._justify(line, (first_room if k == 0 and first_room else width))
                for k, line in enumerate(lines[:-1])
            ] + lines[-1:]
        return lines

    def _justify(self, line: str, room: int) -> str:
        """A justified line as ``pdftotext -layout`` prints it: on its character grid a
        slightly stretched line keeps single spaces (its right edge looks ragged); a line
        stretched far (a long URL pushed to the next line) shows the stretch as runs of
        spaces, and now and then a wider space shows as two."""
        words = line.split(" ")
        extra = room - len(line)
        if len(words) < 2 or extra <= 0:
            return line
        gaps = [1] * (len(words) - 1)
        if extra >= max(6, room // 6) and self.rng.random() < 0.7:
            for k in range(len(gaps)):
                gaps[k] += extra // len(gaps)
            for _ in range(extra % len(gaps)):
                gaps[self.rng.randrange(len(gaps))] += 1
        elif self.rng.random() < 0.06:
            gaps[self.rng.randrange(len(gaps))] += 1
        return words[0] + "".join(" " * g + wd for g, wd in zip(gaps, words[1:]))


def _pdftotext_join(lines: list[str]) -> list[str]:
    """pdftotext's de-hyphenation: ``word-`` + lowercase next line -> one line, hyphen gone."""
    out: list[str] = []
    for line in lines:
        if out and out[-1].endswith("-") and line[:1].islower() and out[-1] not in ("", "\f"):
            out[-1] = out[-1][:-1] + line
        else:
            out.append(line)
    return out


def _surname(note: dict[str, Any]) -> str | None:
    """How a short form names the author: a person's surname, an organisation in full."""
    author = ((note.get("fields") or {}).get("author") or "").strip()
    first = re.split(r"\s(?:and|&)\s|,", author)[0].strip()
    words = [w for w in first.split() if w[:1].isupper()]
    if not words:
        return None
    person = len(words) <= 3 and not re.search(
        r"\b(?:Watch|International|Ministry|Office|Council|Court|Committee|Group|Nations|"
        r"Organization|Institute|Parliament|Commission|Society|Union|News|Foundation)\b", first)
    return words[-1] if person else first


def _sentence(rng: random.Random) -> str:
    return rng.choice(_FILLER)


@dataclass
class SynthDoc:
    """One generated document and what it cites."""

    text: str
    truth: dict[str, Any]
    variant: Variant
    lost: dict[str, str]


def make_document(rng: random.Random, pools: Pools, v: Variant | None = None) -> SynthDoc:
    """A document of ``v`` (drawn when None) built from ``pools``."""
    v = v or draw_variant(rng)
    w = _Wrapper(rng, v)
    if v.mode == "layout" and v.kind == "notes":
        lines, truth = _layout_notes_doc(rng, pools, v, w)
    elif v.kind == "notes":
        lines, truth = _notes_doc(rng, pools, v, w)
    else:
        lines, truth = _refs_doc(rng, pools, v, w)
        if v.mode == "layout":
            lines = _layout_flow(rng, v, lines)
    if v.mode == "pdftotext":
        lines = _pdftotext_join(lines)
    text = "\n".join(lines).replace("\n\f\n", "\n\f").replace("\0", " ")
    return SynthDoc(text + "\n", truth, v, w.lost)


def _marker(v: Variant, word: str, n: int) -> str:
    # a superscript sticks to its word: a spaced marker never starts a line ("\0" is
    # a space the wrapper does not break at)
    return f"{word}{n}" if v.glued_markers else f"{word}\0{n}"


def _page_end(v: Variant, page: int, lines: list[str]) -> None:
    if v.mode == "layout":  # furniture is added when the page is laid out
        lines.append("\f")
        return
    if v.folio == "foot":
        if v.mode == "pdftotext":
            lines.append("")
        lines.append(str(page))
    lines.append("\f")


def _page_start(rng: random.Random, v: Variant, page: int, lines: list[str]) -> None:
    if page == 1 or v.mode == "layout":
        return
    head = _HEADS[page % len(_HEADS)] if v.heads else ""
    if v.folio == "head":
        head = f"{head} {page}".strip() if head and rng.random() < 0.5 else str(page)
        if v.heads and head == str(page):
            lines.append(head)
            head = _HEADS[page % len(_HEADS)]
    if head:
        lines.append(head)
    if head and v.mode == "pdftotext":
        lines.append("")


def _body_urls(rng: random.Random, pools: Pools, k: int) -> list[str]:
    return rng.sample(pools.body_urls, min(k, len(pools.body_urls))) if pools.body_urls else []


def _pick_notes(rng: random.Random, pools: Pools) -> list[dict[str, Any]]:
    """12-30 notes: corpus citations with ibid / id / supra short forms among them."""
    count = rng.randint(12, 30)
    chosen = rng.sample(pools.notes, count)
    notes: list[dict[str, Any]] = []
    full: list[tuple[int, dict[str, Any]]] = []
    for src in chosen:
        n = len(notes) + 1
        r = rng.random()
        prev_full = bool(notes) and notes[-1]["ref"] is None
        if r < 0.1 and prev_full:
            notes.append({"n": n, "text": rng.choice(("Ibid.", "Ibid. at 4.", "Ibid, para 12.")),
                          "urls": [], "ref": {"kind": "ibid", "target": n - 1}})
            continue
        if r < 0.17 and prev_full:
            notes.append({"n": n, "text": rng.choice(("Id.", "Id. at 5.", "See id. at 212.")),
                          "urls": [], "ref": {"kind": "id", "target": n - 1}})
            continue
        if r < 0.27 and full:
            k, target = rng.choice(full)
            name = _surname(target)
            if name:
                notes.append({"n": n, "text": f"{name}, supra note {k} at {rng.randint(2, 90)}.",
                              "urls": [], "ref": {"kind": "supra", "target": k}})
                continue
        note = {**src, "n": n, "ref": None}
        notes.append(note)
        full.append((n, note))
    return notes


def _notes_truth(notes: list[dict[str, Any]], body_all: list[str]) -> dict[str, Any]:
    truth: dict[str, Any] = {
        "footnotes": [
            {k: x.get(k) for k in ("n", "urls", "ref", "fields", "sources", "is_citation")}
            for x in notes
        ],
        "references": [],
    }
    truth["all_urls"] = _all_urls(truth, body_all)
    return truth


def _notes_doc(
    rng: random.Random, pools: Pools, v: Variant, w: _Wrapper
) -> tuple[list[str], dict[str, Any]]:
    notes = _pick_notes(rng, pools)
    lines: list[str] = []
    page = 1
    lines.append("Accountability for Violations in the Conflict")
    lines.append("")
    i = 0
    body = _body_urls(rng, pools, rng.randint(0, 2))
    body_all = list(body)
    body_all += _blank_url_list(pools, v, w, lines, body_all)
    bib: list[dict[str, Any]] = []
    while i < len(notes):
        _page_start(rng, v, page, lines)
        on_page = notes[i : i + rng.randint(2, 5)]
        for j, note in enumerate(on_page):
            sent = _sentence(rng)
            words = sent.split()
            words[-1] = _marker(v, words[-1] + ".", note["n"])
            para = " ".join(words) + " " + _sentence(rng) + "."
            if body and rng.random() < 0.3:
                para += f" The footage is available at {body.pop()} and was geolocated."
            lines.extend(w.wrap(para, v.width))
            if v.mode == "pdftotext" and j % 2:
                lines.append("")
        if v.mode == "pdftotext":
            lines.append("")
        for note in on_page:
            lines.extend(_note_lines(rng, v, w, note))
        if i + len(on_page) >= len(notes) and "bibliography" in v.faults:
            bib = _bibliography_after_notes(pools, v, w, lines)
        _page_end(v, page, lines)
        page += 1
        i += len(on_page)
    if body:
        lines.extend(w.wrap(f"Further material is available at {' and '.join(body)}.", v.width))
    truth = _notes_truth(notes, body_all)
    if bib:
        truth["references"] = bib
        truth["all_urls"] = _all_urls(truth, body_all)
    return lines, truth


def _blank_url_list(
    pools: Pools, v: Variant, w: _Wrapper, lines: list[str], taken: list[str]
) -> list[str]:
    """``blank-urls``: a few body URLs listed one per paragraph (blank lines between)."""
    if "blank-urls" not in v.faults or not pools.body_urls:
        return []
    pool = [u for u in pools.body_urls if u not in taken]
    urls = v.frng.sample(pool, min(len(pool), v.frng.randint(2, 4)))
    lines.extend(["Sources consulted online:", ""])
    for u in urls:
        lines.extend([*w.wrap(u, v.width), ""])
    return urls


def _bibliography_after_notes(
    pools: Pools, v: Variant, w: _Wrapper, lines: list[str]
) -> list[dict[str, Any]]:
    """``bibliography``: author-first entries right under the last note, no blank line,
    with a heading in some documents; their truth as reference entries ``B1``…"""
    pool = [r for r in pools.refs["bib"] if re.match(r"[A-Z][\w’'-]+, [A-Z]", str(r["text"]))]
    chosen = sorted(v.frng.sample(pool, min(len(pool), v.frng.randint(3, 6))),
                    key=lambda r: str(r["text"]).casefold())
    if v.frng.random() < 0.3:
        lines.append(v.frng.choice(("Bibliography", "References", "Works Cited", "Sources")))
    out: list[dict[str, Any]] = []
    for k, r in enumerate(chosen, start=1):
        lines.extend(w.wrap(str(r["text"]), v.width))
        out.append({**{x: r.get(x) for x in ("urls", "fields", "sources", "is_citation")},
                    "n": k, "label": f"B{k}"})
    return out


def _note_lines(rng: random.Random, v: Variant, w: _Wrapper, note: dict[str, Any]) -> list[str]:
    n = str(note["n"])
    text = note["text"]
    if v.numbers == "own":
        out = [n, *w.wrap(text, v.width)]
    elif v.numbers == "inline":
        wrapped = w.wrap(text, v.width, first_room=v.width - len(n) - 1)
        out = [f"{n} {wrapped[0]}", *wrapped[1:]]
    else:
        wrapped = w.wrap(text, v.width, first_room=v.width - len(n))
        out = [f"{n}{wrapped[0]}", *wrapped[1:]]
    if v.blank_in_notes and len(out) > 2 and rng.random() < 0.5:
        k = rng.randint(1, len(out) - 1)
        out.insert(k, "")
    return out


def _all_urls(truth: dict[str, Any], body_all: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for key in ("footnotes", "references"):
        for e in truth[key]:
            for u in e.get("urls") or []:
                seen[u] = None
    for u in body_all:
        seen[u] = None
    return list(seen)


def _refs_doc(
    rng: random.Random, pools: Pools, v: Variant, w: _Wrapper
) -> tuple[list[str], dict[str, Any]]:
    pool = pools.refs["apa" if v.kind == "apa" else "bib" if v.kind == "bib" else "ieee"]
    if v.kind == "numbered":
        pool = pools.refs["ieee"] + pools.refs["bib"]
    count = min(len(pool), rng.randint(10, 30))
    chosen = rng.sample(pool, count)
    if v.kind in ("apa", "bib"):
        by_label: dict[str, dict[str, Any]] = {}
        for r in chosen:
            by_label.setdefault(str(r.get("label") or r["text"][:20]), r)
        chosen = sorted(by_label.values(), key=lambda r: str(r["text"]).casefold())
    refs: list[dict[str, Any]] = []
    for k, r in enumerate(chosen, start=1):
        text = re.sub(r"^\[\d+\]\s*", "", str(r["text"]))
        if v.kind == "ieee":
            label, shown = f"[{k}]", f"[{k}] {text}"
        elif v.kind == "numbered":
            label, shown = str(k), f"{k}. {text}"
        elif v.kind == "apa":
            label, shown = str(r.get("label")), text
        else:
            label, shown = f"B{k}", text
        refs.append({**{x: r.get(x) for x in ("urls", "fields", "sources", "is_citation")},
                     "n": k, "label": label, "text": shown})
    lines = ["Accountability for Violations in the Conflict", ""]
    body = _body_urls(rng, pools, rng.randint(0, 2))
    body_all = list(body)
    body_all += _blank_url_list(pools, v, w, lines, body_all)
    page = 1
    # the body cites every entry once (an author-date list is labelled by its citations)
    uncited = [] if v.kind == "bib" else list(refs)
    pages = max(rng.randint(1, 3), len(uncited) // 8)
    for p in range(pages):
        _page_start(rng, v, page, lines)
        for _ in range(rng.randint(2, 4)):
            take = [uncited.pop(0) for _ in range(min(len(uncited), rng.randint(1, 3)))]
            if p == pages - 1:
                take += uncited
                uncited = []
            take = take or [rng.choice(refs)]
            if v.kind == "apa":
                cite = "(" + "; ".join(str(r["label"]) for r in take) + ")"
            elif v.kind in ("ieee", "numbered"):
                cite = ", ".join(f"[{r['n']}]" for r in take)
            else:
                cite = ""
            para = f"{_sentence(rng)} {cite}. {_sentence(rng)}."
            if body and rng.random() < 0.4:
                url = body.pop()
                if "glued-brackets" in v.faults and v.kind in ("ieee", "numbered"):
                    url += f"[{take[0]['n']}]"  # a citation marker glued to the URL
                para += f" The report is available at {url} and was archived."
            lines.extend(w.wrap(para, v.width))
            if v.mode == "pdftotext":
                lines.append("")
        _page_end(v, page, lines)
        page += 1
    if body:
        lines.extend(w.wrap(f"Further material is available at {' and '.join(body)}.", v.width))
        if v.mode == "pdftotext":
            lines.append("")
    lines.append(rng.choice(("References", "Bibliography", "Works Cited")))
    if v.mode == "pdftotext":
        lines.append("")
    since = 0
    for r in refs:
        lines.extend(_entry_lines(v, w, r) if v.mode == "layout" else w.wrap(r["text"], v.width))
        since += 1
        if v.mode == "pdftotext" and rng.random() < 0.5:
            lines.append("")
        if since > 8 and rng.random() < 0.2 and r is not refs[-1]:
            _page_end(v, page, lines)
            page += 1
            _page_start(rng, v, page, lines)
            since = 0
    truth: dict[str, Any] = {"footnotes": [], "references": [{k: x.get(k) for k in (
        "n", "label", "urls", "fields", "sources", "is_citation")} for x in refs]}
    truth["all_urls"] = _all_urls(truth, body_all)
    return lines, truth


# --- pdftotext -layout -------------------------------------------------------------------


def _entry_lines(v: Variant, w: _Wrapper, r: dict[str, Any]) -> list[str]:
    """A reference entry with a hanging indent: under its text after a ``[k]`` / ``k.``
    label, four spaces for an author-date entry."""
    text = str(r["text"])
    m = re.match(r"(\[\d+\]|\d+\.)\s+", text) if v.kind in ("ieee", "numbered") else None
    if m:
        label = m.group(1)
        ind = len(label) + (2 if v.kind == "ieee" else 1)
        wrapped = w.wrap(text[m.end():], v.width - ind)
        return [label.ljust(ind) + wrapped[0], *(" " * ind + x for x in wrapped[1:])]
    wrapped = w.wrap(text, v.width - 4, first_room=v.width)
    return [wrapped[0], *("    " + x for x in wrapped[1:])]


def _layout_note(rng: random.Random, v: Variant, w: _Wrapper, note: dict[str, Any],
                 digits: int) -> list[str]:
    """A note as ``pdftotext -layout`` prints it at a column's foot."""
    n = str(note["n"])
    if v.note_style == "flush":
        lead = "   " + n + " "
        wrapped = w.wrap(note["text"], v.width, first_room=v.width - len(lead))
        out = [lead + wrapped[0], *wrapped[1:]]
    else:
        lead = n.rjust(digits) + " "
        ind = " " * len(lead)
        wrapped = w.wrap(note["text"], v.width - len(ind), first_room=v.width - len(lead))
        out = [lead + wrapped[0], *(ind + x for x in wrapped[1:])]
    if v.blank_in_notes and len(out) > 1 and rng.random() < 0.5:
        # pdftotext -layout leaves a blank row where a line's superscripts or a larger
        # font pushed the baseline down
        k = rng.randint(1, len(out) - 1)
        out.insert(k, "")
    return out


def _layout_notes_doc(
    rng: random.Random, pools: Pools, v: Variant, w: _Wrapper
) -> tuple[list[str], dict[str, Any]]:
    """Pages of one or two columns, each column its body text then its own notes."""
    notes = _pick_notes(rng, pools)
    body = _body_urls(rng, pools, rng.randint(0, 2))
    body_all = list(body)
    pages: list[list[list[str]]] = []
    i = 0
    while i < len(notes):
        cols: list[list[str]] = []
        for _ in range(v.columns):
            if i >= len(notes):
                break
            on_col = notes[i : i + rng.randint(1, 4 if v.columns == 2 else 5)]
            i += len(on_col)
            text: list[str] = []
            for j, note in enumerate(on_col):
                words = _sentence(rng).split()
                words[-1] = _marker(v, words[-1] + ".", note["n"])
                para = " ".join(words) + " " + _sentence(rng) + "."
                if body and rng.random() < 0.3:
                    para += f" The footage is available at {body.pop()} and was geolocated."
                wrapped = w.wrap(para, v.width, first_room=v.width - 3 if j else None)
                text.extend(["   " + wrapped[0] if j else wrapped[0], *wrapped[1:]])
            foot: list[str] = []
            digits = len(str(on_col[-1]["n"]))
            for note in on_col:
                foot.extend(_layout_note(rng, v, w, note, digits))
            cols.append(text + [""] + foot)
        _balance(rng, v, w, cols)
        pages.append(cols)
    if body:
        pages.append([w.wrap(f"Further material is available at {' and '.join(body)}.",
                             v.width)])
    lines = ["Accountability for Violations in the Conflict", ""]
    for p, cols in enumerate(pages, start=1):
        if len(cols) > 1:
            # notes sit at the foot of every column: pad the shorter column above its notes
            height = max(len(c) for c in cols)
            for c in cols:
                at = c.index("") if "" in c else len(c)
                c[at:at] = [""] * (height - len(c))
        lines.extend(_layout_page(rng, v, p, cols))
    return lines, _notes_truth(notes, body_all)


def _balance(rng: random.Random, v: Variant, w: _Wrapper, cols: list[list[str]]) -> None:
    """Fill the shorter column's body with more text (no note markers), as a typesetter
    balances columns: both end at the foot of the page."""
    height = max(len(c) for c in cols)
    for c in cols:
        at = c.index("")
        while True:
            para = w.wrap(f"{_sentence(rng)}. {_sentence(rng)}.", v.width,
                          first_room=v.width - 3)
            if len(c) + len(para) > height:
                break
            c[at:at] = ["   " + para[0], *para[1:]]
            at += len(para)


def _layout_flow(rng: random.Random, v: Variant, flow: list[str]) -> list[str]:
    """Lines of a column-wide flow (pages parted by form feeds) poured into columns."""
    out: list[str] = []
    pages = "\n".join(flow).split("\f")
    for p, page in enumerate(pages, start=1):
        rows = page.strip("\n").split("\n")
        if v.columns == 2 and len(rows) > 6:
            half = (len(rows) + 1) // 2
            cols = [rows[:half], rows[half:]]
        else:
            cols = [rows]
        out.extend(_layout_page(rng, v, p, cols))
    return out


def _layout_page(rng: random.Random, v: Variant, page: int, cols: list[list[str]]) -> list[str]:
    """One page: running head, columns side by side on each row, page number, form feed."""
    full = v.width * v.columns + v.gutter * (v.columns - 1)
    out: list[str] = []
    if page > 1 and (v.heads or v.folio == "head"):
        head = _HEADS[page % len(_HEADS)] if v.heads else ""
        if v.folio == "head":
            head = f"{head}{' ' * max(2, full - len(head) - len(str(page)))}{page}".strip()
        else:
            head = " " * ((full - len(head)) // 2) + head
        out.extend([head, ""])
    height = max(len(c) for c in cols)
    for r in range(height):
        left = cols[0][r] if r < len(cols[0]) else ""
        right = cols[1][r] if len(cols) > 1 and r < len(cols[1]) else ""
        if right:
            left = left.ljust(v.width + v.gutter) if left else " " * (v.width + v.gutter)
        out.append((left + right).rstrip())
    if v.folio == "foot":
        out.extend(["", "", " " * (full // 2) + str(page)])
    out.append("\f")
    return out
