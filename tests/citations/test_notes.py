"""Segmentation of footnotes and reference lists, on small documents shaped like extractor output."""

from __future__ import annotations

from pathlib import Path

import pytest

from citewatch.citations.extract import extract_document
from citewatch.citations.model import Citation, NoteKind
from citewatch.citations.notes import author_date_label, join_lines, reading_rows, vocabulary
from citewatch.documents.model import DocFormat, Document


def _extract(text: str) -> list[Citation]:
    return list(extract_document(Document(Path("t.txt"), text, DocFormat.TEXT)).citations)


def _notes(text: str, kind: NoteKind = NoteKind.FOOTNOTE) -> dict[str, Citation]:
    return {c.label or "": c for c in _extract(text) if c.kind is kind and c.part == 0}


BODY = "Body text of the article goes on for a while and says nothing numbered at all.\n"


def test_number_on_its_own_line() -> None:
    text = (
        "Azerbaijan celebrates with a stamp1, akin to an illustration2, while the UN waits.\n\n"
        "1\n\n"
        "Lucia de la Torre, “Azerbaijani postal stamps accused”, The Calvert\n"
        "Journal (12 January 2021), online: <www.calvertjournal.com/articles/show/12442>.\n"
        "2\n"
        "Ryan Grenoble, “This Daily Mail Cartoon”, HuffPost (17\n"
        "November 2015), online: <www.huffingtonpost.ca/entry/daily-mail>.\n\n"
        "1\n\f" + BODY
    )
    notes = _notes(text)
    assert set(notes) == {"1", "2"}
    assert notes["1"].text.startswith("Lucia de la Torre")
    assert notes["1"].text.endswith("12442>.")
    assert notes["1"].lines == (5, 6)
    assert [u.url for u in notes["2"].urls] == ["www.huffingtonpost.ca/entry/daily-mail"]


def test_run_of_numbers_then_run_of_bodies() -> None:
    text = (
        BODY * 3
        + "1\n2\n3\n\n"
        "Togrul Lebedev, “Armenia: Cluster Munitions Used in Karabakh,” The Guardian, July 24, 2021, https://\n"
        "www.theguardian.com/world/2021/jul/24/armenia-cluster-munitions.\n"
        "Ibid.\n"
        "Lucas Lefèvre, “Cultural Heritage Destruction as a War Crime,” Just Security (blog), November\n"
        "18, 2021, https://www.justsecurity.org/75809/cultural-heritage/.\n"
        "1\n\f" + BODY
    )
    notes = _notes(text)
    assert notes["1"].text.startswith("Togrul Lebedev")
    assert notes["2"].text == "Ibid."
    assert notes["3"].text.startswith("Lucas Lefèvre") and "18, 2021" in notes["3"].text
    assert notes["2"].ref is not None and notes["2"].ref.target == "1"


def test_headings_and_numbered_paragraphs_are_not_notes() -> None:
    text = (
        "1. Introduction\n" + BODY
        + "2- This report focuses only on a couple of violations committed.\n"
        "2. Background\n" + BODY
        + "1 See Article 7 of the ICCPR.\n"
        "2 Human Rights Watch, “Azerbaijan: Armenian POWs Abused in Custody”, 19 March 2021.\n"
    )
    notes = _notes(text)
    assert set(notes) == {"1", "2"}
    assert notes["1"].text == "See Article 7 of the ICCPR."
    assert notes["2"].text.startswith("Human Rights Watch")


def test_note_split_across_pages_is_joined() -> None:
    text = (
        BODY * 2
        + "1 Olivia Brennan, “Prisoners of War and the Duty to Repatriate,” Opinio Juris\n"
        "2 Fuad Abbasov, “Geolocated Footage Shows Strike Near Vardenis,” Instagram, October 31, 2020,\n"
        "1\n\f" + BODY * 2 + "\n"
        "https://www.instagram.com/p/i89XSJ_jwTH/.\n"
        "3 Ibid.\n"
        "2\n\f" + BODY
    )
    notes = _notes(text)
    assert notes["2"].text.endswith("https://www.instagram.com/p/i89XSJ_jwTH/.")
    assert [u.url for u in notes["2"].urls] == ["https://www.instagram.com/p/i89XSJ_jwTH/"]
    assert notes["3"].ref is not None and notes["3"].ref.target == "2"


