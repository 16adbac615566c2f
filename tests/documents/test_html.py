"""HTML pages: footnote shapes, links, chrome, front matter, decoding, size."""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pytest

from citewatch.documents import DocFormat, iter_document_paths, load_document
from citewatch.documents.html import HtmlOptions, HtmlReader, html_to_text, link_suffix
from citewatch.errors import InputError
from tests.documents._e2e import assert_notes_carry_urls


def lines_of(text: str) -> list[str]:
    return text.splitlines()


def note_line(text: str, label: str) -> str:
    """The one line that starts with ``label`` followed by a space."""
    found = [line for line in text.splitlines() if line.startswith(label + " ")]
    assert len(found) == 1, (label, found, text)
    return found[0]


# ----------------------------------------------------------------------------------------
# footnote shapes

PANDOC = """<html><body>
<p>The strike was recorded<a href="#fn1" class="footnote-ref" id="fnref1" role="doc-noteref"><sup>1</sup></a>
and denied.<a href="#fn2" class="footnote-ref" id="fnref2"><sup>2</sup></a></p>
<section id="footnotes" class="footnotes footnotes-end-of-document" role="doc-endnotes">
<hr />
<ol>
<li id="fn1"><p>Amnesty International, “Civilians must be protected”, 5 October 2020,
online: <a href="https://www.amnesty.org/en/latest/news/2020/10/x/">Amnesty</a>.<a href="#fnref1" class="footnote-back" role="doc-backlink">↩︎</a></p></li>
<li id="fn2"><p>Ibid, para 4.</p>
<p>A second paragraph of the same note.<a href="#fnref2" class="footnote-back" role="doc-backlink">↩︎</a></p></li>
</ol>
</section>
</body></html>"""


def test_pandoc_endnotes_become_numbered_lines_without_backlinks() -> None:
    out = html_to_text(PANDOC)
    first = note_line(out.text, "1")
    assert first == (
        "1 Amnesty International, “Civilians must be protected”, 5 October 2020, online: "
        "Amnesty <https://www.amnesty.org/en/latest/news/2020/10/x/>."
    )
    # a multi-paragraph note stays one line; the back-arrow is gone
    assert note_line(out.text, "2") == "2 Ibid, para 4. A second paragraph of the same note."
    assert "↩" not in out.text
    # the body comes first, the notes after it
    lines = lines_of(out.text)
    assert lines.index(first) > lines.index("The strike was recorded1 and denied.2")
    assert out.notes == (
        ("1", first[2:]),
        ("2", "Ibid, para 4. A second paragraph of the same note."),
    )


PY_MARKDOWN = """<p>Claim one.<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>
Claim two.<sup id="fnref:2"><a class="footnote-ref" href="#fn:2">2</a></sup></p>
<div class="footnote">
<hr />
<ol>
<li id="fn:1"><p>First source <a href="https://one.example.org/a">https://one.example.org/a</a>&#160;<a class="footnote-backref" href="#fnref:1" title="Jump back to footnote 1">&#8617;</a></p></li>
<li id="fn:2"><p>Second source&#160;<a class="footnote-backref" href="#fnref:2">&#8617;</a></p></li>
</ol>
</div>"""


def test_python_markdown_footnote_div() -> None:
    out = html_to_text(PY_MARKDOWN)
    assert note_line(out.text, "1") == "1 First source https://one.example.org/a"
    assert note_line(out.text, "2") == "2 Second source"
    assert "\u21a9" not in out.text


