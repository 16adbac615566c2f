"""``report.json``: for programs. The same data as the Markdown report, keys in a fixed
order so that two runs diff cleanly."""

from __future__ import annotations

import json
from typing import Any

from citewatch.report.model import REPORT_SCHEMA, AuditReport, ReportRow
from citewatch.report.summary import summary


def row_dict(r: ReportRow) -> dict[str, Any]:
    return {
        "note": r.note,
        "key": r.key,
        "citation": r.citation,
        "url": r.url,
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
