"""What an audit found, as one value every report format renders.

A row is one place a URL is cited (document, note, citation key): a person fixing a dead
link needs to know where it stands, so provenance travels with the row. Counts are per
distinct URL (a link cited in three notes is one link).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from citewatch import clock
from citewatch.archive.model import Repair
from citewatch.check.model import CheckResult, Citing, LinkStatus
from citewatch.check.policy import Verdict, VerdictState, looks_offline
from citewatch.citations.seen import SeenDate

REPORT_SCHEMA = 2
"""Version of the JSON report's layout; bumped when a field changes meaning or goes away."""

UNCHECKED = "unchecked"
"""The class shown for a cited URL without a check result (e.g. an interrupted run)."""

_RANK = {
    VerdictState.BROKEN: 0,
    VerdictState.FAILING: 1,
    VerdictState.FLAKY: 2,
    VerdictState.BLOCKED: 3,
    VerdictState.UNKNOWN: 4,
    VerdictState.OK: 5,
}


@dataclass(frozen=True)
class ReportRow:
    """One citation of one URL, with what is known about the link."""

    document: str
    url: str
    """The URL whose class is reported (absolute): the repaired one when a repair was
    confirmed, else the URL as printed."""
    note: str | None = None
    """Footnote or reference label (``"12"``); None for a link in the body text."""
    key: str | None = None
    """BibTeX key of the citation in the store."""
    citation: str = ""
    """The citation's text, shortened."""
    status: LinkStatus | None = None
    """Class of the latest check; None when the URL was not checked."""
    verdict: VerdictState = VerdictState.UNKNOWN
    broken: bool = False
    flaky: bool = False
    since: str | None = None
    """When it started failing (failing or broken links), else when first checked."""
    failures_in_a_row: int = 0
    checked_at: str | None = None
    from_cache: bool = False
    """The check was reused from the history (younger than ``--max-age``)."""
    http_status: int | None = None
    final_url: str | None = None
    archive_url: str | None = None
    """An archived copy (filled in by the archive stage)."""
    archive_date: str | None = None
    """ISO date of that copy."""
    detail: str | None = None
    """The error, or the evidence behind the class (soft-404, blocked)."""
    line: int | None = None
    """1-based line of the document where it is cited."""
    printed_url: str | None = None
    """The URL as printed (no scheme added); None when it is ``url`` itself."""
    repair: Repair | None = None
    printed_status: LinkStatus | None = None
    """Class of the URL as printed, when a repair replaced it."""
    seen: SeenDate | None = None
    """The date the citation saw the page, and why: what the archived copy comes before."""

    @property
    def status_label(self) -> str:
        return self.status.value if self.status is not None else UNCHECKED

    @property
    def rank(self) -> int:
        """Sort order in a report: broken first, working last."""
        return _RANK[self.verdict]


@dataclass(frozen=True)
class DocumentReport:
    """The rows of one document, broken first."""

    document: str
    rows: tuple[ReportRow, ...]


@dataclass(frozen=True)
class AuditReport:
    """Everything a report shows."""

    generated_at: str
    """ISO UTC time of the run."""
    documents: tuple[DocumentReport, ...]
    offline: bool = False
    """This run reached no website at all: its failures say nothing about the links."""

    @property
    def rows(self) -> tuple[ReportRow, ...]:
        return tuple(r for d in self.documents for r in d.rows)

    def links(self) -> dict[str, ReportRow]:
        """One row per distinct URL (the first citing it)."""
        out: dict[str, ReportRow] = {}
        for r in self.rows:
            out.setdefault(r.url, r)
        return out

    @property
    def counts(self) -> dict[str, int]:
        """Distinct URLs per class, in :class:`LinkStatus` order (then ``unchecked``);
        classes with no link are left out."""
        order = [s.value for s in LinkStatus] + [UNCHECKED]
        tally: dict[str, int] = {}
        for r in self.links().values():
            tally[r.status_label] = tally.get(r.status_label, 0) + 1
        return {k: tally[k] for k in order if k in tally}

    @property
    def verdict_counts(self) -> dict[str, int]:
        """Distinct URLs per verdict, broken first; verdicts with no link left out."""
        tally: dict[str, int] = {}
        for r in self.links().values():
            tally[r.verdict.value] = tally.get(r.verdict.value, 0) + 1
        return {s.value: tally[s.value] for s in sorted(_RANK, key=_RANK.__getitem__) if s.value in tally}

    @property
    def broken(self) -> int:
        """Distinct broken URLs (CI exit code 1 when above zero)."""
        return sum(1 for r in self.links().values() if r.broken)



