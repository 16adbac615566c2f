from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator

import httpx
import pytest

from citewatch.archive.model import RepairConfirmation
from citewatch.archive.repair import (
    RepairRequest,
    break_positions,
    repair_candidates,
    suggest_repairs_sync,
)
from citewatch.citations.model import FoundUrl, SuspectReason
from citewatch.citations.urls import find_urls

from .conftest import fast_options
from .wayback_standin import LiveSite, WaybackStandin


@pytest.fixture
def site() -> Iterator[LiveSite]:
    with LiveSite() as s:
        yield s


def http_live_check() -> Callable[[str], Awaitable[bool]]:
    async def check(url: str) -> bool:
        async with httpx.AsyncClient(timeout=5) as client:
            try:
                return (await client.get(url)).status_code == 200
            except httpx.HTTPError:
                return False

    return check


def found(url: str, raw: str | None = None, *reasons: SuspectReason, detail: str = "") -> FoundUrl:
    return FoundUrl(
        url=url,
        raw=raw if raw is not None else url,
        line=1,
        end_line=1 + (raw or "").count("\n"),
        suspect=tuple(reasons),
        detail=detail,
    )


# -- candidates (pure) -------------------------------------------------------------------


def test_break_positions_from_raw_text() -> None:
    kept = found("https://x.org/annual-report.pdf", "https://x.org/annual-\nreport.pdf")
    dropped = found("https://x.org/annualreport.pdf", "https://x.org/annual-\n  report.pdf")
    plain = found("https://x.org/annualreport.pdf", "https://x.org/annual\nreport.pdf")
    assert break_positions(kept) == [(21, False)]
    assert break_positions(dropped) == [(20, True)]
    assert break_positions(plain) == [(20, False)]
    assert break_positions(found("https://x.org/a")) == []


def test_candidates_for_each_artefact() -> None:
    hy = repair_candidates(
        found(
            "https://x.org/annualreport",
            "https://x.org/annual\nreport",
            SuspectReason.HYPHEN_AT_BREAK,
        )
    )
    assert [c.url for c in hy] == ["https://x.org/annual-report"]
    assert hy[0].prefix == "https://x.org/annual"

    kept = repair_candidates(found("https://x.org/annual-report", "https://x.org/annual-\nreport"))
    assert [c.url for c in kept] == ["https://x.org/annualreport"]

    sp = repair_candidates(found("https://x.org/a-%20b/c", None, SuspectReason.SPACE_IN_URL))
    assert sp[0].url == "https://x.org/a-b/c" and sp[0].prefix == "https://x.org/a-"

    tr = repair_candidates(
        found("https://x.org/docs/very-long-", None, SuspectReason.TRUNCATED),
        orphans=["name.html", " /other>"],
    )
    assert [c.url for c in tr] == [
        "https://x.org/docs/very-long-name.html",
        "https://x.org/docs/very-long-/other",
    ]

    punct = repair_candidates(found("https://x.org/page)."))
    assert [c.url for c in punct] == ["https://x.org/page"]
    wiki = repair_candidates(found("https://en.wikipedia.org/wiki/Bar_(law)."))
    assert [c.url for c in wiki] == ["https://en.wikipedia.org/wiki/Bar_(law)"]
    assert repair_candidates(found("https://x.org/fine")) == []


def test_candidates_from_the_extractors_own_output() -> None:
    text = "See https://www.example.org/publications/annual-\nreport-2019.pdf for it."
    [u] = find_urls(text)
    cands = [c.url for c in repair_candidates(u)]
    other = (
        "https://www.example.org/publications/annualreport-2019.pdf"
        if "annual-report" in u.url
        else "https://www.example.org/publications/annual-report-2019.pdf"
    )
    assert other in cands


def test_ambiguous_join_offers_the_cut() -> None:
    u = found(
        "https://x.org/pagefollowing", "https://x.org/page\nfollowing", SuspectReason.AMBIGUOUS_JOIN
    )
    assert "https://x.org/page" in [c.url for c in repair_candidates(u)]


# -- confirmed by a live check -----------------------------------------------------------


def test_hyphen_reinserted_confirmed_live(site: LiveSite) -> None:
    site.paths.add("/annual-report.pdf")
    u = found(
        f"{site.base_url}/annualreport.pdf",
        f"{site.base_url}/annual\nreport.pdf",
        SuspectReason.HYPHEN_AT_BREAK,
    )
    [s] = suggest_repairs_sync([u], live_check=http_live_check())
    assert s.candidate == f"{site.base_url}/annual-report.pdf"
    assert s.confirmed_by is RepairConfirmation.LIVE and "hyphen" in s.evidence


