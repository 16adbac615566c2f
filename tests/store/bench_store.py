"""Store benchmark: ``.venv/bin/python -m tests.store.bench_store [N]``.

Writes N documents (copies of the corpus truth as extractions) into a fresh store, with
and without a shared :class:`StoreIndex`, then re-writes the last few (no change) and loads
the whole store. Not collected by pytest.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from citewatch.citations.model import Extraction
from citewatch.store import StoreIndex, load_store, write_extraction
from tests.store._build import corpus_docs, corpus_extraction


def main(n: int) -> None:
    docs = corpus_docs()
    extractions = []
    for i in range(n):
        ex = corpus_extraction(docs[i % len(docs)])
        extractions.append(
            Extraction(document=f"corpus/copy{i:03d}.pdf", meta=ex.meta, citations=ex.citations)
        )
    for use_index in (True, False):
        refs = Path(tempfile.mkdtemp()) / "refs"
        index = StoreIndex(refs) if use_index else None
        start = time.perf_counter()
        for ex in extractions:
            write_extraction(ex, refs, index=index)
        first = time.perf_counter() - start
        start = time.perf_counter()
        for ex in extractions[-5:]:
            assert not write_extraction(ex, refs, index=index).changed
        again = (time.perf_counter() - start) / 5
        start = time.perf_counter()
        entries = load_store(refs)
        load = time.perf_counter() - start
        print(
            f"{n} documents, {len(entries)} entries, index={use_index}: "
            f"write all {first:.2f} s ({first / n * 1000:.0f} ms/doc), "
            f"unchanged re-write {again * 1000:.0f} ms/doc, load_store {load * 1000:.0f} ms"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 32)
