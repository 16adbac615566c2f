"""Markdown documents: links, footnotes, markup, front matter, errors, size."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from citewatch.documents import DocFormat, load_document
from citewatch.documents.markdown import MarkdownOptions, MarkdownReader, markdown_to_text
from citewatch.errors import InputError
from tests.documents._e2e import assert_notes_carry_urls


def lines_of(text: str) -> list[str]:
    return text.splitlines()


# ----------------------------------------------------------------------------------------
# links


def test_inline_link_becomes_text_and_url_in_angle_brackets() -> None:
    out = markdown_to_text('See [the report](https://www.hrw.org/report/2021 "HRW") now.\n')
    assert out.text == "See the report <https://www.hrw.org/report/2021> now.\n"
    assert out.links == ("https://www.hrw.org/report/2021",)


def test_autolinks_stay_and_links_shown_as_their_url_are_not_doubled() -> None:
    out = markdown_to_text(
        "Online: <https://example.org/a>. Also [https://example.org/b](https://example.org/b)"
        " and [example.org/c](https://www.example.org/c/).\n"
    )
    assert out.text == (
        "Online: <https://example.org/a>. Also https://example.org/b and example.org/c.\n"
    )
    assert out.links == (
        "https://example.org/a",
        "https://example.org/b",
        "https://www.example.org/c/",
    )


def test_reference_style_links_are_resolved() -> None:
    out = markdown_to_text(
        "Read [the ruling][ECHR] and [Amnesty] but not [missing][nowhere].\n\n"
        '[echr]: https://hudoc.echr.coe.int/eng?i=001-12345 "Judgment"\n'
        "[Amnesty]: <https://www.amnesty.org/en/documents/eur55/1234/2020/en/>\n"
    )
    assert out.text == (
        "Read the ruling <https://hudoc.echr.coe.int/eng?i=001-12345> and Amnesty "
        "<https://www.amnesty.org/en/documents/eur55/1234/2020/en/> but not "
        "[missing][nowhere].\n"
    )
    assert len(out.links) == 2


def test_relative_and_mail_links_are_not_targets_without_a_base() -> None:
    out = markdown_to_text("[next](../next.md), [mail](mailto:a@example.org), <a@example.org>\n")
    assert out.text == "next, mail, a@example.org\n"
    assert out.links == ()


def test_relative_links_resolve_against_front_matter_url() -> None:
    out = markdown_to_text(
        "---\nurl: https://blog.example.org/2021/post/\n---\n[annex](annex.pdf)\n"
    )
    assert out.links == ("https://blog.example.org/2021/post/annex.pdf",)


def test_inline_html_anchors_are_links_too() -> None:
    out = markdown_to_text(
        'Text <a href="https://a.example.org/x?a=1&amp;b=2">the source</a>, '
        "<A HREF='https://b.example.org'>https://b.example.org</a> and "
        '<a name="x">an anchor</a>.<br>Next.\n'
    )
    assert lines_of(out.text) == [
        "Text the source <https://a.example.org/x?a=1&b=2>, https://b.example.org and an anchor.",
        "Next.",
    ]
    assert out.links == ("https://a.example.org/x?a=1&b=2", "https://b.example.org")


def test_urls_in_text_option_off() -> None:
    out = markdown_to_text(
        "[the report](https://example.org/r)\n", MarkdownOptions(urls_in_text=False)
    )
    assert out.text == "the report\n"
    assert out.links == ("https://example.org/r",)


# ----------------------------------------------------------------------------------------
# footnotes


def test_numbered_footnotes_keep_their_numbers_and_go_to_the_end() -> None:
    source = (
        "First claim.[^1] Second claim.[^2]\n\n"
        "[^1]: Human Rights Watch, “Title”, HRW (2020), online: <https://www.hrw.org/a>.\n"
        "[^2]: Ibid.\n\n"
        "Closing paragraph.[^3]\n\n"
        "[^3]: Amnesty, [report](https://www.amnesty.org/b).\n"
    )
    out = markdown_to_text(source)
    assert lines_of(out.text) == [
        "First claim.[1] Second claim.[2]",
        "",
        "Closing paragraph.[3]",
        "",
        "1 Human Rights Watch, “Title”, HRW (2020), online: <https://www.hrw.org/a>.",
        "2 Ibid.",
        "3 Amnesty, report <https://www.amnesty.org/b>.",
    ]


def test_numeric_labels_are_kept_even_when_referenced_out_of_order() -> None:
    out = markdown_to_text("B.[^7] A.[^6]\n\n[^6]: Six.\n[^7]: Seven.\n")
    assert out.notes == (("6", "Six."), ("7", "Seven."))
    assert lines_of(out.text)[0] == "B.[7] A.[6]"


def test_named_footnotes_are_numbered_by_first_reference() -> None:
    source = (
        "Alpha.[^hrw] Beta.[^amnesty] Again.[^hrw]\n\n"
        "[^amnesty]: Amnesty note.\n"
        "[^unused]: Never referenced.\n"
        "[^hrw]: HRW note, first paragraph.\n\n"
        "    Second paragraph of the HRW note.\n"
    )
    out = markdown_to_text(source)
    assert lines_of(out.text)[0] == "Alpha.[1] Beta.[2] Again.[1]"
    assert out.notes == (
        ("1", "HRW note, first paragraph. Second paragraph of the HRW note."),
        ("2", "Amnesty note."),
        ("3", "Never referenced."),
    )
    assert lines_of(out.text)[-3:] == [
        "1 HRW note, first paragraph. Second paragraph of the HRW note.",
        "2 Amnesty note.",
        "3 Never referenced.",
    ]


def test_inline_footnotes_are_numbered_with_the_others() -> None:
    out = markdown_to_text(
        "One.[^a] Two.^[Inline note <https://x.example.org/>.] Three.[^b]\n\n"
        "[^a]: Note a.\n[^b]: Note b.\n"
    )
    assert out.notes == (
        ("1", "Note a."),
        ("2", "Inline note <https://x.example.org/>."),
        ("3", "Note b."),
    )
    assert "https://x.example.org/" in out.links


def test_footnote_reference_after_a_bare_url_is_set_off_from_it() -> None:
    out = markdown_to_text("See https://x.org/report[^1] and word[^1].\n\n[^1]: Note.\n")
    assert lines_of(out.text)[0] == "See https://x.org/report [1] and word[1]."


def test_footnote_text_is_not_left_in_the_body() -> None:
    out = markdown_to_text("Text.[^n]\n\n[^n]: The note.\n\nAfter.\n")
    assert lines_of(out.text) == ["Text.[1]", "", "After.", "", "1 The note."]


# ----------------------------------------------------------------------------------------
# markup


def test_headings_emphasis_and_code_markup_are_removed() -> None:
    out = markdown_to_text(
        "# The *Report*\n\nSome **bold** and _em_ and `code_span` and ~~gone~~.\n"
        "A soft\nbreak joins the line.  \nA hard break does not.\n\n"
        "Setext heading\n---\n"
    )
    assert lines_of(out.text) == [
        "The Report",
        "",
        "Some bold and em and code_span and gone. A soft break joins the line.",
        "A hard break does not.",
        "",
        "Setext heading",
    ]


def test_lists_tables_code_and_html_blocks() -> None:
    out = markdown_to_text(
        "- one\n- two\n\n3. three\n4. four\n\n"
        "| Place | Date |\n|---|---|\n| Stepanakert | 2020 |\n\n"
        "```\nverbatim  code\n```\n\n"
        '<div class="note">Raw <a href="https://html.example.org/">HTML</a></div>\n'
    )
    assert lines_of(out.text) == [
        "• one",
        "• two",
        "",
        "3. three",
        "4. four",
        "",
        "Place Date",
        "Stepanakert 2020",
        "",
        "verbatim  code",
        "",
        "Raw HTML <https://html.example.org/>",
    ]
    assert out.links == ("https://html.example.org/",)


def test_front_matter_becomes_labelled_lines() -> None:
    out = markdown_to_text(
        '---\ntitle: "Attacks on Civilians"\nauthor: Anna Petrosyan\ndate: 2021-03-04\n'
        "canonical_url: https://journal.example.org/attacks/\ntags: [a, b]\n"
        "publisher: Example Press\n---\n\nBody.\n"
    )
    assert lines_of(out.text) == [
        "Title: Attacks on Civilians",
        "Author: Anna Petrosyan",
        "Publisher: Example Press",
        "Date: 2021-03-04",
        "Original url: https://journal.example.org/attacks/",
        "",
        "Body.",
    ]
    plain = markdown_to_text("---\ntitle: T\n---\nBody.\n", MarkdownOptions(front_matter=False))
    assert plain.text == "Body.\n"


# ----------------------------------------------------------------------------------------
# files


def test_reader_by_suffix(tmp_path: Path) -> None:
    for name in ("a.md", "b.markdown"):
        p = tmp_path / name
        p.write_text("Hello *world*\n", encoding="utf-8")
        doc = load_document(p)
        assert doc.format is DocFormat.MARKDOWN and doc.text == "Hello world\n"


def test_link_targets_on_the_document(tmp_path: Path) -> None:
    p = tmp_path / "links.md"
    p.write_text(
        "[a](https://a.example.org/) [a](https://a.example.org/) <https://b.example.org>\n",
        encoding="utf-8",
    )
    assert load_document(p).link_targets == (
        (0, "https://a.example.org/"),
        (0, "https://b.example.org"),
    )


def test_empty_markdown_is_an_input_error(tmp_path: Path) -> None:
    p = tmp_path / "empty.md"
    p.write_text("\n\n", encoding="utf-8")
    with pytest.raises(InputError, match="empty") as err:
        load_document(p)
    assert err.value.path == p


def test_markdown_with_only_markup_is_an_input_error(tmp_path: Path) -> None:
    p = tmp_path / "rule.md"
    p.write_text("---\n\n***\n", encoding="utf-8")
    with pytest.raises(InputError, match="no text"):
        load_document(p)


def test_binary_and_damaged_markdown_are_refused(tmp_path: Path) -> None:
    blob = tmp_path / "blob.md"
    blob.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(InputError, match="binary"):
        load_document(blob)
    bad = tmp_path / "bad.md"
    bad.write_bytes("# “Title”\n\n".encode() + b"text \xfe\n")
    with pytest.raises(InputError) as err:
        load_document(bad)
    assert err.value.line == 3


def test_reader_options(tmp_path: Path) -> None:
    p = tmp_path / "o.md"
    p.write_text("[X](https://example.org/x)\n", encoding="utf-8")
    assert MarkdownReader(MarkdownOptions(urls_in_text=False)).read(p).text == "X\n"


def _document(paragraphs: int) -> str:
    body = "".join(
        f"Paragraph {i} cites [a source](https://example.org/{i}).[^{i}]\n\n"
        for i in range(1, paragraphs + 1)
    )
    notes = "".join(
        f"[^{i}]: Note {i}, online: <https://n.example.org/{i}>.\n"
        for i in range(1, paragraphs + 1)
    )
    return body + notes


def test_large_document_time_grows_linearly() -> None:
    small, large = _document(400), _document(3200)
    t0 = time.process_time()
    markdown_to_text(small)
    t1 = time.process_time()
    out = markdown_to_text(large)
    t2 = time.process_time()
    assert len(out.notes) == 3200 and len(out.links) == 6400
    assert "3199 Note 3199, online: <https://n.example.org/3199>." in lines_of(out.text)
    assert (t2 - t1) < max(0.5, 25 * (t1 - t0))


# ----------------------------------------------------------------------------------------
# end to end

E2E_MARKDOWN = """---
title: Attacks on Civilians in Nagorno-Karabakh
author: Anna Petrosyan
date: 2021-03-04
---