WIKIPEDIA = """<html><head><title>Shelling of Stepanakert - Wikipedia</title></head><body>
<p>The city was shelled.<sup id="cite_ref-hrw_1-0" class="reference"><a href="#cite_note-hrw-1">&#91;1&#93;</a></sup>
Reports followed.<sup class="reference"><a href="#cite_note-2">[2]</a></sup><sup class="reference"><a href="#cite_note-hrw-1">[1]</a></sup><sup class="reference"><a href="#cite_note-expl-a">[a]</a></sup></p>
<h2>Notes</h2>
<div class="reflist"><ol class="references" style="list-style-type: lower-alpha;">
<li id="cite_note-expl-a"><span class="mw-cite-backlink"><b><a href="#cite_ref-a">^</a></b></span> <span class="reference-text">An explanatory note.</span></li></ol></div>
<h2>References</h2>
<div class="reflist"><div class="mw-references-wrap"><ol class="references">
<li id="cite_note-hrw-1"><span class="mw-cite-backlink">^ <a href="#cite_ref-hrw_1-0"><sup><i><b>a</b></i></sup></a> <a href="#cite_ref-hrw_1-1"><sup><i><b>b</b></i></sup></a></span> <span class="reference-text"><cite class="citation web">"<a rel="nofollow" class="external text" href="https://www.hrw.org/news/2020/12/11/armenia-azerbaijan">Armenia/Azerbaijan: Unlawful Strikes</a>". <i>Human Rights Watch</i>. 11 December 2020.</cite></span></li>
<li id="cite_note-2"><span class="mw-cite-backlink"><b><a href="#cite_ref-2">^</a></b></span> <span class="reference-text"><a rel="nofollow" class="external free" href="https://www.bbc.com/news/world-europe-54324772">https://www.bbc.com/news/world-europe-54324772</a></span></li>
</ol></div></div>
<h2>External links</h2><p>Official site</p>
</body></html>"""


def test_wikipedia_references_keep_their_numbers_in_place_and_drop_backlinks() -> None:
    out = html_to_text(WIKIPEDIA)
    lines = lines_of(out.text)
    one = note_line(out.text, "1")
    assert one == (
        '1 "Armenia/Azerbaijan: Unlawful Strikes '
        '<https://www.hrw.org/news/2020/12/11/armenia-azerbaijan>". Human Rights Watch. '
        "11 December 2020."
    )
    # a URL shown as itself is not written twice
    assert note_line(out.text, "2") == "2 https://www.bbc.com/news/world-europe-54324772"
    # the lettered group keeps its letter (from the marker), not a clashing number
    assert note_line(out.text, "a") == "a An explanatory note."
    # written where the list stands: under its heading, before the next section
    assert lines.index("References") < lines.index(one) < lines.index("External links")
    assert "^" not in out.text
    assert "The city was shelled.[1] Reports followed.[2][1][a]" in lines


EPUB = """<html xmlns:epub="http://www.idpf.org/2007/ops"><body>
<p>First claim.<a epub:type="noteref" href="#n5">5</a></p>
<aside epub:type="footnote" id="n5"><p>5. Council of Europe, <a href="https://coe.int/report">report</a>.</p></aside>
<p>Second claim.<a role="doc-noteref" href="#sn7">7</a></p>
<aside role="doc-footnote" id="sn7"><p>OSCE statement, 2020.</p></aside>
<p>Third claim.</p>
<aside role="doc-footnote"><p>9 A note with its number printed and no marker.</p></aside>
<p>Closing paragraph.</p>
</body></html>"""


def test_epub_and_aria_footnote_asides_move_after_the_body() -> None:
    out = html_to_text(EPUB)
    lines = lines_of(out.text)
    five = note_line(out.text, "5")
    assert five == "5 Council of Europe, report <https://coe.int/report>."
    assert note_line(out.text, "7") == "7 OSCE statement, 2020."
    assert note_line(out.text, "9") == "9 A note with its number printed and no marker."
    assert lines.index("Closing paragraph.") < lines.index(five)
    assert [label for label, _ in out.notes] == ["5", "7", "9"]


def test_plain_ordered_list_without_note_markup_is_written_as_numbered_items() -> None:
    out = html_to_text(
        '<h2>References</h2><ol start="3"><li>Smith 2020.</li>'
        '<li value="7">Jones 2021.</li><li>Lee 2022.</li></ol>'
        "<ul><li>bullet</li></ul>"
    )
    assert lines_of(out.text) == [
        "References",
        "",
        "3. Smith 2020.",
        "7. Jones 2021.",
        "8. Lee 2022.",
        "",
        "• bullet",
    ]
    assert out.notes == ()