def test_space_removed_confirmed_live(site: LiveSite) -> None:
    site.paths.add("/a-b/c")
    u = found(f"{site.base_url}/a-%20b/c", None, SuspectReason.SPACE_IN_URL)
    [s] = suggest_repairs_sync([u], live_check=http_live_check())
    assert s.candidate == f"{site.base_url}/a-b/c" and "%20" in s.evidence


def test_orphan_tail_joined_confirmed_live(site: LiveSite) -> None:
    site.paths.add("/docs/very-long-name.html")
    u = found(f"{site.base_url}/docs/very-long-", None, SuspectReason.TRUNCATED)
    [s] = suggest_repairs_sync(
        [RepairRequest(u, ("unrelated/x", "name.html"))], live_check=http_live_check()
    )
    assert s.candidate == f"{site.base_url}/docs/very-long-name.html"
    assert "name.html" in s.evidence


def test_trailing_punctuation_confirmed_live(site: LiveSite) -> None:
    site.paths.add("/page")
    [s] = suggest_repairs_sync([found(f"{site.base_url}/page).")], live_check=http_live_check())
    assert s.candidate == f"{site.base_url}/page"


def test_nothing_confirmed_means_no_suggestion(site: LiveSite) -> None:
    u = found(
        f"{site.base_url}/annualreport",
        f"{site.base_url}/annual\nreport",
        SuspectReason.HYPHEN_AT_BREAK,
    )
    assert suggest_repairs_sync([u], live_check=http_live_check()) == []
    [s] = suggest_repairs_sync([u], live_check=http_live_check(), include_unconfirmed=True)
    assert s.confirmed_by is None and s.candidate.endswith("/annual-report")


# -- confirmed by the archive's index ----------------------------------------------------


def test_hyphen_confirmed_by_cdx_prefix(standin: WaybackStandin) -> None:
    standin.add("http://www.ohchr.org:80/Documents/annual-report-2019.pdf", "20190505000000")
    standin.add("http://www.ohchr.org/Documents/annual-summary.pdf", "20190505000000")
    u = found(
        "https://www.ohchr.org/Documents/annualreport-2019.pdf",
        "https://www.ohchr.org/Documents/annual\nreport-2019.pdf",
        SuspectReason.HYPHEN_AT_BREAK,
    )
    [s] = suggest_repairs_sync([u], options=fast_options(standin))
    assert s.candidate == "https://www.ohchr.org/Documents/annual-report-2019.pdf"
    assert s.confirmed_by is RepairConfirmation.ARCHIVE
    assert s.archive_url is not None and "/web/20190505000000/" in s.archive_url
    [cdx] = standin.requests_to("/cdx/")
    assert cdx.params["matchType"] == ["prefix"]
    assert cdx.params["url"] == ["www.ohchr.org/Documents/annual"]


def test_archived_spelling_decides_where_the_hyphen_goes(standin: WaybackStandin) -> None:
    # printed with a word-break hyphen kept; the archive holds it without
    standin.add("https://x.org/reports/annualreport.pdf", "20190505000000")
    u = found(
        "x.org/reports/annual-report.pdf",
        "x.org/reports/annual-\nreport.pdf",
        SuspectReason.HYPHEN_AT_BREAK,
    )
    [s] = suggest_repairs_sync([u], options=fast_options(standin))
    assert s.candidate == "x.org/reports/annualreport.pdf"  # printed form: no scheme added


def test_space_confirmed_by_cdx(standin: WaybackStandin) -> None:
    standin.add("https://x.org/a-b/c", "20190505000000")
    [s] = suggest_repairs_sync(
        [found("https://x.org/a-%20b/c", None, SuspectReason.SPACE_IN_URL)],
        options=fast_options(standin),
    )
    assert s.candidate == "https://x.org/a-b/c" and s.confirmed_by is RepairConfirmation.ARCHIVE


