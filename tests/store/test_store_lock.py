"""One writer at a time per store: real processes racing on one ``refs/``."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from citewatch.errors import StoreError
from citewatch.store import load_store, write_extraction
from citewatch.store.lock import LOCK_NAME, store_lock
from tests.store._build import HRW, extraction, note

ROOT = Path(__file__).resolve().parents[2]
TRIES = 5


def _wait_for(paths: list[Path], seconds: float = 30) -> None:
    stop = time.monotonic() + seconds
    while not all(p.exists() for p in paths):
        assert time.monotonic() < stop, "writers did not start"
        time.sleep(0.001)


def test_concurrent_writers_give_distinct_works_distinct_keys(tmp_path: Path) -> None:
    # two processes write documents citing different works with the same base key
    # (hrw2020azerbaijan) into one store, released at the same instant; TRIES stores
    sides = ("a", "b")
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.store._race_writer", side, str(tmp_path), str(TRIES)],
            cwd=ROOT,
            stderr=subprocess.PIPE,
        )
        for side in sides
    ]
    try:
        for t in range(TRIES):
            _wait_for([tmp_path / f"ready{t}{side}" for side in sides])
            (tmp_path / f"go{t}").touch()
    finally:
        for proc in procs:
            _, err = proc.communicate(timeout=60)
            assert proc.returncode == 0, err.decode()
    for t in range(TRIES):
        entries = load_store(tmp_path / f"try{t}" / "refs")
        keys = sorted((e.bib_path.name, e.key) for e in entries)
        assert len({key for _, key in keys}) == 2, f"try {t}: {keys}"
        assert {key for _, key in keys} == {"hrw2020azerbaijan", "hrw2020azerbaijana"}


def test_a_run_waiting_for_the_lock_says_so_and_then_writes(tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text("A report.\n\n1 See https://example.org/page for more.\n", encoding="utf-8")
    refs = tmp_path / "refs"
    refs.mkdir()
    fd = os.open(refs / LOCK_NAME, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)  # another run is writing
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "citewatch", "extract", str(doc), "--refs", str(refs)],
            cwd=tmp_path,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert proc.stderr is not None
        line = proc.stderr.readline()  # blocks until the waiting run speaks
        assert "another citewatch run is writing this store" in line
        assert LOCK_NAME in line
        assert proc.poll() is None and not (refs / "doc.bib").exists()
    finally:
        os.close(fd)
    _, rest = proc.communicate(timeout=30)
    assert proc.returncode == 0, rest
    assert (refs / "doc.bib").is_file()


def test_stale_temporary_files_are_removed_by_the_next_write(tmp_path: Path) -> None:
    refs = tmp_path / "refs"
    write_extraction(extraction(note("1", urls=("https://a.org/x",), **HRW)), refs)  # type: ignore[arg-type]
    # what a writer killed between writing its temporary file and the rename leaves
    stale = [refs / ".report.bib.k2j4_x9q.tmp", refs / ".other.bib.abc123.tmp"]
    for path in stale:
        path.write_text("@online{half", encoding="utf-8")
    keep = refs / "notes.tmp"
    keep.write_text("a person's file", encoding="utf-8")
    write_extraction(extraction(note("1", urls=("https://b.org/y",), **HRW)), refs)  # type: ignore[arg-type]
    assert not any(p.exists() for p in stale)
    assert keep.read_text(encoding="utf-8") == "a person's file"


def test_waiting_is_bounded_and_ends_in_a_clear_error(tmp_path: Path) -> None:
    refs = tmp_path / "refs"
    refs.mkdir()
    fd = os.open(refs / LOCK_NAME, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    told: list[str] = []
    try:
        start = time.monotonic()
        with (
            pytest.raises(StoreError, match="another citewatch run has held"),
            store_lock(refs, on_wait=told.append, timeout=0.3),
        ):
            raise AssertionError("the lock was taken twice")
        assert 0.3 <= time.monotonic() - start < 5
    finally:
        os.close(fd)
    assert len(told) == 1 and "waiting for it to finish" in told[0]
    with store_lock(refs, timeout=0.3):  # free again once the holder is gone
        pass
