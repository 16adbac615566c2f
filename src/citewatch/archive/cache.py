"""Remembered lookups: (URL, target date) → chosen capture or none, with the lookup time.

Kept in the table ``archive_lookups`` of the state file (``citewatch.state``, normally the
history database; its schema and migrations live there). Only answers the archive gave
are cached: "rate limited" and errors are not, so a later run asks again.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

from citewatch import clock
from citewatch.errors import HistoryError
from citewatch.state import open_state

from .model import ArchiveOutcome, ArchiveResult, Snapshot, SnapshotSource

CACHEABLE = (ArchiveOutcome.FOUND, ArchiveOutcome.NOT_ARCHIVED)


def _key(target: date | None) -> str:
    return target.isoformat() if target else ""


class ArchiveCache:
    """The ``archive_lookups`` table of one SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = open_state(path)

    def close(self) -> None:
        self._db.close()

    def get(
        self, url: str, target: date | None, *, max_age_days: float, now: datetime | None = None
    ) -> ArchiveResult | None:
        """The cached result when younger than ``max_age_days``, else None."""
        row = self._db.execute(
            "SELECT outcome, reason, snapshot_url, archive_url, timestamp, status, source,"
            " looked_up_at FROM archive_lookups WHERE url = ? AND target_date = ?",
            (url, _key(target)),
        ).fetchone()
        if row is None:
            return None
        outcome, reason, snap_url, archive_url, ts, status, source, looked = row
        now = now or clock.now()
        try:
            age = now - datetime.fromisoformat(looked)
        except ValueError:
            return None
        if age > timedelta(days=max_age_days):
            return None
        snapshot = None
        if archive_url and ts and source:
            snapshot = Snapshot(snap_url or url, archive_url, ts, status, SnapshotSource(source))
        return ArchiveResult(
            url=url,
            snapshot=snapshot,
            reason=reason,
            requests=0,
            outcome=ArchiveOutcome(outcome),
            target_date=target,
            from_cache=True,
            looked_up_at=looked,
        )

    def put(self, result: ArchiveResult) -> None:
        """Remember an answer of the archive; other outcomes are ignored."""
        if result.outcome not in CACHEABLE:
            return
        snap = result.snapshot
        try:
            with self._db:
                self._db.execute(
                    "INSERT OR REPLACE INTO archive_lookups VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (
                        result.url,
                        _key(result.target_date),
                        result.outcome.value,
                        result.reason,
                        snap.url if snap else None,
                        snap.archive_url if snap else None,
                        snap.timestamp if snap else None,
                        snap.status if snap else None,
                        snap.source.value if snap else None,
                        result.looked_up_at,
                    ),
                )
        except sqlite3.Error as exc:
            raise HistoryError(f"cannot write archive cache: {exc}", path=self.path) from exc
