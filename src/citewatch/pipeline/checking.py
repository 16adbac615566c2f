"""Cited URLs, with where and how each is printed → checks recorded in the history."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from citewatch.archive.model import Repair
from citewatch.check.history import History
from citewatch.check.model import CheckResult, Citing, LinkStatus
from citewatch.check.policy import Verdict, looks_offline
from citewatch.check.triage import Triage, triage
from citewatch.citations.model import Citation, Extraction, FoundUrl, SuspectReason
from citewatch.citations.seen import seen_dates
from citewatch.settings import Settings, to_check_options
from citewatch.store import StoredEntry, StoreIndex, keys_for, load_store
from citewatch.url import absolute, identity

if TYPE_CHECKING:
    from citewatch.archive import ArchiveResult

OnResult = Callable[[CheckResult], None]

HISTORY_BATCH = 256
"""Results committed to the history in one transaction. One commit per result cost ~0.1 ms
on the event loop of the main checking process (0.7 s of a 3,000-URL CLI run)."""
HISTORY_BATCH_SECONDS = 1.0
"""…or at the first result this long after the last commit, so a slow run still reaches the
disk as it goes."""

ARCHIVED_CLASSES = frozenset({LinkStatus.DEAD, LinkStatus.SOFT404})
"""Classes whose archived copy is looked up on the first run: the page is gone or says so."""


@dataclass
class Cited:
    """The URLs to check (absolute), where each is cited, and what the printed text says
    about each (for repair)."""

    places: dict[str, list[Citing]] = field(default_factory=dict)
    texts: dict[Citing, str] = field(default_factory=dict)
    found: dict[str, FoundUrl] = field(default_factory=dict)
    """The printed evidence of each URL: raw text, suspicions, alternative spellings."""
    orphans: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Per document, URL fragments printed apart (tails to try on a URL that fails)."""

    def orphans_of(self, url: str) -> tuple[str, ...]:
        """The fragments of the documents citing ``url``."""
        docs = dict.fromkeys(c.document for c in self.places.get(url, ()))
        return tuple(dict.fromkeys(o for d in docs for o in self.orphans.get(d, ())))

    def add(self, url: str, citing: Citing, text: str, found: FoundUrl | None = None) -> None:
        key = absolute(url)
        places = self.places.setdefault(key, [])
        if citing not in places:
            places.append(citing)
        self.texts.setdefault(citing, text)
        if found is not None:
            known = self.found.get(key)
            if known is None or (_evidence(found) > _evidence(known)):
                self.found[key] = found


def _evidence(f: FoundUrl) -> int:
    return len(f.suspect) + len(f.alternatives) + ("\n" in f.raw)


def keyed(
    extractions: Iterable[Extraction], refs_dir: Path
) -> list[tuple[Extraction, Mapping[Citation, str]]]:
    """Each extraction with the store keys its citations get, without writing."""
    index = StoreIndex(refs_dir)
    return [(e, keys_for(e, refs_dir, index=index)) for e in extractions]


def _resolved(extraction: Extraction, citation: Citation) -> tuple[FoundUrl, ...]:
    """The citation's own URLs, else those of the note its short form repeats."""
    if citation.urls:
        return citation.urls
    if citation.ref and citation.ref.target is not None:
        for target in extraction.by_label(citation.ref.target):
            if target.urls:
                return target.urls
    return ()


@dataclass(frozen=True)
class Cites:
    """What one document adds to a :class:`Cited`: its URL fragments printed apart, and
    each ``Cited.add`` it makes, in order (so they can be kept and replayed,
    :mod:`.citedcache`)."""

    document: str
    orphans: tuple[str, ...]
    adds: tuple[tuple[str, Citing, str, FoundUrl], ...]
    """``(url, citing, text, found)``: the arguments of each ``Cited.add``."""


def cited_urls(extraction: Extraction) -> list[str]:
    """The URLs (as printed) one extraction cites, in the order :func:`document_cites` adds
    them: known before the store keys and seen dates are."""
    return [found.url for citation in extraction.citations
            for found in _resolved(extraction, citation)]


