"""report.html: static checks of the markup, then the page in a real headless Chromium —
the DOM, sorting, filtering, a phone-width layout, contrast, and hostile text that must
stay text. Screenshots go to build/test-artefacts/."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from citewatch.report.html import HtmlRenderer, link
from tests.report._sample import DOC_B, EVIL, HOSTILE, sample_report
from tests.report.chromium import Page, browser

ARTEFACTS = Path(__file__).parents[2] / "build" / "test-artefacts"


def test_markup_is_self_contained_and_escaped() -> None:
    html = HtmlRenderer().render(sample_report())
    assert html.count("<script>") == 1 and html.count("</script>") == 1
    assert "window.__pwned" not in html.split("<script>")[0].replace(
        "&lt;script&gt;window.__pwned", "")
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt; &quot;quoted&quot; &#x27;single&#x27;" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//(?!(good|gone|flap|wall|hyphen)\.example\.org|web\.archive\.org)""", html)
    assert 'href="javascript' not in html
    assert "default-src 'none'" in html
    assert HtmlRenderer().render(sample_report()) == html  # deterministic


def test_link_only_for_http() -> None:
    assert link("https://x.org/?a=1&b=<2>").startswith('<a class="url" href="https://x.org/?a=1&amp;b=&lt;2&gt;"')
    assert "<a" not in link("javascript:alert(1)")
    assert link(None) == ""


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Page]:
    base = tmp_path_factory.mktemp("html")
    report = base / "report.html"
    report.write_text(HtmlRenderer().render(sample_report()), encoding="utf-8")
    with browser(base / "profile") as tab:
        tab.viewport(1280, 900)
        tab.load(report.as_uri())
        yield tab


ROWS = "Array.from(document.querySelectorAll('#doc-{d}-table tbody tr'))"
VISIBLE = ROWS + ".filter(tr => !tr.hidden)"


def test_dom_structure(page: Page) -> None:
    assert page.eval("document.title").startswith("Link audit")
    assert page.eval("document.documentElement.lang") == "en"
    assert page.eval("document.querySelectorAll('h1').length") == 1
    headings = page.eval("Array.from(document.querySelectorAll('section h2')).map(h => h.textContent)")
    assert headings == ["docs/alpha.txt", DOC_B]
    assert page.eval("document.querySelectorAll('table.rows caption').length") == 2
    assert page.eval("document.querySelectorAll('#doc-1-table thead th[scope=col]').length") == 9
    assert page.eval(ROWS.format(d=1) + ".length") == 6
    assert page.eval("document.querySelector('#doc-1 .controls').hidden") is False  # JS ran
    repaired = page.eval(ROWS.format(d=1) + ".find(tr => tr.cells[0].textContent === '14')"
                         ".cells[4].textContent")
    assert "probably meant" in repaired and "videos-appear-to-show" in repaired
    printed = page.eval(ROWS.format(d=1) + ".find(tr => tr.cells[0].textContent === '10')"
                        ".cells[3].textContent")
    assert printed == "gone.example.org/report"
    archived = page.eval(ROWS.format(d=1) + ".find(tr => tr.cells[0].textContent === '10')"
                         ".cells[8].textContent")
    assert archived == "2019-05-01before 2020-06-01 (accessed date)"
    lines = page.eval(ROWS.format(d=1) + ".map(tr => tr.cells[1].textContent)")
    assert lines == ["40", "47", "", "", "", "52"]
    labels = page.eval("Array.from(document.querySelectorAll('select, input'))"
                       ".map(c => document.querySelector('label[for=\"' + c.id + '\"]') !== null)")
    assert labels and all(labels)
    # nothing was fetched: the CSP allows no network, and no resource entries exist
    assert page.eval("performance.getEntriesByType('resource').length") == 0


def test_hostile_text_stays_text(page: Page) -> None:
    assert page.eval("typeof window.__pwned") == "undefined"
    assert page.eval("document.scripts.length") == 1
    assert page.eval("document.querySelectorAll('img').length") == 0
    cells = page.eval(ROWS.format(d=2) + ".map(tr => tr.cells[2].textContent)")
    assert HOSTILE in cells
    printed = page.eval(ROWS.format(d=2) + ".map(tr => tr.cells[3].textContent)")
    assert EVIL in printed
    assert page.eval("Array.from(document.links).filter(a => !/^https?:/.test(a.href)"
                     " && !a.getAttribute('href').startsWith('#')).length") == 0


