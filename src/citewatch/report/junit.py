"""``junit.xml``: for CI. One test suite per document, one test case per cited URL;
a broken link fails, a link nobody could judge (blocked, unknown, offline run) is
skipped, everything else passes."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from citewatch.check.policy import VerdictState
from citewatch.lazy import lazy_pattern
from citewatch.report.model import AuditReport, ReportRow

_NOT_XML = lazy_pattern("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str | None) -> str:
    """Text with the characters XML 1.0 cannot hold removed (ElementTree escapes the rest)."""
    return _NOT_XML.sub("", text or "")


def _case_name(r: ReportRow) -> str:
    where = f"note {r.note}" if r.note else "body"
    return f"{where}: {r.url}"


def _message(r: ReportRow) -> str:
    parts = [r.status_label]
    if r.http_status is not None:
        parts.append(f"HTTP {r.http_status}")
    if r.since:
        parts.append(f"{'failing since' if r.failures_in_a_row else 'first checked'} {r.since}")
    return ", ".join(parts)


def _body(r: ReportRow) -> str:
    lines = [f"URL: {r.url}"]
    if r.line is not None:
        lines.append(f"Line: {r.line}")
    if r.repair is not None:
        lines.append(
            f"Printed: {r.printed_url} (probably meant {r.url}: {r.repair.evidence}, "
            f"confirmed by {r.repair.confirmed_by.value})"
        )
    if r.citation:
        lines.append(f"Citation: {r.citation}")
    if r.key:
        lines.append(f"Key: {r.key}")
    if r.final_url and r.final_url != r.url:
        lines.append(f"Final URL: {r.final_url}")
    if r.detail:
        lines.append(f"Detail: {r.detail}")
    if r.archive_url:
        lines.append(f"Archived copy: {r.archive_url}" + (f" ({r.archive_date})" if r.archive_date else ""))
    return "\n".join(lines)


def _skip_reason(report: AuditReport, r: ReportRow) -> str | None:
    if r.broken:
        return None
    if report.offline:
        return "offline: this machine reached no website, so the link was not judged"
    if r.verdict is VerdictState.BLOCKED:
        return f"blocked: the site refused the robot ({_message(r)}); a human has to look"
    if r.verdict is VerdictState.UNKNOWN:
        return f"unknown: {r.status_label}"
    return None


class JunitRenderer:
    """JUnit XML as read by GitHub, GitLab and Jenkins test reporters."""

    filename = "junit.xml"

    def render(self, report: AuditReport) -> str:
        root = ET.Element("testsuites", name="citewatch")
        totals = {"tests": 0, "failures": 0, "skipped": 0}
        for doc in report.documents:
            suite = ET.SubElement(root, "testsuite", name=xml_text(doc.document),
                                  timestamp=xml_text(report.generated_at))
            counts = {"tests": 0, "failures": 0, "skipped": 0}
            for r in doc.rows:
                case = ET.SubElement(suite, "testcase", name=xml_text(_case_name(r)),
                                     classname=xml_text(doc.document))
                counts["tests"] += 1
                if r.broken:
                    failure = ET.SubElement(case, "failure", message=xml_text("broken: " + _message(r)),
                                            type=r.status_label)
                    failure.text = xml_text(_body(r))
                    counts["failures"] += 1
                elif (reason := _skip_reason(report, r)) is not None:
                    ET.SubElement(case, "skipped", message=xml_text(reason))
                    counts["skipped"] += 1
                else:
                    out = ET.SubElement(case, "system-out")
                    out.text = xml_text(f"{r.verdict.value}: {_message(r)}\n{_body(r)}")
            for k, v in counts.items():
                suite.set(k, str(v))
                totals[k] += v
            suite.set("errors", "0")
        for k, v in totals.items():
            root.set(k, str(v))
        root.set("errors", "0")
        ET.indent(root)
        return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
