"""Where the stages meet: documents → citations → store → check → archive → report.

Each function here runs one or more stages over many documents and hands progress to a
callback, so the CLI can draw it without the core importing rich. Errors in one document
are collected, not raised, so one bad file does not stop the others; the CLI turns them
into exit code 2.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from citewatch.archive import (
    ArchiveRequest,
    ArchiveResult,
    RepairRequest,
    RepairSuggestion,
    find_snapshots_sync,
    suggest_repairs_sync,
    target_date_for,
)
from citewatch.check.checker import check_urls, normalize_url, run_checks
from citewatch.check.history import History
from citewatch.check.model import CheckResult, Citing, LinkStatus
from citewatch.check.policy import Verdict, looks_offline
from citewatch.citations.extract import extract_document
from citewatch.citations.model import Citation, Extraction, FoundUrl, SuspectReason
from citewatch.documents import iter_document_paths, load_document
from citewatch.errors import CitewatchError, InputError
from citewatch.report.model import AuditReport, build_report
from citewatch.settings import Settings, to_archive_options, to_check_options
from citewatch.store import (
    StoredEntry,
    StoreIndex,
    WriteResult,
    keys_for,
    load_store,
    update_fields,
    write_extraction,
)

Progress = Callable[[str], None]
"""Called with a short description of the item just finished."""


@dataclass
class Extracted:
    """The outcome of extracting many documents."""

    extractions: list[Extraction] = field(default_factory=list)
    errors: list[CitewatchError] = field(default_factory=list)


def document_paths(paths: Sequence[Path]) -> list[Path]:
    """The documents named by ``paths`` (folders walked).

    Raises InputError for a missing path, and for two documents with the same stem: the
    store keeps one ``.bib`` per stem, so they would overwrite each other's entries.
    """
    found = list(iter_document_paths(paths))
    by_stem: dict[str, Path] = {}
    for path in found:
        other = by_stem.setdefault(path.stem, path)
        if other != path:
            raise InputError(
                f"has the same name as {other}: both would be stored in {path.stem}.bib; "
                "rename one or run them separately with different --refs",
                path=path,
            )
    return found


def extract_paths(paths: Iterable[Path], progress: Progress | None = None) -> Extracted:
    """Read and extract each document; a document that cannot be read is recorded as an error."""
    out = Extracted()
    for path in paths:
        try:
            out.extractions.append(extract_document(load_document(path)))
        except CitewatchError as exc:
            out.errors.append(exc)
        if progress:
            progress(str(path))
    return out


@dataclass
class Stored:
    """The outcome of storing many extractions."""

    written: list[tuple[Extraction, WriteResult]] = field(default_factory=list)
    errors: list[CitewatchError] = field(default_factory=list)


def store_extractions(
    extractions: Iterable[Extraction], refs_dir: Path, *, dry_run: bool = False
) -> Stored:
    """Merge each document's citations into ``refs_dir/<stem>.bib`` (atomic, validated).

    A malformed ``.bib`` stops only its own document; nothing stored is overwritten.
    """
    out = Stored()
    index = StoreIndex(refs_dir)
    for extraction in extractions:
        try:
            out.written.append(
                (extraction, write_extraction(extraction, refs_dir, dry_run=dry_run, index=index))
            )
        except CitewatchError as exc:
            out.errors.append(exc)
    return out


@dataclass
class Cited:
    """The URLs to check and where each is cited (URL keys normalised as the checker does)."""

    places: dict[str, list[Citing]] = field(default_factory=dict)
    texts: dict[Citing, str] = field(default_factory=dict)

    def add(self, url: str, citing: Citing, text: str) -> None:
        places = self.places.setdefault(normalize_url(url), [])
        if citing not in places:
            places.append(citing)
        self.texts.setdefault(citing, text)


def keyed(
    extractions: Iterable[Extraction], refs_dir: Path
) -> list[tuple[Extraction, Mapping[Citation, str]]]:
    """Each extraction with the store keys its citations get, without writing."""
    index = StoreIndex(refs_dir)
    return [(e, keys_for(e, refs_dir, index=index)) for e in extractions]


def cited_in_extractions(extractions: Iterable[tuple[Extraction, Mapping[Citation, str]]]) -> Cited:
    """Every URL the extractions cite (short forms included, through the note they repeat),
    with the store key of each citing note."""
    cited = Cited()
    for extraction, keys in extractions:
        for citation in extraction.citations:
            citing = Citing(citation.document, citation.label, keys.get(citation))
            for url in extraction.resolved_urls(citation):
                cited.add(url, citing, citation.fields.title or citation.text)
    return cited


def cited_in_store(refs_dir: Path) -> Cited:
    """Every URL of the BibTeX store, with the notes citing it."""
    cited = Cited()
    for entry in load_store(refs_dir):
        text = entry.fields.get("title") or entry.fields.get("citewatch-raw") or ""
        document = entry.document or str(entry.bib_path)
        for url in entry.urls:
            for note in entry.notes or (None,):
                cited.add(url, Citing(document, note, entry.key), text)
    return cited


@dataclass
class Checked:
    """The outcome of one check run."""

    results: dict[str, CheckResult]
    verdicts: dict[str, Verdict]
    offline: bool
    run_id: str


def check_cited(
    cited: Cited, settings: Settings, on_result: Callable[[CheckResult], None] | None = None
) -> Checked:
    """Check every cited URL once, recording each result in the history as it arrives.

    Results younger than ``settings.max_age`` are reused without a request. A run in which
    nothing could be reached (no network) is marked offline so it never counts towards
    "broken". Ctrl-C keeps what was checked: each result is committed as it arrives.
    """
    urls = list(cited.places)
    settings.db_path.parent.mkdir(parents=True, exist_ok=True)
    with History.open(settings.db_path) as history:
        run_id = history.start_run()
        fresh = history.fresh_many(urls, settings.max_age)

        def record(result: CheckResult) -> None:
            history.record(result, run_id)
            if on_result is not None:
                on_result(result)

        try:
            results = run_checks(
                urls, to_check_options(settings), on_result=record, is_fresh=fresh.get
            )
        except KeyboardInterrupt:
            history.finish_run(run_id, offline=looks_offline(history.run_results(run_id)))
            raise
        offline = looks_offline(results)
        history.finish_run(run_id, offline=offline)
        verdicts = history.verdicts(urls, settings.policy)
    return Checked({r.url: r for r in results}, verdicts, offline, run_id)


def audit_report(cited: Cited, checked: Checked, refs_dir: Path | None = None) -> AuditReport:
    """The report of a check run over ``cited``, with the archived copies the store knows."""
    archives = stored_archives(refs_dir) if refs_dir is not None else None
    return build_report(
        cited.places,
        checked.results,
        checked.verdicts,
        texts=cited.texts,
        offline=checked.offline,
        archives=archives,
    )


def _url_record(u: FoundUrl) -> dict[str, Any]:
    return {
        "url": u.url,
        "raw": u.raw,
        "why": [str(r) for r in u.suspect],
        "detail": u.detail or None,
        "lines": [u.line, u.end_line],
    }


def citation_record(extraction: Extraction, citation: Citation, key: str | None) -> dict[str, Any]:
    """The JSON Lines object for one citation (documented in the README)."""
    f = citation.fields
    own = [u.url for u in citation.urls]
    resolved = list(extraction.resolved_urls(citation))
    return {
        "document": citation.document,
        "kind": str(citation.kind),
        "note": citation.label,
        "part": citation.part,
        "key": key,
        "urls": resolved,
        "inherited": bool(resolved) and not own,
        "suspect_urls": [_url_record(u) for u in citation.suspect_urls],
        "ref": (
            {
                "kind": str(citation.ref.kind),
                "target": citation.ref.target,
                "chain": list(citation.ref.chain),
            }
            if citation.ref
            else None
        ),
        "fields": {
            "author": f.author,
            "title": f.title,
            "container": f.container,
            "date": f.date,
            "date_iso": f.date_iso,
            "accessed": f.accessed,
            "accessed_iso": f.accessed_iso,
            "pinpoint": f.pinpoint,
            "doi": f.doi,
            "kind": str(f.kind),
            "note": f.note,
        },
        "is_citation": citation.is_citation,
        "lines": list(citation.lines),
        "text": citation.text,
    }


def summary_line(checked: Checked, broken: int) -> str:
    """One plain sentence about a check run, for the terminal."""
    counts: dict[str, int] = {}
    for result in checked.results.values():
        counts[str(result.status)] = counts.get(str(result.status), 0) + 1
    parts = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    total = len(checked.results)
    if checked.offline:
        return (
            f"{total} URLs checked ({parts}): this machine reached no website, so nothing "
            "is called broken on this run."
        )
    return f"{total} URLs checked ({parts}); {broken} broken per the history policy."


# -- archive stage ------------------------------------------------------------------------


@dataclass
class ArchiveTarget:
    """A cited URL to look up in the archive, the store entries citing it, and the date its
    citations saw it (access date, else publication date)."""

    url: str
    entries: list[StoredEntry]
    target_date: date | None


def archive_targets(refs_dir: Path, urls: Iterable[str] | None = None) -> list[ArchiveTarget]:
    """The store's URLs (only ``urls`` when given, compared normalised) with their entries."""
    wanted = {normalize_url(u) for u in urls} if urls is not None else None
    targets: dict[str, ArchiveTarget] = {}
    for entry in load_store(refs_dir):
        for url in entry.urls:
            norm = normalize_url(url)
            if wanted is not None and norm not in wanted:
                continue
            when = target_date_for(
                _iso(entry.fields.get("urldate")), _iso(entry.fields.get("date"))
            )
            target = targets.setdefault(norm, ArchiveTarget(norm, [], when))
            target.entries.append(entry)
            if when is not None and (target.target_date is None or when < target.target_date):
                target.target_date = when  # the earliest citation decides what was seen
    return list(targets.values())


