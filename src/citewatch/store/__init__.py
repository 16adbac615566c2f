"""Stage 3: the BibTeX store, ``refs/<document-stem>.bib``, one file per source document.

One entry per cited work (:mod:`.works`), with a readable key that never changes once
written (:mod:`.keys`, :mod:`.plan`); re-runs merge with the file, keeping what a person
added or edited (:mod:`.merge`); every write is checked and atomic (:mod:`.bibfile`);
values are encoded so no text can corrupt the file (:mod:`.values`); a :class:`StoreIndex`
spares a run of many documents from re-reading the whole store each time (:mod:`.index`).

Custom fields (full description in ``docs/store.md``), all owned by citewatch:

``citewatch-document``  path of the citing document, as given on the command line
``citewatch-notes``     labels of the citing notes: ``12`` footnote, ``[12]`` reference-list
                        entry, ``12.2`` second work of note 12, ``body`` running text
``citewatch-lines``     document lines the citations were read from (``3-5, 9``)
``citewatch-ref``       short forms: ``<label> <ibid|id|supra|short|repeat> <target>
                        [via <chain>]``, ``; ``-separated
``citewatch-pinpoints`` ``<label>: <pinpoint>``, ``; ``-separated
``citewatch-urls``      further URLs of the work (``url`` holds the first), space-separated
``citewatch-suspect``   ``<url> | <reasons> | <raw text> [| <detail>]``, ``" || "``-separated
``citewatch-alternatives`` ``<url> | <alt> <alt>…``: other spellings the printed text
                        allows, tried when the URL fails; ``" || "``-separated
``citewatch-seen``      ``<YYYY-MM-DD> <source>``: when a citation saw the page (access date,
                        publication date, note, document, latest-cited), for archived copies
``citewatch-raw``       the full citation text of the most complete citation
``citewatch-written``   ``field:fingerprint`` of what citewatch last wrote (merge rule)

The document's own metadata is a leading ``@comment{citewatch-document, …}``.
"""

from __future__ import annotations

from citewatch.store.api import keys_for, load_store, update_fields, write_extraction
from citewatch.store.index import StoreIndex
from citewatch.store.model import StoredEntry, SuspectRecord, WriteResult

__all__ = [
    "StoreIndex",
    "StoredEntry",
    "SuspectRecord",
    "WriteResult",
    "keys_for",
    "load_store",
    "update_fields",
    "write_extraction",
]
