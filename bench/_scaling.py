"""Scaling of the extractor with input size (issue 10 item 5, extraction side): time and
peak memory for 1, 2, 4 and 8 MB of one site's URLs, on one line and on many lines, and the
large inputs that once ran for minutes (a 50 MB one-line file, a 50 MB line with 5,000 URLs)
and the same corpus as printed (50 MB of lines and pages).

Each case runs in a fresh process so that its peak RSS is its own; the RSS ratio is the
growth of peak RSS over the RSS before extraction (interpreter and modules loaded, text
built), divided by the input size. Linear time shows as a flat MB/s column.

Usage: ``bench/throughput --scaling [--big]`` or ``python bench/_scaling.py CASE MB``.
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CASES = ("site-one-line", "site-lines")
BIG = (("corpus-one-line", 50.0), ("corpus-lines", 50.0), ("urls-5k-one-line", 50.0))


def _site(mb: float, sep: str) -> str:
    """URLs of one site (the shape that once made key disambiguation quadratic)."""
    rng = random.Random(1)
    parts: list[str] = []
    size = 0
    i = 0
    while size < mb * 1_000_000:
        s = f"https://www.example.org/reports/{i}/item-{rng.randint(0, 10**6)}.html"
        parts.append(s)
        size += len(s) + 1
        i += 1
    return sep.join(parts)


def _corpus_texts() -> list[str]:
    parts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    parts += [p.read_text(encoding="utf-8")
              for p in sorted((ROOT / "tests/fixtures/corpus").glob("*/doc.*.txt"))
              if p.name != "doc.links.txt"]
    return parts


def _corpus_one_line(mb: float) -> str:
    """Seeds and dev texts repeated, every line break and form feed made a space."""
    unit = " ".join(_corpus_texts()).replace("\n", " ").replace("\f", " ")
    return (unit * (int(mb * 1_000_000 // len(unit)) + 1))[: int(mb * 1_000_000)]


def _corpus_lines(mb: float) -> str:
    """Seeds and dev texts repeated as printed (lines, pages), cut at a line end."""
    unit = "\n\f".join(_corpus_texts()) + "\n\f"
    text = unit * (int(mb * 1_000_000 // len(unit)) + 1)
    return text[: text.rfind("\n", 0, int(mb * 1_000_000)) + 1]


def _urls_in_prose(mb: float, count: int) -> str:
    """One line of prose holding ``count`` URLs spread evenly."""
    filler = "The obligation to take all feasible precautions applies to every party. "
    gap = max(1, int(mb * 1_000_000 / count) // len(filler))
    return " ".join(
        filler * gap + f"https://www.hrw.org/news/2020/10/{k}/report-{k}" for k in range(count)
    )


def build(case: str, mb: float) -> str:
    if case == "site-one-line":
        return _site(mb, " ")
    if case == "site-lines":
        return _site(mb, "\n")
    if case == "corpus-one-line":
        return _corpus_one_line(mb)
    if case == "corpus-lines":
        return _corpus_lines(mb)
    if case == "urls-5k-one-line":
        return _urls_in_prose(mb, 5000)
    raise SystemExit(f"unknown case {case!r}")


def _rss_mb() -> float:
    """Current resident set size in MB (Linux /proc), else the peak so far."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(case: str, mb: float) -> dict[str, float]:
    """Run the extractor once on ``case`` of ``mb`` MB in this process."""
    sys.path.insert(0, str(ROOT / "src"))
    from citewatch.citations.extract import extract_document
    from citewatch.documents.model import DocFormat, Document

    text = build(case, mb)
    size = len(text.encode("utf-8")) / 1_000_000
    before = _rss_mb()
    t0 = time.perf_counter()
    ex = extract_document(Document(Path("scaling.txt"), text, DocFormat.TEXT))
    secs = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    urls = sum(len(c.urls) for c in ex.citations)
    return {"mb": size, "secs": secs, "urls": urls, "peak": peak, "before": before}


def run(big: bool, python: str = sys.executable) -> None:
    """Print the scaling table, one subprocess per case and size."""
    rows = [(c, float(m)) for c in CASES for m in (1, 2, 4, 8)]
    if big:
        rows += list(BIG)
    print(f"{'scaling case':<18} {'MB':>5} {'s':>7} {'MB/s':>6} {'URLs':>7} "
          f"{'peak RSS':>9} {'ratio':>6}")
    for case, mb in rows:
        out = subprocess.run([python, __file__, case, str(mb)], capture_output=True, text=True,
                             check=False, timeout=3600)
        if out.returncode != 0:
            print(f"{case:<18} {mb:5.0f} failed: {out.stderr.strip().splitlines()[-1:]}")
            continue
        r = json.loads(out.stdout)
        ratio = (r["peak"] - r["before"]) / r["mb"]
        print(f"{case:<18} {r['mb']:5.1f} {r['secs']:7.2f} {r['mb'] / r['secs']:6.2f} "
              f"{r['urls']:7.0f} {r['peak']:7.0f}MB {ratio:5.1f}x")


if __name__ == "__main__":
    print(json.dumps(measure(sys.argv[1], float(sys.argv[2]))))
