"""``citewatch.sarif``: SARIF 2.1.0 for code scanning, so a failing citation is annotated
on the cited line of the document, like a compiler warning on a line of code.

One result per failing citation (a URL cited in three notes gives three results, each on
its own line). The rule is the link's class (``dead``, ``soft404``, ``blocked``…, and
``damaged-url`` for a URL the archive stage repaired); the level says how sure the history
is: ``error`` for broken, ``warning`` for failing or flaky, ``note`` for blocked. The
archived copy and a confirmed repair go to ``relatedLocations``, linked from the message
(SARIF fixes need character offsets in the document, which a citation does not have).
A row without a line (none known) is placed on the document alone.
``partialFingerprints`` stay the same from run to run, so code scanning tracks one alert
per citation instead of opening a new one each week.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from citewatch import __version__
from citewatch.check.model import LinkStatus
from citewatch.check.policy import VerdictState
from citewatch.report.model import AuditReport, ReportRow

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
INFORMATION_URI = "https://github.com/citewatch/citewatch"

@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    short: str
    full: str
    level: str


RULES: tuple[Rule, ...] = (
    Rule("dead", "DeadLink", "Cited link is dead",
         "The cited URL answers 404/410, its host name no longer resolves, or the connection "
         "is refused. Cite an archived copy or the page's new address.", "error"),
    Rule("soft404", "Soft404", "Cited link leads to a 'not found' page",
         "The server answers 200, but with a page that is really 'not found': a random path "
         "on the host gets the same page, the deep link lands on the home page, or the domain "
         "is parked.", "error"),
    Rule("timeout", "Timeout", "Cited link does not answer",
         "No answer within the timeout, in every retry.", "warning"),
    Rule("error", "LinkError", "Cited link fails (TLS, protocol, redirects)",
         "TLS or protocol failure, a redirect loop or too many redirects.", "warning"),
    Rule("blocked", "Blocked", "Cited link refuses robots",
         "401/403/429/999, a bot wall, a login or pay wall: a person must look; the link is "
         "not called dead.", "note"),
    Rule("damaged-url", "DamagedUrl", "Cited URL was damaged in the text",
         "The URL as printed does not work, but a repaired spelling (a hyphen lost at a line "
         "break, a cut-off tail) was confirmed live or in the archive's index.", "warning"),
)
_RULE_INDEX = {rule.id: i for i, rule in enumerate(RULES)}


def rule_for(row: ReportRow) -> str | None:
    """The rule a row breaks, or None when it is no finding."""
    if row.repair is not None:
        return "damaged-url"
    if row.status is None:
        return None
    if row.status.is_failure or row.status is LinkStatus.BLOCKED:
        return row.status.value
    return None


def _level(row: ReportRow, rule: str) -> str:
    if row.broken:
        return "error"
    if row.verdict in (VerdictState.FAILING, VerdictState.FLAKY) or rule == "damaged-url":
        return "warning"
    return "note"


def artifact_uri(document: str, root: Path | None = None) -> str:
    """The document as a URI relative to the checkout (code scanning resolves it against
    the repository root); an absolute path outside ``root`` becomes a ``file:`` URI."""
    path = Path(document)
    if path.is_absolute():
        base = (root or Path.cwd()).resolve()
        try:
            path = path.resolve().relative_to(base)
        except ValueError:
            return path.resolve().as_uri()
    return PurePosixPath(*path.parts).as_posix()


def _printed(row: ReportRow) -> str:
    return row.printed_url or row.url


def _message(row: ReportRow, rule: str, related: list[dict[str, Any]]) -> str:
    where = f"note {row.note}" if row.note else "the body text"
    text = f"{_printed(row)} (cited in {where}) "
    if row.repair is not None:
        printed = f" ({row.printed_status.value})" if row.printed_status else ""
        text += (f"was damaged in the text{printed}: probably meant {row.repair.url} "
                 f"({row.repair.evidence}; confirmed {row.repair.confirmed_by.value})")
        if row.status is not None:
            text += f", which is {row.status.value}"
    elif row.status is not None:
        text += f"is {row.status.value}"
        if row.http_status is not None:
            text += f" (HTTP {row.http_status})"
        text += f"; {'broken' if row.broken else row.verdict.value}"
        if row.since and row.failures_in_a_row:
            runs = "run" if row.failures_in_a_row == 1 else "runs"
            text += f" since {row.since[:10]}, {row.failures_in_a_row} failed {runs} in a row"
    text += "."
    if row.detail:
        text += f" Evidence: {row.detail}."
    text = _plain(text)
    for loc in related:
        text += f" [{_plain(loc['message']['text'])}]({loc['id']})."
    return text


def _plain(text: str) -> str:
    """Message text with SARIF's link syntax escaped: ``[x](1)`` in a citation stays text."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _related(row: ReportRow) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if row.repair is not None:
        out.append({"id": len(out) + 1,
                    "physicalLocation": {"artifactLocation": {"uri": row.repair.url}},
                    "message": {"text": f"probably meant {row.repair.url}"}})
    if row.archive_url:
        when = f" of {row.archive_date[:10]}" if row.archive_date else ""
        out.append({"id": len(out) + 1,
                    "physicalLocation": {"artifactLocation": {"uri": row.archive_url}},
                    "message": {"text": f"archived copy{when}"}})
    return out


