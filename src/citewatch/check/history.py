"""Every check ever made, in an embedded SQLite database.

The history is what lets citewatch be patient: a link is called broken only after it
failed in several runs over several days (:mod:`citewatch.check.policy`), and a result
younger than ``--max-age`` is reused without sending a request.

Each result is committed as it is recorded (WAL journal, ``synchronous=NORMAL``: cheap
commits that survive the process being killed), so Ctrl-C in the middle of a run keeps
everything checked so far.

The file, its schema and its migrations belong to :mod:`citewatch.state`, which every stage
that keeps state opens it through; ``ts`` is ``checked_at`` as seconds since the epoch, for
ordering and age tests.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Self

from citewatch import clock
from citewatch.check.model import CheckResult, Hop, LinkStatus
from citewatch.check.policy import DEFAULT_POLICY, BrokenPolicy, Observation, Verdict, decide
from citewatch.errors import HistoryError
from citewatch.state import DEFAULT_DB_PATH, MIGRATIONS, Migration, apply_migrations, open_state

HISTORY_MIGRATIONS = MIGRATIONS["history"]
"""The ``history`` component's schema steps (kept with every other component's in ``state``)."""

REUSABLE = frozenset(
    {LinkStatus.ALIVE, LinkStatus.REDIRECTED, LinkStatus.DEAD, LinkStatus.SOFT404, LinkStatus.BLOCKED}
)
"""Classes definitive enough to reuse within ``--max-age``. Errors and timeouts are always
checked again; so is a ``dead`` that no server stated (DNS or connection failure)."""

_REUSABLE_VALUES = frozenset(s.value for s in REUSABLE)

_COLUMNS = (
    "url, checked_at, status, http_status, final_url, latency_ms, error, redirects, evidence, "
    "requests"
)


def utc_now() -> datetime:
    return clock.now()


def iso_utc(t: datetime) -> str:
    """``2026-01-01T12:00:00Z`` (microseconds kept when present)."""
    if t.tzinfo is None:
        raise ValueError("naive datetime: pass a timezone-aware time")
    return t.astimezone(UTC).isoformat().replace("+00:00", "Z")


def parse_time(text: str) -> datetime:
    """Parse an ISO 8601 time; a time without zone is taken as UTC."""
    t = datetime.fromisoformat(text)
    return t.replace(tzinfo=UTC) if t.tzinfo is None else t


def reusable(result: CheckResult) -> bool:
    """True when a stored result may stand in for a new check."""
    if result.status not in REUSABLE:
        return False
    return result.status is not LinkStatus.DEAD or result.http_status is not None


def _row_to_result(row: sqlite3.Row | tuple[object, ...], from_cache: bool) -> CheckResult:
    """A stored check; ``from_cache`` marks it reused (then it sent no request this run)."""
    (url, checked_at, status, http, final, latency, error, redirects, evidence, requests) = row
    return CheckResult(
        url=str(url),
        status=LinkStatus(str(status)),
        http_status=int(http) if isinstance(http, int) else None,
        final_url=str(final) if final is not None else None,
        redirects=() if redirects == "[]" else tuple(
            Hop(**h) for h in json.loads(str(redirects))),
        error=str(error) if error is not None else None,
        checked_at=str(checked_at),
        latency_ms=float(latency) if isinstance(latency, (int, float)) else None,
        requests=0 if from_cache else int(requests) if isinstance(requests, int) else 0,
        from_cache=from_cache,
        evidence=() if evidence == "[]" else tuple(str(e) for e in json.loads(str(evidence))),
    )


class History:
    """An open history database. Use as a context manager, or call :meth:`close`."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self._lock = threading.Lock()
        """Lets a progress callback on another thread record results safely. Taken and
        released only by ``with self._lock`` (see :meth:`_errors`)."""
        self.path = path
        """The database file."""

    @classmethod
    def open(cls, path: Path | str = DEFAULT_DB_PATH) -> History:
        """Open (creating it and its folder if needed) the history at ``path``.

        Raises :class:`HistoryError` naming the file when it is not a usable database.
        """
        path = Path(path)
        return cls(open_state(path), path)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Commit what is pending and close the file."""
        with self._lock:
            try:
                self._conn.commit()
            finally:
                self._conn.close()

    @property
    def connection(self) -> sqlite3.Connection:
        """The underlying connection, for stages that keep their own tables here
        (see :meth:`migrate`). Commit after writing."""
        return self._conn

    def migrate(self, component: str, migrations: Sequence[Migration]) -> None:
        """Create or upgrade another stage's tables in this file."""
        with self._errors(), self._lock:
            apply_migrations(self._conn, component, migrations)

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Turn database failures into :class:`HistoryError`.

        Used as ``with self._errors(), self._lock:``, never holding the lock itself: a
        Ctrl-C lands between any two steps of Python code, and one landing inside this
        generator's ``__enter__`` or ``__exit__`` would leave it suspended with the lock
        held, kept alive by the traceback, so that ``close`` (run as the interrupt unwinds)
        waited for the lock forever. The lock's own ``with`` takes and releases it in C,
        where no interrupt comes between.
        """
        try:
            yield
        except (sqlite3.Error, ValueError) as exc:
            raise HistoryError(f"history database failed: {exc}", path=self.path) from exc

    # -- runs ---------------------------------------------------------------------------

    def start_run(self, now: datetime | None = None) -> str:
        """Register a new run and return its id."""
        run_id = uuid.uuid4().hex
        with self._errors(), self._lock:
            self._conn.execute(
                "INSERT INTO runs (id, started_at) VALUES (?, ?)",
                (run_id, iso_utc(now or utc_now())),
            )
            self._conn.commit()
        return run_id

    def finish_run(self, run_id: str, *, offline: bool = False, now: datetime | None = None) -> None:
        """Mark a run finished. A run marked ``offline`` reached no network: its checks
        stay on record but are ignored by :meth:`fresh_many` and :meth:`verdicts`."""
        with self._errors(), self._lock:
            self._conn.execute(
                "UPDATE runs SET finished_at = ?, offline = ? WHERE id = ?",
                (iso_utc(now or utc_now()), int(offline), run_id),
            )
            self._conn.commit()

    # -- writing ------------------------------------------------------------------------

    def record(self, result: CheckResult, run_id: str | None) -> bool:
        """Store one check and commit it. Results reused from the history
        (``from_cache``) are not stored again, nor URLs the run did not get to
        (``unchecked``); returns whether a row was written."""
        if result.from_cache or result.status is LinkStatus.UNCHECKED:
            return False
        with self._errors(), self._lock:
            self._insert(result, run_id)
            self._conn.commit()
        return True

    def record_many(self, results: Iterable[CheckResult], run_id: str | None) -> int:
        """Store many checks in one transaction (imports, tests); returns rows written."""
        n = 0
        with self._errors(), self._lock:
            for r in results:
                if not r.from_cache and r.status is not LinkStatus.UNCHECKED:
                    self._insert(r, run_id)
                    n += 1
            self._conn.commit()
        return n

    def _insert(self, r: CheckResult, run_id: str | None) -> None:
        checked_at = r.checked_at
        try:
            when = parse_time(checked_at)
        except ValueError:  # missing or malformed: the time of recording will do
            when = utc_now()
            checked_at = iso_utc(when)
        self._conn.execute(
            "INSERT INTO checks (run_id, ts, " + _COLUMNS + ") "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                run_id,
                when.timestamp(),
                r.url,
                checked_at,
                r.status.value,
                r.http_status,
                r.final_url,
                r.latency_ms,
                r.error,
                json.dumps([asdict(h) for h in r.redirects]),
                json.dumps(list(r.evidence)),
                r.requests,
            ),
        )

    # -- reading ------------------------------------------------------------------------

    def latest_many(
        self, urls: Iterable[str], *, now: datetime | None = None
    ) -> dict[str, CheckResult]:
        """The newest stored check of each URL (not later than ``now``), from runs that
        reached the network. URLs never checked are absent."""
        return {str(row[1]): _row_to_result(row[1:], from_cache=False)
                for row in self._latest(urls, now)}

    def _latest(self, urls: Iterable[str], now: datetime | None) -> list[tuple[object, ...]]:
        """``(ts, *columns)`` of each URL's newest row: one query for all URLs (a JSON array
        joined with ``json_each``), each row found through the (url, ts) index."""
        cutoff = (now or utc_now()).timestamp()
        query = (
            "SELECT c.ts, " + ", ".join("c." + c.strip() for c in _COLUMNS.split(",")) + " "
            "FROM json_each(?) AS w JOIN checks AS c ON c.id = ("
            "  SELECT k.id FROM checks AS k LEFT JOIN runs AS r ON r.id = k.run_id"
            "  WHERE k.url = w.value AND k.ts <= ? AND coalesce(r.offline, 0) = 0"
            "  ORDER BY k.ts DESC, k.id DESC LIMIT 1)"
        )
        with self._errors(), self._lock:
            return self._conn.execute(
                query, (json.dumps(list(dict.fromkeys(urls))), cutoff)).fetchall()

    def fresh_many(
        self, urls: Iterable[str], max_age: timedelta, now: datetime | None = None
    ) -> dict[str, CheckResult]:
        """Stored results that may stand in for a new check: the URL's newest check is
        younger than ``max_age`` and of a definitive class (see :data:`REUSABLE`).
        Returned with ``from_cache=True``; URLs to check again are absent."""
        now = now or utc_now()
        if max_age <= timedelta(0):
            return {}
        oldest = (now - max_age).timestamp()
        # tested on the row (status, http_status) before a result is built: as ``reusable``
        dead = LinkStatus.DEAD.value
        return {
            str(row[1]): _row_to_result(row[1:], from_cache=True)
            for row in self._latest(urls, now)
            if float(row[0]) >= oldest  # type: ignore[arg-type]
            and row[3] in _REUSABLE_VALUES and (row[3] != dead or isinstance(row[4], int))
        }

    def fresh(
        self, url: str, max_age: timedelta, now: datetime | None = None
    ) -> CheckResult | None:
        """One URL's :meth:`fresh_many`."""
        return self.fresh_many([url], max_age, now).get(url)

    def observations(
        self, urls: Iterable[str], *, now: datetime | None = None
    ) -> dict[str, list[Observation]]:
        """Each URL's checks, oldest first, one per run (its last), from runs that reached
        the network, not later than ``now``."""
        cutoff = (now or utc_now()).timestamp()
        query = (
            "SELECT k.url, k.run_id, k.ts, k.status FROM json_each(?) AS w "
            "JOIN checks AS k ON k.url = w.value LEFT JOIN runs AS r ON r.id = k.run_id "
            "WHERE k.ts <= ? AND coalesce(r.offline, 0) = 0 ORDER BY k.url, k.ts, k.id"
        )
        out: dict[str, list[Observation]] = {}
        last_run: dict[str, object] = {}
        with self._errors(), self._lock:
            wanted = list(dict.fromkeys(urls))
            for url, run_id, ts, status in self._conn.execute(query, (json.dumps(wanted), cutoff)):
                seq = out.setdefault(url, [])
                item = (datetime.fromtimestamp(ts, UTC), LinkStatus(status))
                if run_id is not None and seq and last_run.get(url) == run_id:
                    seq[-1] = item
                else:
                    seq.append(item)
                last_run[url] = run_id
        return out

    def verdicts(
        self,
        urls: Iterable[str],
        policy: BrokenPolicy = DEFAULT_POLICY,
        now: datetime | None = None,
    ) -> dict[str, Verdict]:
        """The policy's verdict for every URL asked (``unknown`` when never checked)."""
        wanted = list(dict.fromkeys(urls))
        seen = self.observations(wanted, now=now)
        # ``decide`` is pure, and most URLs share their history's shape (the same runs' times
        # and statuses): each distinct history is judged once.
        judged: dict[tuple[Observation, ...], Verdict] = {}
        out: dict[str, Verdict] = {}
        for url in wanted:
            history = tuple(seen.get(url, ()))
            verdict = judged.get(history)
            if verdict is None:
                verdict = judged[history] = decide(history, policy)
            out[url] = verdict
        return out

    def run_results(self, run_id: str) -> list[CheckResult]:
        """The checks recorded by one run, in order (e.g. to report an interrupted run)."""
        with self._errors(), self._lock:
            rows = self._conn.execute(
                "SELECT " + _COLUMNS + " FROM checks WHERE run_id = ? ORDER BY id", (run_id,)
            )
            return [_row_to_result(row, from_cache=False) for row in rows]

    def count(self) -> int:
        """Checks stored."""
        with self._errors(), self._lock:
            return int(self._conn.execute("SELECT count(*) FROM checks").fetchone()[0])

