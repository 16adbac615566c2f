"""Where one entry of a reference list ends and the next begins, when the entry does not open
with "Name, First": a treaty or a title, an organisation whose name wraps over rows, a running
head at the top of a page. A bibliography filed alphabetically says where such a row belongs;
an author-date list says it by the "(2021)" an entry's author reaches."""

from __future__ import annotations

from citewatch.citations.model import Citation, NoteKind
from tests.citations._extracting import extract_text

HEAD = "Body text of the article goes on for a while and says nothing numbered at all here.\n\n"


def _entries(text: str) -> list[Citation]:
    return [c for c in extract_text(HEAD + text) if c.kind is NoteKind.REFERENCE]


def _openings(text: str) -> list[str]:
    return [c.text[:24] for c in _entries(text)]


# Rows as pypdf prints a narrow column: every row full, URLs broken anywhere, no indent.
FILED = (
    "Bibliography\n"
    "Amnesty International. “Peacekeepers Arrive as\n"
    "Displaced Families.” January 21, 2021. https://t.c\n"
    "o/a2oDco7dAD.\n"
    "Beridze, Olivia and Narine Brennan. “Disinfo\n"
    "Campaign.” Radio Free Europe, January 16, 2021.\n"
    "https://www.rferl.org/a/disinformation-campaign-t\n"
    "argets-nagorno-karabakh-casualty-figures/31147.html.\n"
    "{row}"
    "Cruz, Siranush and Andrei Nowak. “Remedying Mass\n"
    "Displacement.” Lawfare, March 5, 2021. https://ww\n"
    "w.lawfareblog.com/remedying-mass-displacement.\n"
    "Mensah, Aoife and Hannah Haddad. “Inside the\n"
    "Hospital in Tartar.” Al Jazeera, April 12, 2021.\n"
    "https://www.aljazeera.com/news/2021/4/12/inside-t\n"
    "he-hospital-in-tartar-that-was-hit.\n"
    "Ministry of Foreign Affairs of the Republic of\n"
    "Azerbaijan. “Azerbaijan Releases 69 Prisoners.”\n"
    "November 10, 2020. https://mfa.gov.az/en/news/385\n"
    "1/azerbaijan-releases-69-prisoners-of-war-in-exch.\n"
    "Mkrtchyan, Michael and Sophie Tadevosyan. “Hate\n"
    "Speech.” AJIL 9, no. 1 (2016): 873–907.\n"
)

TREATY = (
    "Convention against Torture and Other Cruel,\n"
    "Inhuman or Degrading Treatment or Punishment. 10\n"
    "December 1984, 1465 UNTS 85.\n"
)


def test_entries_that_open_otherwise_than_with_a_name_file_between_their_neighbours() -> None:
    got = _entries(FILED.format(row=TREATY))
    assert [c.text[:12] for c in got] == [
        "Amnesty Inte", "Beridze, Oli", "Convention a", "Cruz, Siranu", "Mensah, Aoif",
        "Ministry of ", "Mkrtchyan, M",
    ]
    assert [u.url for u in got[5].urls] == [
        "https://mfa.gov.az/en/news/3851/azerbaijan-releases-69-prisoners-of-war-in-exch"
    ]
    assert got[2].urls == ()


def test_a_row_that_does_not_file_there_goes_on_the_entry_above() -> None:
    # "Zeitgeist" opens a row after a finished entry, but sorts after every name below it:
    # a wrapped row of the entry, not an entry of its own
    row = (
        "Zeitgeist and Memory: The Karabakh War in Context.\n"
        "London: Verso, 2019.\n"
    )
    got = _openings(FILED.format(row=row))
    assert len(got) == 6
    assert not any(o.startswith(("Zeitgeist", "London")) for o in got)


def test_an_unsorted_list_keeps_to_the_rows_own_signs() -> None:
    # the same rows, the entries out of order: no filing to go by, so the treaty's first row
    # (a full row after a URL's tail) is read as before, as part of the entry above
    text = FILED.format(row=TREATY)
    head, body = text.split("\n", 1)
    blocks = body.split("Mensah, Aoife")
    shuffled = head + "\nMensah, Aoife" + blocks[1] + blocks[0]
    got = _openings(shuffled)
    assert not any(o.startswith("Convention") for o in got)


def test_a_publishers_imprint_is_not_an_entry() -> None:
    text = (
        "Works Cited\n"
        "Abbasov, Fuad. “Geolocated Footage Shows a Strike.”\n"
        "Instagram, October 31, 2020. https://instagr.am/p/i8/.\n"
        "Al-Khatib, Armen. The Ghosts of Karabakh: Memory,\n"
        "Territory and Displacement.\n"
        "Montreal: McGill-Queen’s University Press, 2012.\n"
        "Amnesty International. “UN Experts Call for\n"
        "Investigation.” October 19, 2021. https://www.amn\n"
        "esty.org/en/latest/news/2021/10/un-experts-call/.\n"
        "Beridze, Olivia. “Disinformation Campaign.” RFE/RL,\n"
        "January 16, 2021. https://www.rferl.org/a/31147982.\n"
        "Haddad, Lucas. Self-Determination of Peoples. 2nd ed.\n"
        "Leiden: Brill Nijhoff, 2013.\n"
        "Lebedev, Togrul. “Cluster Munitions Used in Karabakh.”\n"
        "The Guardian, July 24, 2021. https://www.theguardian.com/x.\n"
    )
    got = _openings(text)
    assert [o[:8] for o in got] == [
        "Abbasov,", "Al-Khati", "Amnesty ", "Beridze,", "Haddad, ", "Lebedev,"
    ]


