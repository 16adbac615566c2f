"""Report model and renderers: valid output, escaping, ordering, offline wording."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from citewatch.check.model import CheckResult, Citing, LinkStatus
from citewatch.check.policy import Verdict, VerdictState
from citewatch.errors import CitewatchError
from citewatch.report.markdown import MarkdownRenderer, cell
from citewatch.report.model import AuditReport, build_report, shorten
from citewatch.report.renderers import ReportFormat, renderer_for, write_reports
from citewatch.report.summary import summary

DNS = "ConnectError: [Errno -2] Name or service not known"
DOC_A = "reports/alpha.pdf"
DOC_B = "beta|gamma.txt"


def ok(url: str) -> CheckResult:
    return CheckResult(url, LinkStatus.ALIVE, http_status=200, checked_at="2026-03-04T10:00:00Z")


def dead(url: str) -> CheckResult:
    return CheckResult(url, LinkStatus.DEAD, http_status=404, checked_at="2026-03-04T10:00:00Z",
                       error="HTTP 404 Not Found")


BROKEN = Verdict(state=VerdictState.BROKEN, broken=True, failures_in_a_row=3,
                 failing_since="2026-03-01T10:00:00Z", first_seen="2026-02-01T10:00:00Z", checks=5)
OK = Verdict(state=VerdictState.OK, first_seen="2026-02-01T10:00:00Z", checks=5)
FLAKY = Verdict(state=VerdictState.FLAKY, flaky=True, failures_in_a_row=1,
                failing_since="2026-03-04T10:00:00Z", checks=6)
BLOCKED = Verdict(state=VerdictState.BLOCKED, checks=2)


@pytest.fixture
def report() -> AuditReport:
    u = {k: f"https://{k}.example.org/page" for k in ("good", "gone", "flap", "wall", "pipe")}
    u["pipe"] = "https://pipe.example.org/a|b?x=<y>&z=1"
    citings = {
        u["good"]: [Citing(DOC_A, "2", "good2020"), Citing(DOC_B, "1", "good2020")],
        u["gone"]: [Citing(DOC_A, "10", "gone2019")],
        u["flap"]: [Citing(DOC_A, "3", None)],
        u["wall"]: [Citing(DOC_A, None, None)],
        u["pipe"]: [Citing(DOC_B, "7", "pipe2021")],
        "https://never.example.org/": [Citing(DOC_B, "9", None)],
    }
    results = {
        u["good"]: ok(u["good"]),
        u["gone"]: dead(u["gone"]),
        u["flap"]: CheckResult(u["flap"], LinkStatus.TIMEOUT, error="ReadTimeout"),
        u["wall"]: CheckResult(u["wall"], LinkStatus.BLOCKED, http_status=403, evidence=("cloudflare challenge",)),
        u["pipe"]: dead(u["pipe"]),
    }
    verdicts = {u["good"]: OK, u["gone"]: BROKEN, u["flap"]: FLAKY, u["wall"]: BLOCKED, u["pipe"]: BROKEN}
    texts = {Citing(DOC_B, "7", "pipe2021"): "Smith | Jones, “A title\nover two lines” (2021)"}
    return build_report(citings, results, verdicts, texts=texts, generated_at="2026-03-04T10:05:00Z")


def test_model_rows_sorted_broken_first(report: AuditReport) -> None:
    assert [d.document for d in report.documents] == [DOC_B, DOC_A]  # sorted by name
    alpha = report.documents[1]
    assert [r.verdict for r in alpha.rows] == [
        VerdictState.BROKEN, VerdictState.FLAKY, VerdictState.BLOCKED, VerdictState.OK
    ]
    beta = report.documents[0]
    assert beta.rows[0].broken and beta.rows[0].note == "7"
    assert beta.rows[-1].verdict is VerdictState.OK
    assert beta.rows[1].status is None  # cited but never checked
    assert report.broken == 2
    assert report.counts == {"alive": 1, "dead": 2, "blocked": 1, "timeout": 1, "unchecked": 1}
    assert sum(report.counts.values()) == len(report.links()) == 6
    assert not report.offline


def test_since_is_failing_since_or_first_seen(report: AuditReport) -> None:
    rows = {r.url: r for r in report.rows}
    assert rows["https://gone.example.org/page"].since == "2026-03-01T10:00:00Z"
    assert rows["https://good.example.org/page"].since == "2026-02-01T10:00:00Z"
    assert rows["https://wall.example.org/page"].detail == "cloudflare challenge"


def test_markdown_report(report: AuditReport) -> None:
    md = MarkdownRenderer().render(report)
    lines = md.splitlines()
    assert lines[0] == "# Link audit"
    assert lines[2] == summary(report)
    assert lines[2] == (
        "2 of 6 links are broken; 1 link comes and goes; 1 link refuses robots and needs a "
        "human look; 1 was not checked (run interrupted?)."
    )
    assert "| dead | 2 |" in md
    # the pipe inside a URL and a citation is escaped; every table row has the same columns
    assert "https://pipe.example.org/a\\|b?x=&lt;y>&z=1" in md
    assert "Smith \\| Jones, “A title over two lines” (2021)" in md
    assert "## beta\\|gamma.txt" in md
    for line in lines:
        if line.startswith("| ") and "Note" not in line and "Class" not in line:
            unescaped = line.replace("\\|", "")
            assert unescaped.count("|") in (3, 7), line
    # broken rows before the others within a document
    alpha = md[md.index("## reports/alpha.pdf"):]
    assert alpha.index("gone.example.org") < alpha.index("flap.example.org") < alpha.index("good.example.org")
    assert "**BROKEN** · dead (404)" in alpha
    assert "| body |" in alpha  # a body link has no note


def test_markdown_cell_escaping() -> None:
    assert cell("a | b\nc") == "a \\| b c"
    assert cell("back\\slash") == "back\\\\slash"
    assert cell("<script>") == "&lt;script>"
    assert cell(None) == ""


def test_json_report(report: AuditReport) -> None:
    text = renderer_for(ReportFormat.JSON).render(report)
    data = json.loads(text)
    assert list(data) == ["schema", "generated_at", "offline", "summary", "counts", "verdicts",
                          "broken", "documents"]
    assert data["broken"] == 2 and data["offline"] is False
    rows = data["documents"][1]["rows"]
    assert rows[0]["url"] == "https://gone.example.org/page" and rows[0]["broken"] is True
    assert rows[0]["class"] == "dead" and rows[0]["http_status"] == 404
    assert list(rows[0])[:6] == ["note", "key", "line", "citation", "printed_url", "url"]
    assert text == renderer_for(ReportFormat.JSON).render(report)  # deterministic


def test_junit_report(report: AuditReport) -> None:
    text = renderer_for(ReportFormat.JUNIT).render(report)
    root = ET.fromstring(text)
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [DOC_B, DOC_A]
    alpha = suites[1]
    cases = alpha.findall("testcase")
    assert len(cases) == 4 and alpha.get("tests") == "4"
    assert cases[0].get("name") == "note 10: https://gone.example.org/page"
    assert cases[0].find("failure") is not None
    assert "404" in (cases[0].find("failure").get("message") or "")  # type: ignore[union-attr]
    assert cases[2].find("skipped") is not None  # blocked
    assert cases[3].find("failure") is None and cases[3].find("skipped") is None
    beta = suites[0]
    assert beta.get("failures") == "1" and beta.get("skipped") == "1"  # broken + never checked
    assert root.get("tests") == "7" and root.get("failures") == "2"
    names = [c.get("name") for c in beta.findall("testcase")]
    assert "note 7: https://pipe.example.org/a|b?x=<y>&z=1" in names  # escaped, round-trips


def test_junit_strips_characters_xml_cannot_hold() -> None:
    url = "https://x.example/\x00\x1b"
    r = build_report({url: [Citing("d\x07oc", "1", None)]},
                     {url: CheckResult(url, LinkStatus.DEAD, http_status=404, error="bad\x0cbyte")},
                     {url: BROKEN})
    root = ET.fromstring(renderer_for(ReportFormat.JUNIT).render(r))
    case = root.find("testsuite/testcase")
    assert case is not None and case.get("name") == "note 1: https://x.example/"
    assert "badbyte" in (case.findtext("failure") or "")


def _offline_report(n: int = 130, verdicts: dict[str, Verdict] | None = None) -> AuditReport:
    urls = [f"https://host{i}.example.org/doc" for i in range(n)]
    citings = {u: [Citing("thesis.pdf", str(i + 1), None)] for i, u in enumerate(urls)}
    results = {u: CheckResult(u, LinkStatus.DEAD, error=DNS) for u in urls}
    return build_report(citings, results, verdicts or {}, generated_at="2026-03-04T10:05:00Z")


def test_offline_run_said_plainly() -> None:
    report = _offline_report()
    assert report.offline
    text = summary(report)
    assert text.startswith("This machine reached no website: 130 links unreachable")
    assert "no link is called dead" in text
    md = MarkdownRenderer().render(report)
    assert "This machine reached no website" in md and "BROKEN" not in md
    assert "| not reached (dead) | 130 |" in md and "| dead |" not in md
    root = ET.fromstring(renderer_for(ReportFormat.JUNIT).render(report))
    assert root.get("failures") == "0" and root.get("skipped") == "130"
    assert json.loads(renderer_for(ReportFormat.JSON).render(report))["offline"] is True


def test_offline_keeps_earlier_broken_verdicts() -> None:
    report = _offline_report(10, {"https://host0.example.org/doc": BROKEN})
    assert "Earlier runs had already found 1 broken link" in summary(report)
    root = ET.fromstring(renderer_for(ReportFormat.JUNIT).render(report))
    assert root.get("failures") == "1" and root.get("skipped") == "9"


def test_first_run_failures_are_not_broken_without_history() -> None:
    urls = [f"https://h{i}.example.org/" for i in range(3)]
    results = {urls[0]: dead(urls[0]), urls[1]: ok(urls[1]), urls[2]: ok(urls[2])}
    report = build_report({u: [Citing("d.txt", "1", None)] for u in urls}, results)
    assert report.broken == 0
    assert summary(report).startswith("No link is broken yet, but 1 of 3 links failed")
    all_ok = build_report({urls[1]: [Citing("d.txt", "1", None)]}, {urls[1]: ok(urls[1])})
    assert summary(all_ok) == "The only link works."
    two = build_report({u: [Citing("d.txt", "1", None)] for u in urls[1:]}, results)
    assert summary(two) == "All 2 links work."
    assert summary(build_report({}, {})) == "No cited links were found to check."


def test_write_reports_atomically(tmp_path: Path, report: AuditReport) -> None:
    out = tmp_path / "reports"
    written = write_reports(report, out)
    names = ["citewatch.sarif", "junit.xml", "report.html", "report.json", "report.md"]
    assert sorted(p.name for p in written.values()) == names
    assert sorted(p.name for p in out.iterdir()) == names  # no temp files
    json.loads((out / "report.json").read_text(encoding="utf-8"))
    ET.parse(out / "junit.xml")
    only = write_reports(report, out, [ReportFormat.JUNIT])
    assert list(only) == [ReportFormat.JUNIT]


def test_write_reports_error_names_path(tmp_path: Path, report: AuditReport) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(CitewatchError) as info:
        write_reports(report, blocker / "reports")
    assert "file" in str(info.value)


def test_shorten() -> None:
    assert shorten("a  b\nc") == "a b c"
    long = "word " * 40
    s = shorten(long, 50)
    assert len(s) <= 50 and s.endswith("…") and not s.endswith(" …")


def test_offline_rows_are_not_reached_not_failing() -> None:
    report = _offline_report(6)
    assert all(r.verdict is VerdictState.UNKNOWN and not r.broken for r in report.rows)
    md = MarkdownRenderer().render(report)
    assert md.count("not reached (dead) |  |") == 6 and "failing" not in md


def test_unchecked_at_the_deadline_is_neither_failing_nor_ok() -> None:
    url = "https://ngo.example/late"
    late = CheckResult(url, LinkStatus.UNCHECKED,
                       error="not checked (deadline): before any request for it was sent")
    rep = build_report({url: [Citing("doc.pdf", "7", "k")]}, {url: late})
    [row] = rep.rows
    assert row.verdict is VerdictState.UNKNOWN and not row.broken
    text = MarkdownRenderer().render(rep)
    assert "| not checked (deadline) | 1 |" in text
    assert "1 link not checked (deadline)" in summary(rep)
