"""The history database: recording, reuse within max-age, verdicts over simulated time."""

from __future__ import annotations

import dataclasses
import itertools
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import FrameType

import pytest

from citewatch.check.history import History, iso_utc
from citewatch.check.model import CheckResult, Hop, LinkStatus
from citewatch.check.policy import BrokenPolicy, VerdictState
from citewatch.errors import HistoryError
from citewatch.state import DEFAULT_DB_PATH, apply_migrations

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
URL = "https://example.org/report.pdf"


def at(days: float) -> datetime:
    return T0 + timedelta(days=days)


def result(status: LinkStatus, when: datetime, url: str = URL, **kw: object) -> CheckResult:
    return CheckResult(url=url, status=status, checked_at=iso_utc(when), **kw)  # type: ignore[arg-type]


def run(h: History, when: datetime, *results: CheckResult, offline: bool = False) -> str:
    rid = h.start_run(now=when)
    for r in results:
        h.record(r, rid)
    h.finish_run(rid, offline=offline, now=when)
    return rid


@pytest.fixture
def db(tmp_path: Path) -> Iterator[History]:
    with History.open(tmp_path / "sub" / "h.sqlite3") as h:
        yield h


def test_default_path_is_relative_constant() -> None:
    assert DEFAULT_DB_PATH == Path(".citewatch/history.sqlite3")
    assert not DEFAULT_DB_PATH.is_absolute()


def test_roundtrip_keeps_every_field(db: History) -> None:
    r = CheckResult(
        url=URL,
        status=LinkStatus.REDIRECTED,
        http_status=301,
        final_url="https://example.org/new.pdf",
        redirects=(Hop(URL, 301, "https://example.org/new.pdf", True),),
        error=None,
        checked_at="2026-03-01T09:00:00Z",
        latency_ms=123.5,
        requests=2,
        evidence=("moved permanently", "target alive"),
    )
    rid = run(db, T0, r)
    assert db.run_results(rid) == [r]
    assert db.latest_many([URL], now=at(1)) == {URL: r}
    mode = db.connection.execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_cached_results_are_not_recorded_twice(db: History) -> None:
    rid = db.start_run(now=T0)
    assert db.record(result(LinkStatus.ALIVE, T0), rid)
    assert not db.record(result(LinkStatus.ALIVE, T0, from_cache=True), rid)
    assert db.count() == 1


def test_three_failures_over_one_day_not_broken(db: History) -> None:
    for d in (0, 0.5, 1):
        run(db, at(d), result(LinkStatus.DEAD, at(d), http_status=404))
    v = db.verdicts([URL], now=at(1.1))[URL]
    assert v.state is VerdictState.FAILING and not v.broken and v.failures_in_a_row == 3
    assert v.failing_since == "2026-03-01T09:00:00Z"


def test_three_failures_over_three_days_broken(db: History) -> None:
    for d in (0, 1, 3):
        run(db, at(d), result(LinkStatus.DEAD, at(d), http_status=404))
    assert db.verdicts([URL], now=at(3))[URL].broken
    # as seen on day 2 (simulated time), only two failures existed
    assert not db.verdicts([URL], now=at(2))[URL].broken


def test_success_resets_and_strict(db: History) -> None:
    for d, s in ((0, LinkStatus.DEAD), (1, LinkStatus.DEAD), (2, LinkStatus.ALIVE), (3, LinkStatus.DEAD)):
        run(db, at(d), result(s, at(d)))
    v = db.verdicts([URL], now=at(4))[URL]
    assert v.failures_in_a_row == 1 and not v.broken
    assert db.verdicts([URL], BrokenPolicy(strict=True), now=at(4))[URL].broken


def test_flaky_over_runs(db: History) -> None:
    for d in range(6):
        run(db, at(d), result(LinkStatus.ALIVE if d % 2 else LinkStatus.TIMEOUT, at(d)))
    v = db.verdicts([URL], now=at(7))[URL]
    assert v.flaky and v.state is VerdictState.FLAKY


def test_one_observation_per_run(db: History) -> None:
    rid = db.start_run(now=T0)
    for i in range(3):  # the same URL checked three times in one run counts once
        db.record(result(LinkStatus.DEAD, at(i * 1.5)), rid)
    v = db.verdicts([URL], now=at(5))[URL]
    assert v.checks == 1 and not v.broken


def test_unknown_urls_get_unknown_verdict(db: History) -> None:
    assert db.verdicts(["https://never.example/"])["https://never.example/"].state is VerdictState.UNKNOWN