def _iso(value: str | None) -> str | None:
    return value.strip() if value and value.strip()[:4].isdigit() else None


def broken_urls(refs_dir: Path, settings: Settings, *, failing: bool = False) -> list[str]:
    """The store's URLs that the history calls broken (or, with ``failing``, failing now)."""
    urls = list(dict.fromkeys(normalize_url(u) for e in load_store(refs_dir) for u in e.urls))
    if not settings.db_path.exists():
        return []
    with History.open(settings.db_path) as history:
        verdicts = history.verdicts(urls, settings.policy)
    return [u for u, v in verdicts.items() if v.broken or (failing and v.failures_in_a_row > 0)]


def find_archives(
    targets: Sequence[ArchiveTarget],
    settings: Settings,
    on_result: Callable[[ArchiveResult], None] | None = None,
) -> dict[str, ArchiveResult]:
    """Look each target up (politely; cached in the history database)."""
    requests = [ArchiveRequest(t.url, t.target_date) for t in targets]
    settings.db_path.parent.mkdir(parents=True, exist_ok=True)
    results = find_snapshots_sync(
        requests, to_archive_options(settings), cache_path=settings.db_path, on_result=on_result
    )
    return {r.url: r for r in results}


def record_archives(targets: Sequence[ArchiveTarget], found: Mapping[str, ArchiveResult]) -> int:
    """Write ``archiveurl``/``archivedate`` into the store entries; return entries updated."""
    updates: dict[Path, dict[str, dict[str, str | None]]] = {}
    for target in targets:
        result = found.get(target.url)
        if result is None or result.snapshot is None:
            continue
        snap = result.snapshot
        for entry in target.entries:
            if entry.url and normalize_url(entry.url) != target.url:
                continue  # archiveurl belongs to the entry's main url only
            updates.setdefault(entry.bib_path, {})[entry.key] = {
                "archiveurl": snap.archive_url,
                "archivedate": snap.captured_at.date().isoformat(),
            }
    for path, by_key in updates.items():
        update_fields(path, by_key)
    return sum(len(v) for v in updates.values())


