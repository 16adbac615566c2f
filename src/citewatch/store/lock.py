"""One writer at a time per store: an advisory lock on ``refs/.citewatch.lock``.

Two runs writing one ``refs/`` at once would each read the store, pick the same free key
for different works and write both. Every store write therefore holds an exclusive
``fcntl.flock`` on the lock file from reading the store to replacing the file, so the
second run plans against what the first one wrote. The lock belongs to the open file, so
the kernel frees it when a process dies (``kill -9`` included): there is never a stale
lock to remove by hand. Temporary files such a kill leaves behind
(``.<name>.bib.<random>.tmp``) are removed by the next writer, under the lock, so a
concurrent writer's temporary file is never touched.

A run that finds the lock taken says so once (``on_wait``) and waits, up to
``timeout`` seconds, then gives up with :class:`StoreError`.
"""

from __future__ import annotations

import errno
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from citewatch.errors import StoreError
from citewatch.lazy import lazy_pattern

LOCK_NAME = ".citewatch.lock"
WAIT_TIMEOUT = 600.0
"""Seconds to wait for another run before giving up."""
_POLL = 0.05
_STALE_TMP = lazy_pattern(r"^\..+\.bib\.[A-Za-z0-9_]+\.tmp$")
"""The names :func:`citewatch.atomic.replace_file` gives temporary files of ``.bib`` files."""

OnWait = Callable[[str], None]


def _unwritable(refs_dir: Path, exc: OSError) -> StoreError:
    reason = exc.strerror or str(exc)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        reason += " (the folder is read-only for this user)"
    return StoreError(f"cannot write to the store: {reason}", path=refs_dir)


def _open_lock(refs_dir: Path) -> int | None:
    """The lock file, opened; None when the folder is read-only to us (then this run can
    write nothing there, and a run that only reads needs no lock: the write, if one is
    needed, fails with a clear :class:`StoreError`)."""
    try:
        refs_dir.mkdir(parents=True, exist_ok=True)
        return os.open(refs_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS) and refs_dir.is_dir():
            return None
        raise _unwritable(refs_dir, exc) from exc


@contextmanager
def store_lock(
    refs_dir: Path, *, on_wait: OnWait | None = None, timeout: float = WAIT_TIMEOUT
) -> Iterator[None]:
    """Hold the store's write lock (see the module docstring); clean stale temporary files."""
    fd = _open_lock(refs_dir)
    if fd is None:
        yield
        return
    try:
        deadline = time.monotonic() + timeout
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not told and on_wait is not None:
                    on_wait(
                        f"{refs_dir}: another citewatch run is writing this store "
                        f"({refs_dir / LOCK_NAME}); waiting for it to finish"
                    )
                told = True
                if time.monotonic() >= deadline:
                    raise StoreError(
                        f"another citewatch run has held {LOCK_NAME} for more than "
                        f"{timeout:g} s; try again when it has finished",
                        path=refs_dir,
                    ) from None
                time.sleep(_POLL)
        remove_stale_temporaries(refs_dir)
        yield
    finally:
        os.close(fd)  # closing the file releases the lock


def remove_stale_temporaries(refs_dir: Path) -> list[Path]:
    """Remove temporary ``.bib`` files a killed writer left (call only under the lock)."""
    removed: list[Path] = []
    try:
        names = os.listdir(refs_dir)
    except OSError:
        return removed
    for name in names:
        if _STALE_TMP.match(name):
            path = refs_dir / name
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise _unwritable(refs_dir, exc) from exc
            removed.append(path)
    return removed
