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


# ---------------------------------------------------------------------------------------
# pdftotext on two-column pages and moved labels


def test_page_number_glued_to_a_page_last_line_is_cut_off() -> None:
    pages = [
        BODY * 3 + "1 First Author, “A Report,” Publisher, 2020.\n\n1\n",
        BODY * 3 + "2 R. McAllister, “After the Ceasefire, a Slow Reckoning with Abuses in Nagorno2\n",
        "Karabakh,” Associated Press, 2021, https://apnews.com/article/after-ceasefire.\n"
        "3 Ibid.\n" + BODY + "\n3\n",
        BODY + "\n4\n",
    ]
    text = "\f".join(pages)
    texts = [r.text for r in reading_rows(text)]
    assert any(t.endswith("Abuses in Nagorno") for t in texts)
    assert not any(t.endswith("Nagorno2") for t in texts)
    notes = _notes(text)
    assert "Nagorno2" not in notes["2"].text


def test_short_running_head_on_most_pages_is_furniture() -> None:
    pages = [
        "Cultural Heritage under Fire\n\nDemir\n\n" + ("Jones\n" if k % 2 else "")
        + BODY * 3 + f"Page {k} ends here with its own words, {k * 7} of them.\n"
        for k in range(6)
    ]
    texts = [r.text for r in reading_rows("\f".join(pages))]
    assert "Demir" not in texts and "Cultural Heritage under Fire" not in texts
    assert texts.count("Jones") == 3  # short, and on only half of the pages: not furniture


def test_number_printed_below_the_notes_still_splits_its_note_off() -> None:
    text = (
        BODY * 3
        + "1\n\nFirst Author, “A Report,” Publisher (2020), 15.\n"
        "2\n\nPieter Ismayilov, The Caucasus: An Introduction, (Cheltenham: Edward Elgar, 2020), 159.\n"
        "United Nations, The situation in the occupied territories of Azerbaijan, A/RES/62/243 "
        "(2008), https://undocs.org/A/RES/62/243.\n"
        "4\n\nIbid.\n"
        "5\n\nAnother Writer, “A Different Report,” Publisher (2019), 3.\n"
        "\n3\n\n2\n\f" + BODY
    )
    notes = _notes(text)
    assert notes["2"].text.endswith("Edward Elgar, 2020), 159.")
    assert notes["3"].text.startswith("United Nations")
    assert [u.url for u in notes["3"].urls] == ["https://undocs.org/A/RES/62/243"]
    assert notes["4"].ref is not None and notes["4"].ref.target == "3"


TWO_COLUMN_NOTES = (
    "The unlawful strikes are described in the article cited below.\n" + BODY * 3
    + "1 Emily Ivanova, “Armenia accused of using ballistic missiles against\n"
    "civilian areas”, Reuters (5 April 2021), online: <www.reuters.com/ar\n"
    "2 Ekaterina van der Meer, “Survivors of unlawful detention speak out”, APA\n"
    "(15 June 2021), online: <apa.az/en/foreign-policy/survivors-of-unlawfu\n"
    "\n"
    "ticle/us-armenia-conflict/armenia-accused-o\n"
    "f-using-ballistic-missiles-against-idUSKBN57XUG8>.\n"
    "\n"
    "3 See Daniel Whitaker, “Families of Missing Soldiers Demand Answers\n"
    "\n"
    "l-detention-speak-out-381261>.\n"
    "\n"
    "from Both Governments”, Associated Press (25 December 2020), online:\n"
    "<apnews.com/article/families-missing-soldiers-98a699>.\n"
    "\n4 Ibid.\n"
)


def test_pieces_of_notes_cut_by_columns_go_back_to_the_notes_they_continue() -> None:
    notes = _notes(TWO_COLUMN_NOTES)
    [u1] = [u.url for u in notes["1"].urls]
    [u2] = [u.url for u in notes["2"].urls]
    [u3] = [u.url for u in notes["3"].urls]
    assert u1.startswith("www.reuters.com/article/us-armenia-conflict/armenia-accused")
    assert u1.endswith("idUSKBN57XUG8")
    assert u2.startswith("apa.az/en/foreign-policy/survivors-of-unlawful-detention-speak-out")
    assert u3 == "apnews.com/article/families-missing-soldiers-98a699"
    assert "Both Governments" in notes["3"].text


