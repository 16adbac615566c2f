"""What the other stages call: write an extraction, look keys up, read and patch the store."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from bibtexparser.model import Entry, Field

from citewatch.citations.model import Citation, Extraction
from citewatch.errors import StoreError
from citewatch.store.bibfile import check_round_trip, read_bib, render, write_atomic
from citewatch.store.index import StoreIndex
from citewatch.store.lock import OnWait, store_lock
from citewatch.store.merge import is_managed
from citewatch.store.model import StoredEntry, WriteResult
from citewatch.store.plan import plan_extraction, plan_keys
from citewatch.store.values import PROVENANCE_PREFIX, decode, encode


def write_extraction(
    extraction: Extraction,
    refs_dir: Path,
    *,
    dry_run: bool = False,
    index: StoreIndex | None = None,
    on_wait: OnWait | None = None,
) -> WriteResult:
    """Write (merge into) ``refs_dir/<document-stem>.bib``.

    The file is rewritten only when its bytes change; with ``dry_run`` nothing is written
    but the new text is still built and checked. Raises :class:`StoreError` if any ``.bib``
    of the store is malformed (nothing is written then). Pass one :class:`StoreIndex` to
    every call of a run to avoid re-reading the whole store each time.

    A real write holds the store's lock (:mod:`citewatch.store.lock`) from reading the store
    to replacing the file; ``on_wait`` is told once if another run holds it.
    """
    if dry_run:
        plan = plan_extraction(extraction, refs_dir, index)
        text = render(plan.library)
        changed = text != plan.old_text
        check_round_trip(text, plan.library, plan.path)
    else:
        with store_lock(refs_dir, on_wait=on_wait):
            plan = plan_extraction(extraction, refs_dir, index)
            text = render(plan.library)
            changed = text != plan.old_text
            if changed:
                text = write_atomic(plan.path, plan.library)
                if index is not None:
                    index.record(plan.path, plan.library)
    return WriteResult(
        path=plan.path,
        changed=changed,
        text=text,
        added=plan.added,
        updated=plan.updated,
        kept=plan.kept,
        removed=plan.removed,
        dry_run=dry_run,
        keys=dict(plan.keys),
        warnings=plan.warnings,
    )


def keys_for(
    extraction: Extraction, refs_dir: Path, *, index: StoreIndex | None = None
) -> dict[Citation, str]:
    """The key each citation gets (short forms: their target's key), without writing.

    Keyed by the ``Citation`` value itself (body links all have label None, so
    ``(label, part)`` would collide). Citations that cite nothing storable (``is_citation``
    False, unresolved short forms without URL or title) are absent.
    """
    return plan_keys(extraction, refs_dir, index).key_of()


def _stored(entry: Entry, path: Path) -> StoredEntry:
    fields = {f.key.lower(): decode(f.key, str(f.value)) for f in entry.fields}
    return StoredEntry(
        key=entry.key,
        entry_type=entry.entry_type,
        bib_path=path,
        fields=fields,
        managed=is_managed(entry),
    )


def load_store(refs_dir: Path) -> list[StoredEntry]:
    """Every entry of every ``refs_dir/*.bib``, in file-name then file order.

    Raises :class:`StoreError` naming file and line for a malformed file.
    """
    out: list[StoredEntry] = []
    if not refs_dir.is_dir():
        return out
    for path in sorted(refs_dir.glob("*.bib")):
        read = read_bib(path)
        if read is None:
            continue
        library, _ = read
        out.extend(_stored(entry, path) for entry in library.entries)
    return out


def update_fields(
    bib_path: Path,
    updates: Mapping[str, Mapping[str, str | None]],
    *,
    on_wait: OnWait | None = None,
) -> None:
    """Set (or, with None, remove) fields of entries by key, atomically.

    Values are plain text, encoded like every value citewatch writes (URLs verbatim).
    A field a person or stage sets this way is no longer citewatch's to recompute (see
    :mod:`citewatch.store.merge`). Raises :class:`StoreError` if the file is missing or
    malformed or a key is not in it; then nothing is written. Holds the store's lock.
    """
    if not bib_path.is_file():
        raise StoreError("no such .bib file", path=bib_path)
    with store_lock(bib_path.parent, on_wait=on_wait):
        _update_locked(bib_path, updates)


def _update_locked(bib_path: Path, updates: Mapping[str, Mapping[str, str | None]]) -> None:
    read = read_bib(bib_path)
    if read is None:
        raise StoreError("no such .bib file", path=bib_path)
    library, old_text = read
    entries = {e.key: e for e in library.entries}
    folded = {e.key.lower(): e for e in library.entries}
    for key, changes in updates.items():
        entry = entries.get(key) or folded.get(key.lower())
        if entry is None:
            raise StoreError(f"no entry with key {key!r}", path=bib_path)
        for name, value in changes.items():
            _set_field(entry, name, value)
    text = render(library)
    if text != old_text:
        write_atomic(bib_path, library)


def _set_field(entry: Entry, name: str, value: str | None) -> None:
    index = next((i for i, f in enumerate(entry.fields) if f.key.lower() == name.lower()), None)
    if value is None:
        if index is not None:
            del entry.fields[index]
        return
    encoded = encode(name, value)
    if index is not None:
        entry.fields[index] = Field(entry.fields[index].key, encoded)
        return
    position = len(entry.fields)
    if not name.lower().startswith(PROVENANCE_PREFIX):
        position = next(
            (i for i, f in enumerate(entry.fields) if f.key.lower().startswith(PROVENANCE_PREFIX)),
            position,
        )
    entry.fields.insert(position, Field(name, encoded))