def test_filter_by_verdict_class_and_text(page: Page) -> None:
    def choose(value: str) -> None:
        page.eval(f"(s => {{ s.value = {value!r}; s.dispatchEvent(new Event('change')); }})"
                  "(document.querySelector('#doc-1-filter'))")

    choose("verdict:broken")
    assert page.eval(VISIBLE.format(d=1) + ".map(tr => tr.dataset.verdict)") == ["broken", "broken"]
    assert page.eval("document.querySelector('#doc-1 .shown').textContent") == \
        "2 of 6 citations shown"
    choose("blocked")
    assert page.eval(VISIBLE.format(d=1) + ".map(tr => tr.dataset.class)") == ["blocked"]
    choose("")
    page.eval("(i => { i.value = 'FLAP.example'; i.dispatchEvent(new Event('input')); })"
              "(document.querySelector('#doc-1-search'))")
    assert page.eval(VISIBLE.format(d=1) + ".length") == 1
    page.eval("(i => { i.value = ''; i.dispatchEvent(new Event('input')); })"
              "(document.querySelector('#doc-1-search'))")
    assert page.eval(VISIBLE.format(d=1) + ".length") == 6


def test_sort_by_column(page: Page) -> None:
    notes = ROWS.format(d=1) + ".map(tr => tr.cells[0].textContent)"
    assert page.eval(notes) == ["10", "12", "3", "body", "2", "14"]  # broken first
    page.eval("document.querySelectorAll('#doc-1-table thead button')[0].click()")
    assert page.eval(notes) == ["2", "3", "10", "12", "14", "body"]  # numeric: not "10" < "2"
    assert page.eval("document.querySelector('#doc-1-table thead th').getAttribute('aria-sort')") \
        == "ascending"
    page.eval("document.querySelectorAll('#doc-1-table thead button')[0].click()")
    assert page.eval(notes) == ["body", "14", "12", "10", "3", "2"]
    page.eval("document.querySelectorAll('#doc-1-table thead button')[1].click()")  # line
    assert page.eval(notes) == ["10", "12", "14", "3", "body", "2"]  # no line: last
    page.eval("document.querySelectorAll('#doc-1-table thead button')[5].click()")  # class
    verdicts = page.eval(ROWS.format(d=1) + ".map(tr => tr.dataset.verdict)")
    assert verdicts == ["broken", "broken", "flaky", "blocked", "ok", "ok"]
    assert page.eval("document.querySelectorAll('#doc-1-table th[aria-sort]').length") == 1
    page.screenshot(ARTEFACTS / "report-desktop.png")


def _contrast(page: Page, selector: str) -> float:
    ratio: float = page.eval(f"""(() => {{
      const el = document.querySelector({selector!r});
      const s = getComputedStyle(el);
      const lum = c => {{
        const [r, g, b] = c.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number).map(v => {{
          v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }});
        return 0.2126 * r + 0.7152 * g + 0.0722 * b; }};
      let bg = s.backgroundColor;
      if (bg === 'rgba(0, 0, 0, 0)') bg = 'rgb(255, 255, 255)';
      const a = lum(s.color), b = lum(bg);
      return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    }})()""")
    return ratio


def test_contrast_meets_wcag_aa(page: Page) -> None:
    for selector in (".v-broken", ".v-flaky", ".v-ok", ".v-blocked", "td", ".shown", "a.url"):
        assert _contrast(page, selector) >= 4.5, selector


def test_readable_on_a_phone(page: Page) -> None:
    page.viewport(375, 800, mobile=True)
    try:
        page.eval("new Promise(r => requestAnimationFrame(() => r(1)))")
        assert page.eval("document.documentElement.scrollWidth") <= 375
        assert page.eval("getComputedStyle(document.querySelector('#doc-1-table tbody tr'))"
                         ".display") == "block"
        label = page.eval("getComputedStyle(document.querySelector('#doc-1-table td'), "
                          "'::before').content")
        assert label == '"Note"'
        assert page.eval("document.querySelector('#doc-1-table tbody tr').getBoundingClientRect()"
                         ".width") <= 375
        page.screenshot(ARTEFACTS / "report-phone.png")
    finally:
        page.viewport(1280, 900)


def test_missing_browser_fails_in_ci_and_skips_locally(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.report.chromium import need_tool

    monkeypatch.setenv("PATH", "")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="apt-get"):
        need_tool("chromium", "chromium-browser")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        need_tool("pandoc")
