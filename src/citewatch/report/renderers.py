"""Report formats as plug-ins: a ``str`` Enum names the format, a small Protocol is what a
renderer implements, and :func:`write_reports` writes each file atomically (a reader or
a CI step never sees half a report)."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from citewatch.atomic import replace_file
from citewatch.errors import CitewatchError
from citewatch.report.html import HtmlRenderer
from citewatch.report.jsonreport import JsonRenderer
from citewatch.report.junit import JunitRenderer
from citewatch.report.markdown import MarkdownRenderer
from citewatch.report.model import AuditReport
from citewatch.report.sarif import SarifRenderer


class ReportFormat(StrEnum):
    MARKDOWN = "markdown"
    JSON = "json"
    JUNIT = "junit"
    HTML = "html"
    SARIF = "sarif"


class Renderer(Protocol):
    """Turns a report into the text of one file."""

    @property
    def filename(self) -> str:
        """The file's name inside the reports folder."""
        ...

    def render(self, report: AuditReport) -> str: ...


def renderer_for(fmt: ReportFormat) -> Renderer:
    match fmt:
        case ReportFormat.MARKDOWN:
            return MarkdownRenderer()
        case ReportFormat.JSON:
            return JsonRenderer()
        case ReportFormat.JUNIT:
            return JunitRenderer()
        case ReportFormat.HTML:
            return HtmlRenderer()
        case ReportFormat.SARIF:
            return SarifRenderer()
    raise ValueError(f"no renderer for {fmt!r}")  # pragma: no cover - the match is exhaustive


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` atomically (see :mod:`citewatch.atomic`)."""
    replace_file(path, text.encode("utf-8"))


def write_reports(
    report: AuditReport,
    reports_dir: Path,
    formats: Iterable[ReportFormat] = tuple(ReportFormat),
) -> dict[ReportFormat, Path]:
    """Write ``report.md``, ``report.json``, ``junit.xml``, ``report.html`` and/or
    ``citewatch.sarif`` into ``reports_dir`` (created if missing); return the paths
    written."""
    written: dict[ReportFormat, Path] = {}
    try:
        reports_dir.mkdir(parents=True, exist_ok=True)
        for fmt in dict.fromkeys(formats):
            renderer = renderer_for(fmt)
            path = reports_dir / renderer.filename
            write_atomic(path, renderer.render(report))
            written[fmt] = path
    except OSError as exc:
        raise CitewatchError(f"cannot write the report: {exc.strerror or exc}",
                             path=exc.filename or reports_dir) from exc
    return written
