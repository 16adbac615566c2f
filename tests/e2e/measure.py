"""Judge an audit's ``report.json`` against what a simulated world knows, row by row, and
sum it up in the figures of issue 7 (shared by the end-to-end test and ``bench/audit_world``).

A row is found by its document, note and URL as printed. What it must say: the class of the
URL that was meant; for a damaged spelling, a confirmed repair to that URL with evidence;
the date the citation was seen and why; for a failing link with captures, the capture
closest before that date.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath
from typing import Any

from citewatch.url import identity as url_identity
from tests.e2e.world import EXPECTED_CLASS, FAILING, Fate

FAILING_CLASSES = frozenset({"dead", "soft404", "timeout", "error"})
"""Classes that call a link failing (README "Link classes")."""
LIVE_FATES = frozenset({Fate.ALIVE, Fate.MOVED})
NOT_FOUND_FATES = frozenset({Fate.SOFT404_TITLE})


def identity(url: str) -> str:
    """The comparison key of a URL (scheme, ``www.``, case of the host, trailing slash
    aside), by the project's own rule."""
    return url_identity(url)


def same_url(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is b
    return identity(a) == identity(b)


@dataclass(frozen=True)
class Expect:
    """What the report must say about one citation of one URL."""

    document: str
    """The document's file name."""
    note: str | None
    printed: str
    true: str | None
    """The URL that was meant; None when the text does not hold enough to know."""
    fate: Fate
    """The fate of ``true`` (of the printed spelling when ``true`` is None)."""
    damaged: bool
    lines: frozenset[int] | None = None
    """Lines a row may name: those of the citation, and those where its URL is printed."""
    seen_day: str | None = None
    """``YYYY-MM-DD`` or ``YYYY-MM``; None: not checked."""
    seen_source: str | None = None
    capture: date | None = None
    """The capture that must be chosen; None when the archive holds none."""

    @property
    def key(self) -> tuple[str, str | None, str]:
        return (self.document, self.note, identity(self.printed))


@dataclass
class Judged:
    expect: Expect
    row: Mapping[str, Any] | None
    problems: list[str] = field(default_factory=list)


def index_rows(report: Mapping[str, Any]) -> dict[tuple[str, str | None, str], Mapping[str, Any]]:
    """report.json rows by (document file name, note, identity of the URL as printed — of
    ``url`` in a report without ``printed_url``); the first row wins."""
    out: dict[tuple[str, str | None, str], Mapping[str, Any]] = {}
    for doc in report.get("documents", []):
        name = PurePath(str(doc.get("document", ""))).name
        for row in doc.get("rows", []):
            printed = row.get("printed_url") or row.get("url") or ""
            out.setdefault((name, row.get("note"), identity(printed)), row)
    return out


def judge(expect: Expect, row: Mapping[str, Any] | None) -> Judged:
    """Every way ``row`` departs from ``expect`` (an empty list: the row is right)."""
    j = Judged(expect, row)
    p = j.problems
    if row is None:
        p.append("no report row")
        return j
    if "printed_url" not in row:
        p.append("row has no printed_url")
    elif row["printed_url"] != expect.printed:
        p.append(f"printed_url {row['printed_url']!r}")
    klass = row.get("class")
    repair = row.get("repair")
    if expect.true is None:
        if klass == "alive":
            p.append("an unrecoverable spelling reported alive")
        if repair:
            p.append(f"a guess reported as repair: {repair.get('url')}")
    else:
        want = EXPECTED_CLASS[expect.fate]
        if klass != want:
            p.append(f"class {klass}, want {want}")
        if expect.damaged:
            p.extend(_repair_problems(expect, repair, klass))
        elif repair:
            p.append(f"repair of an undamaged URL: {repair.get('url')}")
        if not same_url(row.get("url"), expect.true):
            p.append(f"url {row.get('url')}, want {expect.true}")
    if expect.lines is not None:
        line = row.get("line")
        if line not in expect.lines:
            p.append(f"line {line}, want one of {sorted(expect.lines)}")
    if expect.seen_day is not None:
        target = row.get("target_date") or {}
        day = str(target.get("date") or "")
        if not day.startswith(expect.seen_day):
            p.append(f"target_date {day or None}, want {expect.seen_day}")
        if target.get("source") != expect.seen_source:
            p.append(f"target_date source {target.get('source')}, want {expect.seen_source}")
    if expect.fate in FAILING and expect.true is not None:
        got = row.get("archive_date")
        want_day = expect.capture.isoformat() if expect.capture else None
        if (got or None) != want_day:
            p.append(f"archive_date {got}, want {want_day}")
    return j


CONFIRMED_BY = frozenset({"live", "archive-index", "archive"})
"""How a repair may be confirmed: a live check, or the archive's index."""


def _repair_problems(expect: Expect, repair: Any, row_class: Any) -> list[str]:
    """The repair must name the true URL, say how it was confirmed and why, and carry the
    class of the repaired URL (its own ``class``, else the row's: the row reports the
    repaired URL)."""
    if not isinstance(repair, Mapping):
        return ["damaged spelling not repaired"]
    out = []
    if not same_url(repair.get("url"), expect.true):
        out.append(f"repaired to {repair.get('url')}, want {expect.true}")
    if repair.get("confirmed_by") not in CONFIRMED_BY:
        out.append(f"repair confirmed_by {repair.get('confirmed_by')}")
    if not repair.get("evidence"):
        out.append("repair without evidence")
    want = EXPECTED_CLASS[expect.fate]
    got = repair.get("class", row_class)
    if got != want:
        out.append(f"repaired URL's class {got}, want {want}")
    return out


def judge_all(expects: Sequence[Expect], report: Mapping[str, Any]) -> list[Judged]:
    rows = index_rows(report)
    return [judge(e, rows.get(e.key)) for e in expects]


@dataclass(frozen=True)
class Figures:
    rows: int
    rows_right: int
    damaged: int
    """Damaged spellings (per document) whose meaning the text holds."""
    repaired: int
    """…of them repaired to the right URL, confirmed, with evidence, in every row citing it."""
    unrecoverable: int
    guessed: int
    """Unrecoverable spellings given a "repair" anyway (must be 0)."""
    alive: int
    alive_called_dead: int
    damaged_alive: int
    damaged_alive_called_dead: int
    with_captures: int
    capture_right: int
    soft404_planted: int
    soft404_found: int

    def ratio(self, part: int, whole: int) -> float:
        return part / whole if whole else 1.0

    def lines(self) -> list[str]:
        r = self.ratio
        repaired = f"{self.repaired}/{self.damaged} = {r(self.repaired, self.damaged):.2f}"
        lost = f"unrecoverable: {self.unrecoverable}, guessed anyway: {self.guessed}"
        dead = f"{self.alive_called_dead}/{self.alive}"
        damaged_dead = f"{self.damaged_alive_called_dead}/{self.damaged_alive}"
        capture = (f"{self.capture_right}/{self.with_captures} = "
                   f"{r(self.capture_right, self.with_captures):.2f}")
        return [
            f"rows right                 {self.rows_right}/{self.rows}",
            f"damaged URLs repaired      {repaired}   ({lost})",
            f"alive called dead          {dead}   (damaged spellings of alive pages: {damaged_dead})",
            f"capture closest before     {capture}",
            f"not-found titles → soft404 {self.soft404_found}/{self.soft404_planted}",
        ]


def figures(judged: Iterable[Judged]) -> Figures:
    js = list(judged)

    def klass(j: Judged) -> Any:
        return j.row.get("class") if j.row else None

    def repair(j: Judged) -> Any:
        return j.row.get("repair") if j.row else None

    recoverable = [j for j in js if j.expect.damaged and j.expect.true is not None]
    lost = [j for j in js if j.expect.true is None]
    spellings: dict[tuple[str, str], bool] = {}
    for j in recoverable:
        ok = not _repair_problems(j.expect, repair(j), klass(j))
        key = (j.expect.document, j.expect.printed)
        spellings[key] = spellings.get(key, True) and ok
    alive = [j for j in js if j.expect.fate in LIVE_FATES and j.expect.true is not None]
    damaged_alive = [j for j in alive if j.expect.damaged]
    captured = [j for j in js if j.expect.fate in FAILING and j.expect.capture is not None]
    capture_right = [j for j in captured if j.row and j.row.get("archive_date") == j.expect.capture.isoformat()]  # type: ignore[union-attr]
    planted = [j for j in js if j.expect.fate in NOT_FOUND_FATES]
    return Figures(
        rows=len(js),
        rows_right=sum(not j.problems for j in js),
        damaged=len(spellings),
        repaired=sum(spellings.values()),
        unrecoverable=len(lost),
        guessed=sum(bool(repair(j)) for j in lost),
        alive=len(alive),
        alive_called_dead=sum(klass(j) in FAILING_CLASSES for j in alive),
        damaged_alive=len(damaged_alive),
        damaged_alive_called_dead=sum(klass(j) in FAILING_CLASSES for j in damaged_alive),
        with_captures=len(captured),
        capture_right=len(capture_right),
        soft404_planted=len(planted),
        soft404_found=sum(klass(j) == "soft404" for j in planted),
    )
