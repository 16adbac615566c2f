"""Regressions for ``pdftotext -layout`` failures the synthetic layout documents
(``bench/synthetic``, mode ``layout``) exposed: justified lines whose wide spaces look like a
column gap, and two-column pages whose entries hang their first line left of the column."""

from __future__ import annotations

import pytest

from citewatch.citations.model import NoteKind
from citewatch.citations.notes import reading_rows
from citewatch.citations.urls import find_urls
from tests.citations._extracting import extract_text, urls_by_label

BODY = (
    "Witnesses described shelling that began without warning.1 Residential areas were\n"
    "struck repeatedly in the first week of the war.2 Families of the missing were told\n"
    "nothing at all.\n\n"
)


def test_url_after_justification_spaces_continues_at_the_line_start() -> None:
    # the spaces before "<apnews" are justification, not a gutter: the next line (itself
    # justified with wide spaces) prints words through that column, so the URL's rest is
    # its first token
    text = BODY + (
        "   1 See Rasul McAllister & Hélène Chaudhry, “After  the Ceasefire, a\n"
        "Slow  Reckoning  with Abuses in Nagorno-Karabakh”, Associated Press (7\n"
        "July    2021),    online:    <apnews.com/article/after-ceasefire-slow-\n"
        "reckoning-abuses-238ba4623d6fbb92e3eade7c1d42279e>;      see      also\n"
        "Kowalczyk, supra note 17.\n"
        "   2 See  Narine Ivanova  and   Priya  Volkov,  “Families of  Missing\n"
        "Soldiers”, Associated Press (4 May 2021).\n"
    )
    got = urls_by_label(text, NoteKind.FOOTNOTE)
    assert got["1"] == [
        "apnews.com/article/after-ceasefire-slow-reckoning-abuses-238ba4623d6fbb92e3eade7c1d42279e"
    ]
    assert got.get("2", []) == []


def test_two_column_gutter_still_stops_a_url() -> None:
    # the same shape with a real gutter: the next line's text stops before the URL's
    # column, so the left column's words are not taken as the URL's rest
    left = [
        "Residential areas were struck repeatedly in the",
        "first week of the war. Hospitals, schools and",
        "kindergartens were among the civilian objects",
    ]
    right = [
        "See Human Rights Watch, online: https://www.hrw.org/",
        "",
        "Families of the missing told researchers that",
    ]
    rows = [(a.ljust(52) + b).rstrip() for a, b in zip(left, right, strict=True)]
    urls = [u.url for c in extract_text("\n".join(rows) + "\n") for u in c.urls]
    assert urls == ["https://www.hrw.org/"]


APA_PAGE = [
    ("Lefevre, A. (2016). Cluster munitions, customary law and",
     "Sargsyan, E. (2020, October 9). New satellite imagery"),
    ("    non-party states. Leiden Journal    of International",
     "    of the Govharagha Mosque [Post]. Instagram."),
    ("    Law,    118(4),    25-45.   https://doi.org/10.1017/",
     "    https://www.instagram.com/p/3SkMOlLABqA/"),
    ("    S0922156516937111",
     "Schafer, I. (2023). Open-source evidence before inter-"),
    ("Okafor,   A.   (2014).   Open-source   evidence   before",
     "    national courts: promise and pitfalls. Leiden"),
    ("    international courts: promise and pitfalls. Caucasus",
     "    Journal of International Law, 17(2), 450-486."),
    ("    Survey,   53(2),  874-897.  https://doi.org/10.1080/",
     "    https://doi.org/10.1017/S0922156523577230"),
    ("    23761199.2014.1332126",
     "Smith, J. (2021, June 2). UN Experts Call for"),
    ("Rahman,  O., MacLeod, P., & Ismayilov, K. (2021, June",
     "    Investigation into Alleged Executions. Radio Free"),
    ("    5). Families of missing soldiers demand answers",
     "    Europe. https://www.rferl.org/a/un-experts/3137.html"),
    ("    from both governments.  BBC  News. https://",
     "United Nations. (2016). Concluding observations on the"),
    ("    www.bbc.com/news/world-europe-57747602",
     "    fourth periodic report of Azerbaijan. https://"),
    ("", "    digitallibrary.un.org/record/3831269?ln=en"),
]


def _apa_text(gutter: int) -> str:
    rows = [(a.ljust(56 + gutter) + b).rstrip() if b else a for a, b in APA_PAGE]
    return "References\n\n" + "\n".join(rows) + "\n"


def test_hanging_first_lines_of_the_right_column_are_split_off() -> None:
    # the right column's entries start four characters left of its other rows; with a
    # narrow gutter no space stands where those rows restart, yet they belong to it
    rows = [r.text.strip() for r in reading_rows(_apa_text(2)) if r.text.strip()]
    for _, b in APA_PAGE:
        if b.strip():
            assert b.strip() in rows
    assert "Sargsyan, E. (2020, October 9). New satellite imagery" in rows