def stored_archives(refs_dir: Path) -> dict[str, tuple[str, str | None]]:
    """URL → (archived copy, date) as recorded in the store, for the reports."""
    out: dict[str, tuple[str, str | None]] = {}
    for entry in load_store(refs_dir):
        archive_url = entry.fields.get("archiveurl")
        if entry.url and archive_url:
            out[normalize_url(entry.url)] = (archive_url, entry.fields.get("archivedate"))
    return out


def suspect_items(refs_dir: Path, urls: Iterable[str] = ()) -> list[tuple[FoundUrl, StoredEntry]]:
    """URLs to try to repair: those the extractor flagged suspect, and ``urls`` (broken ones)."""
    extra = {normalize_url(u) for u in urls}
    items: list[tuple[FoundUrl, StoredEntry]] = []
    for entry in load_store(refs_dir):
        suspects = {s.url: s for s in entry.suspects}
        for url in entry.urls:
            record = suspects.get(url)
            if record is not None:
                reasons = tuple(SuspectReason(r) for r in record.reasons if r in _REASONS)
                found = FoundUrl(
                    url=url,
                    raw=record.raw,
                    line=0,
                    end_line=0,
                    suspect=reasons,
                    detail=record.detail,
                )
            elif normalize_url(url) in extra:
                found = FoundUrl(url=url, raw=url, line=0, end_line=0)
            else:
                continue
            items.append((found, entry))
    return items