def _fingerprint(row: ReportRow) -> str:
    key = "\x1f".join((row.document, row.note or "", row.key or "", row.url))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def result_for(row: ReportRow, root: Path | None = None) -> dict[str, Any] | None:
    rule = rule_for(row)
    if rule is None:
        return None
    related = _related(row)
    physical: dict[str, Any] = {
        "artifactLocation": {"uri": artifact_uri(row.document, root), "uriBaseId": "%SRCROOT%"}
    }
    if row.line is not None and row.line > 0:
        physical["region"] = {"startLine": row.line, "endLine": row.line}
    properties = {
        "url": row.url,
        "printedUrl": _printed(row),
        "class": row.status_label,
        "verdict": row.verdict.value,
        "broken": row.broken,
        "note": row.note,
        "citationKey": row.key,
        "archiveUrl": row.archive_url,
        "archiveDate": row.archive_date,
        "repairedUrl": row.repair.url if row.repair is not None else None,
        "seenDate": row.seen.date.isoformat() if row.seen is not None else None,
    }
    result: dict[str, Any] = {
        "ruleId": rule,
        "ruleIndex": _RULE_INDEX[rule],
        "level": _level(row, rule),
        "message": {"text": _message(row, rule, related)},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {"citewatchCitation/v1": _fingerprint(row)},
        "properties": {k: v for k, v in properties.items() if v is not None},
    }
    if related:
        result["relatedLocations"] = related
    return result


def sarif_dict(report: AuditReport, root: Path | None = None) -> dict[str, Any]:
    results = []
    for row in report.rows:
        # An offline run says nothing about the links: only what the history already
        # calls broken is reported.
        if report.offline and not row.broken:
            continue
        result = result_for(row, root)
        if result is not None:
            results.append(result)
    rules = [
        {
            "id": r.id,
            "name": r.name,
            "shortDescription": {"text": r.short},
            "fullDescription": {"text": r.full},
            "defaultConfiguration": {"level": r.level},
            "properties": {"tags": ["links", "citations"]},
        }
        for r in RULES
    ]
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {"driver": {"name": "citewatch", "version": __version__,
                                    "informationUri": INFORMATION_URI, "rules": rules}},
                "automationDetails": {"id": "citewatch/"},
                "invocations": [{"executionSuccessful": True,
                                 "endTimeUtc": report.generated_at}],
                "results": results,
                "properties": {"offline": report.offline, "broken": report.broken},
            }
        ],
    }


class SarifRenderer:
    """SARIF 2.1.0 JSON; document paths relative to ``root`` (default: the working
    directory, which is the checkout in CI)."""

    filename = "citewatch.sarif"

    def __init__(self, root: Path | None = None) -> None:
        self.root = root

    def render(self, report: AuditReport) -> str:
        return json.dumps(sarif_dict(report, self.root), indent=2, ensure_ascii=False) + "\n"

