"""Not-found pages by their own words: the pure reading, then the engine on a real host whose
random paths answer an honest 404 (the case the random-path probe cannot see)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from citewatch.check.checker import run_checks
from citewatch.check.model import LinkStatus
from citewatch.check.notfound import Element, fold, judge, read_heading, weighs_prose
from citewatch.check.options import CheckOptions
from tests.check.conftest import Req, Resp, Server

Serve = Callable[..., Server]

NOT_FOUND_TITLES = [
    "Page not found", "404 – Not Found | Site", "404 Not Found", "Not Found", "Error 404",
    "404", "Page Not Found | Human Rights Watch", "Oops! That page can’t be found. – My Blog",
    "Sorry, we couldn't find that page", "The page you requested could not be found",
    # French, German, Spanish
    "Page introuvable", "Erreur 404 - Page introuvable - Le Monde", "Page non trouvée",
    "Seite nicht gefunden", "Fehler 404 – Seite nicht gefunden | Spiegel",
    "Die Seite wurde nicht gefunden", "Página no encontrada", "PAGINA NO ENCONTRADA",
    "Error 404: Página no encontrada | El País",
    # Russian, Armenian, Azerbaijani, Turkish
    "Страница не найдена", "Ошибка 404 — Страница не найдена", "404 | Страница не найдена",
    "Էջը չի գտնվել", "Սխալ 404 | Էջը չի գտնվել", "Ներողություն, էջը չի գտնվել",
    "Səhifə tapılmadı", "SƏHİFƏ TAPILMADI", "Xəta 404 - Səhifə tapılmadı | APA",
    "Sayfa bulunamadı", "SAYFA BULUNAMADI", "404 - Sayfa Bulunamadı | Hürriyet",
    "Aradığınız sayfa bulunamadı",
]

ABOUT_MISSING = [
    "Not found: the missing children of Aleppo",
    "Why the bodies were never found",
    "Error 404: how link rot erases the record",
    "Not Found – Why the bodies were never found",
    "Not Found – The missing children of Aleppo | The Guardian",
    "The page that was not found: archiving Karabakh",
    "Страница не найдена: как исчезают архивы",
    "Sayfa bulunamadı mı? İnternet arşivleri üzerine",
    "Home | Human Rights Watch",
    "Report 404/2019 on detention",
    "Seite 404 des Protokolls",
]


@pytest.mark.parametrize("title", NOT_FOUND_TITLES)
def test_not_found_titles(title: str) -> None:
    page = judge(title, None)
    assert page is not None and page.element is Element.TITLE and page.text == title
    assert page.describe().startswith("page's own title says")


@pytest.mark.parametrize("title", ABOUT_MISSING)
def test_titles_about_something_missing_are_not_not_found_pages(title: str) -> None:
    assert judge(title, None) is None
    assert judge(title, title, prose_words=900) is None
    assert judge(None, title) is None


def test_heading_decides_but_carries_no_site_name() -> None:
    page = judge("Amnesty International", "Страница не найдена")
    assert page is not None and page.element is Element.HEADING
    assert read_heading("Page not found | Amnesty") is None


def test_a_long_article_whose_headline_continues_the_title_is_not_a_404() -> None:
    title = "Not found | Dispatches"
    assert judge(title, None) is not None
    # The "site name" is part of the h1 headline: an article, not a template.
    assert judge(title, "Not found | Dispatches from the archive") is None
    assert judge(title, None, prose_words=1200) is None
    assert judge("Page not found", None, prose_words=1200) is not None  # no extra part


@pytest.mark.parametrize("title", [*NOT_FOUND_TITLES, *ABOUT_MISSING, "", None])
@pytest.mark.parametrize("heading", [None, "Page not found", "Not found | Dispatches from X"])
def test_prose_words_are_weighed_only_where_weighs_prose_says(
    title: str | None, heading: str | None
) -> None:
    """The engine counts a page's prose words only when ``weighs_prose``: elsewhere they
    must not change ``judge``'s answer."""
    if not weighs_prose(title):
        assert judge(title, heading, 0) == judge(title, heading, 5000)


def test_weighs_prose_for_a_not_found_title_with_a_site_part() -> None:
    assert weighs_prose("Not found | Dispatches")
    assert judge("Not found | Dispatches", None, 0) != judge("Not found | Dispatches", None, 5000)
    assert not weighs_prose("Annual report 2019") and not weighs_prose(None)


