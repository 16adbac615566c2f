"""Generalisation floor: extraction on a small fixed-seed batch of synthetic documents
(``bench/synthetic``: corpus citations re-typeset with random widths, URL breaks, note
numbering, page furniture), scored like the dev corpus. Floors sit slightly below what the
extractor measured, so a change that breaks a general rule fails here."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from _synthetic_score import Totals, generate, run_one

CORPUS = ROOT / "tests" / "fixtures" / "corpus"


@pytest.fixture(scope="module")
def totals() -> Totals:
    t = Totals()
    for doc in generate(CORPUS, 60, seed=7):
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


FLOORS = {"url_p": 0.96, "url_r": 0.955, "pypdf_f1": 0.965, "assoc": 0.925, "assoc_notes": 0.945,
          "short": 0.97}
"""Measured (seed 7, 60 documents): URL P 0.972 R 0.971 (recoverable), pypdf F1 0.980,
association 0.946 (notes 0.959), short forms 0.993; before the fixes the synthetic batch
exposed: association 0.900 (notes 0.928), short forms 0.979."""