def test_doi_suffix_on_a_short_line_after_justified_spaces() -> None:
    # "25-45.   https://doi.org/10.1017/": the spaces were justification; the next, short
    # line holds the DOI's suffix although it ends before the URL's column
    urls = {u.url for c in extract_text(_apa_text(2)) for u in c.urls}
    assert "https://doi.org/10.1017/S0922156516937111" in urls
    assert "https://doi.org/10.1080/23761199.2014.1332126" in urls
    assert "https://doi.org/10.1017/" not in urls


@pytest.mark.parametrize("gutter", [2, 6])
def test_two_column_author_date_entries_keep_their_hanging_indent(gutter: int) -> None:
    # the right column is cut where its outdented first lines start, so its other rows keep
    # their indentation and each entry (first line outdented) keeps its own URL
    rows = [r.text for r in reading_rows(_apa_text(gutter))]
    assert "    of the Govharagha Mosque [Post]. Instagram." in rows
    by_label = {c.label: [u.url for u in c.urls] for c in extract_text(_apa_text(gutter))}
    assert by_label == {
        "Lefevre, 2016": ["https://doi.org/10.1017/S0922156516937111"],
        "Sargsyan, 2020": ["https://www.instagram.com/p/3SkMOlLABqA/"],
        "Schafer, 2023": ["https://doi.org/10.1017/S0922156523577230"],
        "Okafor, 2014": ["https://doi.org/10.1080/23761199.2014.1332126"],
        "Smith, 2021": ["https://www.rferl.org/a/un-experts/3137.html"],
        "Rahman et al., 2021": ["https://www.bbc.com/news/world-europe-57747602"],
        "United Nations, 2016": ["https://digitallibrary.un.org/record/3831269?ln=en"],
    }


def test_url_followed_by_justification_spaces_ends_on_its_line() -> None:
    # "…17z      and     was": the spaces after the URL are a justified line's (the line
    # above prints a word where a gutter would stand), so "geolocated." below is prose
    text = BODY + (
        "Hospitals, schools  and  kindergartens  were among the civilian objects\n"
        "damaged. The  footage is  available  at  https://www.google.com/maps/\n"
        "place/Stepanakert/@39.5002,45.9455,17z      and     was\n"
        "geolocated.\n"
        "   Families of the missing told researchers that   they   had received\n"
    )
    urls = [u.url for c in extract_text(text) for u in c.urls]
    assert urls == ["https://www.google.com/maps/place/Stepanakert/@39.5002,45.9455,17z"]


def test_url_before_a_real_gutter_goes_on_in_its_column() -> None:
    # the same URL in the left column of two: no line prints through the gutter, so the
    # text after the gap is the other column and the URL's rest is on the next row
    left = [
        "Hospitals, schools and kindergartens were",
        "among the civilian objects damaged. The",
        "footage is available at https://www.google.",
        "com/maps/place/Stepanakert/@39.5002,45.9",
        "455,17z and was geolocated by researchers.",
    ]
    right = [
        "Families of the missing told researchers",
        "that they had received no information",
        "about the fate of their relatives, and",
        "that the authorities did not answer any",
        "of their letters for months.",
    ]
    rows = [a.ljust(48) + b for a, b in zip(left, right, strict=True)]
    urls = [u.url for c in extract_text("\n".join(rows) + "\n") for u in c.urls]
    assert urls == ["https://www.google.com/maps/place/Stepanakert/@39.5002,45.9455,17z"]


def test_angle_bracketed_url_closed_on_a_short_line() -> None:
    # "<www.osce.org/minsk-group/" + "570418>.": the short row closes the "<", although it
    # ends before the column the spaces before "online:" suggested
    text = (
        "Residential   areas   were   struck   repeatedly.\n"
        "  Co-operation in Europe, Statement,  “Satellite images\n"
        "  show damage to  the   Ghazanchetsots  Cathedral”  (18\n"
        "  October  2020),   online:  <www.osce.org/minsk-group/\n"
        "  570418>.\n"
        "2 Ayşe  Rossi,  “Frozen  Conflicts  Thawed:  The  Legal\n"
    )
    assert [u.url for u in find_urls(text)] == ["www.osce.org/minsk-group/570418"]


def test_page_number_below_blank_rows_does_not_end_a_url() -> None:
    # a column's foot: the URL ends in "/", blank rows, the page number, the next entry
    text = (
        "Residential   areas   were   struck   repeatedly   in   the   first   week.\n"
        "6. Foreign   Policy,   2021.   [Online].   Available:\n"
        "https://foreignpolicy.com/2021/04/19/we-buried-them-ourselves-the-civ\n"
        "ilians-killed-in/\n"
        "\n"
        "\n"
        "4\n"
        "\n"
        "7. Convention   against   Torture   and   Other   Cruel   Treatment.\n"
    )
    assert [u.url for u in find_urls(text)] == [
        "https://foreignpolicy.com/2021/04/19/we-buried-them-ourselves-the-civilians-killed-in/"
    ]