def test_offline_runs_are_ignored(db: History) -> None:
    for d in (0, 2, 4):
        run(db, at(d), result(LinkStatus.DEAD, at(d), error="ConnectError: DNS"), offline=True)
    assert db.verdicts([URL], now=at(5))[URL].state is VerdictState.UNKNOWN
    run(db, at(5), result(LinkStatus.ALIVE, at(5), http_status=200))
    run(db, at(6), result(LinkStatus.DEAD, at(6), error="ConnectError: DNS"), offline=True)
    assert db.latest_many([URL], now=at(7))[URL].status is LinkStatus.ALIVE
    assert db.fresh(URL, timedelta(days=3), now=at(7)) is not None


def test_fresh_reuses_definitive_results_within_max_age(db: History) -> None:
    alive = result(LinkStatus.ALIVE, T0, http_status=200, latency_ms=10.0, requests=1)
    run(db, T0, alive)
    got = db.fresh(URL, timedelta(hours=24), now=at(0.5))
    assert got is not None and got.from_cache and got.requests == 0
    assert got.status is LinkStatus.ALIVE and got.http_status == 200 and got.checked_at == alive.checked_at
    assert db.fresh(URL, timedelta(hours=24), now=at(1.01)) is None  # too old
    assert db.fresh(URL, timedelta(0), now=at(0.5)) is None  # max-age 0 disables reuse


@pytest.mark.parametrize(
    ("status", "http", "error", "reused"),
    [
        (LinkStatus.DEAD, 404, None, True),
        (LinkStatus.SOFT404, 200, None, True),
        (LinkStatus.BLOCKED, 403, None, True),
        (LinkStatus.REDIRECTED, 301, None, True),
        (LinkStatus.TIMEOUT, None, "ReadTimeout", False),
        (LinkStatus.ERROR, None, "SSLError", False),
        (LinkStatus.DEAD, None, "ConnectError: Name or service not known", False),
        (LinkStatus.EXCLUDED, None, None, False),
    ],
)
def test_errors_and_timeouts_never_reused(
    db: History, status: LinkStatus, http: int | None, error: str | None, reused: bool
) -> None:
    run(db, T0, result(status, T0, http_status=http, error=error))
    assert (db.fresh(URL, timedelta(days=1), now=at(0.1)) is not None) is reused


def test_newer_error_hides_older_success(db: History) -> None:
    run(db, T0, result(LinkStatus.ALIVE, T0, http_status=200))
    run(db, at(0.1), result(LinkStatus.TIMEOUT, at(0.1), error="ReadTimeout"))
    assert db.fresh(URL, timedelta(days=1), now=at(0.2)) is None


def test_fresh_many_answers_only_fresh_urls(db: History) -> None:
    urls = [f"https://h{i}.example/p" for i in range(50)]
    rs = [result(LinkStatus.ALIVE if i % 5 else LinkStatus.ERROR, at(i / 100), url=u, http_status=200 if i % 5 else None)
          for i, u in enumerate(urls)]
    rid = db.start_run(now=T0)
    db.record_many(rs, rid)
    fresh = db.fresh_many(urls + ["https://unknown.example/"], timedelta(days=1), now=at(1))
    assert set(fresh) == {u for i, u in enumerate(urls) if i % 5 and i / 100 >= 0}
    assert all(r.from_cache for r in fresh.values())
    fresh = db.fresh_many(urls, timedelta(days=1), now=at(1.2))
    assert set(fresh) == {u for i, u in enumerate(urls) if i % 5 and i / 100 >= 0.2}


def test_a_reused_result_is_the_stored_one_marked_as_reused(db: History) -> None:
    """``fresh_many`` builds its results straight from the rows (no second copy): each is
    the stored check, redirects and evidence included, with ``from_cache`` and no request."""
    hops = (Hop("http://a.example/x", 301, "https://a.example/x", True),)
    stored = [
        result(LinkStatus.REDIRECTED, T0, url="http://a.example/x", http_status=301,
               final_url="https://a.example/x", redirects=hops, requests=2, latency_ms=5.0),
        result(LinkStatus.SOFT404, T0, url="https://b.example/", http_status=200,
               evidence=("random-path probe answered 200", "same title"), requests=3),
        result(LinkStatus.ALIVE, T0, url="https://c.example/", http_status=200, requests=1),
    ]
    run(db, T0, *stored)
    fresh = db.fresh_many([r.url for r in stored], timedelta(days=1), now=at(0.5))
    latest = db.latest_many([r.url for r in stored], now=at(0.5))
    for r in stored:
        assert latest[r.url] == r
        assert fresh[r.url] == dataclasses.replace(r, from_cache=True, requests=0)


