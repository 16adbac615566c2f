"""What each document cites, kept between runs of ``citewatch check <documents>``.

A re-run on unchanged documents repeated the whole extraction and the store's key plan:
with every URL fresh in the history, that was most of its time. Each document's share of
:class:`~citewatch.pipeline.checking.Cited` (its :class:`Cites`) is kept in the history
file under a fingerprint of everything it was computed from: the document's name and bytes,
the store's ``.bib`` files (keys), the day (a seen date falls back to today), the readers'
libraries and citewatch's own code. Any change to one of them recomputes the document.

Kept as JSON, never pickle: a history file may come from a CI cache or another machine.
"""

from __future__ import annotations

import copy
import gc
import hashlib
import json
import os
import pickle
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import fields
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Any

import citewatch
from citewatch import clock
from citewatch.check.history import History
from citewatch.check.model import Citing
from citewatch.citations.model import Extraction, FoundUrl, SuspectReason
from citewatch.citations.seen import DateSource, SeenDate
from citewatch.errors import CitewatchError
from citewatch.pipeline.checking import Cited, Cites, cited_urls, document_cites, merge_cites
from citewatch.pipeline.extracting import admitted
from citewatch.url import absolute

FORMAT = 1
"""Version of the JSON kept; part of the fingerprint."""

READER_LIBRARIES = ("pypdf", "beautifulsoup4", "markdown-it-py", "bibtexparser")
"""Libraries whose version can change what a document reads as (bibtexparser: the store)."""

_FOUND_FIELDS = tuple(f.name for f in fields(FoundUrl))


def code_fingerprint() -> str:
    """citewatch's own code (each module's size and time), Python's and the readers'
    versions: a new release or an edited checkout never reuses an older reading."""
    h = hashlib.sha256(f"{FORMAT} {citewatch.__version__} {sys.version_info[:2]}".encode())
    root = Path(citewatch.__file__).parent
    for path in sorted(root.rglob("*.py")):
        st = path.stat()
        h.update(f"{path.relative_to(root)} {st.st_size} {st.st_mtime_ns}\n".encode())
    for name in READER_LIBRARIES:
        try:
            h.update(f"{name} {metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name} -\n".encode())
    return h.hexdigest()


def store_fingerprint(refs_dir: Path) -> str:
    """The store's ``.bib`` files, by name and bytes: they decide the keys."""
    h = hashlib.sha256()
    if refs_dir.is_dir():
        for path in sorted(refs_dir.glob("*.bib")):
            h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


class CitesCache:
    """The kept :class:`Cites` of documents, in the state file's ``cited_documents``
    (component ``cited`` of :mod:`citewatch.state`)."""

    def __init__(self, history: History, refs_dir: Path, today: date | None = None) -> None:
        self._history = history
        day = (today or clock.now().date()).isoformat()
        self._context = f"{code_fingerprint()} {store_fingerprint(refs_dir)} {day}"

    def on(self, history: History) -> CitesCache:
        """The same run's context over another connection to the state file (a forked child
        must not use its parent's), without reading the code and the store again."""
        other = copy.copy(self)
        other._history = history
        return other

    def fingerprint(self, document: str, data: bytes) -> str:
        """Of one document's reading: its name and bytes, in this run's context."""
        h = hashlib.sha256(f"{self._context}\0{document}\0".encode())
        h.update(data)
        return h.hexdigest()

    def get(self, document: str, fingerprint: str) -> Cites | None:
        """The kept reading of ``document`` if it has this fingerprint."""
        row = self._history.connection.execute(
            "SELECT fingerprint, cites FROM cited_documents WHERE document = ?", (document,)
        ).fetchone()
        if row is None or row[0] != fingerprint:
            return None
        return decode(json.loads(row[1]))

    def put(self, document: str, fingerprint: str, cites: Cites) -> None:
        """Keep ``cites`` as the reading of ``document`` (replacing an older one)."""
        text = json.dumps(encode(cites), ensure_ascii=False, separators=(",", ":"))
        conn = self._history.connection
        conn.execute(
            "INSERT INTO cited_documents (document, fingerprint, cites) VALUES (?, ?, ?) "
            "ON CONFLICT(document) DO UPDATE SET fingerprint = excluded.fingerprint, "
            "cites = excluded.cites",
            (document, fingerprint, text),
        )
        conn.commit()


