"""Turn the paths a person typed into the documents to read."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from citewatch.errors import InputError

DOCUMENT_SUFFIXES = frozenset(
    {
        ".txt",
        ".text",
        ".pdf",
        ".html",
        ".htm",
        ".xhtml",
        ".md",
        ".markdown",
    }
)
"""Suffixes picked up when recursing into a folder. A file named explicitly is always read."""


OnUnreadable = Callable[[Path, OSError], None]
"""Told about each folder that cannot be listed (so a run never skips one silently)."""


def _walk(folder: Path, on_unreadable: OnUnreadable | None) -> list[Path]:
    """Document files below ``folder``, sorted; hidden files and folders skipped,
    symbolic links to folders not followed."""

    def unreadable(exc: OSError) -> None:
        if on_unreadable is not None:
            where = Path(exc.filename) if exc.filename else folder
            on_unreadable(where, exc)

    found: list[Path] = []
    for top, dirs, files in os.walk(folder, onerror=unreadable):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            path = Path(top, name)
            if not name.startswith(".") and path.suffix.lower() in DOCUMENT_SUFFIXES:
                found.append(path)
    return sorted(found)


def iter_document_paths(
    paths: Iterable[Path], on_unreadable: OnUnreadable | None = None
) -> Iterator[Path]:
    """Yield each file named, and every document file below each folder, sorted.

    Hidden files and folders are skipped when recursing; a missing path is an error; a
    folder that cannot be listed is passed to ``on_unreadable`` and skipped.
    """
    seen: set[Path] = set()
    for path in paths:
        if not path.exists():
            raise InputError("no such file or folder", path=path)
        found = _walk(path, on_unreadable) if path.is_dir() else [path]
        for p in found:
            key = p.resolve()
            if key not in seen:
                seen.add(key)
                yield p