WORD = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta charset="windows-1252"><title>Submission to the Committee</title></head>
<body lang=EN-GB><div class=WordSection1>
<p class=MsoNormal>The shelling of Stepanakert<a style='mso-footnote-id:ftn1' href="#_ftn1" name="_ftnref1" title=""><span class=MsoFootnoteReference><span style='mso-special-character:footnote'><![if !supportFootnotes]>[1]<![endif]></span></span></a> was reported.<a href="#_ftn2" name="_ftnref2"><span class=MsoFootnoteReference>[2]</span></a></p>
<p>See <a href="#section2">2</a> below.</p>
</div>
<div style='mso-element:footnote-list'><![if !supportFootnotes]><br clear=all><hr align=left size=1 width="33%"><![endif]>
<div style='mso-element:footnote' id=ftn1>
<p class=MsoFootnoteText><a style='mso-footnote-id:ftn1' href="#_ftnref1" name="_ftn1" title=""><span class=MsoFootnoteReference>[1]</span></a> OSCE, <i>Report</i>, online: <a href="https://www.osce.org/files/report.pdf">https://www.osce.org/files/report.pdf</a>.</p>
</div>
<div style='mso-element:footnote' id=ftn2>
<p class=MsoFootnoteText><a href="#_ftnref2" name="_ftn2">[2]</a> Ibid.</p>
</div></div>
<p id="plainfn3">Not a note: nothing points here.</p>
<p>Hand-written marker<sup><a href="#n4">4</a></sup>.</p>
<p id="n4">4. Hand-written note, <a href="https://hand.example.org/">here</a>.</p>
<h2 id="section2">Section 2</h2><p>Text of section two.</p>
</body></html>
"""


def test_word_save_as_web_page_footnotes() -> None:
    out = html_to_text(WORD)
    assert note_line(out.text, "1") == (
        "1 OSCE, Report, online: https://www.osce.org/files/report.pdf."
    )
    assert note_line(out.text, "2") == "2 Ibid."
    # the notes' own "[1]" links point back to the body: the body paragraph stays body
    assert "The shelling of Stepanakert[1] was reported.[2]" in lines_of(out.text)


def test_blocks_that_note_markers_point_forward_to_are_notes() -> None:
    out = html_to_text(WORD)
    lines = lines_of(out.text)
    four = note_line(out.text, "4")
    assert four == "4 Hand-written note, here <https://hand.example.org/>."
    assert lines.index(four) > lines.index("Text of section two.")
    # a section link showing a number is not a note marker, nor is an unreferenced paragraph
    assert "Section 2" in lines and "See 2 below." in lines
    assert "Not a note: nothing points here." in lines
    assert [label for label, _ in out.notes] == ["1", "2", "4"]


def test_soft_hyphens_and_zero_width_spaces_do_not_split_words_or_urls() -> None:
    out = html_to_text(
        '<p>Inter\u00adnational <a href="https://example.org/a/b">'
        "https://example.org/\u200ba/b</a></p>"
    )
    assert out.text == "International https://example.org/a/b\n"


# ----------------------------------------------------------------------------------------
# links


def test_link_text_that_is_not_the_url_gets_the_url_in_angle_brackets() -> None:
    out = html_to_text(
        '<p>See <a href="https://www.hrw.org/report/2021">the report</a>, '
        '<a href="https://example.org/a/">example.org/a</a> and '
        '<a href="https://example.org/very/long/path/to/page.html">example.org/very/lo…</a>.</p>'
    )
    assert out.text == (
        "See the report <https://www.hrw.org/report/2021>, example.org/a and "
        "https://example.org/very/long/path/to/page.html.\n"
    )
    assert out.links == (
        "https://www.hrw.org/report/2021",
        "https://example.org/a/",
        "https://example.org/very/long/path/to/page.html",
    )


def test_urls_in_text_can_be_turned_off_but_targets_are_kept() -> None:
    out = html_to_text(
        '<p>See <a href="https://x.example.org/r">the report</a>.</p>',
        HtmlOptions(urls_in_text=False),
    )
    assert out.text == "See the report.\n"
    assert out.links == ("https://x.example.org/r",)


def test_relative_links_resolve_against_base_element() -> None:
    out = html_to_text(
        '<html><head><base href="https://www.example.org/docs/2021/"></head><body>'
        '<p><a href="annex.pdf">Annex</a> <a href="/about">About us</a> '
        '<a href="//cdn.example.net/x.pdf">CDN</a></p></body></html>'
    )
    assert out.links == (
        "https://www.example.org/docs/2021/annex.pdf",
        "https://www.example.org/about",
        "https://cdn.example.net/x.pdf",
    )
    assert "Annex <https://www.example.org/docs/2021/annex.pdf>" in out.text


def test_relative_links_resolve_against_canonical_url_without_base() -> None:
    out = html_to_text(
        '<html><head><link rel="canonical" href="https://news.example.org/2020/10/story.html">'
        '</head><body><p><a href="../09/earlier.html">earlier story</a></p></body></html>'
    )
    assert out.links == ("https://news.example.org/2020/09/earlier.html",)


def test_unresolvable_and_non_web_links_are_left_as_plain_text() -> None:
    out = html_to_text(
        '<p><a href="report.pdf">relative without base</a>, <a href="javascript:void(0)">js</a>, '
        '<a href="mailto:press@example.org">mail</a>, <a href="#section-2">jump</a>, '
        '<a href="tel:+123">call</a>.</p>'
    )
    assert out.text == "relative without base, js, mail, jump, call.\n"
    assert out.links == ()


def test_duplicate_targets_are_listed_once_and_document_gets_them_as_page_zero(
    tmp_path: Path,
) -> None:
    p = tmp_path / "dup.html"
    p.write_text(
        '<p><a href="https://a.example.org/">A</a> <a href="https://a.example.org/">A'
        '</a> <a href="https://b.example.org/x">B</a></p>',
        encoding="utf-8",
    )
    doc = load_document(p)
    assert doc.format is DocFormat.HTML
    assert doc.link_targets == ((0, "https://a.example.org/"), (0, "https://b.example.org/x"))


@pytest.mark.parametrize(
    ("visible", "url", "expected"),
    [
        ("https://example.org/a", "https://example.org/a", (None, "")),
        ("www.example.org/a/", "https://example.org/a", (None, "")),
        ("see https://example.org/a here", "https://example.org/a", (None, "")),
        ("Report", "https://example.org/a", (None, " <https://example.org/a>")),
        ("example.org/a/b…", "https://example.org/a/bcdef", ("https://example.org/a/bcdef", "")),
        ("", "https://example.org/a", (None, "")),
    ],
)
def test_link_suffix(visible: str, url: str, expected: tuple[str | None, str]) -> None:
    assert link_suffix(visible, url) == expected


# ----------------------------------------------------------------------------------------
# chrome, blocks, front matter

PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<title>Cluster Munitions in Nagorno-Karabakh | Example Watch</title>
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2021-01-12T10:00:00+00:00">
<meta property="og:url" content="https://www.example.org/reports/2021/cluster">
<style>p { color: red }</style>
<script>document.write("<p>SCRIPTED TEXT</p>")</script>
</head><body>
<a class="sr-only" href="#main">Skip to main content</a>
<header class="site"><a href="/">Example Watch HOME</a><nav><a href="/about">ABOUT</a></nav></header>
<main id="main"><article>
<header><h1>Cluster Munitions</h1><p>By Jane Doe</p></header>
<p>First paragraph<br>second line of it.</p>
<div hidden>HIDDEN DIV</div><p style="display: none">HIDDEN STYLE</p>
<table><tr><th>Place</th><th>Date</th></tr><tr><td>Stepanakert</td><td>4 October 2020</td></tr></table>
<noscript>NOSCRIPT TEXT</noscript>
<pre>line one
   indented line</pre>
</article></main>
<div role="navigation">MENU ROLE</div>
<footer>© 2021 Example Watch <a href="/privacy">PRIVACY</a></footer>
</body></html>"""


