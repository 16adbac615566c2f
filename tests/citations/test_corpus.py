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
    "association": 0.935,
    "shortforms": 0.985,
}
VERSION_FLOORS = {"pdftotext": 0.86, "layout": 0.97, "pypdf": 0.98}  # association
LOOSE_FLOORS = {"pdftotext": 0.99, "layout": 0.98, "pypdf": 0.99}
"""Association when URLs are compared ignoring hyphens (which note a URL belongs to, even
where the extractor dropped a hyphen from it)."""


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


@pytest.mark.parametrize("version", VERSIONS)
def test_per_version_association_ignoring_hyphens(scores: dict[str, Score], version: str) -> None:
    assert scores[version].association_loose >= LOOSE_FLOORS[version]


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


def test_seed_link_block_goes_to_the_notes_above_it() -> None:
    """seeds/003: notes 19–21 print no URL; three bare links follow them."""
    path = next(SEEDS.glob("003_*.txt"), None)
    assert path is not None, "seed 003 missing from seeds/"
    ex = extract_document(load_document(path))
    urls = {c.label: [u.url for u in c.urls] for c in ex.citations if c.part == 0}
    assert urls["19"] == ["https://www.hrw.org/news/2021/09/08/lessons-war"]
    assert urls["20"][0].startswith("http://arka.am/en/news/politics/more_than_30_thousand")
    assert urls["21"] == ["https://armenpress.am/eng/news/1099851.html"]
    # the same report printed twice in a row is one link, for note 5
    assert len(urls["5"]) == 1 and "NK_final_report_2021.pdf" in urls["5"][0]


def test_seed_numbers_on_their_own_lines() -> None:
    """seeds/001: each note number stands on its own line above its text."""
    path = next(SEEDS.glob("001_*.txt"), None)
    assert path is not None, "seed 001 missing from seeds/"
    ex = extract_document(load_document(path))
    notes = {c.label: c for c in ex.citations if c.part == 0 and c.kind is NoteKind.FOOTNOTE}
    assert notes["1"].text.startswith("Lucia de la Torre")
    assert notes["2"].text.startswith("Ryan Grenoble")
    assert notes["11"].ref is not None and notes["11"].ref.target == "10"
    # pdftotext printed "99" below note 101; its text sits under note 98
    assert notes["98"].text.endswith("art 51.")
    assert notes["99"].ref is not None and notes["99"].ref.target == "98"


def test_seed_markers_in_running_text_and_lost_numbers() -> None:
    """seeds/001: markers glued into sentences start no note; bodies printed without their
    numbers go to the markers waiting for them; body paragraphs end the note above."""
    path = next(SEEDS.glob("001_*.txt"), None)
    assert path is not None, "seed 001 missing from seeds/"
    ex = extract_document(load_document(path))
    notes = {c.label: c for c in ex.citations if c.part == 0 and c.kind is NoteKind.FOOTNOTE}
    for c in notes.values():
        assert not c.text.startswith(("According to", "In another video", "These willful",
                                      "Furthermore", "It is clear"))
        assert len(c.lines) <= 14, (c.label, c.lines)  # (the longest note, 96, has 12)
    assert notes["102"].text.startswith("Sheila Paylan et al.")
    assert notes["103"].text.endswith("[Law of Unilateral Declaration].")
    assert notes["104"].text.startswith("Second report on Azerbaijan")
    assert notes["105"].text.startswith("Iris Kempe")
    assert notes["106"].text.startswith("Nerses Kopalyan")
    assert notes["110"].urls[0].url == "en.president.az/articles/48788"
    assert notes["123"].text == "Supra note 40."
    assert [c for c in ex.citations if c.kind is NoteKind.BODY] == []


def test_seed_link_block_placed_by_words_proper_to_each_link() -> None:
    """seeds/003: the links under notes 9–13 share their site's words; the rule numbers in
    the slugs place them."""
    path = next(SEEDS.glob("003_*.txt"), None)
    assert path is not None, "seed 003 missing from seeds/"
    ex = extract_document(load_document(path))
    urls = {c.label: [u.url for u in c.urls] for c in ex.citations if c.part == 0}
    assert urls["9"] == ["https://ihl-databases.icrc.org/customary-ihl/eng/docs/v1_rul_rule2"]
    assert urls["10"] == ["https://ihl-databases.icrc.org/ihl/WebART/380-600056"]
    assert urls["11"] == ["https://ihl-databases.icrc.org/customary-ihl/eng/docs/v1_rul_rule12"]