def shorten(text: str, limit: int = 90) -> str:
    """One line of at most ``limit`` characters, cut at a word with an ellipsis."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:") + "…"


def _note_order(note: str | None) -> tuple[int, int, str]:
    if note is None:
        return (1, 0, "")
    m = re.match(r"\d+", note)
    return (0, int(m.group()) if m else 10**9, note)


def sort_rows(rows: Iterable[ReportRow]) -> tuple[ReportRow, ...]:
    """Broken first, then failing, flaky, blocked, unknown, working; by note number within."""
    return tuple(sorted(rows, key=lambda r: (r.rank, _note_order(r.note), r.url)))


def make_row(
    citing: Citing,
    url: str,
    result: CheckResult | None,
    verdict: Verdict | None = None,
    *,
    citation: str = "",
    repair: Repair | None = None,
    printed_result: CheckResult | None = None,
    archive: tuple[str, str | None] | None = None,
) -> ReportRow:
    """A row from one place a URL is cited, its latest check and its verdict.

    Without a verdict (no history) the check alone decides: a failure is ``failing``,
    never ``broken``.
    """
    if verdict is None:
        verdict = _verdict_without_history(result)
    detail = None
    if result is not None:
        parts = [p for p in (result.error, *result.evidence) if p]
        detail = "; ".join(dict.fromkeys(parts)) or None
    return ReportRow(
        document=citing.document,
        url=url,
        note=citing.note,
        key=citing.key,
        citation=shorten(citation),
        status=result.status if result is not None else None,
        verdict=verdict.state,
        broken=verdict.broken,
        flaky=verdict.flaky,
        since=verdict.failing_since or verdict.first_seen,
        failures_in_a_row=verdict.failures_in_a_row,
        checked_at=(result.checked_at or None) if result is not None else None,
        from_cache=result.from_cache if result is not None else False,
        http_status=result.http_status if result is not None else None,
        final_url=result.final_url if result is not None else None,
        detail=detail,
        line=citing.line,
        printed_url=citing.printed,
        repair=repair,
        printed_status=printed_result.status if printed_result is not None else None,
        seen=citing.seen,
        archive_url=archive[0] if archive else None,
        archive_date=archive[1] if archive else None,
    )


def _verdict_without_history(result: CheckResult | None) -> Verdict:
    if result is None or result.status in (LinkStatus.EXCLUDED, LinkStatus.UNCHECKED):
        return Verdict(state=VerdictState.UNKNOWN)
    if result.status.is_failure:
        return Verdict(state=VerdictState.FAILING, failures_in_a_row=1,
                       failing_since=result.checked_at or None)
    if result.status is LinkStatus.BLOCKED:
        return Verdict(state=VerdictState.BLOCKED)
    return Verdict(state=VerdictState.OK)


def build_report(
    citings: Mapping[str, Sequence[Citing]],
    results: Mapping[str, CheckResult],
    verdicts: Mapping[str, Verdict] | None = None,
    *,
    texts: Mapping[Citing, str] | None = None,
    archives: Mapping[tuple[str, date | None], tuple[str, str | None]] | None = None,
    generated_at: str | None = None,
    offline: bool | None = None,
    repairs: Mapping[str, Repair] | None = None,
    stored_archives: Mapping[str, tuple[str, str | None]] | None = None,
) -> AuditReport:
    """Assemble the report of a run.

    ``citings``: each URL and where it is cited; ``results``: the run's check per URL
    (reused ones included); ``verdicts``: the history's judgement per URL (from
    ``History.verdicts``); ``texts``: the citation text per place cited; ``repairs``:
    printed URL → the repair checked in its place; ``archives``: (reported URL, the date
    its citation saw it) → (archived copy, ISO date) found this run, else
    ``stored_archives``: URL → the copy the store records. ``offline`` defaults to
    :func:`looks_offline` of
    the results; in an offline run a URL without a verdict is ``unknown``, not failing.
    Documents are sorted by name, rows broken first.
    """
    verdicts = verdicts or {}
    texts = texts or {}
    repairs = repairs or {}
    archives = archives or {}
    stored_archives = stored_archives or {}
    if offline is None:
        offline = looks_offline(results.values())
    unknown = Verdict(state=VerdictState.UNKNOWN) if offline else None
    per_doc: dict[str, list[ReportRow]] = {}
    for url, places in citings.items():
        repair = repairs.get(url)
        reported = repair.url if repair is not None else url
        for citing in places:
            when = citing.seen.date if citing.seen is not None else None
            archive = (
                archives.get((reported, when))
                or stored_archives.get(reported)
                or stored_archives.get(url)
            )
            row = make_row(
                citing,
                reported,
                results.get(reported),
                verdicts.get(reported, unknown),
                citation=texts.get(citing, ""),
                repair=repair,
                printed_result=results.get(url) if repair is not None else None,
                archive=archive,
            )
            per_doc.setdefault(citing.document, []).append(row)
    report = AuditReport(
        generated_at=generated_at or clock.now().isoformat(timespec="seconds").replace("+00:00", "Z"),
        documents=tuple(DocumentReport(doc, sort_rows(rows)) for doc, rows in sorted(per_doc.items())),
        offline=offline,
    )
    return report