def test_fold_covers_case_accents_and_dotless_i() -> None:
    assert fold("SAYFA BULUNAMADI") == fold("Sayfa bulunamadı") == "sayfa bulunamadi"
    assert fold("Página  no\nencontrada") == "pagina no encontrada"
    assert fold("can’t") == "can't"


FAST = CheckOptions(connect_timeout=2, read_timeout=2, request_timeout=3, max_retries=1,
                    backoff_base=0.01, backoff_max=0.05, deadline=20)

ARTICLE = " ".join(["The archive of the tribunal kept every witness statement."] * 80)


def html(title: str, h1: str, body: str) -> bytes:
    return (f"<html><head><title>{title}</title></head><body><nav>Home News</nav>"
            f"<h1>{h1}</h1><p>{body}</p></body></html>").encode()


def honest_site(req: Req) -> Resp:
    """Random paths get a real 404; some dead records still answer 200 with a template."""
    pages = {
        "/news/1": html("Sayfa bulunamadı | Haber", "Haber",
                        "Aradığınız sayfa kaldırılmış olabilir."),
        "/news/2": html("Ошибка 404 — Страница не найдена", "Ой!", "Попробуйте поиск."),
        "/news/3": html("Daily News", "Էջը չի գտնվել", "Փորձեք որոնումը"),
        "/news/4": html("Error 404: how link rot erases the record", "Error 404: how link rot "
                        "erases the record", ARTICLE),
        "/news/5": html("Not found: the missing children of Aleppo", "Not found: the missing "
                        "children of Aleppo", ARTICLE),
        "/news/6": html("Why the bodies were never found | Daily", "Why the bodies were never "
                        "found", ARTICLE),
    }
    if req.path in pages:
        return Resp(200, body=pages[req.path])
    return Resp(404, body=html("Not Found", "Not Found", "no such page"))


def test_engine_calls_template_pages_soft404_on_an_honest_host(serve: Serve) -> None:
    s = serve(honest_site, host="127.0.0.29")
    results = run_checks([s.url(f"/news/{i}") for i in range(1, 7)], FAST)
    by_path = {r.url.rsplit("/", 2)[-2] + "/" + r.url.rsplit("/", 1)[-1]: r for r in results}
    for n, element, words in ((1, "title", "Sayfa bulunamadı | Haber"),
                              (2, "title", "Ошибка 404 — Страница не найдена"),
                              (3, "h1", "Էջը չի գտնվել")):
        r = by_path[f"news/{n}"]
        assert r.status is LinkStatus.SOFT404, r
        assert f"page's own {element} says {words!r}" in (r.error or ""), r
        assert any("random path with 404" in e for e in r.evidence)  # the probe missed it
    for n in (4, 5, 6):
        assert by_path[f"news/{n}"].status is LinkStatus.ALIVE, by_path[f"news/{n}"]
    # One GET per page and one probe for the host: the words cost no extra request.
    assert len(s.requests) == 6 + 1


def file_site(req: Req) -> Resp:
    if req.path == "/docs/report.pdf":  # a real file
        return Resp(200, headers={"content-type": "application/pdf"}, body=b"%PDF-1.7 ...")
    if req.path == "/docs/gone.pdf":  # the site serves its not-found page with 200
        return Resp(200, headers={"Content-Type": "text/html; charset=utf-8"},
                    body=html("Page not found | Ministry", "Page not found", "Try search."))
    return Resp(404, body=html("Not Found", "Not Found", "no such page"))


def test_a_file_url_answering_with_a_not_found_page_is_soft404(serve: Serve) -> None:
    """HEAD suffices for a file; a web page answering for one is read like any page."""
    s = serve(file_site, host="127.0.0.29")
    real, gone = run_checks([s.url("/docs/report.pdf"), s.url("/docs/gone.pdf")], FAST)
    assert real.status is LinkStatus.ALIVE and gone.status is LinkStatus.SOFT404, (real, gone)
    assert "page's own" in (gone.error or "")
    methods = [(r.method, r.path) for r in s.requests if r.path.startswith("/docs/")]
    assert methods.count(("HEAD", "/docs/report.pdf")) == 1
    assert ("GET", "/docs/report.pdf") not in methods  # the file itself is never downloaded
