"""What the rest of the store says about keys, kept up to date cheaply.

Giving one URL one key across the store means consulting every other ``.bib`` file on
each write. :class:`StoreIndex` holds, per file, its keys and the identity tokens strong
enough to share a key (URL, DOI, fingerprints of written URLs, title+author+year of
works without URL), and re-reads a file only when its inode, size or modification time changed.
A caller writing many documents (the pipeline) keeps one index for the run; a single call
builds a fresh one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bibtexparser.library import Library
from bibtexparser.model import Entry

from citewatch.store.bibfile import read_bib
from citewatch.store.merge import parse_written
from citewatch.store.values import decode
from citewatch.store.works import (
    CROSS_DOCUMENT,
    normalise_doi,
    normalise_text,
    title_author_token,
    title_year_token,
)
from citewatch.url import identity


def _field(entry: Entry, name: str) -> str | None:
    for f in entry.fields:
        if f.key.lower() == name:
            return str(f.value)
    return None


def entry_tokens(entry: Entry) -> set[str]:
    """Identity tokens of a stored entry, comparable with :attr:`Work.tokens`."""
    tokens: set[str] = set()
    url = _field(entry, "url")
    if url:
        tokens.add(f"url:{identity(url)}")
    for extra in decode("citewatch-urls", _field(entry, "citewatch-urls") or "").split():
        tokens.add(f"url:{identity(extra)}")
    doi = _field(entry, "doi")
    if doi:
        tokens.add(f"doi:{normalise_doi(doi)}")
    title = _field(entry, "title")
    if title:
        author = _field(entry, "author")
        tokens.add(
            title_author_token(decode("title", title), decode("author", author) if author else None)
        )
    if title and not url:
        date = _field(entry, "date")
        author = _field(entry, "author")
        tokens.add(
            title_year_token(
                decode("title", title), decode("author", author) if author else None, date
            )
        )
    raw = _field(entry, "citewatch-raw")
    if raw:
        tokens.add(f"text:{normalise_text(decode('citewatch-raw', raw))}")
    written = parse_written(entry)
    if "url" in written:
        tokens.add(f"h:url:{written['url']}")
    if "title" in written:
        tokens.add(f"h:ta:{written['title']}:{written.get('author', '-')}")
    return tokens


@dataclass(frozen=True)
class StoreView:
    """The other files of the store, for key decisions."""

    keys: frozenset[str]
    """Lower-cased keys of every entry in the other files."""
    by_token: dict[str, tuple[str, ...]]
    """Cross-document identity token → keys holding it, in file-name then key order."""


@dataclass(frozen=True)
class _FileView:
    stamp: tuple[int, int, int]
    """(inode, mtime, size): every write replaces the file, so a new inode means a new file
    even when another process wrote it within the clock's resolution."""
    keys: tuple[str, ...]
    tokens: tuple[tuple[str, str], ...]
    """(token, key) pairs, in key order."""


def _file_view(stamp: tuple[int, int, int], library: Library) -> _FileView:
    entries = sorted(library.entries, key=lambda e: e.key)
    pairs = tuple(
        (token, entry.key)
        for entry in entries
        for token in sorted(entry_tokens(entry))
        if token.startswith(CROSS_DOCUMENT)
    )
    return _FileView(stamp=stamp, keys=tuple(e.key for e in entries), tokens=pairs)


@dataclass
class StoreIndex:
    """Keys and identity tokens of every ``.bib`` of a store; see the module docstring."""

    refs_dir: Path
    _files: dict[Path, _FileView] = field(default_factory=dict)

    def refresh(self) -> None:
        """Re-read the files that changed, forget those gone (raises on a malformed one)."""
        seen: set[Path] = set()
        if self.refs_dir.is_dir():
            for path in sorted(self.refs_dir.glob("*.bib")):
                try:
                    st = path.stat()
                except FileNotFoundError:
                    continue
                stamp = (st.st_ino, st.st_mtime_ns, st.st_size)
                seen.add(path)
                known = self._files.get(path)
                if known is not None and known.stamp == stamp:
                    continue
                read = read_bib(path)
                if read is not None:
                    self._files[path] = _file_view(stamp, read[0])
        for gone in set(self._files) - seen:
            del self._files[gone]

    def record(self, path: Path, library: Library) -> None:
        """Take note of a file just written (no need to read it back)."""
        st = path.stat()
        self._files[path] = _file_view((st.st_ino, st.st_mtime_ns, st.st_size), library)

    def view(self, exclude: Path) -> StoreView:
        """Every file but ``exclude`` (the one being written)."""
        keys: set[str] = set()
        by_token: dict[str, list[str]] = {}
        for path in sorted(self._files, key=lambda p: p.name):
            if path.name == exclude.name:
                continue
            fv = self._files[path]
            keys.update(k.lower() for k in fv.keys)
            for token, key in fv.tokens:
                by_token.setdefault(token, []).append(key)
        return StoreView(keys=frozenset(keys), by_token={t: tuple(k) for t, k in by_token.items()})