def test_scripts_styles_and_site_chrome_are_dropped_article_header_kept() -> None:
    out = html_to_text(PAGE)
    for gone in (
        "SCRIPTED",
        "color: red",
        "HOME",
        "ABOUT",
        "PRIVACY",
        "MENU ROLE",
        "Skip to main",
        "HIDDEN",
        "NOSCRIPT",
    ):
        assert gone not in out.text
    assert "Cluster Munitions" in lines_of(out.text)
    assert "By Jane Doe" in lines_of(out.text)


def test_block_structure_becomes_line_breaks() -> None:
    lines = lines_of(html_to_text(PAGE).text)
    i = lines.index("First paragraph")
    assert lines[i + 1] == "second line of it."
    assert lines[i + 2] == ""
    assert "Place Date" in lines and "Stepanakert 4 October 2020" in lines
    # a table row per line, no blank between rows
    assert lines[lines.index("Place Date") + 1] == "Stepanakert 4 October 2020"
    assert "line one" in lines and "   indented line" in lines


def test_chrome_can_be_kept() -> None:
    out = html_to_text(PAGE, HtmlOptions(drop_chrome=False))
    assert "ABOUT" in out.text and "PRIVACY" in out.text
    assert "SCRIPTED" not in out.text


def test_front_matter_lines_from_head() -> None:
    lines = lines_of(html_to_text(PAGE).text)
    assert lines[:5] == [
        "Title: Cluster Munitions in Nagorno-Karabakh | Example Watch",
        "Author: Jane Doe",
        "Date: 2021-01-12",
        "Original url: https://www.example.org/reports/2021/cluster",
        "",
    ]
    assert not html_to_text(PAGE, HtmlOptions(front_matter=False)).text.startswith("Title:")