def test_a_running_head_with_a_comma_atop_a_page_is_dropped() -> None:
    row = TREATY + "\fDisplacement, Return and Property Rights\n\n"
    got = _entries(FILED.format(row=row))
    assert [c.text[:12] for c in got][3] == "Cruz, Siranu"
    assert not any("Displacement, Return" in c.text for c in got)


def test_a_layout_running_head_with_its_page_number_far_out_is_dropped() -> None:
    text = (
        "Bibliography\n"
        "Amnesty International. “Peacekeepers Arrive.” January 21, 2021. https://t.co/a2oDco7dAD.\n"
        "Beridze, Olivia. “Disinformation.” Radio Free Europe, January 16, 2021.\n"
        "    https://www.rferl.org/a/31147982.html.\n"
        "Brennan, Olivia. “Prisoners of War.” Opinio Juris, December 7, 2020.\n"
        "    https://opiniojuris.org/2020/12/07/prisoners-of-war/.\n"
        "Cruz, Siranush. “Remedying Mass Displacement.” Lawfare, March 5, 2021.\n"
        "    https://www.lawfareblog.com/remedying.\n"
        "United Nations. The situation in the occupied territories of Azerbaijan. A/RES/62/243.\n"
        "    March 14, 2008. https://undocs.org/A/RES/62/243.\n"
        "\fAccountability for Violations in the Conflict" + " " * 60 + "4\n\n"
        "von Hagen, Levan. “In the Line of Fire.” International Crisis Group, March 6, 2021.\n"
        "    https://bit.ly/Dd4pUlc.\n"
        "Wikipedia. “2020 Nagorno-Karabakh war.” Last modified July 27, 2021.\n"
        "    https://en.wikipedia.org/wiki/2020_Nagorno-Karabakh_war.\n"
    )
    got = _entries(text)
    assert [c.text[:8] for c in got] == [
        "Amnesty ", "Beridze,", "Brennan,", "Cruz, Si", "United N", "von Hage", "Wikipedi"
    ]
    assert not any("Accountability" in c.text for c in got)


APA = (
    "References\n"
    "Kaur, C. (2021, January 24). Cultural\n"
    "Heritage at Risk. The New York\n"
    "Times. https://www.nytimes.com/2021/01/24/\n"
    "world/europe/cultural-heritage-risk-amaras-\n"
    "monastery-comes.html?smid=tw-share\n"
    "McAllister, R., & Chaudhry, H. (2021, July\n"
    "7). After the Ceasefire, a Slow Reckoning.\n"
    "Associated Press. https://apnews.com/article/after-\n"
    "ceasefire-slow-reckoning-abuses-\n"
    "238ba4623d6fbb92e3eade7c1d42279e\n"
    "Ministry of Foreign Affairs of the Republic\n"
    "of Armenia. (2021, March 23). Thousands\n"
    "flee Askeran [Press Release]. https://www.mfa.\n"
    "am/en/press-releases/2021/03/23/thousands-\n"
    "flee-askeran-fighting/40747\n"
    "Novak, J. (2020). Remedying mass\n"
    "displacement. Journal of Conflict and Security\n"
    "Law, 24(1), 796–813. https://doi.org/10.1093/\n"
    "jcsl/krab075\n"
    "strike-database. (n.d.). strike-database\n"
    "dataset [Data set]. GitHub. https://github.com/\n"
    "karabakh-strikes/strike-database\n"
)


def test_author_date_entries_after_a_url_broken_over_rows() -> None:
    got = {c.label: [u.url for u in c.urls] for c in _entries(APA)}
    assert list(got) == [
        "Kaur, 2021", "McAllister & Chaudhry, 2021",
        "Ministry of Foreign Affairs of the Republic of Armenia, 2021", "Novak, 2020",
        "strike-database, n.d.",
    ]
    assert got["McAllister & Chaudhry, 2021"] == [
        "https://apnews.com/article/after-ceasefire-slow-reckoning-abuses-238ba4623d6fbb92e3eade7c1d42279e"
    ]
    assert got["Ministry of Foreign Affairs of the Republic of Armenia, 2021"] == [
        "https://www.mfa.am/en/press-releases/2021/03/23/thousands-flee-askeran-fighting/40747"
    ]


def test_an_organisation_wrapped_after_a_dangling_word() -> None:
    text = (
        "References\n"
        "Novak, J. (2020). Remedying mass displacement. Journal of Conflict\n"
        "and Security Law, 24(1), 796–813. https://doi.org/10.1093/jcsl/krab075\n"
        "UN Office for the Coordination of\n"
        "Humanitarian Affairs. (2021, April 2). Azerbaijan: Unlawful strikes\n"
        "on Mingachevir. https://reliefweb.int/report/armenia/azerbaijan-strikes\n"
        "United Nations. (2016). Concluding observations. https://undocs.org/x\n"
    )
    got = [c.label for c in _entries(text)]
    assert got == [
        "Novak, 2020", "UN Office for the Coordination of Humanitarian Affairs, 2021",
        "United Nations, 2016",
    ]