_REASONS = frozenset(str(r) for r in SuspectReason)


def suggest_repairs_for(
    items: Sequence[tuple[FoundUrl, StoredEntry]], settings: Settings
) -> list[tuple[RepairSuggestion, StoredEntry]]:
    """ "Probably meant X" for each damaged URL, confirmed live or by the archive's index."""
    options = to_check_options(settings)

    async def live(url: str) -> bool:
        [result] = await check_urls([url], options)
        return result.status in (LinkStatus.ALIVE, LinkStatus.REDIRECTED)

    suggestions = suggest_repairs_sync(
        [RepairRequest(f) for f, _ in items], live_check=live, options=to_archive_options(settings)
    )
    by_url = {f.url: e for f, e in items}
    return [(s, by_url[s.original]) for s in suggestions if s.original in by_url]


def apply_repairs(repairs: Sequence[tuple[RepairSuggestion, StoredEntry]]) -> int:
    """Write each confirmed repair's URL into the store, keeping the printed text in
    ``citewatch-repaired`` (the raw text stays in ``citewatch-suspect``)."""
    updates: dict[Path, dict[str, dict[str, str | None]]] = {}
    for suggestion, entry in repairs:
        if suggestion.confirmed_by is None or entry.url != suggestion.original:
            continue
        updates.setdefault(entry.bib_path, {})[entry.key] = {
            "url": suggestion.candidate,
            "citewatch-repaired": f"{suggestion.original} | {suggestion.evidence}",
        }
    for path, by_key in updates.items():
        update_fields(path, by_key)
    return sum(len(v) for v in updates.values())


def live_urls(refs_dir: Path, settings: Settings) -> list[str]:
    """The store's URLs whose latest check found them alive (candidates for Save Page Now)."""
    urls = list(dict.fromkeys(normalize_url(u) for e in load_store(refs_dir) for u in e.urls))
    if not settings.db_path.exists():
        return []
    with History.open(settings.db_path) as history:
        latest = history.latest_many(urls)
    return [u for u, r in latest.items() if r.status in (LinkStatus.ALIVE, LinkStatus.REDIRECTED)]
