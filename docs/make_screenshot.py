"""Render a sample audit as report.html and photograph it in headless Chromium:
docs/report-html.png, the picture in the README. Run from the repository root:
``.venv/bin/python docs/make_screenshot.py`` (needs the Debian ``chromium`` package)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.report.chromium import browser

from citewatch.archive.model import RepairConfirmation
from citewatch.check.model import CheckResult, Citing, LinkStatus
from citewatch.check.policy import Verdict, VerdictState
from citewatch.report.html import HtmlRenderer
from citewatch.report.model import Repair, build_report

DOC = "reports/hrw-azerbaijan.pdf"
WHEN = "2026-03-09T06:17:00Z"
HRW = "https://www.hrw.org/news/2020/10/23/azerbaijan-cluster-munitions-used-nagorno-karabakh"
GONE = "https://www.mfa.gov.az/en/news/statement-2020-10-24"
WSJ = "https://www.wsj.com/articles/turkish-backed-syrian-fighters-join-conflict-11602625885"
EVN = "https://evnreport.com/politics/understanding-armenophobia"
MEANT = "https://www.theguardian.com/world/2020/oct/02/syrian-recruit-describes-role-of-foreign-fighters-in-nagorno-karabakh"
PRINTED = "www.theguardian.com/world/2020/oct/02/syrian-recruit-describes-role-of-foreign-fightersin-nagorno-karabakh"


def main() -> None:
    citings = {
        GONE: [Citing(DOC, "4", "mfa2020statement", line=88, printed=GONE)],
        HRW: [Citing(DOC, "3", "hrw2020azerbaijan", line=61, printed=HRW.removeprefix("https://"))],
        WSJ: [Citing(DOC, "7", "abdulrahim2020turkish", line=140, printed=WSJ)],
        EVN: [Citing(DOC, "9", "kopalyan2020understanding", line=171, printed=EVN)],
        "https://" + PRINTED: [Citing(DOC, "12", "mckernan2020syrian", line=203, printed=PRINTED)],
    }
    results = {
        GONE: CheckResult(GONE, LinkStatus.DEAD, http_status=404, checked_at=WHEN,
                          error="HTTP 404 Not Found"),
        HRW: CheckResult(HRW, LinkStatus.ALIVE, http_status=200, checked_at=WHEN),
        WSJ: CheckResult(WSJ, LinkStatus.BLOCKED, http_status=403, checked_at=WHEN,
                         evidence=("bot wall (DataDome)",)),
        EVN: CheckResult(EVN, LinkStatus.SOFT404, http_status=200, checked_at=WHEN,
                         evidence=("a random path on the host gets the same page",)),
        "https://" + PRINTED: CheckResult("https://" + PRINTED, LinkStatus.DEAD, http_status=404,
                                          checked_at=WHEN),
        MEANT: CheckResult(MEANT, LinkStatus.ALIVE, http_status=200, checked_at=WHEN),
    }
    verdicts = {
        GONE: Verdict(state=VerdictState.BROKEN, broken=True, failures_in_a_row=3,
                      failing_since="2026-02-23T06:17:00Z", checks=6),
        HRW: Verdict(state=VerdictState.OK, checks=6),
        WSJ: Verdict(state=VerdictState.BLOCKED, checks=6),
        EVN: Verdict(state=VerdictState.FAILING, failures_in_a_row=1,
                     failing_since=WHEN, checks=6),
        MEANT: Verdict(state=VerdictState.OK, checks=1),
    }
    texts = {c: t for c, t in zip(
        [p[0] for p in citings.values()],
        ["Ministry of Foreign Affairs, “Statement on the shelling of Ganja” (24 October 2020)",
         "Human Rights Watch, “Azerbaijan: Cluster Munitions Used in Nagorno-Karabakh” (2020)",
         "Raja Abdulrahim, “Turkish-Backed Syrian Fighters Join Armenian-Azeri Conflict”, WSJ",
         "Nerses Kopalyan, “Understanding the Aliyev Regime’s Armenophobia”, EVN Report",
         "Bethan McKernan, “Syrian recruit describes role of foreign fighters”, The Guardian"],
        strict=True)}
    report = build_report(
        citings, results, verdicts, texts=texts, generated_at=WHEN,
        stored_archives={GONE: ("https://web.archive.org/web/20201024113012/" + GONE, "2020-10-24")},
        repairs={"https://" + PRINTED: Repair(MEANT, "hyphen re-inserted at the line break",
                                              RepairConfirmation.LIVE)},
    )
    with tempfile.TemporaryDirectory() as tmp:
        page_file = Path(tmp) / "report.html"
        page_file.write_text(HtmlRenderer().render(report), encoding="utf-8")
        with browser(Path(tmp) / "profile") as page:
            page.viewport(1200, 700)
            page.load(page_file.as_uri())
            out = page.screenshot(ROOT / "docs" / "report-html.png")
    print(out)


if __name__ == "__main__":
    main()