def encode(cites: Cites) -> dict[str, Any]:
    """``cites`` as JSON values (FoundUrl field by field, named once)."""
    adds = []
    for url, c, text, found in cites.adds:
        seen = [c.seen.date.isoformat(), c.seen.source.value] if c.seen is not None else None
        values = [getattr(found, name) for name in _FOUND_FIELDS]
        adds.append([url, c.document, c.note, c.key, c.line, c.printed, seen, text, values])
    return {"document": cites.document, "orphans": list(cites.orphans),
            "found_fields": list(_FOUND_FIELDS), "adds": adds}


def decode(data: dict[str, Any]) -> Cites | None:
    """The :class:`Cites` of :func:`encode`; None when kept by another ``FoundUrl``."""
    if data.get("found_fields") != list(_FOUND_FIELDS):
        return None
    adds = []
    for url, document, note, key, line, printed, seen, text, values in data["adds"]:
        when = SeenDate(date.fromisoformat(seen[0]), DateSource(seen[1])) if seen else None
        citing = Citing(document, note, key, line=line, printed=printed, seen=when)
        adds.append((url, citing, text, _found(values)))
    return Cites(data["document"], tuple(data["orphans"]), tuple(adds))


def _found(values: Sequence[Any]) -> FoundUrl:
    kwargs: dict[str, Any] = {}
    for name, value in zip(_FOUND_FIELDS, values, strict=True):
        if name == "suspect":
            value = tuple(SuspectReason(v) for v in value)
        elif isinstance(value, list):
            value = tuple(value)
        kwargs[name] = value
    return FoundUrl(**kwargs)


class CitedLater:
    """What documents cite, in two halves: the URLs at once (enough to start checking them),
    the rest (store keys, seen dates, the kept readings' update) worked out beside the check.

    Why: for a long list of URLs the store key plan and the seen dates took about a third of
    the time before the first request. Beside the check they cost the run almost nothing, but
    only in another process: in a thread of this one the event loop waited for the
    interpreter lock as long as it saved. So the rest runs in a forked copy of this process
    (which has the extractions already) and comes back pickled through a pipe; where a fork
    is not safe (no ``os.fork``, or other threads that may hold locks) or the child fails,
    this process works it out itself when ``result`` is asked. ``result`` re-raises what
    stopped it.
    """

    def __init__(self, urls: list[str], errors: list[CitewatchError],
                 rest: Callable[[], Cited], *, fork: bool = True) -> None:
        self.urls = urls
        """Absolute, distinct, in first-cited order (the order of ``Cited.places``)."""
        self.errors = errors
        """Documents that could not be read (the others still count)."""
        self._rest = rest
        self._child: tuple[int, int] | None = None
        if fork and hasattr(os, "fork") and threading.active_count() == 1:
            self._child = _fork(rest)

    def result(self) -> Cited:
        child, self._child = self._child, None
        if child is not None:
            cited = _collect(*child)
            if cited is not None:
                self._rest = lambda: cited
                return cited
        return self._rest()


