"""The main job repairs what text extraction damaged and picks the capture a citation saw.

``citewatch audit --archive`` on a small document against a live site and the Wayback
stand-in, both on loopback: each URL below has a known fate, and report.json must say, per
citation, what was printed, what was checked in its place and why, and which capture was
chosen before which date.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from citewatch.cli import app
from tests.archive.wayback_standin import LiveSite, WaybackStandin

runner = CliRunner()

DOC = """A Report on Displacement

Cited in the notes below.1 2 3 4 5 6

1 Human Rights Watch, “Azerbaijan: Cluster Munitions Used in Attack”, HRW (23 October 2020),
online: <{base}/news/2020/10/23/azerbaijan-clustermunitions-used>.
2 Jane Doe, “Restoring the Record”, Example News (5 May 2021), online:
<{base}/news/restof-world/2021/05/05/restoring-the-record>.
3 UNHCR, “Conference (Displacement in the Region)”, UNHCR (1996), online:
<{base}/publications/unhcr-conferencedisplacement-caucasus.html>.
4 John Roe, “A Page That Is Gone”, Example (1 March 2019), online: <{base}/gone/page-2019>
(accessed 2 March 2019).
5 Ibid.
6 Mary Major, “An Undated Note”, Example, online: <{base}/gone/undated>.
"""


@pytest.fixture()
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.chdir(tmp_path)
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(var, raising=False)
    with LiveSite() as site, WaybackStandin() as archive:
        base = site.base_url
        site.paths |= {
            "/news/2020/10/23/azerbaijan-cluster-munitions-used",
            "/news/rest-of-world/2021/05/05/restoring-the-record",
        }
        # the meant URL of note 3 is gone too: only the archive knows its spelling
        gone3 = f"{base}/publications/unhcr-conference-displacement-caucasus.html"
        archive.add(gone3, "19970101000000", "20150101000000")
        archive.add(f"{base}/gone/page-2019", "20180101000000", "20190301000000", "20200101000000")
        archive.add(f"{base}/gone/undated", "20100101000000", "20240101000000")
        (tmp_path / "citewatch.toml").write_text(
            f'wayback_url = "{archive.base_url}"\ncdx_rate = 200\nreplay_rate = 200\n',
            encoding="utf-8",
        )
        (tmp_path / "docs").mkdir()
        (tmp_path / "docs" / "report.txt").write_text(DOC.format(base=base), encoding="utf-8")
        yield base, archive


def _rows(tmp_path: Path) -> dict[str, dict[str, Any]]:
    data = json.loads((tmp_path / "reports" / "report.json").read_text(encoding="utf-8"))
    return {r["note"]: r for d in data["documents"] for r in d["rows"]}


def test_audit_repairs_damaged_urls_and_picks_captures_by_the_citation_date(
    world: Any, tmp_path: Path
) -> None:
    base, _archive = world
    args = ["audit", "-q", "--strict", "--archive", "docs"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output  # notes 3, 4 and 6 are gone for good
    rows = _rows(tmp_path)

    # a hyphen pdftotext dropped at a line break: the page meant is alive, checked in its place
    one = rows["1"]
    assert one["printed_url"] == f"{base}/news/2020/10/23/azerbaijan-clustermunitions-used"
    assert one["url"] == f"{base}/news/2020/10/23/azerbaijan-cluster-munitions-used"
    assert one["class"] == "alive" and one["broken"] is False
    assert one["repair"]["confirmed_by"] == "live"
    assert one["repair"]["printed_class"] == "dead"
    assert "line break" in one["repair"]["evidence"]
    assert one["line"] == 6

    # no flag from extraction, but a well-known path part without its hyphen
    two = rows["2"]
    assert two["url"] == f"{base}/news/rest-of-world/2021/05/05/restoring-the-record"
    assert two["class"] == "alive" and "well-known" in two["repair"]["evidence"]

    # glued words of the title; the page is gone: the archive's index settles the spelling
    three = rows["3"]
    assert three["url"] == f"{base}/publications/unhcr-conference-displacement-caucasus.html"
    assert three["repair"]["confirmed_by"] == "archive-index"
    assert three["class"] == "dead"
    assert three["target_date"] == {"date": "1996-12-31", "source": "published"}
    assert three["archive_date"] == "1997-01-01"  # none before 1996: the earliest after

    # access date decides, and the short form repeating it inherits the same capture
    four, five = rows["4"], rows["5"]
    assert four["target_date"] == {"date": "2019-03-02", "source": "accessed"}
    assert four["archive_date"] == "2019-03-01"
    assert "/web/20190301000000/" in four["archive_url"]
    assert five["url"] == four["url"] and five["archive_date"] == "2019-03-01"

    # an undated citation: the latest date the document cites, not today
    six = rows["6"]
    assert six["target_date"]["source"] == "latest-cited"
    assert six["target_date"]["date"] == "2021-05-05"
    assert six["archive_date"] == "2010-01-01"

    md = (tmp_path / "reports" / "report.md").read_text(encoding="utf-8")
    assert "probably meant" in md and "confirmed by a live check" in md

    # nothing was written into refs/ without --apply; with it, the repairs are
    bib = next((tmp_path / "refs").glob("*.bib")).read_text(encoding="utf-8")
    assert "azerbaijan-clustermunitions-used" in bib and "citewatch-repaired" not in bib
    applied = runner.invoke(app, [*args, "--apply"])
    assert applied.exit_code == 1, applied.output
    bib = next((tmp_path / "refs").glob("*.bib")).read_text(encoding="utf-8")
    assert "url = {" + f"{base}/news/2020/10/23/azerbaijan-cluster-munitions-used" + "}" in bib
    assert "citewatch-repaired" in bib