def test_glued_note_start_is_split_off() -> None:
    text = (
        BODY * 2
        + "1 First Author, “A Report,” Publisher, 2020.\n"
        "Amnesty International. “UN Experts Call.” October 19, 2021. https://www.amnesty.org/"
        "x2 Kevin van der Meer, “Remedying Mass Displacement,” The Lancet 399 (2017).\n"
        "3 Third Author, “Another Report,” Publisher, 2021.\n"
    )
    notes = _notes(text)
    assert notes["2"].text.startswith("Kevin van der Meer")
    assert notes["2"].lines == (4,)


def test_author_note_is_not_a_citation() -> None:
    text = (
        "Title of the Article\n"
        "* J.D. Candidate, Georgetown University Law Center, 2024. The author thanks the editors.\n"
        + BODY
        + "1 See Human Rights Watch, “Azerbaijan: Armenian POWs Abused in Custody”, 19 March 2021.\n"
        "2 The author interviewed three former detainees in Yerevan in March 2021.\n"
    )
    cits = _notes(text)
    assert cits["*"].is_citation is False
    assert cits["1"].is_citation is True
    assert cits["2"].is_citation is False


def test_see_also_note_becomes_several_works() -> None:
    text = (
        BODY
        + "1 Al-Khatib, “Videos,” Foreign Policy, 2020, https://foreignpolicy.com/a; see also "
        "Lebedev, “Armenia,” The Guardian, 2021, https://www.theguardian.com/b.\n"
    )
    parts = [c for c in _extract(text) if c.label == "1"]
    assert [c.part for c in parts] == [0, 1]
    assert [u.url for u in parts[0].urls] == ["https://foreignpolicy.com/a"]
    assert [u.url for u in parts[1].urls] == ["https://www.theguardian.com/b"]


def test_ieee_reference_list_with_labels_apart() -> None:
    text = (
        BODY + "As shown in [1] and [2].\n\nREFERENCES\n[1]\n\n"
        "M. Whitaker, “Foreign fighters and state responsibility,” EJIL, vol.\n"
        "44, no. 1, pp. 549–576, 2018.\n\n[2]\n\n"
        "J. O’Sullivan, “Cultural Heritage Destruction,” EJIL: Talk!, 2021. [Online].\n"
        "Available: https://www.ejiltalk.org/cultural-heritage/\n\n"
        "[3] GitHub, “strike-database dataset.” Available: https://github.com/x/y\n"
    )
    refs = _notes(text, NoteKind.REFERENCE)
    assert set(refs) == {"1", "2", "3"}
    assert refs["1"].text.endswith("2018.")
    assert [u.url for u in refs["2"].urls] == ["https://www.ejiltalk.org/cultural-heritage/"]


def test_numbered_reference_list() -> None:
    text = (
        BODY + "References\n"
        "1. Whitaker M. Foreign fighters. EJIL. 2018;44:549.\n"
        "2. O’Sullivan J. Cultural heritage destruction. 2021. Available from:\n"
        "https://www.ejiltalk.org/cultural-heritage/\n"
        "3. GitHub. Strike database. https://github.com/x/y\n"
    )
    refs = _notes(text, NoteKind.REFERENCE)
    assert set(refs) == {"1", "2", "3"}
    assert not _notes(text)  # the list is not mistaken for footnotes
    assert [u.url for u in refs["2"].urls] == ["https://www.ejiltalk.org/cultural-heritage/"]


def test_apa_reference_list_labels() -> None:
    text = (
        BODY + "References\n"
        "2020 Nagorno-Karabakh war. (2021, October 23). In Wikipedia. Retrieved September 21, 2022, from\n"
        "https://en.wikipedia.org/wiki/2020_Nagorno-Karabakh_war\n"
        "Al-Khatib, G., & Fernández, J. (2020, October 28). Videos Appear to Show Execution of Civilians\n"
        "by Soldiers. Foreign Policy. https://foreignpolicy.com/2020/10/28/videos/\n"
        "Amnesty International. (2021, July 15a). Armenia/Azerbaijan accused of using missiles.\n"
        "https://www.amnesty.org/en/documents/eur55/8971/2021/en/\n"
        "Rahman, O., MacLeod, P., & von Hagen, L. (2021). Families of missing soldiers. BBC News.\n"
    )
    refs = _notes(text, NoteKind.REFERENCE)
    assert set(refs) == {
        "“2020 Nagorno-Karabakh war,” 2021", "Al-Khatib & Fernández, 2020",
        "Amnesty International, 2021a", "Rahman et al., 2021",
    }
    assert [u.url for u in refs["Al-Khatib & Fernández, 2020"].urls] == [
        "https://foreignpolicy.com/2020/10/28/videos/"
    ]


