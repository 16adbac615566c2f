"""Regressions for extraction failures the synthetic documents (``bench/synthetic``) exposed:
each is a rule about how text extractors print notes and URLs, checked on a small document."""

from __future__ import annotations

import pytest

from citewatch.citations.model import NoteKind
from citewatch.citations.urls import find_urls
from tests.citations._extracting import extract_text, urls_by_label

BODY = (
    "Witnesses described shelling that began without warning.1 Residential areas were\n"
    "struck repeatedly in the first week of the war.2 Families of the missing were told\n"
    "nothing at all.3\n\n"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # no URL as printed ends in "_", "=", "&" or "?": a capitalised word below goes on
        ("Available: https://en.wikipedia.org/wiki/Ghazanchetsots_\nCathedral\n",
         "https://en.wikipedia.org/wiki/Ghazanchetsots_Cathedral"),
        ("at https://undocs.org/N0824333.pdf?\nOpenElement.\n",
         "https://undocs.org/N0824333.pdf?OpenElement"),
        ("see https://x.org/view.aspx?id=4&\nLangID=E for it\n",
         "https://x.org/view.aspx?id=4&LangID=E"),
        # a file extension in capitals after the period
        ("at https://www.amnesty.org/download/EUR5597972021ENGLISH.\nPDF\n",
         "https://www.amnesty.org/download/EUR5597972021ENGLISH.PDF"),
        # one capitalised word alone after a slash is no sentence
        ("Wikipedia, https://en.wikipedia.org/wiki/\nShusha.\n",
         "https://en.wikipedia.org/wiki/Shusha"),
        # an id going on after a slash, though it opens like a glued note number ("3Sk…")
        ("Instagram. https://www.instagram.com/p/\n3SkMOlLABqA/\n",
         "https://www.instagram.com/p/3SkMOlLABqA/"),
        # an id broken mid-token, its capitalised tail alone on the line
        ("Available: https://bit.ly/Dd4p\nUlc\n", "https://bit.ly/Dd4pUlc"),
    ],
)
def test_url_goes_on_with_a_capital_after_a_separator(text: str, expected: str) -> None:
    assert [f.url for f in find_urls(text)] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("See https://x.org/reports/\nThe next sentence goes on here.\n", "https://x.org/reports/"),
        ("online at https://x.org/report.\nPdf files are not read.\n", "https://x.org/report"),
        ("at https://x.org/news/2021/report\nAnnex\n", "https://x.org/news/2021/report"),
        ("12Emily Smith, at https://x.org/a/\n13Kevin Jones, “Title”\n", "https://x.org/a/"),
    ],
)
def test_a_sentence_after_a_url_stays_apart(text: str, expected: str) -> None:
    assert [f.url for f in find_urls(text)] == [expected]


def test_note_goes_on_below_a_stray_blank_row() -> None:
    text = BODY + (
        "1 Sophie Grigoryan, Videos Appear to Show Execution of Elderly Captives by Troops,\n"
        "\n"
        "Armenpress (Dec. 8, 2020), https://armenpress.am/eng/news/1071858.html.\n"
        "2 Benjamin Kaur, “Trade Accusations over Shelling”, Carnegie Endowment (18 March\n"
        "\n"
        "2021), online: <https://t.co/ldf5b5uoNJ>.\n"
        "3 Maksim Sokolov, Self-determination, 47 J. Conflict & Sec. L.\n"
        "\n"
        "346, 361 (2013), https://doi.org/10.1093/jcsl/krab078.\n"
        "\f"
    )
    got = urls_by_label(text, NoteKind.FOOTNOTE)
    assert got["1"] == ["https://armenpress.am/eng/news/1071858.html"]
    assert got["2"] == ["https://t.co/ldf5b5uoNJ"]
    assert got["3"] == ["https://doi.org/10.1093/jcsl/krab078"]


def test_blank_row_before_the_next_note_or_body_still_ends_a_note() -> None:
    text = BODY + (
        "1 Sophie Grigoryan, Videos Appear to Show Execution of Captives,\n"
        "\n"
        "2 Benjamin Kaur, “Trade Accusations”, https://t.co/ldf5b5uoNJ.\n"
        "3 See Kaur, supra note 2.\n"
        "\f"
    )
    got = urls_by_label(text, NoteKind.FOOTNOTE)
    assert got.get("1") == []
    assert got["2"] == ["https://t.co/ldf5b5uoNJ"]