def test_ieee_title_closed_with_a_comma_does_not_end_the_entry() -> None:
    text = (
        BODY + "As shown in [1] and [2].\n\nREFERENCES\n[1]\n\n[2]\n\n"
        "Amnesty International, “UN experts call for investigation,”\n"
        "Oct. 19, 2021. [Online]. Available: https://\n"
        "www.amnesty.org/en/latest/news/2021/10/un-experts-call-for-investigation/\n"
        "GitHub, “strike-database dataset.” Accessed: Jul. 7,\n"
        "2022. [Online]. Available: https://github.com/caucasus-osint/strike-database/blob/main/"
        "data/\n"
        "README.md\n"
        "[3] Y. Mensah, “Thousands Flee,” The New York Times, 2021.\n"
    )
    refs = _notes(text, NoteKind.REFERENCE)
    assert [u.url for u in refs["1"].urls] == [
        "https://www.amnesty.org/en/latest/news/2021/10/un-experts-call-for-investigation/"
    ]
    assert refs["2"].text.startswith("GitHub")


def test_author_name_broken_after_the_note_number_is_a_note() -> None:
    text = (
        BODY * 2
        + "of Goris were left uninhabitable.3 Domestic prosecutions have so far been limited.\n"
        "1 See GA Res 62/243, UNGAOR, 2008, UN Doc A/RES/62/243 (2008) at para 1.\n"
        "2 Ibid.\n"
        "3 Dmitri\n"
        "Whitfield, “‘We Buried Them Ourselves’: The Civilians Killed”, Foreign Policy (19 April "
        "2021), online:\n"
        "<https://foreignpolicy.com/2021/04/19/we-buried/>.\n"
        "4 President of Russia, Press Release, “Disinformation Campaign” (12 April 2021).\n"
    )
    notes = _notes(text)
    assert notes["3"].text.startswith("Dmitri Whitfield")
    assert [u.url for u in notes["3"].urls] == ["https://foreignpolicy.com/2021/04/19/we-buried/"]


def test_long_continuation_at_the_top_of_the_next_page() -> None:
    text = (
        BODY * 3
        + "1 First Author, “A Report,” Publisher, 2020.\n"
        "2 E. Müller, “Remedying mass displacement: property restitution after the war,” SSRN\n"
        "\f\n\n"
        "Working Paper, Sep. 29, 2022. Accessed: Jul. 7,\n"
        "2022. [Online]. Available: https://papers.ssrn.com/\n"
        "sol3/Delivery.cfm/\n"
        "SSRN_ID3742162_code3353295.pdf?\n"
        "abstractid=3742162&mirid=1\n"
        "3 Ibid.\n" + BODY
    )
    notes = _notes(text)
    ssrn = "https://papers.ssrn.com/sol3/Delivery.cfm/SSRN_ID3742162_code3353295.pdf"
    assert [u.url for u in notes["2"].urls] == [ssrn + "?abstractid=3742162&mirid=1"]


def test_layout_note_wrapped_to_the_margin_below_a_blank_row() -> None:
    text = (
        BODY * 3
        + "   1 See e.g. Elvin MacLeod, “Enforced disappearances in international armed conflict”"
        " (2019) 53:1 Intl Rev\n"
        "\n"
        "Red Cross 293, online: <doi.org/10.1017/S1816383119927660>.\n"
        "   2 Convention for the Protection of Cultural Property in the Event of Armed Conflict,\n"
        "\n"
        "249 UNTS 240 [1954 Hague Convention], online: <treaties.un.org/Pages/1954>.\n"
        "   3 Ibid.\n"
    )
    notes = _notes(text)
    assert [u.url for u in notes["1"].urls] == ["doi.org/10.1017/S1816383119927660"]
    assert [u.url for u in notes["2"].urls] == ["treaties.un.org/Pages/1954"]


