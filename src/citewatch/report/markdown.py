"""``report.md``: for a person. A summary sentence, counts, then per document a table,
broken links first."""

from __future__ import annotations

from citewatch.check.model import LinkStatus
from citewatch.check.policy import VerdictState
from citewatch.report.model import AuditReport, ReportRow
from citewatch.report.summary import summary

DEADLINE_LABEL = "not checked (deadline)"


def _count_label(status: str, offline: bool) -> str:
    if status == LinkStatus.UNCHECKED.value:
        return DEADLINE_LABEL
    return f"not reached ({status})" if offline and _is_failure(status) else status


def cell(text: str | None) -> str:
    """Text safe inside a Markdown table cell: one line, ``|`` escaped, no raw HTML."""
    if not text:
        return ""
    flat = " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|")
    return flat.replace("<", "&lt;")


def _class_cell(row: ReportRow, offline: bool) -> str:
    if offline and not row.broken and row.status is not None and row.status.is_failure \
            and row.http_status is None:
        return f"not reached ({row.status_label})"
    if row.status is LinkStatus.UNCHECKED:
        return DEADLINE_LABEL
    label = row.status_label
    if row.http_status is not None and str(row.http_status) not in label:
        label += f" ({row.http_status})"
    if row.broken:
        return f"**BROKEN** · {label}"
    if row.verdict is VerdictState.FLAKY:
        return f"flaky · {label}"
    if row.verdict is VerdictState.FAILING:
        return f"failing · {label}"
    return label


def _is_failure(status: str) -> bool:
    return status in {str(s) for s in LinkStatus if s.is_failure}


def _since(row: ReportRow) -> str:
    return (row.since or "")[:10]


def url_cell(row: ReportRow) -> str:
    """The URL checked; for a repaired citation, what was printed and why the other URL
    stands in its place ("probably meant")."""
    if row.repair is None:
        return cell(row.url)
    printed = row.printed_url or ""
    was = f" ({row.printed_status.value})" if row.printed_status is not None else ""
    how = "a live check" if row.repair.confirmed_by.value == "live" else "the archive's index"
    return cell(
        f"{row.url} — probably meant; printed {printed}{was}: "
        f"{row.repair.evidence}, confirmed by {how}"
    )


def archive_cell(row: ReportRow) -> str:
    """The archived copy, its date, and the date it was chosen to come before."""
    archived = cell(row.archive_url)
    if archived and row.archive_date:
        archived += f" ({row.archive_date[:10]})"
    if archived and row.seen is not None:
        archived += f", before {row.seen.date.isoformat()} ({row.seen.source.value} date)"
    return archived


class MarkdownRenderer:
    """GitHub-flavoured Markdown."""

    filename = "report.md"

    def render(self, report: AuditReport) -> str:
        lines = ["# Link audit", "", summary(report), ""]
        docs = len(report.documents)
        cites = len(report.rows)
        lines.append(
            f"Run of {report.generated_at}: {len(report.links())} distinct links, "
            f"cited {cites} times in {docs} document{'s' if docs != 1 else ''}."
        )
        lines.append("")
        if report.counts:
            # Offline, a failure is "not reached": the class says what the machine saw,
            # not what the link is.
            lines += ["| Class | Links |", "|---|---:|"]
            lines += [
                f"| {cell(_count_label(k, report.offline))} | {v} |"
                for k, v in report.counts.items()
            ]
            lines.append("")
        for doc in report.documents:
            with_archive = any(r.archive_url for r in doc.rows)
            lines += [f"## {cell(doc.document)}", ""]
            head = ["Note", "Line", "Citation", "URL", "Class", "Since"]
            if with_archive:
                head.append("Archived copy")
            lines.append("| " + " | ".join(head) + " |")
            lines.append("|" + "---|" * len(head))
            for r in doc.rows:
                cells = [
                    cell(r.note) or "body",
                    str(r.line) if r.line is not None else "",
                    cell(r.citation) or cell(r.key),
                    url_cell(r),
                    _class_cell(r, report.offline),
                    _since(r),
                ]
                if with_archive:
                    cells.append(archive_cell(r))
                lines.append("| " + " | ".join(cells) + " |")
            lines.append("")
        return "\n".join(lines)