# Attacks on Civilians in Nagorno-Karabakh

Cluster munitions were used in residential areas.[^hrw] The government denied the
reports,[^mfa] while monitors documented further strikes.[^amnesty]

[^hrw]: Human Rights Watch, “Armenia: Cluster Munitions Kill Civilians in Azerbaijan”, Human
    Rights Watch (30 October 2020), online: [Human Rights Watch][hrw-link].
[^mfa]: Ministry of Foreign Affairs, “Statement on the Reports”, MFA (2 November 2020),
    online: <https://mfa.example.org/statement-2020-11-02>.
[^amnesty]: Amnesty International, “Armenia/Azerbaijan: First Confirmed Use of Cluster
    Munitions”, Amnesty International (5 October 2020), online:
    [amnesty.org](https://www.amnesty.org/en/latest/news/2020/10/armenia-azerbaijan-cluster-munitions/).

[hrw-link]: https://www.hrw.org/news/2020/10/30/armenia-cluster-munitions-kill-civilians-azerbaijan
"""

E2E_URLS = {
    "1": "https://www.hrw.org/news/2020/10/30/armenia-cluster-munitions-kill-civilians-azerbaijan",
    "2": "https://mfa.example.org/statement-2020-11-02",
    "3": "https://www.amnesty.org/en/latest/news/2020/10/armenia-azerbaijan-cluster-munitions/",
}


def test_extractor_finds_each_note_url_under_its_number(tmp_path: Path) -> None:
    path = tmp_path / "attacks.md"
    path.write_text(E2E_MARKDOWN, encoding="utf-8")
    result = assert_notes_carry_urls(path, E2E_URLS)
    assert result.meta.title == "Attacks on Civilians in Nagorno-Karabakh"
    assert result.meta.date_iso == "2021-03-04"


def test_urls_nested_deeper_than_commonmark_allows_are_read() -> None:
    # markdown-it's CommonMark preset drops blocks nested 20 levels deep without a word
    for prefix in ("> ", "- ", "1. "):
        rendered = markdown_to_text(prefix * 30 + "See https://example.org/deep for it.\n")
        assert "https://example.org/deep" in rendered.text, prefix
        assert rendered.warnings == ()


def test_urls_nested_beyond_the_limit_are_a_warning(tmp_path: Path) -> None:
    from citewatch.documents.markdown import MAX_NESTING

    path = tmp_path / "deep.md"
    path.write_text(
        "Intro with https://example.org/top.\n\n"
        + "> " * (MAX_NESTING + 5)
        + "See https://example.org/deep.\n",
        encoding="utf-8",
    )
    doc = load_document(path)
    assert "https://example.org/top" in doc.text
    assert len(doc.warnings) == 1
    assert "line 3:" in doc.warnings[0] and f"nested {MAX_NESTING}" in doc.warnings[0]
