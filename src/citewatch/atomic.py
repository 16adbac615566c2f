"""Atomic file replacement, shared by the store and the reports.

A reader (or a crash) sees either the old file or the new one, never half of either:
write a temporary file in the same folder, fsync it, optionally verify what landed on
disk, keep the old file's permissions, ``os.replace`` it over the target, fsync the folder.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def replace_file(path: Path, data: bytes, *, verify: Callable[[Path], None] | None = None) -> None:
    """Atomically make ``path`` hold ``data``.

    ``verify`` is called with the temporary file after it is written and synced; if it
    raises, the temporary file is removed and ``path`` is left exactly as it was.
    """
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if verify is not None:
            verify(tmp)
        os.chmod(tmp, path.stat().st_mode & 0o7777 if path.exists() else _default_mode())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(folder)


def _default_mode() -> int:
    """0o666 less the umask, as ``open()`` would create the file."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