def document_cites(extraction: Extraction, keys: Mapping[Citation, str]) -> Cites:
    """Every URL one extraction cites (short forms included, through the note they repeat),
    with the store key, line and seen date of each citing note."""
    adds: list[tuple[str, Citing, str, FoundUrl]] = []
    seen = seen_dates(extraction)
    for citation in extraction.citations:
        own = bool(citation.urls)
        for found in _resolved(extraction, citation):
            line = found.line if own else (citation.lines[0] if citation.lines else None)
            citing = Citing(
                citation.document,
                citation.label,
                keys.get(citation),
                line=line or None,
                printed=found.url,
                seen=seen.get(citation),
            )
            adds.append((found.url, citing, citation.fields.title or citation.text, found))
    return Cites(extraction.document, extraction.orphans, tuple(adds))


def merge_cites(cites: Iterable[Cites]) -> Cited:
    """One :class:`Cited` from the documents' contributions, in order."""
    cited = Cited()
    for one in cites:
        cited.orphans[one.document] = one.orphans
        for url, citing, text, found in one.adds:
            cited.add(url, citing, text, found)
    return cited


def cited_in_extractions(extractions: Iterable[tuple[Extraction, Mapping[Citation, str]]]) -> Cited:
    """Every URL the extractions cite (short forms included, through the note they repeat),
    with the store key, line and seen date of each citing note."""
    return merge_cites(document_cites(e, keys) for e, keys in extractions)


def stored_found(entry: StoredEntry, url: str) -> FoundUrl:
    """What the store kept of a URL's printed text: raw text and suspicions of
    ``citewatch-suspect``, spellings of ``citewatch-alternatives``."""
    key = identity(url)
    record = next((s for s in entry.suspects if identity(s.url) == key), None)
    alternatives = entry.alternatives.get(key, ())
    if record is None:
        return FoundUrl(url=url, raw=url, line=0, end_line=0, alternatives=alternatives)
    reasons = tuple(SuspectReason(r) for r in record.reasons if r in _REASONS)
    return FoundUrl(
        url=record.url,
        raw=record.raw,
        line=0,
        end_line=0,
        suspect=reasons,
        detail=record.detail,
        alternatives=alternatives,
    )


_REASONS = frozenset(str(r) for r in SuspectReason)


def cited_in_store(refs_dir: Path) -> Cited:
    """Every URL of the BibTeX store, with the notes citing it."""
    cited = Cited()
    for entry in load_store(refs_dir):
        text = entry.fields.get("title") or entry.fields.get("citewatch-raw") or ""
        document = entry.document or str(entry.bib_path)
        line = entry.lines[0] if entry.lines else None
        for url in entry.urls:
            found = stored_found(entry, url)
            for note in entry.notes or (None,):
                citing = Citing(document, note, entry.key, line=line, printed=found.url,
                                seen=entry.seen)
                cited.add(url, citing, text, found)
    return cited


@dataclass
class Checked:
    """The outcome of one check run: every URL checked (printed and repaired)."""

    results: dict[str, CheckResult]
    verdicts: dict[str, Verdict]
    offline: bool
    run_id: str
    cited: tuple[str, ...] = ()
    """The cited URLs (absolute, as printed), in order; ``results`` also holds candidates."""
    repairs: dict[str, Repair] = field(default_factory=dict)
    """Printed URL (absolute) → the repair confirmed for it."""
    archives: dict[tuple[str, date | None], ArchiveResult] = field(default_factory=dict)
    """(reported URL, seen date) → the archive lookup made this run."""

    def reported(self, url: str) -> str:
        """The URL whose class is reported for printed ``url``: its repair, else itself."""
        repair = self.repairs.get(url)
        return repair.url if repair is not None else url


