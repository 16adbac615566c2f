"""Bibliographic fields of one citation, per style and per field, and the corpus floors."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from citewatch.citations.fields import find_dates, parse_date, parse_fields, split_works
from citewatch.citations.model import NoteKind, WorkKind


def _load_eval() -> ModuleType:
    path = Path(__file__).with_name("_fields_eval.py")
    spec = importlib.util.spec_from_file_location("citewatch_tests_fields_eval", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


# --- dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "iso"),
    [
        ("12 January 2021", "2021-01-12"),
        ("January 12, 2021", "2021-01-12"),
        ("Jan. 12, 2021", "2021-01-12"),
        ("Sept. 3, 2020", "2020-09-03"),
        ("2021-01-12", "2021-01-12"),
        ("2020, October 28", "2020-10-28"),
        ("12.01.2021", "2021-01-12"),
        ("March 2021", "2021-03"),
        ("2019", "2019"),
    ],
)
def test_parse_date_formats(printed: str, iso: str) -> None:
    found = parse_date(printed)
    assert found is not None
    assert found.iso == iso
    assert found.printed == printed


def test_parse_date_rejects_text_and_impossible_dates() -> None:
    assert parse_date("Human Rights Watch") is None
    impossible = parse_date("32.13.2021")
    assert impossible is None or impossible.iso is None
    assert parse_date("about 2021 or so") is None


def test_apa_letter_suffix_is_dropped() -> None:
    found = parse_date("2021, July 15a")
    assert found is not None and found.printed == "2021, July 15" and found.iso == "2021-07-15"


def test_find_dates_prefers_precise_reading() -> None:
    dates = find_dates("signed 8 June 1977, in force 7 December 1978")
    assert [d.iso for d in dates] == ["1977-06-08", "1978-12-07"]


# --- one example per style -------------------------------------------------------------


def test_mcgill_news() -> None:
    f = parse_fields(
        "See Mariam Petros & Ann Olsen, “Shelling Resumes Near the Border”, Caucasus Daily"
        " (3 March 2022), online: <www.example.am/news/2022/03/03/shelling>."
    )
    assert f.author == "Mariam Petros & Ann Olsen"
    assert f.title == "Shelling Resumes Near the Border"
    assert f.container == "Caucasus Daily"
    assert (f.date, f.date_iso) == ("3 March 2022", "2022-03-03")
    assert f.kind is WorkKind.NEWS


def test_mcgill_organisation_press_release_without_container() -> None:
    f = parse_fields(
        "Ministry of Foreign Affairs of Ruritania, Press Release, “Statement on the Ceasefire”"
        " (9 May 2021), online: <mfa.example.gov/en/press/2021/05/09>."
    )
    assert f.author == "Ministry of Foreign Affairs of Ruritania"
    assert f.title == "Statement on the Ceasefire"
    assert f.container is None
    assert f.kind is WorkKind.REPORT
    assert f.note is not None and "Press Release" in f.note


def test_mcgill_journal_article_with_doi() -> None:
    f = parse_fields(
        "Lena Ortiz, “Occupation and Property” (2018) 12:3 Intl J Transitional Justice 401,"
        " online: <doi.org/10.1093/ijtj/ijy0123>."
    )
    assert f.author == "Lena Ortiz"
    assert f.container == "Intl J Transitional Justice"
    assert (f.date, f.date_iso) == ("2018", "2018")
    assert f.doi == "10.1093/ijtj/ijy0123"
    assert f.kind is WorkKind.ARTICLE


def test_mcgill_social_post_platform_from_online_lead_in() -> None:
    f = parse_fields(
        "Ann Olsen (@annolsen), “Footage from the market” (5 May 2021 at 9:15 AM), online:"
        " Twitter <twitter.com/annolsen/status/123456789>."
    )
    assert f.author == "Ann Olsen"
    assert f.container == "Twitter"
    assert f.date == "5 May 2021"
    assert f.kind is WorkKind.SOCIAL


def test_bluebook_news_with_access_date() -> None:
    f = parse_fields(
        "Karen Lutz, Evacuations Begin as Fighting Nears the City, Wash. Post (Feb. 2, 2021),"
        " https://www.washingtonpost.com/world/2021/02/02/evacuations/ (last visited Mar. 5, 2022)."
    )
    assert f.author == "Karen Lutz"
    assert f.title == "Evacuations Begin as Fighting Nears the City"
    assert f.container == "Wash. Post"
    assert (f.date, f.date_iso) == ("Feb. 2, 2021", "2021-02-02")
    assert (f.accessed, f.accessed_iso) == ("Mar. 5, 2022", "2022-03-05")
    assert f.kind is WorkKind.NEWS


def test_bluebook_untitled_author_and_abbreviated_organisation() -> None:
    f = parse_fields(
        "Hum. Rts. Watch, Civilians Under Fire: A Field Survey (Apr. 7, 2021),"
        " https://www.hrw.org/report/2021/04/07/civilians."
    )
    assert f.author == "Hum. Rts. Watch"
    assert f.title == "Civilians Under Fire: A Field Survey"
    assert f.container is None
    assert f.kind is WorkKind.REPORT


def test_bluebook_no_author_title_with_comma() -> None:
    f = parse_fields(
        "Refugees Return to Ruined Villages, Officials Say, Reuters (Jan. 9, 2021),"
        " https://www.reuters.com/world/refugees-return-2021-01-09/."
    )
    assert f.author is None
    assert f.title == "Refugees Return to Ruined Villages, Officials Say"
    assert f.container == "Reuters"


def test_bluebook_journal_with_pinpoint() -> None:
    f = parse_fields(
        "Omar Haddad, Occupation Law Revisited, 41 Yale J. Int’l L. 120, 131 (2016),"
        " https://doi.org/10.2139/x.2016.1."
    )
    assert f.author == "Omar Haddad"
    assert f.title == "Occupation Law Revisited"
    assert f.container == "Yale J. Int’l L."
    assert f.pinpoint == "131"
    assert f.date == "2016"
    assert f.kind is WorkKind.ARTICLE


def test_chicago_note_blog_and_accessed() -> None:
    f = parse_fields(
        "Ilse Berg and Tomas Ruiz, “Proportionality in Urban Warfare,” Lawfare (blog),"
        " October 4, 2021, accessed January 5, 2023, https://www.lawfareblog.com/proportionality."
    )
    assert f.author == "Ilse Berg and Tomas Ruiz"
    assert f.title == "Proportionality in Urban Warfare"
    assert f.container == "Lawfare"
    assert (f.date, f.date_iso) == ("October 4, 2021", "2021-10-04")
    assert (f.accessed, f.accessed_iso) == ("January 5, 2023", "2023-01-05")
    assert f.kind is WorkKind.WEB


def test_chicago_note_book_with_publisher_paren() -> None:
    f = parse_fields("Ilse Berg, Borders After War, (Oxford: Hart Publishing, 2019), 44.")
    assert f.author == "Ilse Berg"
    assert f.title == "Borders After War"
    assert f.container == "Hart Publishing"
    assert f.date == "2019"
    assert f.kind is WorkKind.BOOK


def test_chicago_bibliography_entry() -> None:
    f = parse_fields(
        "Berg, Ilse. “Proportionality in Urban Warfare.” Lawfare, October 4, 2021."
        " https://www.lawfareblog.com/proportionality.",
        kind=NoteKind.REFERENCE,
    )
    assert f.author == "Berg, Ilse"
    assert f.title == "Proportionality in Urban Warfare"
    assert f.date_iso == "2021-10-04"


def test_apa_news_and_journal() -> None:
    news = parse_fields(
        "Olsen, A., & Petros, M. (2020, October 28). Shelling resumes near the border."
        " Caucasus Daily. https://example.am/news/1",
        kind=NoteKind.REFERENCE,
    )
    assert news.author == "Olsen, A., & Petros, M."
    assert news.title == "Shelling resumes near the border"
    assert news.container == "Caucasus Daily"
    assert (news.date, news.date_iso) == ("2020, October 28", "2020-10-28")
    journal = parse_fields(
        "Ortiz, L. (2018). Occupation and property. International Journal of Transitional"
        " Justice, 12(3), 401–420. https://doi.org/10.1093/ijtj/ijy0123",
        kind=NoteKind.REFERENCE,
    )
    assert journal.container == "International Journal of Transitional Justice"
    assert journal.doi == "10.1093/ijtj/ijy0123"
    assert journal.kind is WorkKind.ARTICLE


def test_apa_untitled_author_and_retrieved() -> None:
    f = parse_fields(
        "Siege of Example (2020). (2022, May 2). In Wikipedia. Retrieved June 9, 2022, from"
        " https://en.wikipedia.org/wiki/Siege_of_Example_(2020)",
        kind=NoteKind.REFERENCE,
    )
    assert f.author is None
    assert f.title == "Siege of Example (2020)"
    assert f.container == "Wikipedia"
    assert f.date_iso == "2022-05-02"
    assert (f.accessed, f.accessed_iso) == ("June 9, 2022", "2022-06-09")


def test_apa_organisation_with_description_bracket() -> None:
    f = parse_fields(
        "Human Rights Watch. (2021, March 3). Detainees describe abuse [Press release]."
        " https://www.hrw.org/news/2021/03/03/detainees",
        kind=NoteKind.REFERENCE,
    )
    assert f.author == "Human Rights Watch"
    assert f.title == "Detainees describe abuse"
    assert f.container is None
    assert f.kind is WorkKind.REPORT


def test_ieee_reference_with_label_and_accessed() -> None:
    f = parse_fields(
        "[7] A. Olsen and M. Petros, “Shelling resumes near the border,” Caucasus Daily,"
        " Mar. 3, 2022. Accessed: Jul. 7, 2022. [Online]. Available: https://example.am/n/1",
        kind=NoteKind.REFERENCE,
    )
    assert f.author == "A. Olsen and M. Petros"
    assert f.title == "Shelling resumes near the border"
    assert f.container == "Caucasus Daily"
    assert (f.date, f.date_iso) == ("Mar. 3, 2022", "2022-03-03")
    assert (f.accessed, f.accessed_iso) == ("Jul. 7, 2022", "2022-07-07")


def test_ieee_journal_with_doi() -> None:
    f = parse_fields(
        "L. Ortiz, “Occupation and property,” Int. J. Transitional Justice, vol. 12, no. 3,"
        " pp. 401–420, 2018, doi: 10.1093/ijtj/ijy0123.",
        kind=NoteKind.REFERENCE,
    )
    assert f.container == "Int. J. Transitional Justice"
    assert f.date == "2018"
    assert f.doi == "10.1093/ijtj/ijy0123"
    assert f.kind is WorkKind.ARTICLE


def test_ngo_footnote_organisation_after_title_is_the_author() -> None:
    f = parse_fields(
        "See “Detainees describe abuse in custody”, Human Rights Watch, 27 March 2022.\n"
        "https://www.hrw.org/news/2022/03/27/detainees"
    )
    assert f.author == "Human Rights Watch"
    assert f.container is None
    assert f.title == "Detainees describe abuse in custody"
    assert f.date_iso == "2022-03-27"


def test_ngo_footnote_newspaper_after_title_is_the_container() -> None:
    f = parse_fields("“Families wait for news of the missing”, The Guardian, 5 June 2021.")
    assert f.author is None
    assert f.container == "The Guardian"
    assert f.kind is WorkKind.NEWS


def test_ngo_footnote_title_without_quotes() -> None:
    f = parse_fields("Current situation in the region, Armenpress, 16 December 2022.")
    assert f.title == "Current situation in the region"
    assert f.container == "Armenpress"
    assert (f.date, f.date_iso) == ("16 December 2022", "2022-12-16")


def test_ngo_footnote_dotted_date_and_straight_quotes() -> None:
    f = parse_fields(
        'Anna Berg, "Water supply cut in three villages", OC Media, 03.06.2021, available at:'
        " https://oc-media.org/articles/water-supply/"
    )
    assert f.author == "Anna Berg"
    assert f.title == "Water supply cut in three villages"
    assert (f.date, f.date_iso) == ("03.06.2021", "2021-06-03")


def test_video_platform_is_the_container() -> None:
    f = parse_fields(
        "See Euronews, “Satellite imagery of the monastery”, YouTube, 22 November 2020,"
        " available at: https://www.youtube.com/watch?v=abc"
    )
    assert f.author == "Euronews"
    assert f.container == "YouTube"
    assert f.kind is WorkKind.WEB


# --- cases, treaties, UN documents --------------------------------------------------------


def test_case_name_stops_before_the_docket() -> None:
    f = parse_fields("See Petrosyan v Ruritania [GC], No 12345/10 (3 June 2016).")
    assert f.title == "Petrosyan v Ruritania [GC]"
    assert f.kind is WorkKind.CASE
    assert f.note is not None and "12345/10" in f.note


def test_treaty_with_pinpoint_and_short_name() -> None:
    f = parse_fields(
        "Convention on the Rights of the Child, 20 November 1989, 1577 UNTS 3, art 38 [CRC]."
    )
    assert f.title == "Convention on the Rights of the Child"
    assert f.date == "20 November 1989"
    assert f.kind is WorkKind.TREATY
    assert f.pinpoint == "art 38"
    assert f.note is not None and "CRC" in f.note and "1577 UNTS 3" in f.note


def test_article_of_a_treaty() -> None:
    f = parse_fields("See Article 33 of the Fourth Geneva Convention.")
    assert f.title == "Fourth Geneva Convention"
    assert f.pinpoint == "Article 33"
    assert f.kind is WorkKind.TREATY


def test_un_document_symbol_goes_to_note() -> None:
    f = parse_fields(
        "Report of the Special Rapporteur on torture, UN Doc A/HRC/52/30 (13 March 2023),"
        " online: <undocs.org/A/HRC/52/30>."
    )
    assert f.title == "Report of the Special Rapporteur on torture"
    assert f.date_iso == "2023-03-13"
    assert f.kind is WorkKind.REPORT
    assert f.note is not None and "A/HRC/52/30" in f.note


# --- fields: missing, DOI, SSRN, pinpoints, notes -----------------------------------------


def test_missing_fields_stay_none() -> None:
    f = parse_fields("“An untitled leaflet”, 2019.")
    assert f.title == "An untitled leaflet"
    assert f.author is None and f.container is None and f.accessed is None
    assert f.date == "2019"


def test_ssrn_working_paper_gets_its_doi() -> None:
    f = parse_fields(
        "Ilse Berg, Borders After War (May 8, 2021) (unpublished manuscript),"
        " https://papers.ssrn.com/sol3/papers.cfm?abstract_id=3764186."
    )
    assert f.doi == "10.2139/ssrn.3764186"
    assert f.kind is WorkKind.REPORT
    assert f.date_iso == "2021-05-08"


def test_page_pinpoint() -> None:
    f = parse_fields("“Annual report for 2020”, OCHA, 11 October 2021, p. 47.")
    assert f.pinpoint == "p. 47"
    assert f.author == "OCHA"


def test_unparsable_text_is_kept_in_note() -> None:
    text = "Interview with a displaced resident conducted by the author"
    f = parse_fields(text)
    assert f.note == text
    assert f.title is None and f.author is None
    assert f.kind is WorkKind.MISC


def test_short_forms_do_not_crash() -> None:
    for text in ("Ibid.", "Id. at 5.", "Smith, supra note 3, at 12.", "", "   "):
        f = parse_fields(text)
        assert f.author is None
        if text.strip():
            assert f.note is not None


# --- split_works ---------------------------------------------------------------------------


def test_split_see_also() -> None:
    text = (
        "Ann Olsen, “First”, Reuters, 2 May 2021; see also Human Rights Watch, “Second”,"
        " 3 May 2021."
    )
    parts = split_works(text)
    assert parts == [
        "Ann Olsen, “First”, Reuters, 2 May 2021",
        "see also Human Rights Watch, “Second”, 3 May 2021.",
    ]
    assert parse_fields(parts[1]).author == "Human Rights Watch"


def test_split_sentences_and_cf() -> None:
    text = "See “First”, BBC News, 2021. See also “Second”, OSCE, 2020. Cf. “Third”, UN News, 2019."
    assert len(split_works(text)) == 3


def test_split_keeps_semicolons_inside_one_work() -> None:
    assert len(split_works("Geneva Convention IV, 12 August 1949, arts 2; 3.")) == 1
    assert len(split_works("Ann Olsen, “Guns; Butter”, Reuters, 2021.")) == 1


def test_split_single_work_and_leading_signal() -> None:
    text = "See, e.g., Ann Olsen, “Only”, Reuters, 2021."
    assert split_works(text) == [text]


def test_split_remark_before_signal_is_not_a_work() -> None:
    parts = split_works("The court disagreed. See Ann Olsen, “Only”, Reuters, 2021.")
    assert len(parts) == 1


def test_split_url_line_stays_with_its_work() -> None:
    parts = split_works(
        "“First”, BBC News, 2021; see also Article 3 of the ICCPR.\nhttps://treaties.un.org/x"
    )
    assert len(parts) == 2
    assert parts[1].endswith("https://treaties.un.org/x")


# --- corpus --------------------------------------------------------------------------------

FLOORS = {
    "author": 0.96,
    "title": 0.96,
    "container": 0.93,
    "date": 0.95,
    "accessed": 0.96,
    "date_iso": 0.93,
    "doi": 0.96,
    "kind": 0.95,
}


def test_corpus_accuracy_floors() -> None:
    report = _load_eval().evaluate()
    for name, floor in FLOORS.items():
        assert report.rate(name) >= floor, (name, report.rate(name))
    for style, scores in report.fields.items():
        for name, score in scores.items():
            assert score.rate >= 0.8, (style, name, score.rate)
    assert report.split["all"].rate >= 0.95


# --- extraction damage ---------------------------------------------------------------------


def test_small_caps_extracted_as_capitals_are_restored() -> None:
    f = parse_fields(
        "Press Release, OFF. OF THE U.N. HIGH COMM’R FOR HUM. RTS., Detainees Describe Abuse"
        " (Dec. 15, 2020), https://www.ohchr.org/x."
    )
    assert f.author == "Off. of the U.N. High Comm’r for Hum. Rts."
    news = parse_fields(
        "Karen Lutz, Evacuations Begin as Fighting Nears the City, N.Y. TIMES (Feb. 2, 2021)."
    )
    assert news.container == "N.Y. Times"
    # A lone capitalised word may be a real acronym: it is kept as printed.
    assert parse_fields("“Annual report”, OCHA, 11 October 2021.").author == "OCHA"


def test_url_broken_by_a_space_does_not_leak_into_fields() -> None:
    f = parse_fields(
        "Ann Olsen, “Shelling resumes”, Reuters, 10 February 2021.\n"
        "https://www.reuters.com/world/europe/shelling-re sumes-2021-02-10/"
    )
    assert (f.container, f.date_iso) == ("Reuters", "2021-02-10")
    assert f.note is None
    apa = parse_fields(
        "Ortiz, L. (2018). Occupation and property. Security Dialogue, 12(3), 401–420."
        " https://doi.org/10.1177/0967 010618771234",
        kind=NoteKind.REFERENCE,
    )
    assert apa.doi == "10.1177/0967010618771234"


def test_note_cut_before_the_closing_quote() -> None:
    f = parse_fields(
        "Council of Europe Commissioner, “Preserving cultural heritage in post-conflict"
    )
    assert f.author == "Council of Europe Commissioner"
    assert f.title == "Preserving cultural heritage in post-conflict"


def test_decomposed_accents_read_as_letters() -> None:
    f = parse_fields("Ays\u0327e Kaur, Frozen Conflicts and Law, (Cambridge: Polity Press, 2015).")
    assert f.author == "Ayşe Kaur"
    assert f.title == "Frozen Conflicts and Law"


def test_body_text_is_not_parsed_as_a_citation() -> None:
    f = parse_fields("see the map at https://example.org/map for details", kind=NoteKind.BODY)
    assert f.title is None and f.author is None
    assert f.kind is WorkKind.WEB
    assert f.note is not None and "map" in f.note


def test_split_after_a_joined_url_line() -> None:
    text = (
        "See Euronews, “Imagery”, YouTube, 22 November 2020. https://youtu.be/abc See also"
        " “Second”, OSCE, 30 October 2021."
    )
    parts = split_works(text)
    assert len(parts) == 2 and parts[1].startswith("See also")
    assert len(split_works("The court said See what happens, 2020.")) == 1


# --- more shapes ---------------------------------------------------------------------------


def test_chicago_bibliography_book_in_sentences() -> None:
    f = parse_fields(
        "Haddad, Lucas and Dmitri Babayan. Peoples and Borders: A Reappraisal. 2nd ed. Leiden:"
        " Brill Nijhoff, 2013.",
        kind=NoteKind.REFERENCE,
    )
    assert f.author == "Haddad, Lucas and Dmitri Babayan"
    assert f.title == "Peoples and Borders: A Reappraisal"
    assert f.container == "Brill Nijhoff"
    assert f.date_iso == "2013"
    assert f.kind is WorkKind.BOOK


def test_ngo_shape_unknown_issuer_is_the_author() -> None:
    f = parse_fields("“Detainees describe abuse”, Truth Hounds, 07 January 2021.")
    assert f.author == "Truth Hounds"
    assert f.container is None
    assert f.kind is WorkKind.REPORT


def test_mcgill_journal_cut_short() -> None:
    f = parse_fields("Elvin Lee, “Enforced disappearances” (2019) 53:1 Intl Rev")
    assert (f.container, f.date) == ("Intl Rev", "2019")
    assert f.kind is WorkKind.ARTICLE


def test_british_single_quoted_title() -> None:
    f = parse_fields("Ann Lee, ‘Occupation and Property’ (2018) 12 Journal of Law 401.")
    assert (f.author, f.title, f.container) == (
        "Ann Lee",
        "Occupation and Property",
        "Journal of Law",
    )
    # A leading ‘…’ inside an unquoted Bluebook title is part of that title.
    g = parse_fields("‘We Buried Them’: Civilians Killed in Vardenis, Bellingcat (May 3, 2021).")
    assert g.title == "‘We Buried Them’: Civilians Killed in Vardenis"
    assert g.container == "Bellingcat"


def test_name_and_organisation_shapes() -> None:
    from citewatch.citations.fields import looks_like_org, looks_like_person

    assert looks_like_person("Sevinj de la Cruz, Niamh von Hagen & Olga Smith-Laurent")
    assert looks_like_person("Rahman, O., MacLeod, P., & Ismayilov, K.")
    assert looks_like_person("Omar Whitfield et al.")
    assert not looks_like_person("Report of the Working Group on the use of mercenaries")
    assert not looks_like_person("Human Rights Watch")
    assert looks_like_org("Ministry of Foreign Affairs of the Republic of Armenia")
    assert looks_like_org("Hum. Rts. Watch")
    assert looks_like_org("OSCE")
    assert not looks_like_org("Families of missing soldiers demand answers")


def test_a_sentence_is_not_taken_for_the_author() -> None:
    text = ("Committee on Trade, Second Session, Serial No. 110-200 (18 June 2008), p. 50. "
            "The remark was made to a visiting delegation: “We will not accept it.”")
    fields = parse_fields(text)
    assert fields.author is None
    assert "Committee on Trade" in (fields.note or "") + (fields.title or "")