def test_page_without_head_metadata_has_no_front_matter() -> None:
    assert html_to_text("<p>Just text.</p>").text == "Just text.\n"


def test_metadata_reader_understands_the_front_matter(tmp_path: Path) -> None:
    metadata = pytest.importorskip("citewatch.citations.metadata")
    meta = metadata.read_metadata(html_to_text(PAGE).text)
    assert meta.title == "Cluster Munitions in Nagorno-Karabakh | Example Watch"
    assert meta.author == "Jane Doe"
    assert meta.date_iso == "2021-01-12"
    assert meta.original_url == "https://www.example.org/reports/2021/cluster"


# ----------------------------------------------------------------------------------------
# reading files


def test_reader_chosen_by_suffix_and_folders_pick_up_html(tmp_path: Path) -> None:
    (tmp_path / "a.htm").write_text("<p>Hello <b>world</b></p>", encoding="utf-8")
    (tmp_path / "b.html").write_text("<p>Again</p>", encoding="utf-8")
    (tmp_path / "c.md").write_text("# Title\n", encoding="utf-8")
    found = [p.name for p in iter_document_paths([tmp_path])]
    assert found == ["a.htm", "b.html", "c.md"]
    doc = load_document(tmp_path / "a.htm")
    assert doc.format is DocFormat.HTML and doc.text == "Hello world\n"


def test_empty_html_file_is_an_input_error(tmp_path: Path) -> None:
    p = tmp_path / "empty.html"
    p.write_text("\n \n", encoding="utf-8")
    with pytest.raises(InputError, match="empty") as err:
        load_document(p)
    assert err.value.path == p


def test_html_without_visible_text_is_an_input_error(tmp_path: Path) -> None:
    p = tmp_path / "shell.html"
    p.write_text(
        "<html><head><script>app()</script></head><body><div id=app></div></body></html>",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="no visible text") as err:
        load_document(p)
    assert "shell.html" in str(err.value)


