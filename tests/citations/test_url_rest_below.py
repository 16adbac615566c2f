"""A URL's rest on the next row in plain ``pdftotext`` and ``pypdf`` text: the mechanisms
behind the misses of the synthetic plain documents (``bench/synthetic --modes
pdftotext,pypdf``), each pinned on a few rows, with the look-alikes that must stay apart."""

from __future__ import annotations

import pytest

from citewatch.citations.urls import find_urls


def _urls(text: str) -> list[str]:
    return [f.url for f in find_urls(text)]


# -- digits alone on the next row -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # APA list: the id's last digits, then the next entry
        (
            ("Law, 76(2), 639–664. https://doi.org/10.1017/S0922156512074\n753\n"
            "Schäfer, A. (2012). Title.\n"),
            "https://doi.org/10.1017/S0922156512074753",
        ),
        # a leading zero numbers neither a page nor a note
        (
            "https://doi.org/10.1093/ejil/chab\n076\nde la Cruz, S. (2020). Title.\n",
            "https://doi.org/10.1093/ejil/chab076",
        ),
        # four digits, then a blank row and the next entry
        (
            "https://doi.org/10.1080/09668136.2023.229\n1886\n\nRahman, O. (2021).\n",
            "https://doi.org/10.1080/09668136.2023.2291886",
        ),
        # digits and the sentence's period: a page number has none
        ("(Oct. 11, 2020), https://tinyurl.com/gtafzra\n5.\n\fRunning head 3\n",
         "https://tinyurl.com/gtafzra5"),
        # notes numbered on their own row: 72 is not the number after 9
        (
            "9\nSee x.\n10\nAt: https://www.osce.org/minsk-group/4146\n72\n11\nSee id.\n",
            "https://www.osce.org/minsk-group/414672",
        ),
    ],
)
def test_digits_alone_below_finish_the_id(text: str, want: str) -> None:
    assert want in _urls(text)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # a page number at the page's foot: the form feed follows it
        ("Text https://x.org/report/a1\n12\n\fNext page.\n", "https://x.org/report/a1"),
        ("Text https://x.org/report/a1\n12\n\n\fNext page.\n", "https://x.org/report/a1"),
        # the next note's number printed on its own row (in sequence after 10)
        (
            "9\nSee x.\n10\nThe text at https://x.org/report/a1\n11\nSee id.\n",
            "https://x.org/report/a1",
        ),
        # ... also when a blank row stands under the note numbers
        (
            ("23\n\n“After the ceasefire” The Guardian.\nhttps://www.x.com/2021/jan/25/slow-with\n"
            "24\nSee Amnesty.\n"),
            "https://www.x.com/2021/jan/25/slow-with",
        ),
    ],
)
def test_page_and_note_numbers_below_are_not_the_rest(text: str, want: str) -> None:
    assert _urls(text) == [want]


# -- brackets and hyphens opening the next row ------------------------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("62/243 (2008), https://undocs.org/A/RES/62/243(2008\n).\n3Convention for\n",
         "https://undocs.org/A/RES/62/243(2008)"),
        ("https://hudoc.echr.coe.int/eng#{%22itemid%22:[%22001-159275%22]\n}.\n2\nSee, for\n",
         "https://hudoc.echr.coe.int/eng#{%22itemid%22:[%22001-159275%22]}"),
        ("https://en.wikipedia.org/wiki/Battle_of_Shusha_(20\n20) and was geolocated.\n",
         "https://en.wikipedia.org/wiki/Battle_of_Shusha_(2020)"),
        ("https://en.wikipedia.org/wiki/Battle_of_Shusha_\n(2020) and was archived.\n",
         "https://en.wikipedia.org/wiki/Battle_of_Shusha_(2020)"),
        (("https://www.europarl.europa.eu/RegData/etudes/BRIE/2021/597739/EPRS_BRI\n"
         "(2021)597739_EN.pdf\n16. O. Ivanova\n"),
         "https://www.europarl.europa.eu/RegData/etudes/BRIE/2021/597739/EPRS_BRI(2021)597739_EN.pdf"),
        ("at https://eurasianet.org/we-buried-them-ourselves-the-civilians\n-killed.\n4. P. de\n",
         "https://eurasianet.org/we-buried-them-ourselves-the-civilians-killed"),
    ],
)
def test_bracket_or_hyphen_opening_the_row_goes_on(text: str, want: str) -> None:
    assert _urls(text) == [want]


@pytest.mark.parametrize(
    "text",
    [
        "see https://x.org/report\n(2020) found that the attacks\n",
        "see https://x.org/report_\n(see below) for more\n",
        "see https://x.org/report\n- and a dash after it\n",
    ],
)
def test_prose_parenthesis_or_dash_below_is_not_the_rest(text: str) -> None:
    assert [u.rstrip("_") for u in _urls(text)] == ["https://x.org/report"]


