#!/usr/bin/env python3
"""Snapshot of every Extraction on the dev corpus and seeds, to prove optimisations change
nothing: ``write NAME`` serialises them to ``bench/.work/NAME.json``; ``diff A B`` compares
two snapshots; ``time`` reports per-document extraction throughput on the text inputs.

Usage: bench/_extract_snapshot.py write base | diff base new | time [--repeat 3]
"""

from __future__ import annotations

import dataclasses
import json
import sys
import time
from enum import Enum
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work"
sys.path.insert(0, str(ROOT / "src"))

from citewatch.citations.extract import extract_document
from citewatch.documents import load_document


def inputs() -> list[Path]:
    corpus = ROOT / "tests" / "fixtures" / "corpus"
    paths = sorted(p for p in corpus.glob("*/doc.*.txt") if p.name != "doc.links.txt")
    paths += sorted(corpus.glob("*/doc.pdf"))
    paths += sorted((ROOT / "seeds").glob("*.txt"))
    return paths


def _plain(v: Any) -> Any:
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return {f.name: _plain(getattr(v, f.name)) for f in dataclasses.fields(v)}
    if isinstance(v, Enum):
        return f"{type(v).__name__}.{v.name}"
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if isinstance(v, Path):
        return str(v)
    return v


def write(name: str) -> None:
    out: dict[str, Any] = {}
    for p in inputs():
        ex = extract_document(load_document(p))
        out[str(p.relative_to(ROOT))] = _plain(ex)
    WORK.mkdir(parents=True, exist_ok=True)
    dest = WORK / f"{name}.json"
    dest.write_text(json.dumps(out, ensure_ascii=False, indent=0, sort_keys=True), "utf-8")
    print(f"{dest}: {len(out)} documents")


def diff(a: str, b: str) -> int:
    da = json.loads((WORK / f"{a}.json").read_text("utf-8"))
    db = json.loads((WORK / f"{b}.json").read_text("utf-8"))
    bad = 0
    for k in sorted(set(da) | set(db)):
        if da.get(k) != db.get(k):
            bad += 1
            print(f"DIFF {k}")
    raw_same = (WORK / f"{a}.json").read_bytes() == (WORK / f"{b}.json").read_bytes()
    print(f"{len(da)} vs {len(db)} documents, {bad} differ; files byte-identical: {raw_same}")
    return 1 if bad or not raw_same else 0


def timing(repeat: int) -> None:
    docs = [load_document(p) for p in inputs()]  # reading (PDF parsing) is not timed
    size = sum(len(d.text.encode("utf-8")) for d in docs) / 1e6
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        for d in docs:
            extract_document(d)
        best = min(best, time.process_time() - t0)
    print(f"extract_document: {size / best:.2f} MB/s over {len(docs)} documents "
          f"({size:.2f} MB, best of {repeat}: {best:.2f} s CPU)")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "write":
        write(sys.argv[2])
    elif cmd == "diff":
        sys.exit(diff(sys.argv[2], sys.argv[3]))
    else:
        timing(int(sys.argv[3]) if len(sys.argv) > 3 else 3)
