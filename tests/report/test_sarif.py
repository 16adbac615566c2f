"""SARIF 2.1.0: valid against the official schema, one result per failing citation, on
the cited line, with stable fingerprints."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from citewatch.report.model import AuditReport
from citewatch.report.sarif import SarifRenderer, artifact_uri, sarif_dict
from tests.report._sample import DOC_A, EVIL, GONE, HOSTILE, MEANT, WALL, sample_report

SCHEMA = Path(__file__).parents[1] / "fixtures" / "schemas" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft4Validator:
    if not SCHEMA.is_file():
        pytest.fail(f"the official SARIF schema is missing: {SCHEMA}")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


def _results(data: dict[str, Any]) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = data["runs"][0]["results"]
    return results


def test_valid_against_the_official_schema(validator: jsonschema.Draft4Validator) -> None:
    text = SarifRenderer().render(sample_report())
    data = json.loads(text)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)
    # and the schema does catch a broken document
    bad = json.loads(text)
    bad["runs"][0]["results"][0]["level"] = "fatal"
    assert list(validator.iter_errors(bad))


def test_one_result_per_failing_citation_on_its_line() -> None:
    data = sarif_dict(sample_report())
    results = _results(data)
    by_url: dict[str, list[dict[str, Any]]] = {}
    for r in results:
        by_url.setdefault(r["properties"]["url"], []).append(r)
    # GONE cited twice → two results, each on its own line; GOOD (alive) → none
    assert len(by_url[GONE]) == 2
    assert "https://good.example.org/page" not in by_url
    gone = by_url[GONE][0]
    assert gone["ruleId"] == "dead" and gone["level"] == "error"
    assert [r["locations"][0]["physicalLocation"]["region"] for r in by_url[GONE]] == [
        {"startLine": 40, "endLine": 40}, {"startLine": 47, "endLine": 47}]
    assert gone["properties"]["printedUrl"] == "gone.example.org/report"
    assert gone["properties"]["seenDate"] == "2020-06-01"
    assert gone["message"]["text"].startswith("gone.example.org/report (cited in note 10) is dead")
    assert gone["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == DOC_A
    rules = data["runs"][0]["tool"]["driver"]["rules"]
    assert rules[gone["ruleIndex"]]["id"] == "dead"
    wall = by_url[WALL][0]  # no line known: placed on the document
    assert (wall["ruleId"], wall["level"]) == ("blocked", "note")
    assert "region" not in wall["locations"][0]["physicalLocation"]
    flap = by_url["https://flap.example.org/x"][0]
    assert flap["level"] == "warning" and "region" not in flap["locations"][0]["physicalLocation"]
    assert by_url[EVIL][0]["ruleId"] == "soft404"
    assert HOSTILE in by_url[EVIL][0]["message"]["text"]
    # a URL damaged in the text and repaired: its own rule, the repair as related location
    (damaged,) = by_url[MEANT]
    assert (damaged["ruleId"], damaged["level"]) == ("damaged-url", "warning")
    assert damaged["locations"][0]["physicalLocation"]["region"]["startLine"] == 52
    assert damaged["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"] == MEANT
    assert "was damaged in the text (dead): probably meant " + MEANT in damaged["message"]["text"]


def test_archived_copy_is_a_related_location_linked_from_the_message() -> None:
    gone = next(r for r in _results(sarif_dict(sample_report())) if r["properties"]["url"] == GONE)
    related = gone["relatedLocations"]
    assert related[0]["physicalLocation"]["artifactLocation"]["uri"].startswith(
        "https://web.archive.org/web/2019")
    assert f"[archived copy of 2019-05-01]({related[0]['id']})" in gone["message"]["text"]


def test_fingerprints_are_stable_and_distinct() -> None:
    a = [r["partialFingerprints"] for r in _results(sarif_dict(sample_report()))]
    b = [r["partialFingerprints"] for r in _results(sarif_dict(sample_report()))]
    assert a == b
    assert len({json.dumps(f) for f in a}) == len(a)


def test_offline_run_reports_only_what_was_already_broken() -> None:
    report = sample_report()
    offline = AuditReport(report.generated_at, report.documents, offline=True)
    results = _results(sarif_dict(offline))
    assert results and all(r["properties"]["broken"] for r in results)


def test_document_paths(tmp_path: Path) -> None:
    assert artifact_uri(str(tmp_path / "sub" / "d.txt"), tmp_path) == "sub/d.txt"
    assert artifact_uri("/elsewhere/d.txt", tmp_path) == "file:///elsewhere/d.txt"
    assert artifact_uri("docs/a b.md") == "docs/a b.md"


def test_link_syntax_in_citation_text_is_escaped() -> None:
    from dataclasses import replace

    report = sample_report()
    docs = tuple(replace(d, rows=tuple(replace(r, detail="see [here](1) \\ there") for r in d.rows))
                 for d in report.documents)
    report = replace(report, documents=docs)
    text = next(r["message"]["text"] for r in _results(sarif_dict(report))
                if r["properties"]["url"] == EVIL)
    assert "see \\[here\\](1) \\\\ there" in text
