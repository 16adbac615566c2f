"""Footnotes in two-column ``pdftotext -layout`` text: the mechanisms behind the misses of
the synthetic layout documents (``bench/synthetic``), each pinned on a small page."""

from __future__ import annotations

from citewatch.citations.model import NoteKind
from citewatch.citations.notes import reading_rows
from citewatch.citations.urls import find_urls
from tests.citations._extracting import extract_text, urls_by_label


def _page(left: list[str], right: list[str], width: int = 50, gutter: int = 3) -> str:
    """Two columns side by side on each row, as ``pdftotext -layout`` prints them."""
    rows = []
    for k in range(max(len(left), len(right))):
        a = left[k] if k < len(left) else ""
        b = right[k] if k < len(right) else ""
        rows.append((a.ljust(width + gutter) + b).rstrip() if b else a)
    return "\n".join(rows) + "\n\f"


def test_short_two_column_page_is_split_at_its_gutter() -> None:
    # a page of eight rows (a last page, a page under a figure): its columns are still
    # read one after the other, so each note keeps its own URL
    left = [
        "Families of the missing told researchers that",
        "they had received no official information.1",
        "",
        "1 Hum. Rts. Watch, Explosive Remnants of War",
        "  (Jan. 30, 2021), https://www.hrw.org/report/",
        "  2021/01/30/explosive-remnants.",
    ]
    right = [
        "Residential areas were struck repeatedly in the",
        "first week of the war.2 Witnesses described it.",
        "",
        "2 Amnesty International, Inside the hospital",
        "  (26 October 2020), https://www.amnesty.org/en/",
        "  latest/news/2020/10/inside-the-hospital/.",
    ]
    text = _page(left, right)
    assert [r.text.strip() for r in reading_rows(text)][:2] == [left[0], left[1]]
    got = urls_by_label(text, NoteKind.FOOTNOTE)
    assert got["1"] == ["https://www.hrw.org/report/2021/01/30/explosive-remnants"]
    assert got["2"] == ["https://www.amnesty.org/en/latest/news/2020/10/inside-the-hospital/"]


NOTES_BODY = (
    "Witnesses described shelling that began without\n"
    "warning and continued.1 The obligation to take\n"
    "all feasible precautions applies to every party.2\n"
    "Families of the missing told researchers that\n"
    "they had received no official information.3 The\n"
    "hospitals were damaged.4\n\n"
)


def test_note_opening_with_a_capitalised_title_row_is_a_note() -> None:
    # "2 Ministry of Foreign Affairs of the Republic" reads like a numbered heading, but
    # the row fills its column and the next goes on as a citation: a note's wrapped first
    # row; a justified row may stretch the spaces after the next row's comma
    text = NOTES_BODY + (
        "1 Hum. Rts. Watch, Explosive Remnants of War in\n"
        "  Karabakh (Jan. 30, 2021), https://www.hrw.org/\n"
        "  report/2021/01/30/explosive-remnants.\n"
        "2 Ministry of Foreign Affairs of the Republic\n"
        "  of Azerbaijan, News Release (10 November\n"
        "  2020), https://mfa.gov.az/en/news/3851/\n"
        "  azerbaijan-releases-69-prisoners.\n"
        "3 Armenia and Azerbaijan Trade Accusations over\n"
        "  Shelling of Beylagan, U.N. News (Nov. 11,\n"
        "  2021), https://news.un.org/en/story/2021/11/\n"
        "  3501436.\n"
        "4 Council of Europe Commissioner for Human\n"
        "  Rights,   “Armenia:   Grad   rockets   used”\n"
        "  (2 April 2021), https://www.coe.int/en/web/\n"
        "  commissioner/-/armenia-grad-rockets.\n"
    )
    got = urls_by_label(text, NoteKind.FOOTNOTE)
    assert got["1"] == ["https://www.hrw.org/report/2021/01/30/explosive-remnants"]
    assert got["2"] == ["https://mfa.gov.az/en/news/3851/azerbaijan-releases-69-prisoners"]
    assert got["3"] == ["https://news.un.org/en/story/2021/11/3501436"]
    assert got["4"] == ["https://www.coe.int/en/web/commissioner/-/armenia-grad-rockets"]


