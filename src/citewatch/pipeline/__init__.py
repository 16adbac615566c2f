"""Where the stages meet: documents → citations → store → check → archive → report.

Each function runs one or more stages over many documents or URLs; progress goes to a
callback, so the CLI can draw it without the core importing rich.

``extracting``  documents → citations → ``refs/*.bib``
``checking``    cited URLs, where and how printed → checks recorded in the history
``repairing``   failing URLs → "probably meant X" confirmed live or by the archive's index
``archiving``   the store's URLs → archived copies, Save Page Now, repairs written
``auditing``    the main job: check → repair → archived copies → the audit report
"""

from typing import TYPE_CHECKING

from citewatch.lazy import exports

if TYPE_CHECKING:
    from citewatch.pipeline.archiving import (
        ArchiveTarget,
        apply_repairs,
        archive_targets,
        broken_urls,
        find_archives,
        live_urls,
        record_archives,
        stored_archives,
        suggest_repairs_for,
        suspect_items,
        write_repairs,
    )
    from citewatch.pipeline.auditing import audit_report, check_cited, summary_line
    from citewatch.pipeline.checking import (
        PRESTART_MIN_BYTES,
        Checked,
        Cited,
        cited_in_extractions,
        cited_in_store,
        keyed,
        prestart_checking,
    )
    from citewatch.pipeline.citedcache import CitedLater, cited_in_paths, cited_in_paths_later
    from citewatch.pipeline.extracting import (
        Extracted,
        Stored,
        citation_record,
        document_paths,
        extract_paths,
        store_extractions,
    )

__getattr__ = exports(__name__, {
    "cited_in_paths": "citewatch.pipeline.citedcache",
    "cited_in_paths_later": "citewatch.pipeline.citedcache",
    "CitedLater": "citewatch.pipeline.citedcache",
    "ArchiveTarget": ".archiving",
    "apply_repairs": ".archiving",
    "archive_targets": ".archiving",
    "broken_urls": ".archiving",
    "find_archives": ".archiving",
    "live_urls": ".archiving",
    "record_archives": ".archiving",
    "stored_archives": ".archiving",
    "suggest_repairs_for": ".archiving",
    "suspect_items": ".archiving",
    "write_repairs": ".archiving",
    "audit_report": ".auditing",
    "check_cited": ".auditing",
    "summary_line": ".auditing",
    "Checked": ".checking",
    "Cited": ".checking",
    "cited_in_extractions": ".checking",
    "cited_in_store": ".checking",
    "keyed": ".checking",
    "prestart_checking": ".checking",
    "PRESTART_MIN_BYTES": ".checking",
    "Extracted": ".extracting",
    "Stored": ".extracting",
    "citation_record": ".extracting",
    "document_paths": ".extracting",
    "extract_paths": ".extracting",
    "store_extractions": ".extracting",
})

__all__ = [
    "PRESTART_MIN_BYTES",
    "ArchiveTarget",
    "Checked",
    "Cited",
    "CitedLater",
    "Extracted",
    "Stored",
    "apply_repairs",
    "archive_targets",
    "audit_report",
    "broken_urls",
    "check_cited",
    "citation_record",
    "cited_in_extractions",
    "cited_in_paths",
    "cited_in_paths_later",
    "cited_in_store",
    "document_paths",
    "extract_paths",
    "find_archives",
    "keyed",
    "live_urls",
    "prestart_checking",
    "record_archives",
    "store_extractions",
    "stored_archives",
    "suggest_repairs_for",
    "summary_line",
    "suspect_items",
    "write_repairs",
]
