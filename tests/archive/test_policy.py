"""Pure policy: capture choice, backoff, TimeMap parsing, target dates, cache ageing."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from citewatch.archive.cache import ArchiveCache
from citewatch.archive.choose import (
    CdxRow,
    choose_capture,
    effective_status,
    parse_cdx_json,
    rank_candidates,
    wayback_timestamp,
)
from citewatch.archive.client import Tally, WaybackClient
from citewatch.archive.memento import mementos, parse_link_format, rank_mementos
from citewatch.archive.model import (
    ArchiveOptions,
    ArchiveOutcome,
    ArchiveResult,
    Snapshot,
    SnapshotSource,
    target_date_for,
)
from citewatch.archive.ratelimit import backoff_delay, parse_retry_after

from .conftest import fast_options
from .wayback_standin import WaybackStandin


def row(ts: str, status: str = "200", digest: str = "D") -> CdxRow:
    return CdxRow(
        ts, "http://x.org/", status, "warc/revisit" if status == "-" else "text/html", digest
    )


def test_parse_cdx_json_real_shapes() -> None:
    payload = [
        ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"],
        [
            "org,archive)/",
            "19970126045828",
            "http://www.archive.org:80/",
            "text/html",
            "200",
            "Q4YULN754FHV2U6Q5JUT6Q2P57WEWNNY",
            "1415",
        ],
        [
            "org,archive)/",
            "19971011050034",
            "http://www.archive.org:80/",
            "warc/revisit",
            "-",
            "Q4YULN754FHV2U6Q5JUT6Q2P57WEWNNY",
            "1402",
        ],
        [],
        ["org%2Carchive%29%2F+19980109140106%21"],
    ]
    rows = parse_cdx_json(payload)
    assert [r.timestamp for r in rows] == ["19970126045828", "19971011050034"]
    assert rows[1].is_revisit and effective_status(rows[1], rows) == 200
    assert parse_cdx_json([]) == [] and parse_cdx_json({"x": 1}) == []
    custom = parse_cdx_json([["timestamp", "statuscode"], ["2019", "404"]])
    assert custom == [CdxRow("2019", "", "404")]


def test_rank_prefers_before_then_after() -> None:
    rows = [
        row("20190101000000"),
        row("20190501000000"),
        row("20181201000000"),
        row("20190601000000"),
        row("20190420000000", "500"),
    ]
    ranked = [r.timestamp for r, _ in rank_candidates(rows, "20190401000000")]
    assert ranked == ["20190101000000", "20181201000000", "20190501000000", "20190601000000"]
    assert choose_capture([row("20200101000000")], "20190401000000") == row("20200101000000")
    assert choose_capture([row("20180101000000", "404")], "20190401000000") is None


def test_same_day_counts_as_before() -> None:
    target = wayback_timestamp(date(2019, 4, 1))
    assert target == "20190401235959"
    ranked = rank_candidates([row("20190401180000"), row("20190402000000")], target)
    assert ranked[0][0].timestamp == "20190401180000"


def test_revisit_of_unknown_status_is_kept_for_the_replay_to_decide() -> None:
    rows = [row("20190101000000", "-", digest="UNSEEN")]
    assert rank_candidates(rows, "20190401000000") == [(rows[0], None)]


def test_backoff_policy() -> None:
    assert backoff_delay(1, None, base=5, cap=120, max_429=4) == 5
    assert backoff_delay(2, None, base=5, cap=120, max_429=4) == 10
    assert backoff_delay(3, "7", base=5, cap=120, max_429=4) == 7
    assert backoff_delay(4, "1", base=5, cap=120, max_429=4) is None  # the bound
    assert backoff_delay(1, "3600", base=5, cap=120, max_429=4) is None  # longer than we wait
    assert backoff_delay(3, None, base=50, cap=120, max_429=9) == 120
    when = datetime(2030, 1, 1, 0, 0, 30, tzinfo=UTC)
    assert parse_retry_after("Tue, 01 Jan 2030 00:00:30 GMT", now=when - timedelta(seconds=30)) == 30
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


RFC7089_TIMEMAP = """<http://a.example.org>;rel="original",
<http://arxiv.example.net/timemap/http://a.example.org>
  ; rel="self";type="application/link-format"
  ; from="Tue, 20 Jun 2000 18:02:59 GMT"
  ; until="Wed, 09 Apr 2008 20:30:51 GMT",