def test_binary_html_file_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "blob.html"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10)
    with pytest.raises(InputError, match="binary"):
        load_document(p)


def test_meta_charset_decides_legacy_bytes(tmp_path: Path) -> None:
    p = tmp_path / "legacy.html"
    body = "<p>Résumé – “quoted” ½</p>"
    p.write_bytes(
        ('<html><head><meta charset="windows-1252"></head><body>' + body + "</body></html>").encode(
            "cp1252"
        )
    )
    doc = load_document(p)
    assert doc.text == "Résumé – “quoted” ½\n"
    assert doc.encoding == "cp1252"


def test_valid_utf8_wins_over_a_stale_charset_declaration(tmp_path: Path) -> None:
    p = tmp_path / "saved.html"
    p.write_bytes('<meta charset="iso-8859-1"><p>Łódź “x”</p>'.encode())
    doc = load_document(p)
    assert doc.text == "Łódź “x”\n" and doc.encoding == "utf-8"


def test_damaged_utf8_without_declaration_is_an_error(tmp_path: Path) -> None:
    p = tmp_path / "bad.html"
    p.write_bytes("<p>“ok”</p>\n".encode() + b"<p>bad \xff</p>\n")
    with pytest.raises(InputError) as err:
        load_document(p)
    assert err.value.line == 2 and "bad.html" in str(err.value)


def test_reader_options_are_used(tmp_path: Path) -> None:
    p = tmp_path / "opt.html"
    p.write_text('<p><a href="https://example.org/x">X</a></p>', encoding="utf-8")
    assert HtmlReader(HtmlOptions(urls_in_text=False)).read(p).text == "X\n"
    assert HtmlReader().read(p).text == "X <https://example.org/x>\n"


# ----------------------------------------------------------------------------------------
# size


def test_deep_nesting_does_not_hit_the_recursion_limit() -> None:
    depth = sys.getrecursionlimit() * 3
    markup = "<div><span>" * depth + "deep text" + "</span></div>" * depth
    assert html_to_text(markup).text == "deep text\n"


def _page(paragraphs: int) -> str:
    body = "".join(
        f'<p>Paragraph {i} cites<sup><a href="#fn{i}">{i}</a></sup> '
        f'<a href="https://example.org/{i}">a source</a>.</p>'
        for i in range(1, paragraphs + 1)
    )
    notes = "".join(
        f'<li id="fn{i}">Note {i}, <a href="https://n.example.org/{i}">online</a>.</li>'
        for i in range(1, paragraphs + 1)
    )
    return f'<html><body><article>{body}</article><ol class="footnotes">{notes}</ol></body></html>'


def test_large_page_time_grows_linearly() -> None:
    small, large = _page(500), _page(4000)
    t0 = time.process_time()
    html_to_text(small)
    t1 = time.process_time()
    out = html_to_text(large)
    t2 = time.process_time()
    assert len(out.notes) == 4000 and len(out.links) == 8000
    assert note_line(out.text, "3999") == "3999 Note 3999, online <https://n.example.org/3999>."
    # 8x the input: allow generous noise, but a quadratic walk would take ~64x
    assert (t2 - t1) < max(0.5, 25 * (t1 - t0))
    assert re.search(
        r"^Paragraph 4000 cites4000 a source <https://example.org/4000>\.$", out.text, re.MULTILINE
    )


# ----------------------------------------------------------------------------------------
# end to end: the extractor finds each note's URL under the note's number