def test_author_date_label_rules() -> None:
    assert author_date_label("Demir, C. (2021). Ceasefire agreements.") == "Demir, 2021"
    assert author_date_label("de la Cruz, S. (2020). Frozen.") == "de la Cruz, 2020"


def test_chicago_bibliography_entries() -> None:
    text = (
        BODY + "Bibliography\n"
        "Abbasov, Fuad (@caucasuswatch). “Geolocated Footage Shows Strike Near Vardenis.” Instagram, October 31,\n"
        "2020. https://www.instagram.com/p/i89XSJ_jwTH/.\n"
        "Beridze, Olivia and Narine Brennan. “Disinformation Campaign Targets Nagorno-Karabakh Casualty Figures.”\n"
        "Radio Free Europe/Radio Liberty, January 16, 2021. https://www.rferl.org/a/31147982.html.\n"
        "European Parliament. “Armenia/Azerbaijan: Civilians Must Be Protected.” Report.\n"
        "Harrington, Arzu and Emily Vardanyan. “Self-determination, Territorial Integrity and the Conflict.”\n"
        "Opinio Juris, December 14, 2020. https://opiniojuris.org/2020/12/14/self-determination/.\n"
    )
    refs = _notes(text, NoteKind.REFERENCE)
    assert list(refs) == ["B1", "B2", "B3", "B4"]
    assert refs["B2"].text.startswith("Beridze") and "Radio Free Europe" in refs["B2"].text
    assert [u.url for u in refs["B4"].urls] == [
        "https://opiniojuris.org/2020/12/14/self-determination/"
    ]


def test_join_lines_hyphenation_uses_document_evidence() -> None:
    assert join_lines(["the violations com-", "mitted during"]) == "the violations committed during"
    assert join_lines(["Johannes Smith-", "Laurent wrote"]) == "Johannes Smith-Laurent wrote"
    with_word = vocabulary("a ceasefire was signed")
    with_hyphen = vocabulary("a cease-fire was signed")
    assert join_lines(["the cease-", "fire held"], with_word) == "the ceasefire held"
    assert join_lines(["the cease-", "fire held"], with_hyphen) == "the cease-fire held"
    assert join_lines(["see https://", "www.example.org/a-", "b/c."]) == (
        "see https://www.example.org/a-b/c."
    )


def test_two_column_layout_is_read_column_by_column() -> None:
    left = [f"left column line {i} of the body text here" for i in range(14)]
    right = [f"right column line {i} of other text" for i in range(14)]
    text = "\n".join(f"{a:<50}   {b}" for a, b in zip(left, right, strict=True))
    rows = [r.text.strip() for r in reading_rows(text) if r.text.strip()]
    assert rows[:14] == left
    assert rows[14:] == right


def test_a_failing_url_finder_does_not_lose_citations(monkeypatch: pytest.MonkeyPatch) -> None:
    import citewatch.citations.extract as extract_mod

    def broken(text: str) -> list[object]:
        raise RuntimeError("boom")

    monkeypatch.setattr(extract_mod, "find_urls", broken)
    text = BODY + "1 Lebedev, “Armenia,” The Guardian, 2021, https://www.theguardian.com/a.\n"
    ex = extract_document(Document(Path("t.txt"), text, DocFormat.TEXT))
    assert [u.url for c in ex.citations for u in c.urls] == ["https://www.theguardian.com/a"]
    assert any("urls" in w for w in ex.warnings)


def test_spacing_accents_and_slashes_are_repaired() -> None:
    assert join_lines(["Prosecutor v Tadi´c and A˘gayev and Garc´ıa-M´arquez"]) == (
        "Prosecutor v Tadić and Ağayev and García-Márquez"
    )
    assert join_lines(["Radio Free Europe/", "Radio Liberty"]) == "Radio Free Europe/Radio Liberty"
    counts = vocabulary("Co-operation twice: Co-operation, and cooperation once")
    assert join_lines(["Security and Co-", "operation in Europe"], counts) == (
        "Security and Co-operation in Europe"
    )


def test_treaty_starting_with_the_is_a_citation() -> None:
    text = BODY + (
        "1 The Convention on the Prohibition of the Development, Production, Stockpiling and Use "
        "of Chemical Weapons and on their Destruction, 3 September 1992, 1974 UNTS 45.\n"
        "2 The figures cited here were provided by the de facto authorities.\n"
    )
    notes = _notes(text)
    assert notes["1"].is_citation is True
    assert notes["2"].is_citation is False
