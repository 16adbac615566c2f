"""The document's own metadata from its front matter."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from citewatch.citations.fields import parse_date
from citewatch.citations.metadata import read_metadata

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def test_academic_front_matter() -> None:
    text = (
        "Borders After War: Property, Return and the Law of\n"
        "Occupation\n"
        "Ilse Berg*, Faculty of Law, University of Somewhere\n"
        "Tomas Ruiz, Institute of International Studies\n"
        "March 3, 2022\n"
        "\n"
        "Abstract\n"
        "This paper examines the conduct of hostilities by both parties and the law.\n"
    )
    meta = read_metadata(text)
    assert meta.title == "Borders After War: Property, Return and the Law of Occupation"
    assert meta.author == "Ilse Berg and Tomas Ruiz"
    assert (meta.date, meta.date_iso) == ("March 3, 2022", "2022-03-03")
    assert meta.publisher is None


def test_authors_on_separate_lines_with_affiliations_below() -> None:
    text = (
        "Water as a Weapon in Protracted Conflict\n"
        "Ilse Berg\n\nTomas Ruiz\n\n"
        "University of Somewhere\n\nCentral Institute of Law\n\n"
        "12 May 2021\n\nIntroduction\n"
    )
    meta = read_metadata(text)
    assert meta.title == "Water as a Weapon in Protracted Conflict"
    assert meta.author == "Ilse Berg and Tomas Ruiz"
    assert meta.date_iso == "2021-05-12"


def test_ngo_report_with_running_header_and_organisation() -> None:
    text = (
        "Water as a Weapon in Protracted\n\n"
        "Civilian Protection Monitoring Network\n\n"
        "Water as a Weapon in Protracted Conflict: Findings\n"
        "from the Field\n"
        "June 2023\n\n"
        "A- Background\n"
    )
    meta = read_metadata(text)
    assert meta.title == "Water as a Weapon in Protracted Conflict: Findings from the Field"
    assert meta.author == "Civilian Protection Monitoring Network"
    assert (meta.date, meta.date_iso) == ("June 2023", "2023-06")


def test_running_header_with_surname_glued_on() -> None:
    text = (
        "Water as a Weapon Ruiz\n"
        "Water as a Weapon in Protracted Conflict\n"
        "Tomas Ruiz\n"
        "Law School of Somewhere\n"
        "January 19, 2023\n"
        "1 Introduction\n"
    )
    meta = read_metadata(text)
    assert meta.title == "Water as a Weapon in Protracted Conflict"
    assert meta.author == "Tomas Ruiz"


def test_publisher_and_date_line_and_bylines() -> None:
    text = (
        "Shelling of the Old Town Documented\n\n"
        "NEWSDESK 18 April 2021\n\n"
        "Video by: Anna Berg\n"
        "Script by: Tomas Ruiz\n\n"
        "On 27 September the fighting began.\n"
    )
    meta = read_metadata(text)
    assert meta.title == "Shelling of the Old Town Documented"
    assert meta.publisher == "NEWSDESK"
    assert (meta.date, meta.date_iso) == ("18 April 2021", "2021-04-18")
    assert meta.author == "Anna Berg and Tomas Ruiz"


def test_byline_without_date() -> None:
    meta = read_metadata("The Quiet Exodus\n\nBy Anna Berg\n\nWhile the talks went on, …\n")
    assert meta.title == "The Quiet Exodus"
    assert meta.author == "Anna Berg"
    assert meta.date is None


def test_labelled_lines_win() -> None:
    text = (
        "Title: Notes on the Ceasefire\nAuthor: Anna Berg\nDate: 2021-11-10\n"
        "Source: https://example.org/notes-on-the-ceasefire\n\nBody text.\n"
    )
    meta = read_metadata(text)
    assert meta.title == "Notes on the Ceasefire"
    assert meta.author == "Anna Berg"
    assert meta.date_iso == "2021-11-10"
    assert meta.original_url == "https://example.org/notes-on-the-ceasefire"


def test_original_url_on_next_line_anywhere() -> None:
    text = "A Headline That Reads Like One\n\n" + "Body sentence.\n" * 50
    text += "Original url:\nhttps://www.example.com/2020/12/10/a-headline\n"
    meta = read_metadata(text)
    assert meta.original_url == "https://www.example.com/2020/12/10/a-headline"


@pytest.mark.parametrize(
    "text",
    [
        (
            "There is strong evidence that both armed forces committed war crimes during the war, "
            "according to a joint report released on Thursday by two organisations.\n\nMore.\n"
        ),
        " A- Introduction\n1- This report focuses on violations committed during the war.\n",
        "",
        "\n\n\n",
    ],
)
def test_conservative_when_nothing_reads_as_front_matter(text: str) -> None:
    meta = read_metadata(text)
    assert meta.title is None
    assert meta.author is None


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


@pytest.mark.parametrize("path", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_seeds(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    meta = read_metadata(text)
    first = _first_line(text)
    looks_like_title = (
        len(first) < 100
        and not first.endswith(".")
        and not re.match(r"^(?:[A-Z]|\d+)\s*[-.)]\s", first)
    )
    if looks_like_title:
        assert meta.title is not None and meta.title.startswith(first)
    else:
        assert meta.title is None
    if meta.title is not None:
        assert meta.title.split()[0] in text
    if meta.author is not None:
        for name in meta.author.split(" and "):
            assert name in text
    if meta.date is not None:
        found = parse_date(meta.date)
        assert found is not None and found.iso == meta.date_iso
        assert meta.date in text
    if meta.original_url is not None:
        assert meta.original_url in text
        assert re.search(r"(?im)^(?:original url|source|url)\s*:", text)


def test_corpus_titles_and_authors() -> None:
    titles = authors = total = 0
    for truth_path in sorted(CORPUS.glob("*/truth.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        for name in ("doc.pdftotext.txt", "doc.pypdf.txt"):
            meta = read_metadata((truth_path.parent / name).read_text(encoding="utf-8"))
            total += 1
            titles += meta.title == truth["title"]
            authors += meta.author == " and ".join(truth["authors"])
            # Never a wrong date: when one is read it is on a front-matter line.
            if meta.date is not None:
                assert meta.date_iso is not None and meta.date_iso[:2] in ("19", "20")
    assert titles / total >= 0.9, titles
    assert authors / total >= 0.9, authors
