"""Regression floors on the dev corpus: every document × every text version, and the seeds.

The floors sit a little below what ``bench/accuracy`` measures, so a change that loses
notes, URLs or short-form targets fails here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from _truth import VERSIONS, Score, load_truth, score

from citewatch.citations.extract import extract_document
from citewatch.citations.model import NoteKind
from citewatch.documents import load_document

CORPUS = ROOT / "tests" / "fixtures" / "corpus"
SEEDS = ROOT / "seeds"
DOCS = sorted(p for p in CORPUS.iterdir() if (p / "truth.json").exists())

FLOORS = {
    "url_f1": 0.93,
    "association": 0.91,
    "shortforms": 0.96,
}
VERSION_FLOORS = {"pdftotext": 0.80, "layout": 0.95, "pypdf": 0.96}  # association


@pytest.fixture(scope="module")
def scores() -> dict[str, Score]:
    by_version = {v: Score() for v in VERSIONS}
    for doc in DOCS:
        truth = load_truth(doc)
        for v in VERSIONS:
            ex = extract_document(load_document(doc / f"doc.{v}.txt"))
            by_version[v].add(score(ex, truth))
    return by_version


def test_corpus_is_present() -> None:
    assert len(DOCS) >= 10


def test_overall_floors(scores: dict[str, Score]) -> None:
    total = Score()
    for s in scores.values():
        total.add(s)
    assert total.f1 >= FLOORS["url_f1"], total.f1
    assert total.association >= FLOORS["association"], total.association
    assert total.shortforms >= FLOORS["shortforms"], total.shortforms


@pytest.mark.parametrize("version", VERSIONS)
def test_per_version_association(scores: dict[str, Score], version: str) -> None:
    assert scores[version].association >= VERSION_FLOORS[version]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="no seeds")
@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else [])
def test_seeds_extract(seed: Path) -> None:
    ex = extract_document(load_document(seed))
    labels = [c.label for c in ex.citations if c.kind is NoteKind.FOOTNOTE and c.part == 0]
    # notes come out once each, in document order
    assert len(labels) == len(set(labels))
    lines = [c.lines[0] for c in ex.citations if c.lines]
    assert lines == sorted(lines)
    for c in ex.citations:
        for u in c.urls:
            assert u.line in range(1, ex.citations[-1].lines[-1] + 1000)
