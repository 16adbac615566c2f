"""The merge rule: what a re-extraction may change in an entry, and what it must keep.

``citewatch-written`` records, per bibliographic field citewatch wrote (and ``@type`` for
the entry type), a fingerprint of the value it wrote. On the next run, for each field:

* the file still holds exactly what citewatch wrote → citewatch owns it: recomputed (and
  removed if the new extraction no longer yields it);
* the file holds something else → a person (or another stage: URL repair) changed it:
  kept as it is (the old fingerprint stays, so it remains the person's on every run);
* the field is gone but its fingerprint is recorded → a person deleted it: not re-added
  (the fingerprint stays, to remember the deletion);
* the field was never written by citewatch (``keywords``, ``abstract``, ``archiveurl`` …)
  → kept as it is, in its place after citewatch's fields.

``citewatch-*`` provenance fields named in :data:`PROVENANCE_FIELDS` always belong to
citewatch and are recomputed; other ``citewatch-*`` names are kept like any field. Entries
without ``citewatch-document`` (or naming another document: copied by a person) are a
person's and are never touched. An entry
citewatch wrote whose work the document no longer cites is dropped, unless a person
changed it (any difference from what citewatch wrote), in which case it is kept unchanged.
"""

from __future__ import annotations

from pathlib import PurePath

from bibtexparser.middlewares.enclosing import REMOVED_ENCLOSING_KEY
from bibtexparser.model import Entry, Field

from citewatch.store.values import decode, digest
from citewatch.store.works import Desired

WRITTEN = "citewatch-written"
TYPE_MARK = "@type"

PROVENANCE_FIELDS = (
    "citewatch-document",
    "citewatch-notes",
    "citewatch-lines",
    "citewatch-ref",
    "citewatch-pinpoints",
    "citewatch-urls",
    "citewatch-suspect",
    "citewatch-alternatives",
    "citewatch-seen",
    "citewatch-raw",
    WRITTEN,
)
"""Fields citewatch owns outright, in the order it writes them."""


def is_managed(entry: Entry, stem: str | None = None) -> bool:
    """Whether citewatch wrote this entry (it carries ``citewatch-document``) — for the
    document named ``stem``, if given: an entry a person copied from another document's
    file is theirs, not this document's."""
    for f in entry.fields:
        if f.key.lower() == "citewatch-document":
            return stem is None or PurePath(decode(f.key, str(f.value))).stem == stem
    return False


def parse_written(entry: Entry | None) -> dict[str, str]:
    """The ``citewatch-written`` record: field name → fingerprint."""
    if entry is None:
        return {}
    record = next((f.value for f in entry.fields if f.key.lower() == WRITTEN), None)
    out: dict[str, str] = {}
    if not isinstance(record, str):
        return out
    for item in record.split(","):
        name, _, mark = item.strip().rpartition(":")
        if name and mark:
            out[name.lower()] = mark
    return out


def format_written(record: dict[str, str]) -> str:
    names = sorted(record, key=lambda n: (n != TYPE_MARK, n))
    return ", ".join(f"{n}:{record[n]}" for n in names)


def is_touched(entry: Entry) -> bool:
    """Whether a person changed a citewatch entry since citewatch last wrote it."""
    written = parse_written(entry)
    if digest(entry.entry_type) != written.get(TYPE_MARK):
        return True
    present = {f.key.lower(): f for f in entry.fields}
    for name, mark in written.items():
        if name == TYPE_MARK:
            continue
        field = present.get(name)
        if field is None or digest(str(field.value)) != mark:
            return True
    return any(name not in written and name not in PROVENANCE_FIELDS for name in present)


def merge_entry(key: str, desired: Desired, existing: Entry | None) -> Entry:
    """The entry to write for a work: ``desired`` merged into ``existing`` by the rule of
    this module (``existing`` None: a new entry)."""
    written = parse_written(existing)
    new_written: dict[str, str] = {}
    kept_enclosing: dict[str, str] = {}
    old_enclosing: dict[str, str] = (
        existing.parser_metadata.get(REMOVED_ENCLOSING_KEY) or {} if existing else {}
    )
    present = {f.key.lower(): f for f in existing.fields} if existing else {}

    def keep(field: Field) -> Field:
        if field.key in old_enclosing:
            kept_enclosing[field.key] = old_enclosing[field.key]
        return Field(field.key, field.value, enclosing=field.enclosing)

    entry_type = desired.entry_type
    if (
        existing is None
        or written.get(TYPE_MARK) == digest(existing.entry_type)
        or (TYPE_MARK not in written and existing.entry_type == entry_type)
    ):
        new_written[TYPE_MARK] = digest(entry_type)
    else:
        entry_type = existing.entry_type  # a person chose the type
        if TYPE_MARK in written:
            new_written[TYPE_MARK] = written[TYPE_MARK]

    fields: list[Field] = []
    handled: set[str] = set()
    for name, value in desired.tracked:
        handled.add(name)
        old = present.get(name)
        if old is None:
            if name in written:
                new_written[name] = written[name]  # deleted by a person: stay deleted
                continue
            fields.append(Field(name, value))
            new_written[name] = digest(value)
        elif written.get(name) == digest(str(old.value)):
            fields.append(Field(name, value))
            new_written[name] = digest(value)
        else:
            fields.append(keep(old))
            if name in written:
                new_written[name] = written[name]  # edited: stays the person's

    for old_field in existing.fields if existing else []:
        name = old_field.key.lower()
        if name in handled or name in PROVENANCE_FIELDS:
            continue
        if name in written and written[name] == digest(str(old_field.value)):
            continue  # citewatch wrote it and no longer does
        fields.append(keep(old_field))
        if name in written:
            new_written[name] = written[name]

    provenance = dict(desired.provenance)
    provenance[WRITTEN] = format_written(new_written)
    fields.extend(Field(name, provenance[name]) for name in PROVENANCE_FIELDS if name in provenance)
    entry = Entry(entry_type=entry_type, key=key, fields=fields)
    if kept_enclosing:
        entry.parser_metadata[REMOVED_ENCLOSING_KEY] = kept_enclosing
    return entry
