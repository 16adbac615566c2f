"""``report.json``: for programs. The same data as the Markdown report, keys in a fixed
order so that two runs diff cleanly."""

from __future__ import annotations

import json
from typing import Any

from citewatch.archive.model import Repair
from citewatch.check.model import LinkStatus
from citewatch.report.model import REPORT_SCHEMA, AuditReport, ReportRow
from citewatch.report.summary import summary


def repair_dict(repair: Repair, printed: LinkStatus | None) -> dict[str, Any]:
    """ "Probably meant X": the URL checked in place of the printed one, and why."""
    return {
        "url": repair.url,
        "confirmed_by": repair.confirmed_by.value,
        "evidence": repair.evidence,
        "archive_url": repair.archive_url,
        "printed_class": printed.value if printed is not None else None,
    }


def row_dict(r: ReportRow) -> dict[str, Any]:
    return {
        "note": r.note,
        "key": r.key,
        "line": r.line,
        "citation": r.citation,
        "printed_url": r.printed_url,
        "url": r.url,
        "repair": repair_dict(r.repair, r.printed_status) if r.repair is not None else None,
        "class": r.status_label,
        "verdict": r.verdict.value,
        "broken": r.broken,
        "flaky": r.flaky,
        "since": r.since,
        "failures_in_a_row": r.failures_in_a_row,
        "checked_at": r.checked_at,
        "from_cache": r.from_cache,
        "http_status": r.http_status,
        "final_url": r.final_url,
        "archive_url": r.archive_url,
        "archive_date": r.archive_date,
        "target_date": (
            {"date": r.seen.date.isoformat(), "source": r.seen.source.value} if r.seen else None
        ),
        "detail": r.detail,
    }


def report_dict(report: AuditReport) -> dict[str, Any]:
    return {
        "schema": REPORT_SCHEMA,
        "generated_at": report.generated_at,
        "offline": report.offline,
        "summary": summary(report),
        "counts": report.counts,
        "verdicts": report.verdict_counts,
        "broken": report.broken,
        "documents": [
            {"document": d.document, "rows": [row_dict(r) for r in d.rows]}
            for d in report.documents
        ],
    }


class JsonRenderer:
    """Pretty-printed UTF-8 JSON."""

    filename = "report.json"

    def render(self, report: AuditReport) -> str:
        return json.dumps(report_dict(report), indent=2, ensure_ascii=False) + "\n"