def test_short_numbered_heading_is_still_no_note() -> None:
    # a numbered heading is short (the next row's first word would have fitted after it):
    # it opens no note even when body text with dates and commas follows
    text = NOTES_BODY + (
        "1 Hum. Rts. Watch, Explosive Remnants of War in\n"
        "  Karabakh (Jan. 30, 2021), https://www.hrw.org/\n"
        "  report/2021/01/30/explosive-remnants.\n\n"
        "2 Conclusions and Recommendations\n"
        "In 2021, the parties were urged to investigate,\n"
        "and to share what they found with the families\n"
        "of the missing, as https://a.example/x shows.\n"
    )
    labels = [c.label for c in extract_text(text) if c.kind is NoteKind.FOOTNOTE]
    assert "2" not in labels


def test_url_goes_on_past_a_justified_rows_wide_spaces() -> None:
    # the row below the URL is justified: its wide spaces open a "block" near where the URL
    # started, but the URL's rest is the row's first token, at the column's left edge
    text = (
        "   22 Mehmet van der Meer, Drone Warfare and the Principle\n"
        "of Distinction in the 2020 Nagorno-Karabakh War, 29\n"
        "Eur.-Asia Stud. 438 (2022), https://doi.org/10.1080/\n"
        "09668136.2022.0817609;   see   also   Third   Geneva\n"
        "Convention, supra note 14, art. 7(1)(a).\n"
    )
    urls = [u.url for u in find_urls(text)]
    assert urls == ["https://doi.org/10.1080/09668136.2022.0817609"]


def test_blank_row_inside_a_note_does_not_cut_its_url() -> None:
    # pdftotext -layout leaves a blank row inside a note (a line's superscripts pushed the
    # baseline down); the note's rows are read together, and the blank row must not come
    # between the URL's first piece and its rest, which the note's extent left out
    text = (
        "   Families of the missing told researchers that they had\n"
        "received no official information.1 Witnesses described it.2\n\n"
        "   1 See Fuad Dubois and Benjamin Agayev,\n"
        "\n"
        "“Thousands Flee Martuni as Fighting Reaches the\n"
        "Outskirts”, The New York Times, 22 August 2021.\n"
        "https://www.nytimes.com/2021/08/22/world/europe/\n"
        "thousands-flee-martuni-fighting-reaches-outskirts.\n"
        "html\n"
        "   2 Tatiana Kapanadze et al., Mercenaries from\n"
        "Syria, Pub. Radio of Arm. (Sept. 5, 2021).\n"
    )
    got = urls_by_label(text, NoteKind.FOOTNOTE)
    want = (
        "https://www.nytimes.com/2021/08/22/world/europe/"
        "thousands-flee-martuni-fighting-reaches-outskirts.html"
    )
    assert got["1"] == [want]


def test_bare_host_broken_at_the_line_end_inside_angle_brackets() -> None:
    # "<en." / "armradio.am/…", "<web.archive." / "org/web/…", "<treaties.un.o" / "rg/…":
    # the "<" promises a URL, so the host's piece left on the line above is the URL's start,
    # not a word of the sentence; without the "<" the line above is prose
    text = (
        "Radio of Armenia (8 October 2020), online: <en.\n"
        "armradio.am/2020/10/08/landmines-continue/>, archived at <web.\n"
        "   archive.org/web/20210714133034/https://tinyurl.com/lvfqa6ae>; <web.archive.\n"
        "org/web/20210630094132/https://rm.coe.int/commdh-2021-12>; online: <treaties.un.o\n"
        "rg/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=IV-8>; see <this\n"
        "report>. The report is kept in the web.\n"
        "archive.org/web/20200101000000/https://example.org/ snapshot.\n"
    )
    urls = [u.url for u in find_urls(text)]
    assert urls == [
        "en.armradio.am/2020/10/08/landmines-continue/",
        "web.archive.org/web/20210714133034/https://tinyurl.com/lvfqa6ae",
        "web.archive.org/web/20210630094132/https://rm.coe.int/commdh-2021-12",
        "treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=IV-8",
        "archive.org/web/20200101000000/https://example.org/",
    ]


