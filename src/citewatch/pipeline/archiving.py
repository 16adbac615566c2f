"""Broken and damaged cited URLs → archived copies, Save Page Now, repairs → the store."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from citewatch.archive import (
    ArchiveRequest,
    ArchiveResult,
    RepairRequest,
    RepairSuggestion,
    find_snapshots_sync,
    suggest_repairs_sync,
    target_date_for,
)
from citewatch.archive.model import Repair
from citewatch.check.checker import check_urls
from citewatch.check.history import History
from citewatch.check.model import LinkStatus
from citewatch.citations.model import FoundUrl
from citewatch.pipeline.checking import stored_found
from citewatch.settings import Settings, to_archive_options, to_check_options
from citewatch.store import StoredEntry, load_store, update_fields
from citewatch.url import absolute, identity


@dataclass
class ArchiveTarget:
    """A cited URL to look up in the archive, the store entries citing it, and the date its
    citations saw it (``citewatch-seen``, else access date, else publication date)."""

    url: str
    entries: list[StoredEntry]
    target_date: date | None


def archive_targets(refs_dir: Path, urls: Iterable[str] | None = None) -> list[ArchiveTarget]:
    """The store's URLs (only ``urls`` when given, compared normalised) with their entries."""
    wanted = {absolute(u) for u in urls} if urls is not None else None
    targets: dict[str, ArchiveTarget] = {}
    for entry in load_store(refs_dir):
        for url in entry.urls:
            norm = absolute(url)
            if wanted is not None and norm not in wanted:
                continue
            when = (
                entry.seen.date
                if entry.seen is not None
                else target_date_for(
                    _iso(entry.fields.get("urldate")), _iso(entry.fields.get("date"))
                )
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
    urls = list(dict.fromkeys(absolute(u) for e in load_store(refs_dir) for u in e.urls))
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
            if entry.url and identity(entry.url) != identity(target.url):
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
            out[absolute(entry.url)] = (archive_url, entry.fields.get("archivedate"))
    return out


def suspect_items(refs_dir: Path, urls: Iterable[str] = ()) -> list[tuple[FoundUrl, StoredEntry]]:
    """URLs to try to repair: those the extractor flagged suspect, and ``urls`` (broken
    ones), matched by identity: the store keeps ``https://www.…`` for a printed ``www.…``."""
    extra = {identity(u) for u in urls}
    items: list[tuple[FoundUrl, StoredEntry]] = []
    for entry in load_store(refs_dir):
        for url in entry.urls:
            found = stored_found(entry, url)
            if found.suspect or identity(url) in extra:
                items.append((found, entry))
    return items


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
    by_url = {identity(f.url): e for f, e in items}
    return [(s, by_url[identity(s.original)]) for s in suggestions if identity(s.original) in by_url]


def apply_repairs(repairs: Sequence[tuple[RepairSuggestion, StoredEntry]]) -> int:
    """Write each confirmed repair's URL into the store (``archive --repair --apply``)."""
    confirmed = {s.original: r for s, _ in repairs if (r := s.confirmed())}
    return sum(write_repairs(confirmed, d) for d in {e.bib_path.parent for _, e in repairs})


def write_repairs(repairs: Mapping[str, Repair], refs_dir: Path) -> int:
    """Write repaired URLs (printed URL → repair) into the store entries whose ``url`` is
    the printed one, keeping the printed text and the evidence in
    ``citewatch-repaired`` (the raw text stays in ``citewatch-suspect``); returns entries
    updated. Only ever on request (``--apply``): a repair is evidence, not a certainty."""
    by_identity = {identity(u): r for u, r in repairs.items()}
    updates: dict[Path, dict[str, dict[str, str | None]]] = {}
    for entry in load_store(refs_dir):
        repair = by_identity.get(identity(entry.url or ""))
        if repair is None or not entry.managed:
            continue
        updates.setdefault(entry.bib_path, {})[entry.key] = {
            "url": repair.url,
            "citewatch-repaired": f"{entry.url} | {repair.evidence} "
            f"(confirmed by {repair.confirmed_by.value})",
        }
    for path, by_key in updates.items():
        update_fields(path, by_key)
    return sum(len(v) for v in updates.values())


def live_urls(refs_dir: Path, settings: Settings) -> list[str]:
    """The store's URLs whose latest check found them alive (candidates for Save Page Now)."""
    urls = list(dict.fromkeys(absolute(u) for e in load_store(refs_dir) for u in e.urls))
    if not settings.db_path.exists():
        return []
    with History.open(settings.db_path) as history:
        latest = history.latest_many(urls)
    return [u for u, r in latest.items() if r.status in (LinkStatus.ALIVE, LinkStatus.REDIRECTED)]