def test_note_opening_with_a_signal_and_a_title_is_no_heading() -> None:
    text = (
        "Satellite imagery shows several cemeteries were levelled.1 Former detainees described\n"
        "being held in overcrowded cells.2 The obligation applies to every party.3\n"
        "1 Maksim Sokolov, Self-determination, 47 J. Conflict & Sec. L. 346, 361\n"
        "(2013), https://doi.org/10.1093/jcsl/krab078.\n"
        "2 Id. at 5.\n"
        "3 See “How Drones Changed the Course of the Nagorno-Karabakh\n"
        "Conflict”, Human Rights Watch, 16 October 2020.\n"
        "https://www.hrw.org/news/2020/10/16/how-drones-changed-course-nagorno-karabakh\n"
        "4\n"
        "\f"
    )
    got = urls_by_label(text, NoteKind.FOOTNOTE)
    assert got["3"] == ["https://www.hrw.org/news/2020/10/16/how-drones-changed-course-nagorno-karabakh"]
    assert got["2"] == []


def test_bibliography_entry_ends_with_the_tail_of_a_broken_url() -> None:
    text = (
        "Body text of the article goes on for a while and says nothing numbered at all here.\n\n"
        "Bibliography\n"
        "Al-Khatib, Giorgi and José Fernández. “Videos Appear to Show Execution of Captured\n"
        "Civilians by Azerbaijani Soldiers.” Foreign Policy, October 28, 2020. https://foreign\n"
        "policy.com/2020/10/28/videos-appear-to-show-execution-of-captured-civilians/.\n"
        "Amnesty International. “Videos Appear to Show Execution of Prisoners of War by\n"
        "Troops.” October 13, 2021. https://www.amnesty.org/en/latest/news/2021/10/videos-appe\n"
        "ar-to-show-execution-of/.\n"
        "Beridze, Olivia and Narine Brennan. “Disinformation Campaign Targets Nagorno-Karabakh\n"
        "Casualty Figures.” Radio Free Europe/Radio Liberty, January 16, 2021.\n"
    )
    got = urls_by_label(text, NoteKind.REFERENCE)
    assert got["B1"] == [
        "https://foreignpolicy.com/2020/10/28/videos-appear-to-show-execution-of-captured-civilians/"
    ]
    assert got["B2"] == ["https://www.amnesty.org/en/latest/news/2021/10/videos-appear-to-show-execution-of/"]
    assert "B3" in got


def test_lone_number_heading_a_page_is_a_folio_not_a_note() -> None:
    text = (
        "Drones changed the course of the conflict.1 Observers said so.2\n"
        "1 See “How Drones Changed the Course of the Conflict”, Human Rights Watch, 16 October\n"
        "2020, https://www.hrw.org/news/2020/10/16/how-drones-changed-course.\n"
        "2\n"
        "Human Rights Watch, supra note 1 at 55.\n"
        "\f2\n"
        "Journal of International Law [Vol. 12\n"
        "Families of the missing told researchers nothing at all about their relatives.3\n"
        "3\n"
        "Id. at 7.\n"
        "\f"
    )
    notes = {c.label: c for c in extract_text(text) if c.kind is NoteKind.FOOTNOTE}
    assert notes["2"].ref is not None and notes["2"].ref.target == "1"
    assert "Journal" not in notes["2"].text


def test_wrapped_title_opening_a_note_is_no_heading() -> None:
    text = BODY + (
        "1 Maksim Sokolov, Self-determination, 47 J. Conflict & Sec. L. 346 (2013).\n"
        "2 Convention for the Protection of Cultural\n"
        "Property in the Event of Armed Conflict, 14 May\n"
        "1954, 249 UNTS 240, online: <treaties.un.org/Pages/ViewDetails.aspx?\n"
        "src=TREATY&mtdsg_no=IV-3&chapter=4&clang=_en>.\n"
        "3 Ibid at 4.\n"
        "\f"
    )
    got = urls_by_label(text, NoteKind.FOOTNOTE)
    assert got["2"] == [
        "treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=IV-3&chapter=4&clang=_en"
    ]