def test_fresh_many_and_verdicts_over_many_urls(db: History) -> None:
    # Speed is measured by bench/check's warm run; this checks the bulk paths are right.
    urls = [f"https://site{i % 700}.example/doc/{i}" for i in range(2_000)]
    for d in range(3):
        rid = db.start_run(now=at(d))
        db.record_many((result(LinkStatus.ALIVE, at(d), url=u, http_status=200) for u in urls), rid)
    fresh = db.fresh_many(urls, timedelta(days=1), now=at(2.5))
    assert set(fresh) == set(urls) and all(r.from_cache for r in fresh.values())
    assert db.fresh_many(urls, timedelta(days=1), now=at(3.5)) == {}
    verdicts = db.verdicts(urls, now=at(3))
    assert all(v.state is VerdictState.OK and v.checks == 3 for v in verdicts.values())


def test_corrupt_file_raises_history_error_naming_it(tmp_path: Path) -> None:
    bad = tmp_path / "history.sqlite3"
    bad.write_bytes(b"this is not a database at all\n" * 200)
    with pytest.raises(HistoryError) as info:
        History.open(bad)
    assert info.value.path == bad
    assert str(bad) in str(info.value)


def test_directory_instead_of_file_raises_history_error(tmp_path: Path) -> None:
    with pytest.raises(HistoryError) as info:
        History.open(tmp_path)
    assert str(tmp_path) in str(info.value)


def test_newer_schema_refused(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    History.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE schema_version SET version = 99 WHERE component = 'history'")
    conn.commit()
    conn.close()
    with pytest.raises(HistoryError, match="newer"):
        History.open(path)


def test_other_components_migrate_their_own_tables(db: History) -> None:
    steps = (
        lambda c: c.execute("CREATE TABLE example_cache (url TEXT PRIMARY KEY, snapshot TEXT)"),
        lambda c: c.execute("ALTER TABLE example_cache ADD COLUMN checked_at TEXT"),
    )
    db.migrate("example", steps[:1])
    db.migrate("example", steps)
    db.migrate("example", steps)  # idempotent
    cols = [r[1] for r in db.connection.execute("PRAGMA table_info(example_cache)")]
    assert cols == ["url", "snapshot", "checked_at"]
    assert apply_migrations(db.connection, "example", steps) == 2


def test_reopen_keeps_rows(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    with History.open(path) as h:
        run(h, T0, result(LinkStatus.DEAD, T0, http_status=410))
    with History.open(path) as h:
        assert h.latest_many([URL], now=at(1))[URL].http_status == 410


WRITER = textwrap.dedent(
    """
    import sys, time
    from citewatch.check.history import History
    from citewatch.check.model import CheckResult, LinkStatus
    with History.open(sys.argv[1]) as h:
        rid = h.start_run()
        for i in range(100_000):
            h.record(CheckResult(url=f"https://h{i}.example/", status=LinkStatus.ALIVE, http_status=200), rid)
            print(i, flush=True)
            time.sleep(0.002)
    """
)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "SIGINT"])
def test_interrupted_run_keeps_committed_rows(tmp_path: Path, sig: signal.Signals) -> None:
    path = tmp_path / "h.sqlite3"
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    deadline = time.monotonic() + 60  # ends at row 30; room for a loaded machine
    last = -1
    try:
        while last < 30 and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            last = int(line)
        os.kill(proc.pid, sig)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
    assert last >= 30, "writer did not get going"
    with History.open(path) as h:
        assert h.count() >= last + 1  # every row it reported was committed


