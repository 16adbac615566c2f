"""Generalisation floor: extraction on a small fixed-seed batch of synthetic documents
(``bench/synthetic``: corpus citations re-typeset with random widths, URL breaks, note
numbering, page furniture), scored like the dev corpus, and a batch imitating
``pdftotext -layout`` (one or two columns side by side, justified lines, notes at each
column's foot). Floors sit slightly below what the extractor measured, so a change that
breaks a general rule fails here."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from _synthetic_gen import MODES
from _synthetic_score import Totals, generate, run_one

CORPUS = ROOT / "tests" / "fixtures" / "corpus"


@pytest.fixture(scope="module")
def totals() -> Totals:
    t = Totals()
    for doc in generate(CORPUS, 60, seed=7, modes=MODES):
        t.add(run_one(doc))
    return t


@pytest.fixture(scope="module")
def layout() -> Totals:
    t = Totals()
    for doc in generate(CORPUS, 30, seed=7, modes=("layout",)):
        t.add(run_one(doc))
    return t


def test_batch_covers_every_variant(totals: Totals) -> None:
    for tag in ("mode=pdftotext", "mode=pypdf", "kind=notes", "kind=apa", "kind=ieee",
                "kind=bib", "kind=numbered", "numbers=own", "numbers=inline", "numbers=glued"):
        assert totals.docs.get(tag, 0) >= 2, tag
    assert totals.lost["mode=pdftotext"] > 0  # some URLs lost a hyphen for good
    assert totals.lost["mode=pypdf"] == 0


def test_url_figures(totals: Totals) -> None:
    rec = totals.recoverable["ALL"]
    assert rec.precision >= FLOORS["url_p"]
    assert rec.recall >= FLOORS["url_r"]
    assert totals.strict["mode=pypdf"].f1 >= FLOORS["pypdf_f1"]


def test_association_and_short_forms(totals: Totals) -> None:
    assert totals.recoverable["ALL"].association >= FLOORS["assoc"]
    assert totals.recoverable["kind=notes"].association >= FLOORS["assoc_notes"]
    assert totals.strict["ALL"].shortforms >= FLOORS["short"]


def test_layout_batch_covers_columns(layout: Totals) -> None:
    assert layout.docs["mode=layout"] == 30
    for tag in ("columns=1", "columns=2", "kind=notes", "notestyle=hanging", "notestyle=flush"):
        assert layout.docs.get(tag, 0) >= 2, tag
    assert layout.lost["mode=layout"] == 0  # pdftotext -layout keeps every hyphen


def test_layout_figures(layout: Totals) -> None:
    rec = layout.recoverable["ALL"]
    assert rec.precision >= LAYOUT_FLOORS["url_p"]
    assert rec.recall >= LAYOUT_FLOORS["url_r"]
    assert rec.association >= LAYOUT_FLOORS["assoc"]
    assert layout.recoverable["columns=2"].f1 >= LAYOUT_FLOORS["two_col_f1"]
    assert layout.recoverable["columns=2"].association >= LAYOUT_FLOORS["two_col_assoc"]
    assert layout.strict["ALL"].shortforms >= LAYOUT_FLOORS["short"]


FLOORS = {"url_p": 0.96, "url_r": 0.955, "pypdf_f1": 0.965, "assoc": 0.925, "assoc_notes": 0.945,
          "short": 0.97}
"""Measured (seed 7, 60 documents): URL P 0.972 R 0.971 (recoverable), pypdf F1 0.980,
association 0.946 (notes 0.959), short forms 0.993; before the fixes the synthetic batch
exposed: association 0.900 (notes 0.928), short forms 0.979."""

LAYOUT_FLOORS = {"url_p": 0.94, "url_r": 0.94, "assoc": 0.89, "two_col_f1": 0.925,
                 "two_col_assoc": 0.855, "short": 0.94}
"""Measured (seed 7, 30 layout documents): URL P 0.952 R 0.950, association 0.905 (two
columns 0.873), two columns F1 0.938, short forms 0.955; before the layout fixes: P 0.947
R 0.945, association 0.832 (two columns 0.762), two columns F1 0.933."""