def test_heading_above_prose_stays_a_heading() -> None:
    text = BODY + (
        "1 Maksim Sokolov, Self-determination, 47 J. Conflict & Sec. L. 346 (2013).\n"
        "2 Ibid.\n"
        "3 Ibid.\n"
        "\f"
        "4 Conclusions and Recommendations\n"
        "The parties should investigate every allegation promptly and report on what they found.\n"
    )
    assert "4" not in {c.label for c in extract_text(text) if c.kind is NoteKind.FOOTNOTE}


def test_id_digits_broken_before_the_period_rejoin() -> None:
    text = "(2023), https://doi.org/10.1017/S092215652390857\n3.\n4 Ibid.\n"
    assert [f.url for f in find_urls(text)] == ["https://doi.org/10.1017/S0922156523908573"]
    assert [f.url for f in find_urls("at https://x.org/news/43559\n3\n")] == [
        "https://x.org/news/43559"
    ]


BIB_HEAD = "Body text of the article goes on for a while and says nothing numbered at all here.\n\nBibliography\n"


def test_bibliography_authors_wrapped_alone_keep_their_title() -> None:
    text = BIB_HEAD + (
        "Brennan, Olivia. “Prisoners of War.” Opinio Juris, December 7,\n"
        "2020. https://opiniojuris.org/2020/12/07/prisoners-of-war/.\n"
        "Harrington, Arzu and Emily Vardanyan.\n"
        "“Self-determination, Territorial Integrity and the\n"
        "Karabakh Conflict.” Opinio Juris, December 14, 2020.\n"
        "https://opiniojuris.org/2020/12/14/self-determination/.\n"
        "Ministry of Foreign Affairs of the Republic of\n"
        "Azerbaijan. “Azerbaijan Releases 69 Prisoners of\n"
        "War in Exchange Deal.” November 10, 2020.\n"
        "https://mfa.gov.az/en/news/3851/azerbaijan-releases.\n"
        "Mkrtchyan, Michael. “Hate Speech.” AJIL 9, no. 1 (2016): 873.\n"
    )
    got = urls_by_label(text, NoteKind.REFERENCE)
    assert got["B2"] == ["https://opiniojuris.org/2020/12/14/self-determination/"]
    assert got["B3"] == ["https://mfa.gov.az/en/news/3851/azerbaijan-releases"]
    assert got["B4"] == []
    assert "B5" not in got


def test_running_head_atop_a_bibliography_page_is_no_entry_text() -> None:
    text = BIB_HEAD + (
        "Mensah, Aoife. “Inside the Hospital.” Al Jazeera, April 12, 2021.\n"
        "https://www.aljazeera.com/news/2021/4/12/inside-the-hospital.\n"
        "\n3\n\fAccountability for Violations in the Conflict\n\n"
        "Mkrtchyan, Michael and Sophie Tadevosyan.\n"
        "“Hate Speech, Incitement and the Prevention\n"
        "of Atrocities.” American Journal of International Law 9 (2016).\n"
        "https://doi.org/10.1017/ajil.2016.57.\n"
    )
    refs = {c.label: c for c in extract_text(text) if c.kind is NoteKind.REFERENCE}
    assert [u.url for u in refs["B2"].urls] == ["https://doi.org/10.1017/ajil.2016.57"]
    assert "Accountability" not in refs["B1"].text + refs["B2"].text


def test_a_notes_url_alone_below_a_blank_row_is_the_notes() -> None:
    note = (
        "1 Maksim Sokolov, Self-determination, 47 J. Conflict & Sec. L. 346 (2013).\n"
        "2 Yusuf Tadevosyan, “Evidence of widespread atrocities emerges”,\n"
        "BBC News, 06 July 2021.\n\n{links}"
        "3 Council of Europe Commissioner for Human Rights, supra note 1 at 11.\n\f"
    )
    got = urls_by_label(BODY + note.format(links="https://www.bbc.com/news/world-59378767\n"),
                        NoteKind.FOOTNOTE)
    assert got["2"] == ["https://www.bbc.com/news/world-59378767"]
    # two URLs under a finished note are a block of links (matched to the notes as such),
    # not rows of the note
    two = "https://www.bbc.com/news/world-59378767\nhttps://x.org/other\n"
    (second,) = [c for c in extract_text(BODY + note.format(links=two)) if c.label == "2"]
    assert second.lines == (6, 7)