def test_number_broken_mid_run_goes_on_before_punctuation_or_a_bracket() -> None:
    # URLs broken at any character: the digits on the next row are the number's rest when
    # punctuation or a bracketed link follows them (a note's number is followed by its
    # text, a page number stands alone); a file extension on the next row is the URL's
    text = (
        "   20 Fears Grow for the Azokh Cave, U.N. News (Oct. 12,\n"
        "2021), https://news.un.org/en/story/2021/10/43106\n"
        "79 [https://perma.cc/S3RR-U431].\n"
        "   21 Videos Appear to Show Execution, U.N. News (Jan. 12,\n"
        "2021), https://news.un.org/en/story/2021/01/5181\n"
        "837; see also EPRS, https://www.europarl.europa.eu/RegData/754045_EN\n"
        ".pdf (last visited Sept. 20, 2022).\n"
    )
    urls = [u.url for u in find_urls(text)]
    assert urls == [
        "https://news.un.org/en/story/2021/10/4310679",
        "https://perma.cc/S3RR-U431",
        "https://news.un.org/en/story/2021/01/5181837",
        "https://www.europarl.europa.eu/RegData/754045_EN.pdf",
    ]


def test_page_and_note_numbers_below_a_url_stay_apart() -> None:
    text = (
        "   4 Report, https://news.un.org/en/story/2021/10/43106\n"
        "12\n"
        "\f5 See Ministry, “Statement” (2021), https://mfa.gov.az/en/news/3851\n"
        "6 Ibid.\n"
    )
    urls = [u.url for u in find_urls(text)]
    assert urls == ["https://news.un.org/en/story/2021/10/43106", "https://mfa.gov.az/en/news/3851"]


def test_outdented_entry_whose_particle_runs_into_the_column_stays_whole() -> None:
    # author-date entries hang their first line four characters left of the column; a
    # first line opening with "de la Cruz" puts one space between "de" and the column's
    # usual start: the row is cut after the gutter, not between "de" and "la"
    left = [
        "Abbasov, A. (2020). Frozen conflicts",
        "    thawed: the legal status of",
        "    Nagorno-Karabakh after 2020.",
        "    Leiden Journal of International",
        "    Law, 41(2), 381-413. https://doi.o",
        "    rg/10.1017/S0922156520012985",
        "Aleksanyan, M. (2013). Remedying mass",
        "    displacement: property restitution",
        "    after the Karabakh war.",
    ]
    right = [
        "Bianchi, L. (2022). Territorial",
        "    integrity and the conflict. Journal",
        "    of International Law, 44(2), 471.",
        "    https://doi.org/10.1093/ejil/chab032",
        "Cole, R. (2019). Mass displacement",
        "de la Cruz, O. (2016). Remedying mass",
        "    displacement: property restitution",
        "    after the war. Red Cross, 36(1).",
        "    https://doi.org/10.1017/S1816383116",
    ]
    rows = [r.text for r in reading_rows(_page(left, right, width=40, gutter=4))]
    assert "de la Cruz, O. (2016). Remedying mass" in rows
    assert "    rg/10.1017/S0922156520012985" in rows


def test_digits_below_a_url_in_its_column_are_its_rest() -> None:
    # layout text: digits alone on the row under a URL ending in digits, with the column
    # going on right below them, finish the number (a page number stands at the page's foot
    # or head); the same digits at the foot of the page stay a page number
    layout = "      [Online].     Available:\n      https://www.bbc.com/news/world-europe-57747\n"
    text = (
        "[11]  R. Ahmadov, “Fears grow,” BBC News, Jun. 5, 2021.\n" + layout +
        "      602\n"
        "[12]  S. Pemberton, “Armenia: Multiple-Launch Rockets,” 2021.\n"
        "      (2016): 873-907.  https://doi.org/10.1017/ajil.2016.\n"
        "      57.\n"
        "[13]  T. Okafor, “Mass displacement,” 2020.\n" + layout +
        "\n"
        "                                   602\n"
        "\f[14]  U. Smith, “Shelling,” 2021.\n"
    )
    urls = [u.url for u in find_urls(text)]
    assert urls == [
        "https://www.bbc.com/news/world-europe-57747602",
        "https://doi.org/10.1017/ajil.2016.57",
        "https://www.bbc.com/news/world-europe-57747",
    ]