def test_truncated_joined_with_orphan_confirmed_by_cdx(standin: WaybackStandin) -> None:
    standin.add("https://x.org/docs/very-long-name.html", "20190505000000")
    standin.add("https://x.org/docs/very-long-other.html", "20190505000000")
    u = found("https://x.org/docs/very-long-", None, SuspectReason.TRUNCATED)
    [s] = suggest_repairs_sync([RepairRequest(u, ("name.html",))], options=fast_options(standin))
    assert s.candidate == "https://x.org/docs/very-long-name.html"
    assert "name.html" in s.evidence


def test_truncated_completed_from_index_only_when_unique(standin: WaybackStandin) -> None:
    standin.add("https://x.org/docs/very-long-name.html", "20190505000000")
    u = found("https://x.org/docs/very-long-", None, SuspectReason.TRUNCATED)
    [s] = suggest_repairs_sync([u], options=fast_options(standin))
    assert s.candidate == "https://x.org/docs/very-long-name.html"
    standin.add("https://x.org/docs/very-long-other.html", "20190505000000")
    assert suggest_repairs_sync([u], options=fast_options(standin)) == []


def test_trailing_punctuation_confirmed_by_cdx(standin: WaybackStandin) -> None:
    standin.add("https://x.org/page", "20190505000000")
    [s] = suggest_repairs_sync([found("https://x.org/page).")], options=fast_options(standin))
    assert s.candidate == "https://x.org/page"


def test_live_check_first_then_archive(site: LiveSite, standin: WaybackStandin) -> None:
    standin.add(f"{site.base_url}/annual-report", "20190505000000")
    u = found(
        f"{site.base_url}/annualreport",
        f"{site.base_url}/annual\nreport",
        SuspectReason.HYPHEN_AT_BREAK,
    )
    [s] = suggest_repairs_sync([u], live_check=http_live_check(), options=fast_options(standin))
    assert s.confirmed_by is RepairConfirmation.ARCHIVE  # the site no longer serves it
    assert site.hits == ["/annual-report"]


def test_rate_limited_archive_only_loses_that_confirmation(standin: WaybackStandin) -> None:
    standin.answer_429 = 100
    u = found("https://x.org/page).")
    # one lookup at a time: with two in flight, both may be sent after the first pause
    # before either 429 is counted, however long the pause (a race, not the policy)
    options = fast_options(standin, max_429=2, backoff=0.3, concurrency=1)
    got = suggest_repairs_sync([u, u], options=options)
    assert got == []
    assert len(standin.log) == 2


def test_no_candidate_the_folder_listing_decides_hyphens(standin: WaybackStandin) -> None:
    """A failing URL nothing flagged: the archive's listing of its folder holds the spelling
    with the hyphen the text lost."""
    standin.add("https://x.org/news/releases-69-prisoners-of-war", "20210101000000")
    standin.add("https://x.org/news/other-page", "20210101000000")
    [s] = suggest_repairs_sync(
        [found("https://x.org/news/releases-69prisoners-of-war")], options=fast_options(standin)
    )
    assert s.candidate == "https://x.org/news/releases-69-prisoners-of-war"
    assert s.confirmed_by is RepairConfirmation.ARCHIVE
    assert "archive" in s.evidence


def test_a_url_cut_at_a_line_end_is_completed_only_by_a_rest(standin: WaybackStandin) -> None:
    standin.add("https://x.org/eng/news/1053254.html", "20210101000000")
    [s] = suggest_repairs_sync(
        [found("https://x.org/eng/news/1053254")], options=fast_options(standin)
    )
    assert s.candidate == "https://x.org/eng/news/1053254.html"
    # another page that merely starts the same way is not the rest of this one
    standin.add("https://x.org/docs/report-2", "20210101000000")
    assert (
        suggest_repairs_sync([found("https://x.org/docs/report")], options=fast_options(standin))
        == []
    )


def test_text_glued_after_a_url_is_a_candidate_file_extensions_are_not() -> None:
    glued = [c.url for c in repair_candidates(found("https://doi.org/10.1017/S09221565.3SC"))]
    assert "https://doi.org/10.1017/S09221565" in glued
    own = [c.url for c in repair_candidates(found("https://x.org/a/report.pdf"))]
    assert "https://x.org/a/report" not in own


def test_a_page_number_glued_after_an_article_slug_is_a_candidate() -> None:
    slug = "https://x.org/news/2021/05/improving-prospects-for-peace/"
    assert slug in [c.url for c in repair_candidates(found(slug + "3"))]
    # a number after anything else may be the URL's own: never cut
    assert repair_candidates(found("https://x.org/article/123")) == []