def test_column_top_printed_between_labels_and_their_bodies() -> None:
    text = (
        BODY + "As shown in [1]–[4].\n\nREFERENCES\n"
        "[1]\n\nR. McAllister and H. Chaudhry, “After the Ceasefire,\n"
        "a Slow Reckoning with Abuses in Nagorno\n\n"
        "[2]\n\n[3]\n\n"
        "Karabakh,” Associated Press, Jul. 7, 2021. [Online].\n"
        "Available: https://apnews.com/article/after-ceasefire-slow-reckoning\n\n"
        "J. García-Márquez, “Digital evidence and the documentation of war crimes,”\n"
        "SSRN Working Paper, Nov. 18, 2021. [Online]. Available: https://papers.ssrn.com/sol3/x.pdf\n"
        "M. De Vries, “Self-determination and the Nagorno-Karabakh conflict,” Journal\n"
        "of Conflict and Security Law, 2012. [Online]. Available: https://www.jstor.org/stable/2788\n\n"
        "[4]\n\nY. Mensah, “Thousands Flee,” The New York Times, 2021.\n"
    )
    refs = _notes(text, NoteKind.REFERENCE)
    assert [u.url for u in refs["1"].urls] == [
        "https://apnews.com/article/after-ceasefire-slow-reckoning"
    ]
    assert [u.url for u in refs["2"].urls] == ["https://papers.ssrn.com/sol3/x.pdf"]
    assert [u.url for u in refs["3"].urls] == ["https://www.jstor.org/stable/2788"]


def test_layout_columns_restarting_a_few_characters_apart_are_still_split() -> None:
    lines = [
        f"Left column line {k:02} says something here.".ljust(58 + k % 6)
        + f"Right column line {k:02} goes on."
        for k in range(18)
    ]
    texts = [r.text for r in reading_rows("\n".join(lines) + "\n")]
    mixed = [t for t in texts if "Left" in t and "Right" in t]
    assert len(mixed) <= 3
    lefts = [i for i, t in enumerate(texts) if t.startswith("Left")]
    rights = [i for i, t in enumerate(texts) if t.strip().startswith("Right")]
    assert lefts and rights and max(lefts) < min(rights)  # the left column is read first


def test_column_top_printed_ahead_of_the_note_it_ends() -> None:
    """pdftotext may print the top of a column (the end of the entry cut at the foot of the
    column before) ahead of that entry, between other labels and their bodies."""
    text = (
        "Abuses in Nagorno-Karabakh are cited [1]–[5].\n" + BODY * 3 + "\nREFERENCES\n"
        "[1] A. Author, “One,” 2020.\n[2] B. Author, “Two,” 2020.\n\n1\n\f"
        "[3]\n\n[4]\n\n"
        "Karabakh,” Associated Press, Jul. 7, 2021. [Online].\n"
        "Available: https://apnews.com/article/after-ceasefire-slow-reckoning\n\n"
        "J. García-Márquez, “Digital evidence,” SSRN, 2021. [Online]. Available: "
        "https://papers.ssrn.com/x.pdf\n"
        "M. De Vries, “Self-determination,” Journal, 2012. [Online]. Available: "
        "https://www.jstor.org/stable/2788\n\n"
        "[5]\n\nR. McAllister and H. Chaudhry, “After the Ceasefire,\n"
        "a Slow Reckoning with Abuses in Nagorno\n\n2\n"
    )
    refs = _notes(text, NoteKind.REFERENCE)
    assert [u.url for u in refs["5"].urls] == [
        "https://apnews.com/article/after-ceasefire-slow-reckoning"
    ]
    assert [u.url for u in refs["3"].urls] == ["https://papers.ssrn.com/x.pdf"]
    assert [u.url for u in refs["4"].urls] == ["https://www.jstor.org/stable/2788"]