def test_running_head_with_its_page_number_is_not_cut_into_the_right_column() -> None:
    left = ["Families of the missing told researchers that"] * 6
    right = ["Residential areas were struck repeatedly in"] * 6
    head = "Displacement, Return and Property Rights".ljust(100) + "3"
    rows = reading_rows(head + "\n\n" + _page(left, right))
    assert rows[0].text == head
    assert all(r.text.strip() != "3" for r in rows[1:])


def test_hanging_indent_is_kept_on_every_row_of_a_long_entry() -> None:
    # entries of the right column hang their continuation rows four characters in; with
    # long entries, few rows around a row open one, and the row must still be cut at the
    # column's edge (its indentation kept: it tells entries apart), not at its text
    left = [f"Families of the missing told researchers {k:02}" for k in range(24)]
    right = ["Smith-Laurent, Johannes and Kevin van"] + [
        f"    der Meer. “UN Experts Call for {k:02}" for k in range(17)
    ] + ["Novak, Ingrid. “Cluster Munitions and"] + [
        f"    Non-Party States.” Lawfare {k:02}" for k in range(5)
    ]
    rows = reading_rows(_page(left, right, width=46, gutter=4))
    right_rows = [r.text for r in rows if "Experts" in r.text or "Non-Party" in r.text]
    assert len(right_rows) == 22
    assert all(t.startswith("    ") for t in right_rows)


def test_line_centred_across_the_gutter_is_not_cut() -> None:
    # a running head centred over both columns has its words one space apart where the
    # gutter stands: it stays one row; a note's number standing out left of the right
    # column is still cut off with its note
    left = ["Families of the missing told researchers that"] * 8
    right = ["   Residential areas were struck repeatedly"] * 6 + [
        "20 Armenia and Azerbaijan Trade Accusations",
        "   over Shelling of Beylagan, U.N. News (Nov.",
    ]
    head = " " * 30 + "Journal of International Law [Vol. 12"
    rows = [r.text for r in reading_rows(head + "\n\n" + _page(left, right, width=47, gutter=3))]
    assert rows[0] == head
    assert "20 Armenia and Azerbaijan Trade Accusations" in rows


def test_bracketed_archive_link_below_a_blank_row_stays_with_its_note() -> None:
    # pdftotext -layout leaves a blank row inside a note; the "[https://perma.cc/…]" below
    # it opens no note or paragraph: it is the archived copy of the citation above
    text = (
        "   Families of the missing told researchers that they had\n"
        "received no official information.1 Witnesses described it.2\n\n"
        "   1 Siranush Brennan, Azerbaijan Accused of\n"
        "Using Armed Drones Against Civilian Areas, BBC\n"
        "News (Oct. 2, 2020), https://bit.ly/86KRBYV\n"
        "\n"
        "[https://perma.cc/9Q7T-DM5X].\n"
        "   2 See Armen van der Meer, “Landmines Continue to\n"
        "Kill Civilians”, Azatutyun (9 December 2020).\n"
    )
    got = urls_by_label(text, NoteKind.FOOTNOTE)
    assert got["1"] == ["https://bit.ly/86KRBYV", "https://perma.cc/9Q7T-DM5X"]
    assert got.get("2", []) == []


def test_url_cut_at_the_left_columns_foot_goes_on_atop_the_right_column() -> None:
    # a reference list flowing through two columns: the left column's last entry breaks its
    # URL at the column's foot, its rest heads the right column; the page number below the
    # columns follows both
    left = [f"[{k}]  A. Author, “Title {k},” 2021. [Online]." for k in range(1, 6)] + [
        "[6]  O. Rahman, “Families of missing soldiers,”",
        "     BBC News, 2021. [Online]. Available:",
        "     https://www.bbc.com/news/",
    ]
    right = ["     world-europe-57747602"] + [
        f"[{k}]  B. Author, “Title {k},” 2022. [Online]." for k in range(7, 14)
    ]
    text = _page(left, right, width=48, gutter=4).replace("\f", "\n\n" + " " * 40 + "6\n\f")
    rows = [r.text.strip() for r in reading_rows(text) if not r.blank]
    at = rows.index("https://www.bbc.com/news/")
    assert rows[at + 1] == "world-europe-57747602"
    assert rows[-1] == "6"
    urls = [u.url for c in extract_text(text) for u in c.urls]
    assert "https://www.bbc.com/news/world-europe-57747602" in urls