class _InterruptAt:
    """A trace function that raises ``KeyboardInterrupt`` at the ``n``-th entry to or exit
    from Python code (a call, a generator's resumption, a return, a yield): where the
    interpreter runs the handler of a signal that came meanwhile. Not at its line events:
    some fall between steps no signal comes between (a ``with`` block's last line and the
    release of its lock)."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.seen = 0
        self.where = ""

    def __call__(self, frame: FrameType, event: str, arg: object) -> _InterruptAt:
        if event not in ("call", "return"):
            return self
        self.seen += 1
        if self.seen == self.n:
            self.where = f"{event} of {frame.f_code.co_name} ({frame.f_code.co_filename}:{frame.f_lineno})"
            raise KeyboardInterrupt
        return self


def test_ctrl_c_at_any_step_of_a_write_leaves_the_file_closable(tmp_path: Path) -> None:
    """Ctrl-C at each step of the writes in turn (one step per attempt, every step of the
    code they run, ours and the standard library's): every time, ``close`` (run as the
    interrupt unwinds, its traceback still alive) ends at once and the rows are there."""
    import threading

    path = tmp_path / "h.sqlite3"
    History.open(path).close()
    reader = sqlite3.connect(path)  # open throughout: no close is the last, none checkpoints
    rows = 0
    for n in itertools.count(1):
        h = History.open(path)
        rid = h.start_run(now=T0)
        trace = _InterruptAt(n)
        interrupted: KeyboardInterrupt | None = None
        written = 0  # rows whose write returned
        sys.settrace(trace)
        try:
            h.record(result(LinkStatus.ALIVE, T0, url=f"https://a{n}.example/"), rid)
            written += 1
            h.record_many([result(LinkStatus.DEAD, T0, url=f"https://b{n}.example/",
                                  http_status=404)], rid)
            written += 1
            h.finish_run(rid, now=T0)
        except KeyboardInterrupt as exc:
            interrupted = exc  # kept, as while the interrupt unwinds
        finally:
            sys.settrace(None)
        closing = threading.Thread(target=h.close, daemon=True)
        closing.start()
        closing.join(timeout=5)
        assert not closing.is_alive(), f"close waited for ever after Ctrl-C at the {trace.where}"
        count = reader.execute("SELECT count(*) FROM checks").fetchone()[0]
        # every row whose write returned is kept; the interrupted one may be too
        assert rows + written <= count <= rows + min(written + 1, 2), trace.where
        rows = count
        if interrupted is None:  # the writes ran through: every step has been tried
            break
        del interrupted
    reader.close()
    assert n > 50  # the writes' steps were all tried (about a hundred)


def test_record_from_other_threads(db: History) -> None:
    import threading

    rid = db.start_run(now=T0)

    def writer(k: int) -> None:
        for i in range(50):
            db.record(result(LinkStatus.ALIVE, T0, url=f"https://t{k}.example/{i}", http_status=200), rid)

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert db.count() == 200
    assert len(db.run_results(rid)) == 200


def test_missing_or_bad_time_recorded_as_now(db: History) -> None:
    rid = db.start_run()
    db.record(CheckResult(URL, LinkStatus.ALIVE, http_status=200, checked_at=""), rid)
    db.record(CheckResult(URL + "2", LinkStatus.ALIVE, http_status=200, checked_at="yesterday"), rid)
    got = db.fresh_many([URL, URL + "2"], timedelta(minutes=5))
    assert set(got) == {URL, URL + "2"}
    assert all(r.checked_at.endswith("Z") for r in got.values())


def test_one_state_file_for_history_and_archive_cache(tmp_path: Path) -> None:
    """The archive cache and the history open the same file the same way: each component's
    version is recorded, and an unversioned archive table from before keeps its rows."""
    from citewatch.archive.cache import ArchiveCache
    from citewatch.state import MIGRATIONS

    path = tmp_path / "state.sqlite3"
    old = sqlite3.connect(path)
    old.execute("CREATE TABLE archive_lookups (url TEXT NOT NULL, target_date TEXT NOT NULL, "
                "outcome TEXT NOT NULL, reason TEXT NOT NULL, snapshot_url TEXT, archive_url "
                "TEXT, timestamp TEXT, status INTEGER, source TEXT, looked_up_at TEXT NOT NULL, "
                "PRIMARY KEY (url, target_date))")
    old.execute("INSERT INTO archive_lookups VALUES ('https://a.example/', '', 'not_archived', "
                "'none', NULL, NULL, NULL, NULL, NULL, '2026-01-01T00:00:00+00:00')")
    old.commit()
    old.close()
    cache = ArchiveCache(path)
    cache.close()
    with History.open(path) as h:
        versions = dict(h.connection.execute("SELECT component, version FROM schema_version"))
        rows = h.connection.execute("SELECT count(*) FROM archive_lookups").fetchone()[0]
        mode = h.connection.execute("PRAGMA journal_mode").fetchone()[0]
    assert versions == {name: len(steps) for name, steps in MIGRATIONS.items()}
    assert rows == 1 and mode == "wal"