# -- one blank row inside a note ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # a host cut before its TLD cannot have ended
        (("https://www.europarl.europa.\n\neu/RegData/etudes/BRIE/2020/754045/EPRS_BRI(2020)"
         "754045_EN.pdf\nNext note.\n"),
         "https://www.europarl.europa.eu/RegData/etudes/BRIE/2020/754045/EPRS_BRI(2020)754045_EN.pdf"),
        # a path piece below the blank row
        (("https://www.europarl.europa.eu/RegData/etudes/\n\nBRIE/2021/694101/EPRS_BRI.pdf.\n"
         "7 Ibid.\n"),
         "https://www.europarl.europa.eu/RegData/etudes/BRIE/2021/694101/EPRS_BRI.pdf"),
        # an id's digits
        ("Dialogue 173 (2023), https://doi.org/10.1177/096701\n\n06215396021.\n\f6\n",
         "https://doi.org/10.1177/09670106215396021"),
        # a file extension after the dot
        ("https://www.hrw.org/sites/default/files/armenia0121_web.\n\npdf.\n10 Ibid.\n",
         "https://www.hrw.org/sites/default/files/armenia0121_web.pdf"),
        ("https://www.refworld.org/docid/6e39b32a3\n\n.html\n20 J. Smith.\n",
         "https://www.refworld.org/docid/6e39b32a3.html"),
    ],
)
def test_rest_below_one_blank_row(text: str, want: str) -> None:
    assert _urls(text) == [want]


@pytest.mark.parametrize(
    "text",
    [
        "https://a.org/x\n\nhttps://b.org/y\n",
        "https://a.org/x\n\nThe next paragraph opens here.\n",
        "https://a.org/x\n\n12\n\fNext page.\n",
        "https://a.org/x\n\n\nsub-section/and-more\n",  # two blank rows
    ],
)
def test_blank_row_still_ends_a_whole_url(text: str) -> None:
    assert _urls(text)[0] == "https://a.org/x"


# -- a bracketed URL, a page number, a query value, an extension -------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # inside "[…]" the URL runs to the "]" on the next row
        ("[https://perma.cc/10K1-KJ8\nY].\n1\n\fThe obligation",
         ["https://perma.cc/10K1-KJ8Y"]),
        ("slug [https://perma.cc/LDHO-9DB\n8].\n\n5\n\fJournal",
         ["https://perma.cc/LDHO-9DB8"]),
        # digits after "=" are the parameter's value
        ("https://papers.ssrn.com/x.pdf?abstractid=3951035&mirid=\n1.\n17. B. Yılmaz",
         ["https://papers.ssrn.com/x.pdf?abstractid=3951035&mirid=1"]),
        ("https://a.org/f/401073.pdf#page=\n25 [https://perma.cc/NHNR-Z8T7].\n23 Digital",
         ["https://a.org/f/401073.pdf#page=25", "https://perma.cc/NHNR-Z8T7"]),
        ("https://twitter.com/hrw_europe/status/136504725680977?s=\n20\n\f[30] Google",
         ["https://twitter.com/hrw_europe/status/136504725680977?s=20"]),
        # a short lowercase word alone below a URL ending in a dot: the file's extension
        ("https://github.com/x/strike-database/blob/main/data/README.\nmd\n[2] B. Yılmaz",
         ["https://github.com/x/strike-database/blob/main/data/README.md"]),
        ("https://github.com/x/incidents/blob/main/data/geolocations.\ngeojson.\n\nWorks",
         ["https://github.com/x/incidents/blob/main/data/geolocations.geojson"]),
        # a page number under a URL that may end: not its rest
        ("https://www.x.am/news/430171/in-barda-families-count/\n3\n\f13. P. Fernández",
         ["https://www.x.am/news/430171/in-barda-families-count/"]),
    ],
)
def test_bracket_query_value_extension_and_page_number(text: str, want: list[str]) -> None:
    assert _urls(text) == want


@pytest.mark.parametrize(
    "text",
    [
        "see [https://x.org/a] and [3] here",
        "see [https://x.org/a\nSee more] below",
        "at https://x.org/report.\nthe end",
    ],
)
def test_bracket_and_dot_look_alikes_end_the_url(text: str) -> None:
    assert [u.rstrip("/") for u in _urls(text)] in (["https://x.org/a"], ["https://x.org/report"])


# -- a word cut with no hyphen ---------------------------------------------------------


def test_word_cut_at_the_row_end_joins_when_the_document_prints_it() -> None:
    body = "Shelling closed the Lachin corridor for weeks; the corridor reopened later.\n"
    text = body + "See https://en.wikipedia.org/wiki/Lachin_corrid\nor and was geolocated.\n"
    assert _urls(text) == ["https://en.wikipedia.org/wiki/Lachin_corrid" + "or"]
    (f,) = find_urls(text)
    assert f.suspect  # joined on the document's word, not on the row alone: flagged


@pytest.mark.parametrize(
    "text",
    [
        # no "corridor" printed anywhere: no evidence for the join
        "See https://en.wikipedia.org/wiki/Lachin_corrid\nor and was geolocated.\n",
        # the URL's last word and the next row's word make no word of the document
        "The report on the war.\nSee https://x.org/news/report\non the war crimes.\n",
    ],
)
def test_word_cut_without_evidence_ends_the_url(text: str) -> None:
    assert _urls(text)[0].rsplit("/", 1)[1] in ("Lachin_corrid", "report")