<http://arxiv.example.net/timegate/http://a.example.org>
  ; rel="timegate",
<http://arxiv.example.net/web/20000620180259/http://a.example.org>
  ; rel="first memento";datetime="Tue, 20 Jun 2000 18:02:59 GMT"
  ; license="http://creativecommons.org/publicdomain/zero/1.0/",
<http://arxiv.example.net/web/20091027204954/http://a.example.org>
   ; rel="last memento";datetime="Tue, 27 Oct 2009 20:49:54 GMT"
   ; license="http://creativecommons.org/publicdomain/zero/1.0/",
<http://arxiv.example.net/web/20000621011731/http://a.example.org>
  ; rel="memento";datetime="Wed, 21 Jun 2000 01:17:31 GMT"
  ; license="http://creativecommons.org/publicdomain/zero/1.0/",
<http://arxiv.example.net/web/20000621044156/http://a.example.org>
  ; rel="memento";datetime="Wed, 21 Jun 2000 04:41:56 GMT"
  ; license="http://creativecommons.org/publicdomain/zero/1.0/"
"""


def test_timemap_of_rfc7089() -> None:
    links = parse_link_format(RFC7089_TIMEMAP)
    assert len(links) == 7
    assert links[1].params["from"] == "Tue, 20 Jun 2000 18:02:59 GMT"
    found = mementos(RFC7089_TIMEMAP)
    assert [m.uri.split("/")[4] for m in found] == [
        "20000620180259",
        "20000621011731",
        "20000621044156",
        "20091027204954",
    ]
    ranked = rank_mementos(found, datetime(2000, 6, 21, 3, tzinfo=UTC))
    assert ranked[0].uri.split("/")[4] == "20000621011731"
    assert ranked[-1].uri.split("/")[4] == "20091027204954"


def test_target_date_for() -> None:
    assert target_date_for("2019-03-05", "2018") == date(2019, 3, 5)
    assert target_date_for(None, "2018-02") == date(2018, 2, 28)
    assert target_date_for(None, None, "2017") == date(2017, 12, 31)
    assert target_date_for("n.d.", None) is None


def test_replay_follows_redirect_to_nearest_capture(standin: WaybackStandin) -> None:
    url = "https://example.org/r"
    standin.add(url, "20150101000000", "20190101000000")

    async def go() -> tuple[str | None, str | None, int]:
        tally = Tally()
        async with WaybackClient(fast_options(standin)) as client:
            near = await client.replays(url, "2018", tally)
            gone = await client.replays("https://example.org/never", "2018", tally)
        return near, gone, tally.requests

    near, gone, n = asyncio.run(go())
    assert near == "20190101000000" and gone is None and n == 3
    assert standin.log[0].status == 302


def test_cache_entries_age_out(tmp_path: Path) -> None:
    cache = ArchiveCache(tmp_path / "h.sqlite")
    snap = Snapshot("u", "http://a/web/2019/u", "20190101000000", 200, SnapshotSource.CDX)
    looked = (datetime.now(UTC) - timedelta(days=10)).isoformat()
    cache.put(
        ArchiveResult(
            "u", snap, "r", 2, ArchiveOutcome.FOUND, date(2019, 1, 2), looked_up_at=looked
        )
    )
    cache.put(
        ArchiveResult(
            "v",
            None,
            "archive unavailable (rate limited)",
            1,
            ArchiveOutcome.RATE_LIMITED,
            None,
            looked_up_at=looked,
        )
    )
    hit = cache.get("u", date(2019, 1, 2), max_age_days=30)
    assert hit is not None and hit.snapshot == snap and hit.from_cache
    assert cache.get("u", date(2019, 1, 2), max_age_days=5) is None
    assert cache.get("u", None, max_age_days=30) is None
    assert cache.get("v", None, max_age_days=30) is None  # rate limited is not remembered
    cache.close()


def test_endpoints_derive_from_the_base() -> None:
    o = ArchiveOptions(wayback_url="https://arquivo.pt/wayback/")
    assert o.cdx_endpoint == "https://arquivo.pt/wayback/cdx/search/cdx"
    assert o.availability_endpoint == "https://arquivo.pt/wayback/wayback/available"
    assert o.replay_url("2019", "http://x/") == "https://arquivo.pt/wayback/web/2019id_/http://x/"
    assert ArchiveOptions().availability_endpoint == "https://archive.org/wayback/available"
