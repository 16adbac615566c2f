"""A small audit report with every verdict, an archived copy and hostile citation text,
shared by the SARIF and HTML tests."""

from __future__ import annotations

from datetime import date

from citewatch.archive.model import Repair, RepairConfirmation
from citewatch.check.model import CheckResult, Citing, LinkStatus
from citewatch.check.policy import Verdict, VerdictState
from citewatch.citations.seen import DateSource, SeenDate
from citewatch.report.model import AuditReport, build_report

DOC_A = "docs/alpha.txt"
DOC_B = "docs/beta & <gamma>.md"
HOSTILE = "<script>window.__pwned = 1</script> \"quoted\" 'single' & <img src=x onerror=alert(1)>"
WHEN = "2026-03-04T10:00:00Z"

GOOD = "https://good.example.org/page"
GONE = "https://gone.example.org/report"
FLAP = "https://flap.example.org/x"
WALL = "https://wall.example.org/paper"
EVIL = "javascript:alert(1)//\"><script>window.__pwned=2</script>"
DAMAGED = "https://hyphen.example.org/videos-appear-toshow"
MEANT = "https://hyphen.example.org/videos-appear-to-show"


def sample_report() -> AuditReport:
    citings = {
        GOOD: [Citing(DOC_A, "2", "good2020"), Citing(DOC_B, "1", "good2020")],
        GONE: [Citing(DOC_A, "10", "gone2019", line=40, printed="gone.example.org/report",
                      seen=SeenDate(date(2020, 6, 1), DateSource.ACCESSED)),
               Citing(DOC_A, "12", "gone2019", line=47)],
        DAMAGED: [Citing(DOC_A, "14", "hyphen2020", line=52, printed=DAMAGED.removeprefix("https://"))],
        FLAP: [Citing(DOC_A, "3", None)],
        WALL: [Citing(DOC_A, None, "wall2018")],
        EVIL: [Citing(DOC_B, "7", "evil2021")],
    }
    results = {
        GOOD: CheckResult(GOOD, LinkStatus.ALIVE, http_status=200, checked_at=WHEN),
        GONE: CheckResult(GONE, LinkStatus.DEAD, http_status=404, checked_at=WHEN,
                          error="HTTP 404 Not Found"),
        FLAP: CheckResult(FLAP, LinkStatus.TIMEOUT, error="ReadTimeout", checked_at=WHEN),
        WALL: CheckResult(WALL, LinkStatus.BLOCKED, http_status=403, checked_at=WHEN,
                          evidence=("cloudflare challenge",)),
        EVIL: CheckResult(EVIL, LinkStatus.SOFT404, http_status=200, checked_at=WHEN,
                          evidence=(HOSTILE,)),
        DAMAGED: CheckResult(DAMAGED, LinkStatus.DEAD, http_status=404, checked_at=WHEN),
        MEANT: CheckResult(MEANT, LinkStatus.ALIVE, http_status=200, checked_at=WHEN),
    }
    broken = Verdict(state=VerdictState.BROKEN, broken=True, failures_in_a_row=3,
                     failing_since="2026-03-01T10:00:00Z", first_seen="2026-02-01T10:00:00Z",
                     checks=5)
    verdicts = {
        GOOD: Verdict(state=VerdictState.OK, first_seen="2026-02-01T10:00:00Z", checks=5),
        GONE: broken,
        FLAP: Verdict(state=VerdictState.FLAKY, flaky=True, failures_in_a_row=1,
                      failing_since=WHEN, checks=6),
        WALL: Verdict(state=VerdictState.BLOCKED, checks=2),
        EVIL: Verdict(state=VerdictState.FAILING, failures_in_a_row=1, failing_since=WHEN),
    }
    texts = {
        Citing(DOC_B, "7", "evil2021"): HOSTILE,
        Citing(DOC_A, "10", "gone2019"): "Human Rights Watch, “Gone report” (2019)",
    }
    archives = {GONE: ("https://web.archive.org/web/20190501000000/" + GONE, "2019-05-01")}
    repairs = {DAMAGED: Repair(MEANT, "hyphen re-inserted at the line break",
                               RepairConfirmation.LIVE)}
    return build_report(citings, results, verdicts, texts=texts, stored_archives=archives,
                        repairs=repairs, generated_at="2026-03-04T10:05:00Z")
