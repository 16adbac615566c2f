"""Measure ``split_works`` and ``parse_fields`` against the corpus truth.

Run ``.venv/bin/python tests/citations/_fields_eval.py [--misses FIELD|all] [--style RE]``
on the truth's own note texts, or add ``--extracted pdftotext|layout|pypdf`` to measure end
to end on the notes the extraction stage segments from the text files. The corpus test
imports :func:`evaluate` and asserts floors on its figures.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from citewatch.citations.fields import parse_fields, split_works
from citewatch.citations.model import Fields, NoteKind, WorkKind

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "corpus"
TEXT_FIELDS = ("author", "title", "container", "date", "accessed")
ALL_FIELDS = (*TEXT_FIELDS, "date_iso", "doi", "kind")

# The truth's finer kinds, and the WorkKinds that honestly name them.
KIND_OK: dict[str, frozenset[WorkKind]] = {
    "news": frozenset({WorkKind.NEWS}),
    "blog": frozenset({WorkKind.WEB}),
    "journal": frozenset({WorkKind.ARTICLE}),
    "book": frozenset({WorkKind.BOOK}),
    "case": frozenset({WorkKind.CASE}),
    "treaty": frozenset({WorkKind.TREATY}),
    "un": frozenset({WorkKind.REPORT}),
    "ngo": frozenset({WorkKind.REPORT, WorkKind.WEB}),
    "gov": frozenset({WorkKind.REPORT, WorkKind.WEB}),
    "think": frozenset({WorkKind.REPORT, WorkKind.WEB}),
    "working": frozenset({WorkKind.REPORT}),
    "social": frozenset({WorkKind.SOCIAL}),
    "video": frozenset({WorkKind.WEB, WorkKind.SOCIAL}),
    "wiki": frozenset({WorkKind.WEB}),
    "map": frozenset({WorkKind.WEB}),
    "data": frozenset({WorkKind.WEB, WorkKind.MISC}),
}

_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "„": '"'})


def norm(value: str | None) -> str:
    """Compare text fields ignoring spacing, quote shapes and edge punctuation."""
    if value is None:
        return ""
    text = " ".join(value.translate(_QUOTES).split())
    return text.strip(" .,;:\"'")


@dataclass
class Score:
    right: int = 0
    total: int = 0

    @property
    def rate(self) -> float:
        return self.right / self.total if self.total else 1.0


@dataclass
class Report:
    fields: dict[str, dict[str, Score]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(Score))
    )
    split: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    misses: list[tuple[str, str, str, str, str]] = field(default_factory=list)

    def rate(self, name: str, style: str = "all") -> float:
        return self.fields[style][name].rate


def _check(name: str, got: Fields, want: dict[str, Any]) -> tuple[bool, str, str] | None:
    """Whether one field is right; None when the truth does not annotate it."""
    if name == "kind":
        truth = want.get("kind")
        if truth is None or truth not in KIND_OK:
            return None
        return got.kind in KIND_OK[truth], str(got.kind), truth
    if (
        name in TEXT_FIELDS
        and all(want.get(k) is None for k in TEXT_FIELDS)
        and (want.get("date_iso") is not None or want.get("kind") is not None)
    ):
        return None  # bibliography entries whose printed fields the truth leaves blank
    mine = getattr(got, name)
    theirs = want.get(name)
    return norm(mine) == norm(theirs), str(mine), str(theirs)


def _entries(truth: dict[str, Any]) -> list[tuple[str, dict[str, Any], NoteKind]]:
    out: list[tuple[str, dict[str, Any], NoteKind]] = []
    for note in truth.get("footnotes", []):
        if note.get("ref") is None and note.get("is_citation", True):
            out.append((f"f{note['n']}", note, NoteKind.FOOTNOTE))
    for ref in truth.get("references", []):
        out.append((f"r{ref['n']}", ref, NoteKind.REFERENCE))
    return out


def evaluate(corpus: Path = CORPUS) -> Report:
    report = Report()
    for truth_path in sorted(corpus.glob("*/truth.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        style = truth["style"]
        doc = truth_path.parent.name
        for label, entry, note_kind in _entries(truth):
            text = entry["text"]
            sources = entry.get("sources") or [{"fields": entry["fields"], "ref": None}]
            parts = split_works(text) if len(sources) >= 1 else [text]
            if note_kind is NoteKind.FOOTNOTE:
                for key in (style, "all"):
                    report.split[key].total += 1
                    report.split[key].right += len(parts) == len(sources)
                if len(parts) != len(sources):
                    report.misses.append((doc, label, "split", str(len(parts)), str(len(sources))))
            for i, source in enumerate(sources):
                if source.get("ref") is not None:
                    continue
                got = parse_fields(parts[i], kind=note_kind) if i < len(parts) else Fields()
                for name in ALL_FIELDS:
                    result = _check(name, got, source["fields"])
                    if result is None:
                        continue
                    ok, mine, theirs = result
                    for key in (style, "all"):
                        score = report.fields[key][name]
                        score.total += 1
                        score.right += ok
                    if not ok:
                        report.misses.append((doc, f"{label}.{i}", name, mine, theirs))
    return report


def evaluate_extracted(version: str = "pdftotext", corpus: Path = CORPUS) -> Report:
    """The same figures end to end: notes segmented from ``doc.<version>.txt`` by the
    extraction stage, then split and parsed (a missing note counts as a miss)."""
    from citewatch.citations.extract import extract_document
    from citewatch.documents import load_document

    report = Report()
    for truth_path in sorted(corpus.glob("*/truth.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        style = truth["style"]
        doc = truth_path.parent.name
        extraction = extract_document(load_document(truth_path.parent / f"doc.{version}.txt"))
        by_label: dict[tuple[NoteKind, str], list[Fields]] = defaultdict(list)
        for citation in extraction.citations:
            key = " ".join((citation.label or "").split())
            by_label[(citation.kind, key)].append(citation.fields)
        for label, entry, note_kind in _entries(truth):
            keys = [str(entry["n"])]
            if note_kind is NoteKind.REFERENCE and entry.get("label"):
                label_text = " ".join(str(entry["label"]).split())
                keys = [label_text, label_text.strip("[]"), *keys]
            found = next((by_label[(note_kind, k)] for k in keys if (note_kind, k) in by_label), [])
            sources = entry.get("sources") or [{"fields": entry["fields"], "ref": None}]
            for i, source in enumerate(sources):
                if source.get("ref") is not None:
                    continue
                got = found[i] if i < len(found) else Fields(note="<missing>")
                for name in ALL_FIELDS:
                    result = _check(name, got, source["fields"])
                    if result is None:
                        continue
                    ok, mine, theirs = result
                    for key in (style, "all"):
                        report.fields[key][name].total += 1
                        report.fields[key][name].right += ok
                    if not ok:
                        report.misses.append((doc, f"{label}.{i}", name, mine, theirs))
    return report


def _print(report: Report) -> None:
    styles = sorted(k for k in report.fields if k != "all") + ["all"]
    print(f"{'field':10}" + "".join(f"{s:>10}" for s in styles))
    for name in ALL_FIELDS:
        row = "".join(
            f"{report.fields[s][name].rate:10.3f}" if report.fields[s][name].total else f"{'-':>10}"
            for s in styles
        )
        print(f"{name:10}{row}")
    split_row = "".join(
        f"{report.split[s].rate:10.3f}" if report.split[s].total else f"{'-':>10}" for s in styles
    )
    print(f"{'split':10}{split_row}")
    print("n:", {s: report.fields[s]["date_iso"].total for s in styles})


def main(argv: list[str]) -> None:
    if "--extracted" in argv:
        report = evaluate_extracted(argv[argv.index("--extracted") + 1])
    else:
        report = evaluate()
    _print(report)
    want = argv[argv.index("--misses") + 1] if "--misses" in argv else None
    style_filter = argv[argv.index("--style") + 1] if "--style" in argv else None
    if want:
        for doc, label, name, mine, theirs in report.misses:
            if want not in ("all", name):
                continue
            if style_filter and not re.search(style_filter, _style_of(doc)):
                continue
            print(f"{doc} {label} {name}: got {mine!r} want {theirs!r}")


def _style_of(doc: str) -> str:
    truth = json.loads((CORPUS / doc / "truth.json").read_text(encoding="utf-8"))
    return str(truth["style"])


if __name__ == "__main__":
    main(sys.argv[1:])
