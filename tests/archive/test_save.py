from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from citewatch.archive.model import (
    DEFAULT_WAYBACK_URL,
    ArchiveOptions,
    SaveMethod,
    SaveOptions,
    SaveOutcome,
    SnapshotSource,
)
from citewatch.archive.save import choose_method, save_urls_sync

from .conftest import fast_options
from .wayback_standin import Capture, WaybackStandin, canon

URL = "https://example.org/live-page"


def spn2(standin: WaybackStandin, **kw: object) -> ArchiveOptions:
    save = SaveOptions(
        enabled=True,
        access_key="test-access",
        secret_key="test-secret",
        rate=100.0,
        poll_interval=0.02,
        max_polls=10,
        deadline=5.0,
    )
    for k, v in kw.items():
        save = SaveOptions(**{**save.__dict__, k: v})
    return fast_options(standin, save=save)


def test_spn2_job_followed_to_completion(standin: WaybackStandin) -> None:
    standin.save_polls = 3
    [res] = save_urls_sync([URL], spn2(standin))
    assert res.outcome is SaveOutcome.SAVED, res.reason
    assert res.job_id and res.job_id.startswith("spn2-")
    assert res.snapshot is not None and res.snapshot.source is SnapshotSource.SAVE
    assert res.snapshot.archive_url == f"{standin.base_url}/web/{res.snapshot.timestamp}/{URL}"
    statuses = standin.requests_to("/save/status/")
    assert len(statuses) == 4  # three "pending", then "success"
    [post] = [r for r in standin.log if r.method == "POST"]
    assert post.path == "/save"
    # the new capture is in the index: a second run finds it recent and saves nothing
    [again] = save_urls_sync([URL], spn2(standin))
    assert again.outcome is SaveOutcome.RECENT
    assert len([r for r in standin.log if r.method == "POST"]) == 1


def test_recent_capture_means_no_save(standin: WaybackStandin) -> None:
    recent = (datetime.now(UTC) - timedelta(days=3)).strftime("%Y%m%d%H%M%S")
    old = (datetime.now(UTC) - timedelta(days=90)).strftime("%Y%m%d%H%M%S")
    standin.add(URL, recent)
    standin.add(
        "https://example.org/old", old, Capture(recent, "https://example.org/old", status="404")
    )
    res = save_urls_sync([URL, "https://example.org/old"], spn2(standin))
    assert [r.outcome for r in res] == [SaveOutcome.RECENT, SaveOutcome.SAVED]


def test_job_error_and_bounded_polling(standin: WaybackStandin) -> None:
    [failed] = save_urls_sync(["https://fail.example/x"], spn2(standin))
    assert failed.outcome is SaveOutcome.FAILED and "resolve host" in failed.reason
    standin.save_polls = 1000
    [slow] = save_urls_sync([URL], spn2(standin, max_polls=4))
    assert slow.outcome is SaveOutcome.TIMEOUT
    assert len(standin.requests_to("/save/status/")) == 1 + 4


def test_wrong_keys_are_refused(standin: WaybackStandin) -> None:
    standin.save_key = ("other", "keys")
    [res] = save_urls_sync([URL], spn2(standin))
    assert res.outcome is SaveOutcome.FAILED and "401" in res.reason


def test_anonymous_save_through_the_http_layer(
    standin: WaybackStandin, backend_connects: list[tuple[str, int]]
) -> None:
    """The keyless save is sent by our HTTP layer (so CA bundle, routes, proxies and
    timeouts apply, which waybackpy's own session ignored) and read from the real answer's
    memento ``Link``; the copy is named on our archive."""
    options = fast_options(
        standin,
        save=SaveOptions(enabled=True, method=SaveMethod.WAYBACKPY, rate=100.0, deadline=10.0),
    )
    [res] = save_urls_sync([URL], options)
    assert res.outcome is SaveOutcome.SAVED, res.reason
    assert res.snapshot is not None
    assert res.snapshot.archive_url.startswith(f"{standin.base_url}/web/")
    assert res.snapshot.timestamp == standin.captures[canon(URL)][-1].timestamp
    assert standin.requests_to("/save/")[0].path == f"/save/{URL}"
    assert backend_connects  # our backend made the connection


@pytest.mark.parametrize(("status", "headers", "found"), [
    (200, {"Content-Location": "/web/20240102030405/https://a.example/x"},
     "/web/20240102030405/https://a.example/x"),
    (302, {"Location": "https://web.archive.org/web/20240102030405/https://a.example/x"},
     "https://web.archive.org/web/20240102030405/https://a.example/x"),
    (200, {"Link": '<https://a.example/x>; rel="original", '
                   '<https://web.archive.org/web/20200101000000/https://a.example/x>; '
                   'rel="first memento"; datetime="x", '
                   '<https://web.archive.org/web/20240102030405/https://a.example/x>; '
                   'rel="memento"; datetime="y"'},
     "https://web.archive.org/web/20240102030405/https://a.example/x"),
    (200, {"Link": '<https://web.archive.org/web/20200101000000/https://a.example/x>; '
                   'rel="first memento", '
                   '<https://web.archive.org/web/20240102030405/https://a.example/x>; '
                   'rel="last memento"'},
     "https://web.archive.org/web/20240102030405/https://a.example/x"),
    (200, {"Link": '<https://a.example/x>; rel="original"'}, None),
    (302, {"Location": "https://a.example/login"}, None),
])
def test_where_an_anonymous_save_answer_names_its_capture(
    status: int, headers: dict[str, str], found: str | None
) -> None:
    from citewatch.archive.save import _capture_in

    assert _capture_in(httpx.Response(status, headers=headers)) == found


def test_choose_method() -> None:
    keys = SaveOptions(access_key="a", secret_key="b")
    assert choose_method(ArchiveOptions(save=keys)) is SaveMethod.SPN2
    assert choose_method(ArchiveOptions()) is SaveMethod.WAYBACKPY
    assert ArchiveOptions().base == DEFAULT_WAYBACK_URL
    assert choose_method(ArchiveOptions(wayback_url="http://mirror.example")) is None
    env = SaveOptions.from_env({"WAYBACK_ACCESS_KEY": "k", "WAYBACK_SECRET_KEY": "s"})
    assert env.has_credentials and "k" not in repr(env)


def test_no_method_without_keys_on_a_mirror(standin: WaybackStandin) -> None:
    [res] = save_urls_sync([URL], fast_options(standin))
    assert res.outcome is SaveOutcome.NO_CREDENTIALS
    assert [r.path for r in standin.log] == ["/cdx/search/cdx"]