def test_wrapped_organisation_opening_a_note_is_no_heading() -> None:
    text = BODY + (
        "1 Maksim Sokolov, Self-determination, 47 J. Conflict & Sec. L. 346 (2013).\n"
        "2 Organization for Security and Co-operation\n"
        "in Europe, “Mingachevir Residents Shelter in\n"
        "Basements,” Statement, February 13, 2021, https://www.\n"
        "osce.org/minsk-group/371287.\n"
        "3 Ibid.\n"
        "\f"
    )
    got = urls_by_label(text, NoteKind.FOOTNOTE)
    assert got["2"] == ["https://www.osce.org/minsk-group/371287"]


def test_case_name_opening_a_note_is_no_heading() -> None:
    text = BODY + (
        "1 Maksim Sokolov, Self-determination, 47 J. Conflict & Sec. L. 346 (2013).\n"
        "2 Makuchyan and Minasyan v. Azerbaijan\n"
        "and Hungary, App. No. 17247/13 (May 26,\n"
        "2020), https://hudoc.echr.coe.int/eng?i=001-159275.\n"
        "3 Ibid.\n"
        "\f"
    )
    assert urls_by_label(text, NoteKind.FOOTNOTE)["2"] == ["https://hudoc.echr.coe.int/eng?i=001-159275"]


def test_open_sentence_goes_on_below_a_blank_row_but_a_url_end_closes_it() -> None:
    text = BODY + (
        "1 Johannes Aliyeva et al., Evidence of Widespread Atrocities Emerges Following\n"
        "\n"
        "Karabakh War, News.am (Oct. 30, 2021), https://news.am/eng/news/677133.html.\n"
        "2 R. McAllister, “After the Ceasefire,” AP, 2021. Available: https://apnews.com/a/1\n"
        "\n"
        "J. García-Márquez and C. Brennan, “Digital evidence,” EJIL, 2020.\n"
        "3 Ibid.\n"
        "\f"
    )
    notes = {c.label: c for c in extract_text(text) if c.kind is NoteKind.FOOTNOTE}
    assert [u.url for u in notes["1"].urls] == ["https://news.am/eng/news/677133.html"]
    assert "García" not in notes["2"].text


def test_organisation_and_quoted_title_open_an_entry_after_a_full_row() -> None:
    text = BIB_HEAD + (
        "Al-Khatib, Armen. The Ghosts of Karabakh:\n"
        "Memory, Territory and Displacement. Montreal:\n"
        "McGill-Queen’s University Press, 2012.\n"
        "Amnesty International. “Peacekeepers Arrive as\n"
        "Displaced Families Return to Beylagan.” January\n"
        "21, 2021. https://t.co/a2oDco7dAD.\n"
        "Beridze, Olivia and Narine Brennan. “Disinformation\n"
        "Campaign,” Radio Liberty, January 16, 2021.\n"
    )
    got = urls_by_label(text, NoteKind.REFERENCE)
    assert got["B1"] == []
    assert got["B2"] == ["https://t.co/a2oDco7dAD"]
    assert "B3" in got


def test_wrapped_organisation_before_a_short_form_is_no_heading() -> None:
    text = BODY + (
        "1 Office of the United Nations High Commissioner, “Report” (2021), https://x.org/r.\n"
        "2 Id.\n"
        "3 Office of the United Nations High Commissioner for Human\n"
        "Rights, supra note 1 at 85.\n"
        "\f"
    )
    notes = {c.label: c for c in extract_text(text) if c.kind is NoteKind.FOOTNOTE}
    assert notes["3"].ref is not None and notes["3"].ref.target == "1"
    assert "Office" not in notes["2"].text


def test_note_number_alone_below_a_url_is_not_its_last_segment() -> None:
    text = (
        "20 Bellingcat, https://www.bellingcat.com/news/2021/01/25/what-is-in-the-russia/\n"
        "21\n"
        "See e.g. Council of Europe Commissioner for Human Rights.\n"
    )
    assert [f.url for f in find_urls(text)] == [
        "https://www.bellingcat.com/news/2021/01/25/what-is-in-the-russia/"
    ]
    # a short last segment with no note text under it stays part of the URL
    assert [f.url for f in find_urls("at https://x.org/minsk-group/\n414\n\n")] == [
        "https://x.org/minsk-group/414"
    ]
