"""Stage 5: archived copies (Wayback Machine, Memento) and repair of damaged URLs.

Modules, in the order a lookup uses them::

    model.py       options and values (ArchiveOptions, ArchiveRequest, Snapshot, ArchiveResult…)
    cache.py       the ``archive_lookups`` table (URL + target date → capture or none)
    ratelimit.py   evenly spaced requests, the 429 policy (pure ``backoff_delay``)
    client.py      HTTP to CDX, availability, replay and TimeMaps, politely (its httpx
                   client comes from ``citewatch.http``, as the checker's does)
    choose.py      which capture to offer (pure): latest before the date, else earliest after
    memento.py     RFC 7089 TimeMaps in link format
    service.py     find_snapshots: the lookup itself
    save.py        Save Page Now (SPN2 with keys, or the anonymous save) for live URLs
    repair.py      "probably meant X" for URLs damaged by text extraction
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from citewatch.lazy import exports

if TYPE_CHECKING:
    from .model import (
        ArchiveOptions,
        ArchiveOutcome,
        ArchiveRequest,
        ArchiveResult,
        RepairConfirmation,
        RepairSuggestion,
        SaveMethod,
        SaveOptions,
        SaveOutcome,
        SaveResult,
        Snapshot,
        SnapshotSource,
        target_date_for,
    )
    from .repair import RepairRequest, repair_candidates, suggest_repairs, suggest_repairs_sync
    from .save import save_urls, save_urls_sync
    from .service import find_snapshots, find_snapshots_sync

__getattr__ = exports(__name__, {
    "ArchiveOptions": ".model",
    "ArchiveOutcome": ".model",
    "ArchiveRequest": ".model",
    "ArchiveResult": ".model",
    "RepairConfirmation": ".model",
    "RepairSuggestion": ".model",
    "SaveMethod": ".model",
    "SaveOptions": ".model",
    "SaveOutcome": ".model",
    "SaveResult": ".model",
    "Snapshot": ".model",
    "SnapshotSource": ".model",
    "target_date_for": ".model",
    "RepairRequest": ".repair",
    "repair_candidates": ".repair",
    "suggest_repairs": ".repair",
    "suggest_repairs_sync": ".repair",
    "save_urls": ".save",
    "save_urls_sync": ".save",
    "find_snapshots": ".service",
    "find_snapshots_sync": ".service",
})

__all__ = [
    "ArchiveOptions",
    "ArchiveOutcome",
    "ArchiveRequest",
    "ArchiveResult",
    "RepairConfirmation",
    "RepairRequest",
    "RepairSuggestion",
    "SaveMethod",
    "SaveOptions",
    "SaveOutcome",
    "SaveResult",
    "Snapshot",
    "SnapshotSource",
    "find_snapshots",
    "find_snapshots_sync",
    "repair_candidates",
    "save_urls",
    "save_urls_sync",
    "suggest_repairs",
    "suggest_repairs_sync",
    "target_date_for",
]
