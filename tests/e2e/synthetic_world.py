"""Worlds built from generated documents (``bench/synthetic``): documents of known truth that
nobody developed the code on, held to the bar of issue 7 by the machinery of the corpus
worlds (:mod:`tests.e2e.corpus_world`: fates, captures, rows matched to true URLs).

The generator re-typesets the corpus citations under a seed with the damage text extraction
does (line widths, URL breaks, hyphens pdftotext drops, page furniture, columns). Fates are
reshuffled by the seed too. What goes wrong is sorted by *cause*: the damage the printed
spelling shows, and the step of the main job that did not undo it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from tests.e2e.corpus_world import TrueUrl, settle, true_urls
from tests.e2e.measure import Judged, identity
from tests.e2e.world import absolute

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from _synthetic_gen import ALL_MODES, SynthDoc
from _synthetic_score import generate

CORPUS = ROOT / "tests" / "fixtures" / "corpus"
TUNED_SEEDS = frozenset({1, 7})
"""Seeds the extractor was developed and tested on (``bench/synthetic``'s default, the
floors of ``tests/citations/test_synthetic.py``): not held out."""


@dataclass(frozen=True)
class Named:
    """A generated document and the file name it is audited under."""

    name: str
    doc: SynthDoc

    @property
    def form(self) -> str:
        return self.doc.variant.mode


def documents(n: int, seed: int, modes: Sequence[str] = ALL_MODES) -> list[Named]:
    """``n`` documents of ``seed`` (every third a ``-layout`` one when ``layout`` is among
    ``modes``), named ``syn<seed>_<i>.txt``."""
    return [Named(f"syn{seed}_{i:04}.txt", doc)
            for i, doc in enumerate(generate(CORPUS, n, seed, tuple(modes)))]


def by_form(docs: Iterable[Named]) -> dict[str, list[Named]]:
    out: dict[str, list[Named]] = {}
    for d in docs:
        out.setdefault(d.form, []).append(d)
    return out


def truths(docs: Iterable[Named], seed: int) -> dict[str, list[TrueUrl]]:
    """Document name → its true URLs with fates (salted by ``seed``), settled as one world."""
    return settle({d.name: true_urls(d.doc.truth, d.name, salt=f"syn{seed}:") for d in docs})


def write(docs: Iterable[Named], dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for d in docs:
        (dest / d.name).write_text(d.doc.text, encoding="utf-8")
    return dest


# -- causes ------------------------------------------------------------------------------


def damage(printed: str, true: str, lost: Mapping[str, str] | None = None) -> str:
    """What text extraction did to ``true`` to print ``printed`` (``none``: nothing)."""
    p, t = identity(absolute(printed)), identity(absolute(true))
    if p == t:
        return "none"
    if any(identity(absolute(left)) == p for left in (lost or {}).values()) and t.replace("-", "") != p:
        return "hyphen dropped at a line break"
    if t.replace("-", "") == p.replace("-", "") and len(p) < len(t):
        return "hyphen dropped at a line break"
    if t.startswith(p):
        return "cut short"
    if p.startswith(t):
        return "text glued on"
    if _subsequence(p, t):
        return "characters dropped"
    if _subsequence(t, p):
        return "characters added"
    return "other spelling"


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


STEPS = (
    ("no report row", "missed by extraction"),
    ("damaged spelling not repaired", "not repaired"),
    ("repaired to", "repaired to a wrong URL"),
    ("repair confirmed_by", "repair unconfirmed"),
    ("repair without evidence", "repair without evidence"),
    ("repaired URL's class", "repaired URL misclassified"),
    ("repair of an undamaged URL", "undamaged URL 'repaired'"),
    ("class ", "misclassified"),
    ("url ", "wrong URL checked"),
    ("target_date", "wrong date seen"),
    ("archive_date", "wrong capture"),
    ("printed_url", "printed_url differs"),
)
"""A row's problem (by its first words) → the step of the main job that failed, in order of
precedence: the first step that failed explains the rest."""


def step(problems: Sequence[str]) -> str:
    for prefix, name in STEPS:
        if any(p.startswith(prefix) for p in problems):
            return name
    return problems[0] if problems else "none"


@dataclass(frozen=True)
class Miss:
    """One wrong row (or true URL with no row), with its cause."""

    document: str
    tags: str
    printed: str
    true: str
    damage: str
    step: str
    said: str
    """What the report row said (class, URL checked, repair, capture), or why none."""

    @property
    def cause(self) -> str:
        return f"{self.step} ← {self.damage}"


def misses(judged: Iterable[Judged], missed: Iterable[TrueUrl],
           docs: Mapping[str, SynthDoc]) -> list[Miss]:
    out = []
    for j in judged:
        if not j.problems or j.expect.true is None:
            continue
        doc = docs[j.expect.document]
        row = j.row or {}
        repair = row.get("repair") or {}
        said = (f"class {row.get('class')}, url {row.get('url')}"
                + (f", repair {repair.get('url')} ({repair.get('confirmed_by')})" if repair else "")
                + (f", archive {row.get('archive_date')}" if row.get("archive_date") else "")
                + f"; {'; '.join(j.problems)}")
        out.append(Miss(j.expect.document, _tags(doc), j.expect.printed, j.expect.true,
                        damage(j.expect.printed, j.expect.true, doc.lost), step(j.problems),
                        said))
    for t in missed:
        doc = docs[t.document]
        gone = next((left for url, left in doc.lost.items()
                     if identity(absolute(url)) == identity(t.url)), None)
        where, snippet = printed_as(doc.text, t.url)
        out.append(Miss(t.document, _tags(doc), gone or snippet, t.url,
                        "hyphen dropped at a line break" if gone else where,
                        "missed by extraction", "no row relates to the true URL"))
    return out


def printed_as(text: str, url: str) -> tuple[str, str]:
    """How ``url`` stands in ``text``: whole on one line, its scheme broken off, broken
    across lines (white space between its characters) or across a blank line, broken with
    other text between its pieces (a column beside it), or not found; and the text around
    it (lines joined by ⏎)."""
    bare = url.split("://", 1)[-1].removeprefix("www.")
    spread = re.compile(r"\s*".join(re.escape(ch) for ch in bare))
    m = spread.search(text)
    if m is None:
        head = re.compile(r"\s*".join(re.escape(ch) for ch in bare[:16]))
        h = head.search(text)
        if h is None:
            return "not found in the text", ""
        return "broken with other text between its pieces", _around(text, h.start(), len(bare) + 60)
    if re.search(r"https?\s*\n\s*:?/*(?:www\.)?$", text[max(0, m.start() - 16): m.start()]):
        where = "scheme broken off at a line end"
    elif m.group(0) == bare:
        where = "printed whole"
    elif re.search(r"\n\s*\n", m.group(0)):
        where = "broken across a blank line"
    else:
        where = "broken across lines"
    return where, _around(text, m.start(), len(m.group(0)))


def _around(text: str, at: int, length: int) -> str:
    return text[max(0, at - 20): at + length + 20].replace("\f", "⇟").replace("\n", "⏎")


def _tags(doc: SynthDoc) -> str:
    tags = doc.variant.tags()
    return " ".join(f"{k}={tags[k]}" for k in ("mode", "kind", "breaks", "columns") if k in tags)


def by_cause(found: Iterable[Miss]) -> list[tuple[str, list[Miss]]]:
    """Misses grouped by cause, the largest group first."""
    groups: dict[str, list[Miss]] = {}
    for m in found:
        groups.setdefault(m.cause, []).append(m)
    return sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
