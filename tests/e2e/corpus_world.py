"""Worlds built automatically from the dev corpus (``tests/fixtures/corpus/*/truth.json``):
documents the seed test does not know, held to the same bar.

Every URL the truth says is printed gets a fate chosen by a hash of the URL (most alive;
some moved; some gone, with captures around the citation's date; some a 200 "not found"
page in one of the issue's languages; social-media hosts behind a login wall); every other path on those hosts answers 404, so a spelling damaged
by text extraction is dead unless citewatch repairs it. The archive holds captures of every
true URL (so the archive's index can confirm a repair), around the date the citation prints.

A report row is matched to a true URL by its repaired or checked URL, else by the printed
spelling closest to it on the same host, or one that begins with it (a damaged spelling); a true URL no row relates to
was missed by extraction and is counted apart.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import urlsplit

from tests.e2e.measure import Expect, identity
from tests.e2e.world import (
    FAILING,
    NOT_FOUND_TITLES,
    Fate,
    World,
    absolute,
    around,
    expected_capture,
)

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
FORMS = {"pdftotext": "doc.pdftotext.txt", "pypdf": "doc.pypdf.txt", "layout": "doc.layout.txt"}
LANGS = tuple(NOT_FOUND_TITLES)
LOGIN_HOSTS = frozenset({"twitter.com", "x.com", "facebook.com", "instagram.com"})
"""Hosts that send a checker to their login page (every path)."""
CLOSE = 0.85
"""Similarity (difflib ratio) above which a printed spelling is taken for a damaged copy."""


@dataclass(frozen=True)
class TrueUrl:
    document: str
    """The text's file name in the run (``doc01.txt``)."""
    url: str
    fate: Fate
    published: date | None
    """The citing work's own date, when exactly one citation prints it to the day and no
    access date."""
    lang: str = "en"


def _digest(url: str) -> int:
    return int(hashlib.sha256(url.encode()).hexdigest()[:8], 16)


def _sources(truth: Mapping[str, Any]) -> Iterator[tuple[list[str], Mapping[str, Any]]]:
    """(printed URLs, fields) of every cited work: each source of each footnote, each
    reference-list entry."""
    for fn in truth.get("footnotes") or []:
        for src in fn.get("sources") or []:
            yield list(src.get("urls") or []), src.get("fields") or {}
    for ref in truth.get("references") or []:
        yield list(ref.get("urls") or []), ref.get("fields") or {}
    for url in truth.get("body_urls") or []:
        yield [url], {}


def true_urls(truth: Mapping[str, Any], document: str, salt: str = "") -> list[TrueUrl]:
    """The URLs ``truth`` says ``document`` prints, each with its fate. ``salt`` reshuffles
    the fates (one world per salt), so generated documents that reuse the corpus' URLs do not
    always meet them with the same fate."""
    dates: dict[str, list[str | None]] = {}
    for urls, fields in _sources(truth):
        printed = str(fields.get("date") or "")
        precise = re.search(r"(?<!\d)\d{1,2}(?!\d)", printed) is not None  # a day is printed
        own = None if fields.get("accessed") or not precise else fields.get("date_iso")
        for u in urls:
            dates.setdefault(absolute(u), []).append(own)
    out = []
    for url in truth.get("all_urls") or []:
        url = absolute(url)
        seen = dates.get(url, [None])
        published = date.fromisoformat(seen[0]) if len(seen) == 1 and seen[0] and len(seen[0]) == 10 else None
        h = _digest(salt + url)
        fate = Fate.ALIVE
        if (urlsplit(url).hostname or "").removeprefix("www.") in LOGIN_HOSTS:
            fate = Fate.LOGIN_WALL
        elif h % 13 == 2:
            fate = Fate.MOVED
        elif published is not None and h % 7 == 0:
            fate = Fate.GONE
        elif published is not None and h % 11 == 1:
            fate = Fate.SOFT404_TITLE
        out.append(TrueUrl(document, url, fate, published, LANGS[h % len(LANGS)]))
    return out


def load(docs: Sequence[str] | None = None) -> dict[str, list[TrueUrl]]:
    """Document text name → its true URLs, for every corpus document (or those named)."""
    out = {}
    for truth_file in sorted(CORPUS.glob("*/truth.json")):
        doc = truth_file.parent.name
        if docs and doc not in docs:
            continue
        out[f"{doc}.txt"] = true_urls(json.loads(truth_file.read_text()), f"{doc}.txt")
    return settle(out)


