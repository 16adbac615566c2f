"""Turn the paths a person typed into the documents to read."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
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


def iter_document_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Yield each file named, and every document file below each folder, sorted.

    Hidden files and folders are skipped when recursing; a missing path is an error.
    """
    seen: set[Path] = set()
    for path in paths:
        if not path.exists():
            raise InputError("no such file or folder", path=path)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in DOCUMENT_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            found = [path]
        for p in found:
            key = p.resolve()
            if key not in seen:
                seen.add(key)
                yield p