def _fork(rest: Callable[[], Cited]) -> tuple[int, int] | None:
    """Start ``rest`` in a forked child writing its pickled result to a pipe; (pid, read
    end), or None when the fork failed."""
    read, write = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return None
    if pid == 0:  # the child: work, write, and leave without running the parent's cleanup
        status = 1
        try:
            os.close(read)
            _yield_cpu()
            # Pickled whole before writing: the parent reads when it needs the result, and
            # then only copies bytes, without waiting for the pickling pipe-full by pipe-full.
            data = pickle.dumps(rest(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write, "wb") as out:
                out.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    return pid, read


CHILD_NICENESS = 10
"""How much lower the forked child's CPU priority is than the run's. Its result is needed
only once every URL has an answer, while the check wants both cores for its two processes:
at normal priority the child took a third of a core from them; lowered, it runs in the time
the check waits on the network (the run's end waits for it only when the check left no
idle time at all)."""


def _yield_cpu() -> None:
    """Lower this (forked) process's CPU priority by :data:`CHILD_NICENESS`."""
    try:
        os.nice(CHILD_NICENESS)
    except OSError:  # not permitted here: it runs at the run's priority
        pass


def _collect(pid: int, read: int) -> Cited | None:
    """The forked child's result, or None when it failed (the caller then works it out)."""
    try:
        with os.fdopen(read, "rb") as pipe:
            data = pipe.read()
    finally:
        _, status = os.waitpid(pid, 0)
    if status != 0 or not data:
        return None
    # Unpickling makes tens of thousands of objects that all stay: nothing for the cyclic
    # collector to find, yet each of its passes walked the whole heap of the finished check,
    # twice the time of the unpickling itself.
    collecting = gc.isenabled()
    gc.disable()
    try:
        cited = pickle.loads(data)  # written by a fork of this very process
    except Exception:  # noqa: BLE001 - a broken hand-over is redone here
        return None
    finally:
        if collecting:
            gc.enable()
    return cited if isinstance(cited, Cited) else None


def cited_in_paths(
    paths: Sequence[Path], refs_dir: Path, db_path: Path
) -> tuple[Cited, list[CitewatchError]]:
    """What the documents cite, with the keys the store gives them (see
    :func:`cited_in_paths_later`, whose two halves this joins)."""
    later = cited_in_paths_later(paths, refs_dir, db_path, fork=False)  # wanted at once
    return later.result(), later.errors


def cited_in_paths_later(paths: Sequence[Path], refs_dir: Path, db_path: Path, *,
                         fork: bool = True) -> CitedLater:
    """What the documents cite: each document read, extracted and keyed only when its kept
    reading (in the history at ``db_path``) is missing or out of date. The URLs come at
    once; keys, seen dates and the kept readings' update follow in a thread
    (:class:`CitedLater`). A document that cannot be read is an error of its own (the
    others still count), as in :func:`~citewatch.pipeline.extracting.extract_paths`; a
    malformed store stops the run before anything is checked."""
    from citewatch.store import StoreIndex

    errors: list[CitewatchError] = []
    parts: list[tuple[Cites | None, Extraction | None, str, str | None]] = []
    urls: dict[str, None] = {}
    index = StoreIndex(refs_dir)
    index.refresh()  # a malformed .bib raises here, before any request
    with History.open(db_path) as history:
        cache = CitesCache(history, refs_dir)
        for path, problem in admitted(paths):
            try:
                if problem is not None:
                    raise problem
                data = _read(path)
                fingerprint = cache.fingerprint(str(path), data) if data is not None else None
                kept = cache.get(str(path), fingerprint) if fingerprint else None
                extraction = _extract(path) if kept is None else None
            except CitewatchError as exc:
                errors.append(exc)
                continue
            if kept is not None:
                urls.update(dict.fromkeys(absolute(add[0]) for add in kept.adds))
            elif extraction is not None:
                urls.update(dict.fromkeys(absolute(u) for u in cited_urls(extraction)))
            parts.append((kept, extraction, str(path), fingerprint))

    def rest() -> Cited:
        """Keys, seen dates and the kept readings (own connection: this may run in a fork)."""
        from citewatch.store import keys_for

        found: list[Cites] = []
        fresh: list[tuple[str, str, Cites]] = []
        for kept, extraction, name, fingerprint in parts:
            if kept is None and extraction is not None:
                kept = document_cites(extraction, keys_for(extraction, refs_dir, index=index))
                if fingerprint is not None:
                    fresh.append((name, fingerprint, kept))
            if kept is not None:
                found.append(kept)
        if fresh:
            with History.open(db_path) as history:
                kept_here = cache.on(history)
                for name, fingerprint, cites in fresh:
                    kept_here.put(name, fingerprint, cites)
        return merge_cites(found)

    return CitedLater(list(urls), errors, rest, fork=fork)


def _extract(path: Path) -> Extraction:
    """Read and extract one document (the readers and extraction load only when a document
    is not kept: a re-run on unchanged documents never imports them)."""
    from citewatch.citations.extract import extract_document
    from citewatch.documents import load_document

    return extract_document(load_document(path))


def _read(path: Path) -> bytes | None:
    """The document's bytes; None when they cannot be read (the reader then says why)."""
    try:
        return path.read_bytes()
    except OSError:
        return None
