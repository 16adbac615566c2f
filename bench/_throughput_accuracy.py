#!/usr/bin/env python3
"""URL precision/recall/F1 of ``find_urls`` on the dev corpus, per extractor.

Usage: ``python bench/_throughput_accuracy.py [-v] [CORPUS_DIR] [DOC ...]``; ``-v`` lists
misses and false positives. Truth is ``truth.json``'s ``all_urls`` (as printed); both
sides are compared with ``https://`` added where no scheme was printed, as sets per doc.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from citewatch.citations.urls import find_urls
from citewatch.url import absolute

EXTRACTORS = ("pdftotext", "layout", "pypdf")
DEFAULT_CORPUS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "corpus"


def score(corpus: Path, docs: list[str], verbose: bool) -> dict[str, tuple[float, float, float]]:
    out: dict[str, tuple[float, float, float]] = {}
    for ex in EXTRACTORS:
        tp = fp = fn = unrec = 0
        for d in sorted(corpus.iterdir()):
            if docs and d.name not in docs:
                continue
            truth_path = d / "truth.json"
            text_path = d / f"doc.{ex}.txt"
            if not truth_path.exists() or not text_path.exists():
                continue
            truth = {absolute(u) for u in json.loads(truth_path.read_text())["all_urls"]}
            found = find_urls(text_path.read_text(encoding="utf-8"))
            got = {f.absolute for f in found}
            tp += len(truth & got)
            fp += len(got - truth)
            fn += len(truth - got)
            flat = {g.replace("-", "") for g in got}
            lost = {u for u in truth - got if u.replace("-", "") in flat}
            unrec += len(lost)
            if verbose:
                for u in sorted(lost):
                    print(f"  HYPH {ex:9} {d.name} {u}  (found without one of its hyphens)")
                for u in sorted(truth - got - lost):
                    print(f"  MISS {ex:9} {d.name} {u}")
                for f in found:
                    if f.absolute not in truth and f.absolute.replace("-", "") not in {
                        u.replace("-", "") for u in lost
                    }:
                        print(f"  FP   {ex:9} {d.name} L{f.line} {f.url!r} raw={f.raw!r}")
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        out[ex] = (p, r, f1)
        # counting URLs that differ from the truth only by a hyphen as found
        f1_h = 2 * (tp + unrec) / (2 * tp + fp + fn) if tp + fp + fn else 1.0
        print(
            f"{ex:9}  P={p:.3f} R={r:.3f} F1={f1:.3f}  (tp={tp} fp={fp} fn={fn}; "
            f"{unrec} differ only by a hyphen; F1 {f1_h:.3f} if those counted)"
        )
    return out


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    args = [a for a in argv if a != "-v"]
    corpus = DEFAULT_CORPUS
    if args and Path(args[0]).is_dir():
        corpus = Path(args.pop(0))
    score(corpus, args, verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
