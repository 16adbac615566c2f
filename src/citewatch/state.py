"""The state file: one SQLite database (``--db``) with the check history and the archive's
lookup cache, opened one way and versioned in one place.

Every stage that keeps state opens the file with :func:`open_state`, which creates it (and its
folder) when missing, sets the journal (WAL, ``synchronous=NORMAL``: cheap commits that survive
the process being killed) and brings every component's tables up to date. Each component's
schema is a list of steps here (``MIGRATIONS``); the version reached is kept per component in
``schema_version``, so one component can change without touching another's tables. To change a
schema, append a step; never edit one that has shipped.

Schema (component ``history``, version 1)::

    runs(id TEXT PRIMARY KEY, started_at TEXT, finished_at TEXT NULL, offline INTEGER)
    checks(id INTEGER PRIMARY KEY, run_id TEXT, url TEXT, checked_at TEXT, ts REAL,
           status TEXT, http_status INTEGER NULL, final_url TEXT NULL,
           latency_ms REAL NULL, error TEXT NULL, redirects TEXT (JSON list),
           evidence TEXT (JSON list), requests INTEGER)
    INDEX checks_url_ts ON checks(url, ts), INDEX checks_run ON checks(run_id)

(component ``archive``, version 1)::

    archive_lookups(url, target_date, outcome, reason, snapshot_url, archive_url,
                    timestamp, status, source, looked_up_at; PRIMARY KEY (url, target_date))

(component ``cited``, version 1: what each document cites, kept between runs of ``check``,
:mod:`citewatch.pipeline.citedcache`)::

    cited_documents(document TEXT PRIMARY KEY, fingerprint TEXT, cites TEXT (JSON))
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType

from citewatch.errors import HistoryError

DEFAULT_DB_PATH = Path(".citewatch/history.sqlite3")
"""Where the state lives, relative to the working directory (``--db`` moves it)."""

Migration = Callable[[sqlite3.Connection], None]
"""One schema step: migration ``i`` takes a component from version ``i`` to ``i + 1``."""

_HISTORY_V1 = """
CREATE TABLE IF NOT EXISTS runs (
    id TEXT PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    offline INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS checks (
    id INTEGER PRIMARY KEY,
    run_id TEXT,
    url TEXT NOT NULL,
    checked_at TEXT NOT NULL,
    ts REAL NOT NULL,
    status TEXT NOT NULL,
    http_status INTEGER,
    final_url TEXT,
    latency_ms REAL,
    error TEXT,
    redirects TEXT NOT NULL DEFAULT '[]',
    evidence TEXT NOT NULL DEFAULT '[]',
    requests INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS checks_url_ts ON checks(url, ts);
CREATE INDEX IF NOT EXISTS checks_run ON checks(run_id);
"""

_ARCHIVE_V1 = """
CREATE TABLE IF NOT EXISTS archive_lookups (
    url          TEXT NOT NULL,
    target_date  TEXT NOT NULL,
    outcome      TEXT NOT NULL,
    reason       TEXT NOT NULL,
    snapshot_url TEXT,
    archive_url  TEXT,
    timestamp    TEXT,
    status       INTEGER,
    source       TEXT,
    looked_up_at TEXT NOT NULL,
    PRIMARY KEY (url, target_date)
)
"""
_CITED_V1 = """
CREATE TABLE IF NOT EXISTS cited_documents (
    document    TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    cites       TEXT NOT NULL
)
"""
# Both use IF NOT EXISTS: files written before versioning (an unversioned archive table)
# upgrade to version 1 without losing rows.


def _script(sql: str) -> Migration:
    def step(conn: sqlite3.Connection) -> None:
        conn.executescript(sql)

    return step


MIGRATIONS: Mapping[str, tuple[Migration, ...]] = MappingProxyType({
    "history": (_script(_HISTORY_V1),),
    "archive": (_script(_ARCHIVE_V1),),
    "cited": (_script(_CITED_V1),),
})
"""Every component's schema steps; append, never edit, to change a schema."""


def apply_migrations(
    conn: sqlite3.Connection, component: str, migrations: Sequence[Migration]
) -> int:
    """Bring ``component``'s tables up to ``len(migrations)``; return the version found.

    Raises ``ValueError`` when the file was written by a newer schema than this code knows.
    """
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_version "
        "(component TEXT PRIMARY KEY, version INTEGER NOT NULL)"
    )
    row = conn.execute(
        "SELECT version FROM schema_version WHERE component = ?", (component,)
    ).fetchone()
    found = int(row[0]) if row else 0
    if found > len(migrations):
        raise ValueError(
            f"schema {component!r} is version {found}, newer than this citewatch knows "
            f"({len(migrations)})"
        )
    for version in range(found, len(migrations)):
        migrations[version](conn)
        conn.execute(
            "INSERT INTO schema_version (component, version) VALUES (?, ?) "
            "ON CONFLICT(component) DO UPDATE SET version = excluded.version",
            (component, version + 1),
        )
    conn.commit()
    return found


def open_state(path: Path | str) -> sqlite3.Connection:
    """The state file at ``path``, created if needed, every component up to date.

    Raises :class:`HistoryError` naming the file when it is not a usable database (not
    SQLite, a folder, unwritable, or written by a newer citewatch).
    """
    path = Path(path)
    conn: sqlite3.Connection | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=10.0, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        for component, steps in MIGRATIONS.items():
            apply_migrations(conn, component, steps)
    except (sqlite3.Error, OSError, ValueError) as exc:
        if conn is not None:
            conn.close()
        raise HistoryError(f"cannot use the history database: {exc}", path=path) from exc
    return conn
