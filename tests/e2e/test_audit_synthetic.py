"""The main job on documents nobody developed it on: a few generated documents
(``bench/synthetic``, a fixed seed no floor was tuned on; pdftotext, pypdf and ``-layout``
forms) audited in one simulated world built like the corpus worlds, held to the bar of
issue 7. ``bench/audit_world --synthetic N`` runs the same on many documents and fresh seeds.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest

from tests.e2e import corpus_world, synthetic_world
from tests.e2e.measure import Figures, figures, judge_all
from tests.e2e.world import AuditRun

SEED = 20261202
DOCUMENTS = 9
TODAY = date.today()  # citewatch's own 'today' (local)



@dataclass
class Outcome:
    run: AuditRun
    figs: Figures
    missed: int
    why: str
    """The wrong rows by cause, for assertion messages."""


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Outcome]:
    assert SEED not in synthetic_world.TUNED_SEEDS
    docs = synthetic_world.documents(DOCUMENTS, SEED)
    work = tmp_path_factory.mktemp("audit-synthetic")
    texts = synthetic_world.write(docs, work / "src" / "docs")
    truths = synthetic_world.truths(docs, SEED)
    with corpus_world.build(truths, TODAY) as world:
        run = world.run_audit(texts, work / "run", timeout=5.0, limit=120)
    assert run.report is not None, f"no report.json; exit {run.returncode}\n{run.stderr[-3000:]}"
    expects, missed = corpus_world.expects(truths, run.report, TODAY)
    judged = judge_all(expects, run.report)
    wrong = synthetic_world.misses(judged, missed, {d.name: d.doc for d in docs})
    why = "\n".join(f"{len(ms)} × {cause}: {ms[0].printed} → {ms[0].true}"
                    for cause, ms in synthetic_world.by_cause(wrong))
    yield Outcome(run, figures(judged), len(missed), why)


def test_runs_like_a_user_runs_it(outcome: Outcome) -> None:
    assert "Traceback" not in outcome.run.stderr, outcome.run.stderr[-3000:]
    assert outcome.run.returncode == 1, f"exit {outcome.run.returncode}: links are broken here"


def test_the_batch_is_not_vacuous(outcome: Outcome) -> None:
    forms = {d.form for d in synthetic_world.documents(DOCUMENTS, SEED)}
    assert forms == {"pdftotext", "pypdf", "layout"}
    f = outcome.figs
    assert f.damaged >= 5 and f.with_captures >= 10 and f.soft404_planted >= 2, f.lines()
    assert outcome.missed <= 0.02 * f.rows, outcome.why


def test_damaged_urls_repaired_with_evidence(outcome: Outcome) -> None:
    f = outcome.figs
    assert f.repaired >= 0.9 * f.damaged, "\n".join([*f.lines(), outcome.why])
    assert f.guessed == 0


def test_no_alive_page_reported_dead_because_of_damage(outcome: Outcome) -> None:
    f = outcome.figs
    assert f.damaged_alive_called_dead == 0, "\n".join([*f.lines(), outcome.why])


def test_capture_closest_before_the_citation_date(outcome: Outcome) -> None:
    f = outcome.figs
    assert f.capture_right >= 0.9 * f.with_captures, "\n".join([*f.lines(), outcome.why])


def test_not_found_titles_are_soft404(outcome: Outcome) -> None:
    f = outcome.figs
    assert f.soft404_found == f.soft404_planted, "\n".join([*f.lines(), outcome.why])