def settle(truths: Mapping[str, list[TrueUrl]]) -> dict[str, list[TrueUrl]]:
    """One URL, one fate in a world: a URL some document cites without a date of its own
    stays alive (a failing link needs a date to choose its capture by)."""
    undated = {t.url for urls in truths.values() for t in urls if t.published is None}
    return {
        name: [t if t.url not in undated else replace(t, fate=Fate.ALIVE) for t in urls]
        for name, urls in truths.items()
    }


def copy_texts(form: str, dest: Path, docs: Sequence[str]) -> Path:
    """The corpus texts of one form, as ``dest/<doc>.txt``."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in docs:
        doc = PurePath(name).stem
        (dest / name).write_text((CORPUS / doc / FORMS[form]).read_text())
    return dest


def capture_days(truths: Mapping[str, list[TrueUrl]], today: date) -> dict[str, list[date]]:
    """URL → the days the archive holds it: around the date of each document citing it."""
    days: dict[str, set[date]] = {}
    for urls in truths.values():
        for t in urls:
            days.setdefault(t.url, set()).update(around(t.published or date(2021, 1, 1), today))
    return {url: sorted(d) for url, d in days.items()}


def build(truths: Mapping[str, list[TrueUrl]], today: date) -> World:
    world = World(hang_seconds=2.0)
    planted: set[str] = set()
    for urls in truths.values():
        for t in urls:
            if t.url in planted or not urlsplit(t.url).hostname:
                continue
            planted.add(t.url)
            parts = urlsplit(t.url)
            moved_to = parts._replace(path="/moved" + (parts.path or "/")).geturl()
            world.plant(t.url, t.fate, title=f"Cited page {_digest(t.url):x}", lang=t.lang,
                        moved_to=moved_to if t.fate is Fate.MOVED else None)
    for url, days in capture_days(truths, today).items():
        if url in planted:
            world.capture(url, days)
    return world


def expects(truths: Mapping[str, list[TrueUrl]], report: Mapping[str, Any],
            today: date) -> tuple[list[Expect], list[TrueUrl]]:
    """What the report must say about each true URL (matched to its row), and the true URLs
    no row relates to (missed by extraction)."""
    rows: dict[str, list[Mapping[str, Any]]] = {}
    for doc in report.get("documents", []):
        rows.setdefault(PurePath(str(doc.get("document", ""))).name, []).extend(doc.get("rows", []))
    out: list[Expect] = []
    missed: list[TrueUrl] = []
    archived = capture_days(truths, today)
    for name, urls in truths.items():
        doc_rows = rows.get(name, [])
        keys = {identity(t.url) for t in urls}
        for t in urls:
            row = _row_for(t.url, doc_rows, keys - {identity(t.url)})
            if row is None:
                missed.append(t)
                continue
            printed = str(row.get("printed_url") or row.get("url") or "")
            failing = t.fate in FAILING and t.published is not None
            out.append(Expect(
                document=name, note=row.get("note"), printed=printed, true=t.url, fate=t.fate,
                damaged=identity(printed) != identity(t.url),
                seen_day=t.published.isoformat() if failing and t.published else None,
                seen_source="published" if failing else None,
                capture=(expected_capture(archived[t.url], t.published)
                         if failing and t.published else None),
            ))
    return out, missed


def _row_for(url: str, rows: Sequence[Mapping[str, Any]],
             others: AbstractSet[str] = frozenset()) -> Mapping[str, Any] | None:
    """The row about ``url``: by its URL checked or repaired, else by the closest printed
    spelling on the same host that is not itself ``others`` (the identities of the
    document's other true URLs: a row about a neighbour is not a damaged copy)."""
    key = identity(url)
    for row in rows:
        repair = row.get("repair") or {}
        if key in (identity(str(row.get("url") or "")), identity(str(repair.get("url") or ""))):
            return row
    host = urlsplit(url).hostname
    best, best_ratio = None, CLOSE
    for row in rows:
        printed = str(row.get("printed_url") or row.get("url") or "")
        if urlsplit(absolute(printed)).hostname != host:
            continue
        said = {identity(printed), identity(str(row.get("url") or "")),
                identity(str((row.get("repair") or {}).get("url") or ""))}
        if said & others:
            continue
        said_key = identity(printed)
        ratio = difflib.SequenceMatcher(None, said_key, key).ratio()
        if said_key.startswith(key):  # the whole URL, text glued on after it
            ratio = max(ratio, CLOSE)
        if ratio >= best_ratio:
            best, best_ratio = row, ratio
    return best