E2E_PAGE = """<!DOCTYPE html>
<html><head><title>Attacks on Civilians in Nagorno-Karabakh</title>
<meta name="author" content="Anna Petrosyan">
<link rel="canonical" href="https://journal.example.org/2021/attacks/">
</head><body>
<nav><a href="/">Home</a></nav>
<article>
<h1>Attacks on Civilians in Nagorno-Karabakh</h1>
<p>Cluster munitions were used in residential areas.<sup><a href="#fn1" id="r1">1</a></sup>
The government denied the reports<sup><a href="#fn2" id="r2">2</a></sup>, while monitors
documented further strikes.<sup><a href="#fn3" id="r3">3</a></sup></p>
</article>
<section class="footnotes" role="doc-endnotes"><hr><ol>
<li id="fn1"><p>Human Rights Watch, “Armenia: Cluster Munitions Kill Civilians in Azerbaijan”,
Human Rights Watch (30 October 2020), online:
<a href="https://www.hrw.org/news/2020/10/30/armenia-cluster-munitions-kill-civilians-azerbaijan">Human Rights Watch</a>.
<a href="#r1" class="footnote-back">↩</a></p></li>
<li id="fn2"><p>Ministry of Foreign Affairs, “Statement on the Reports”, MFA (2 November 2020),
online: <a href="/mfa/statement-2020-11-02.html">MFA</a>. <a href="#r2">↩</a></p></li>
<li id="fn3"><p>Amnesty International, “Armenia/Azerbaijan: First Confirmed Use of Cluster
Munitions”, Amnesty International (5 October 2020), online:
<a href="https://www.amnesty.org/en/latest/news/2020/10/armenia-azerbaijan-cluster-munitions/">https://www.amnesty.org/en/latest/news/2020/10/armenia-azerbaijan-cluster-munitions/</a>.
<a href="#r3">↩</a></p></li>
</ol></section>
</body></html>
"""

E2E_URLS = {
    "1": "https://www.hrw.org/news/2020/10/30/armenia-cluster-munitions-kill-civilians-azerbaijan",
    "2": "https://journal.example.org/mfa/statement-2020-11-02.html",
    "3": "https://www.amnesty.org/en/latest/news/2020/10/armenia-azerbaijan-cluster-munitions/",
}


def test_extractor_finds_each_note_url_under_its_number(tmp_path: Path) -> None:
    path = tmp_path / "attacks.html"
    path.write_text(E2E_PAGE, encoding="utf-8")
    result = assert_notes_carry_urls(path, E2E_URLS)
    assert result.meta.title == "Attacks on Civilians in Nagorno-Karabakh"
    assert result.meta.author == "Anna Petrosyan"


def test_site_name_is_the_publisher_not_part_of_the_title() -> None:
    out = html_to_text(
        "<title>Shelling of Stepanakert - Wikipedia</title>"
        '<meta property="og:site_name" content="Wikipedia"><p>Body.</p>'
    )
    assert lines_of(out.text)[:3] == ["Title: Shelling of Stepanakert", "Publisher: Wikipedia", ""]


def test_link_wrapping_blocks_still_puts_its_url_in_the_text() -> None:
    out = html_to_text('<a href="https://e.example.org/x"><h3>Card title</h3><p>Teaser</p></a>')
    assert lines_of(out.text) == ["Card title", "", "Teaser", "", "<https://e.example.org/x>"]


def test_mdbook_footnotes_with_numbered_backlinks() -> None:
    out = html_to_text(
        '<p>Claim<sup class="footnote-reference" id="fr-abi-1"><a href="#footnote-abi">1</a>'
        '</sup> and again<sup class="footnote-reference" id="fr-abi-2"><a href="#footnote-abi">'
        '1</a></sup>.</p><hr><ol class="footnote-definition"><li id="footnote-abi"><p>See '
        '<a href="https://github.com/rust-lang/rust/issues/115567">issue #115567</a>. '
        '<a href="#fr-abi-1">↩</a> <a href="#fr-abi-2">↩2</a></p></li></ol>'
    )
    assert out.notes == (
        ("1", "See issue #115567 <https://github.com/rust-lang/rust/issues/115567>."),
    )


def test_note_marker_after_a_bare_url_is_set_off_from_it() -> None:
    out = html_to_text(
        '<p>See https://x.org/report<sup><a href="#fn3">3</a></sup>, https://z.org/a.<sup>6'
        '</sup> and word<sup><a href="#fn7">7</a></sup>.</p>'
    )
    assert out.text == "See https://x.org/report 3, https://z.org/a. 6 and word7.\n"
