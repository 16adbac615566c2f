"""Run the extractor on synthetic documents and score them (shared by ``bench/synthetic`` and
``tests/citations/test_synthetic.py``)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from _synthetic_gen import (
    ALL_MODES,
    Pools,
    SynthDoc,
    draw_faults,
    draw_layout_variant,
    draw_variant,
    load_pools,
    make_document,
)
from _truth import Score, score

from citewatch.citations.extract import extract_document
from citewatch.citations.model import Extraction
from citewatch.documents.model import DocFormat, Document
from citewatch.url import absolute


@dataclass
class Result:
    """One synthetic document's scores."""

    doc: SynthDoc
    strict: Score
    """Against the URLs as printed."""
    recoverable: Score
    """URLs pdftotext made unrecoverable (a hyphen of theirs dropped) left out of both sides."""
    lost: int = 0


@dataclass
class Totals:
    """Scores summed per variant tag (``axis=value``) and overall."""

    strict: dict[str, Score] = field(default_factory=dict)
    recoverable: dict[str, Score] = field(default_factory=dict)
    lost: dict[str, int] = field(default_factory=dict)
    docs: dict[str, int] = field(default_factory=dict)

    def add(self, r: Result) -> None:
        keys = ["ALL", *(f"{k}={v}" for k, v in r.doc.variant.tags().items())]
        for key in keys:
            self.strict.setdefault(key, Score()).add(r.strict)
            self.recoverable.setdefault(key, Score()).add(r.recoverable)
            self.lost[key] = self.lost.get(key, 0) + r.lost
            self.docs[key] = self.docs.get(key, 0) + 1


def _without_lost(ex: Extraction, truth: dict[str, Any], lost: dict[str, str]) -> tuple[
    Extraction, dict[str, Any]
]:
    gone = {absolute(u) for u in lost} | {absolute(u) for u in lost.values()}
    cits = tuple(
        replace(c, urls=tuple(u for u in c.urls if absolute(u.url) not in gone))
        for c in ex.citations
    )
    t = dict(truth)
    t["all_urls"] = [u for u in truth["all_urls"] if absolute(u) not in gone]
    for key in ("footnotes", "references"):
        t[key] = [
            {**e, "urls": [u for u in e.get("urls") or [] if absolute(u) not in gone]}
            for e in truth.get(key) or []
        ]
    return replace(ex, citations=cits), t


def run_one(doc: SynthDoc, name: str = "synthetic.txt") -> Result:
    ex = extract_document(Document(Path(name), doc.text, DocFormat.TEXT))
    strict = score(ex, doc.truth)
    ex2, t2 = _without_lost(ex, doc.truth, doc.lost)
    return Result(doc, strict, score(ex2, t2), len(doc.lost))


def generate(
    corpus: Path, n: int, seed: int, modes: tuple[str, ...] = ALL_MODES, *, faults: bool = False
) -> Iterator[SynthDoc]:
    """``n`` documents; with ``layout`` among ``modes`` every third one is a layout document
    drawn from a stream of its own, so the other documents are those of the same seed
    without it (the first ones of that sequence). ``faults`` adds the extraction faults of
    ``_synthetic_gen.FAULTS`` to some documents."""
    pools: Pools = load_pools(corpus)
    rng = random.Random(seed)
    lrng = random.Random(f"layout-{seed}")
    old = tuple(m for m in modes if m != "layout")
    for i in range(n):
        layout = "layout" in modes and (i % 3 == 2 or not old)
        r = lrng if layout else rng
        v = draw_layout_variant(lrng) if layout else draw_variant(rng)
        if faults:
            # the faults' own stream: the documents' other knobs stay those of the seed
            draw_faults(v, random.Random(f"faults-{seed}-{i}"))
        yield make_document(r, pools, v)
