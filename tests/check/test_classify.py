"""Classification as a pure function of observed facts."""

from __future__ import annotations

import pytest

from citewatch.check.classify import ErrorKind, Observation, ProbeComparison, classify
from citewatch.check.model import Hop, LinkStatus

URL = "https://ngo.example/reports/2014/detention.html"


def obs(**kw: object) -> Observation:
    base: dict[str, object] = {"url": URL, "status": 200, "final_url": URL}
    base.update(kw)
    return Observation(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("error", "status"),
    [(ErrorKind.DNS, LinkStatus.DEAD), (ErrorKind.REFUSED, LinkStatus.DEAD),
     (ErrorKind.TIMEOUT, LinkStatus.TIMEOUT), (ErrorKind.DEADLINE, LinkStatus.UNCHECKED),
     (ErrorKind.TLS, LinkStatus.ERROR), (ErrorKind.RESET, LinkStatus.ERROR),
     (ErrorKind.REDIRECT_LOOP, LinkStatus.ERROR), (ErrorKind.TOO_MANY_REDIRECTS, LinkStatus.ERROR),
     (ErrorKind.PRIVATE, LinkStatus.EXCLUDED)],
)
def test_errors(error: ErrorKind, status: LinkStatus) -> None:
    v = classify(obs(status=None, error=error, detail="boom"))
    assert v.status is status
    assert v.error == f"{error.value}: boom"


@pytest.mark.parametrize(
    ("code", "status"),
    [(200, LinkStatus.ALIVE), (204, LinkStatus.ALIVE), (404, LinkStatus.DEAD),
     (410, LinkStatus.DEAD), (401, LinkStatus.BLOCKED), (403, LinkStatus.BLOCKED),
     (429, LinkStatus.BLOCKED), (999, LinkStatus.BLOCKED), (451, LinkStatus.BLOCKED),
     (500, LinkStatus.ERROR), (400, LinkStatus.ERROR), (304, LinkStatus.ERROR)],
)
def test_status_codes(code: int, status: LinkStatus) -> None:
    assert classify(obs(status=code)).status is status


def test_accept_status() -> None:
    assert classify(obs(status=403), frozenset({403})).status is LinkStatus.ALIVE


def test_permanent_chain_to_alive_is_redirected() -> None:
    new = "https://ngo.example/en/detention"
    hops = (Hop(URL, 301, new, True),)
    v = classify(obs(final_url=new, redirects=hops))
    assert v.status is LinkStatus.REDIRECTED
    mixed = (Hop(URL, 301, "https://x", True), Hop("https://x", 302, new, False))
    assert classify(obs(final_url=new, redirects=mixed)).status is LinkStatus.ALIVE


def test_permanent_redirect_to_dead_is_dead() -> None:
    hops = (Hop(URL, 301, "https://ngo.example/gone", True),)
    assert classify(obs(status=404, redirects=hops)).status is LinkStatus.DEAD


def test_deep_link_sent_home() -> None:
    for home in ("https://ngo.example/", "https://www.ngo.example/en/", "https://ngo.example/index.php"):
        hops = (Hop(URL, 301, home, True),)
        v = classify(obs(final_url=home, redirects=hops))
        assert v.status is LinkStatus.SOFT404, home
        assert "home page" in (v.error or "")
    # The home page itself, or a move to another site's home, is not a soft 404.
    home_url = "https://ngo.example/index.html"
    v = classify(obs(url=home_url, final_url="https://ngo.example/",
                     redirects=(Hop(home_url, 301, "https://ngo.example/", True),)))
    assert v.status is LinkStatus.REDIRECTED
    other = "https://new-owner.example/"
    assert classify(obs(final_url=other, redirects=(Hop(URL, 302, other, False),))).status is (
        LinkStatus.ALIVE)


def test_probe_signals() -> None:
    same = ProbeComparison(200, "https://ngo.example/x", body_similarity=0.97)
    assert classify(obs(probe=same)).status is LinkStatus.SOFT404
    same_final = ProbeComparison(200, "https://ngo.example/error", same_final_url=True)
    assert classify(obs(probe=same_final)).status is LinkStatus.SOFT404
    similar_title = ProbeComparison(200, None, body_similarity=0.6, same_title=True)
    assert classify(obs(probe=similar_title)).status is LinkStatus.SOFT404
    similar_only = ProbeComparison(200, None, body_similarity=0.6)
    assert classify(obs(probe=similar_only)).status is LinkStatus.ALIVE
    real_404s = ProbeComparison(404)
    v = classify(obs(probe=real_404s))
    assert v.status is LinkStatus.ALIVE and any("404" in e for e in v.evidence)


def test_not_found_wording_in_the_body_supports_only() -> None:
    alone = classify(obs(title="Report", text="the page you cited was not found by us"))
    assert alone.status is LinkStatus.ALIVE
    with_probe = classify(obs(title="Report", text="page not found",
                              probe=ProbeComparison(200, None, body_similarity=0.55)))
    assert with_probe.status is LinkStatus.SOFT404
    assert any("supporting signal" in e for e in with_probe.evidence)


def test_not_found_title_or_heading_is_soft404_with_evidence() -> None:
    v = classify(obs(title="Page not found | Site", probe=ProbeComparison(404)))
    assert v.status is LinkStatus.SOFT404 and "title says 'Page not found | Site'" in (v.error or "")
    v = classify(obs(title="Report", heading="Seite nicht gefunden"))
    assert v.status is LinkStatus.SOFT404 and "h1 says 'Seite nicht gefunden'" in (v.error or "")
    about = classify(obs(title="Not found: the missing children of Aleppo",
                         heading="Not found: the missing children of Aleppo"))
    assert about.status is LinkStatus.ALIVE


def test_parked_domain() -> None:
    v = classify(obs(text="welcome! this domain is for sale. inquire now"))
    assert v.status is LinkStatus.SOFT404 and "parked" in (v.error or "")


def test_bot_walls() -> None:
    cf = classify(obs(status=403, headers={"cf-mitigated": "challenge", "server": "cloudflare"}))
    assert cf.status is LinkStatus.BLOCKED and "Cloudflare" in (cf.error or "")
    challenge_503 = classify(obs(status=503, title="Just a moment...", text="just a moment..."))
    assert challenge_503.status is LinkStatus.BLOCKED
    challenge_200 = classify(obs(status=200, title="Attention Required! | Cloudflare"))
    assert challenge_200.status is LinkStatus.BLOCKED
    # A normal page that mentions a captcha somewhere is still alive.
    assert classify(obs(title="Report", text="we use a captcha on our forms")).status is (
        LinkStatus.ALIVE)


def test_login_wall() -> None:
    login = "https://ngo.example/login?next=/reports/2014/detention.html"
    v = classify(obs(final_url=login, redirects=(Hop(URL, 302, login, False),)))
    assert v.status is LinkStatus.BLOCKED and "login" in (v.error or "")


@pytest.mark.parametrize("wording", [
    "this domain is for sale", "this domain name may be for sale", "buy this domain",
    "domain is parked", "parked free", "parked domain", "sedoparking", "parkingcrew",
    "bodis.com", "hugedomains", "dan.com", "afternic", "domain has expired",
    "this domain has been registered", "domain parking"])
def test_every_parked_wording_passes_the_word_prefilter(wording: str) -> None:
    v = classify(obs(title="Welcome", text=f"welcome. {wording}. inquire now"))
    assert v.status is LinkStatus.SOFT404 and "parked" in (v.error or ""), wording