class _Batch:
    """Results waiting for one history commit: every ``HISTORY_BATCH`` results, at the
    latest ``HISTORY_BATCH_SECONDS`` after the first of them arrived (a timer on the event
    loop, so a lull behind a hanging host does not hold results back), and at the end of a
    round whatever ends it (Ctrl-C included, so an interrupted run keeps every result it
    reported)."""

    def __init__(self, history: History, run_id: str) -> None:
        self.history = history
        self.run_id = run_id
        self.pending: list[CheckResult] = []
        self.timer: asyncio.TimerHandle | None = None

    def add(self, result: CheckResult) -> None:
        self.pending.append(result)
        if len(self.pending) >= HISTORY_BATCH:
            self.flush()
        elif self.timer is None:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:  # outside an event loop: by size and at the end only
                return
            self.timer = loop.call_later(HISTORY_BATCH_SECONDS, self.flush)

    def flush(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        pending, self.pending = self.pending, []
        if pending:
            self.history.record_many(pending, self.run_id)


class CheckRun:
    """One run in the history: URLs checked in several rounds (printed, then repair
    candidates) count as one run, results committed in batches as they arrive."""

    def __init__(self, history: History, settings: Settings, on_result: OnResult | None) -> None:
        self.history = history
        self.settings = settings
        self.on_result = on_result
        self.run_id = history.start_run()
        self.results: dict[str, CheckResult] = {}

    def check(self, urls: Sequence[str], *, report: bool = True) -> dict[str, CheckResult]:
        todo = [u for u in dict.fromkeys(urls) if u not in self.results]
        if todo:
            fresh = self.history.fresh_many(todo, self.settings.max_age)

            batch = _Batch(self.history, self.run_id)

            def record(result: CheckResult) -> None:
                batch.add(result)
                if report and self.on_result is not None:
                    self.on_result(result)

            options = to_check_options(self.settings)
            sorted_out = triage(todo, options, fresh.get)
            try:
                for result in sorted_out.known.values():  # excluded or reused: no request
                    self.results[result.url] = result
                    record(result)
                if sorted_out.pending:  # the HTTP engine loads only when there is work for it
                    from citewatch.check.checker import run_triaged

                    # the known ones are recorded above: only the pending go to the engine
                    pending = Triage(sorted_out.pending, pending=sorted_out.pending)
                    for r in run_triaged(pending, options, on_result=record):
                        self.results[r.url] = r
            finally:
                batch.flush()
        return {u: self.results[u] for u in urls if u in self.results}


@contextmanager
def check_run(settings: Settings, on_result: OnResult | None = None) -> Iterator[CheckRun]:
    """A :class:`CheckRun` on the history database; finished (offline or not) on exit,
    Ctrl-C included."""
    settings.db_path.parent.mkdir(parents=True, exist_ok=True)
    with History.open(settings.db_path) as history:
        run = CheckRun(history, settings, on_result)
        try:
            yield run
        finally:
            results = list(run.results.values()) or history.run_results(run.run_id)
            history.finish_run(run.run_id, offline=looks_offline(results))



PRESTART_MIN_BYTES = 128 * 1024
"""Documents this large in all may cite enough URLs for a split check (a bare list of 2,000
URLs, ``WORKERS_MIN_URLS``, is about 80 KB)."""


def prestart_checking(paths: Sequence[Path], settings: Settings) -> None:
    """Start a spare checking process while the documents are still to be read, when they
    are large enough that the check will probably be split (``check.spares``)."""
    total = 0
    for path in paths:
        try:
            total += path.stat().st_size
        except OSError:
            continue  # reported when it is read
    if total >= PRESTART_MIN_BYTES:
        from citewatch.check import spares

        spares.prestart(workers=settings.check.workers or 0,
                        min_host_interval=settings.check.min_host_interval or 0.0)

__all__ = [
    "ARCHIVED_CLASSES",
    "PRESTART_MIN_BYTES",
    "CheckRun",
    "Checked",
    "Cited",
    "Cites",
    "check_run",
    "cited_in_extractions",
    "cited_in_store",
    "cited_urls",
    "document_cites",
    "keyed",
    "merge_cites",
    "prestart_checking",
    "stored_found",
]
