"""Footnotes in Word documents run through pdftotext: note markers in running text, note
bodies that lost their numbers, body paragraphs after a note. Fixtures are made up, shaped
like that output."""

from __future__ import annotations

from pathlib import Path

from citewatch.citations.extract import extract_document
from citewatch.citations.model import Citation, NoteKind
from citewatch.citations.notes import is_body_text, is_marker_split, is_prose
from citewatch.documents.model import DocFormat, Document


def _extract(text: str) -> list[Citation]:
    return list(extract_document(Document(Path("t.txt"), text, DocFormat.TEXT)).citations)


def _notes(cits: list[Citation]) -> dict[str, Citation]:
    return {c.label: c for c in cits if c.kind is NoteKind.FOOTNOTE and c.part == 0 and c.label}


def _all_text(cits: list[Citation]) -> str:
    return " ".join(c.text for c in cits)


OPENING = (
    "The river town was shelled twice in the spring.1 Its bridge was closed to traffic2\n"
    "and the market moved to the school yard, where it stayed for the whole season.3\n"
    "\n"
    "1\n"
    "Marta Lindqvist, “Shelling of river towns”, The Northern Post (3 May 2019), online:\n"
    "<northernpost.org/2019/05/03/shelling>.\n"
    "2\n"
    "Ibid.\n"
    "3\n"
    "Paolo Ricci, “Markets in wartime”, Field Notes (9 June 2019), online: <fieldnotes.org/markets>.\n"
)


def test_marker_glued_to_a_sentence_does_not_start_a_note() -> None:
    text = OPENING + (
        "The relief convoys arrived late in the summer and stayed for a short while only.\n"
        "Many residents had already left the valley by then.4 In the weeks that followed, the\n"
        "council reopened two clinics and asked the province for more teachers and doctors.5\n"
        "\n"
        "4\n"
        "Hanna Berg, “Leaving the valley”, Valley Review (2 July 2019), online: <valley.org/leaving>.\n"
        "5\n"
        "Council minutes, “Clinics reopened” (30 July 2019), online: <council.org/minutes/7>.\n"
    )
    cits = _extract(text)
    notes = _notes(cits)
    assert notes["4"].text.startswith("Hanna Berg")
    assert notes["5"].text.startswith("Council minutes")
    assert "In the weeks that followed" not in _all_text(cits)


def test_marker_split_decisions() -> None:
    # a marker after a finished sentence, prose after it
    assert is_marker_split("many residents had already left.", "14 In the weeks that followed")
    assert is_marker_split("a claim that was never “proven.”", "15 Furthermore, the council said")
    # a day of a date, not a note number
    assert is_marker_split("Treaty on the Conduct of War,", "18 October 1907, Annex")
    # a note the extractor glued onto a line cut mid-word
    assert not is_marker_split("the fate of the missing remains unre", "25 See “After the war”, Daily")
    assert not is_marker_split("the convention on cluster muni", "11 Jonas Petersen, Fighters Deployed")


def test_prose_and_body_text() -> None:
    assert is_prose("According to the mayor, the school was hit on a Monday morning.")
    assert not is_prose("According to the mayor (12 May 2020), online: <x.org/a>.")
    assert not is_prose("Marta Lindqvist, “Shelling of river towns”, The Northern Post")
    assert is_body_text("Azerbaijan’s courts did not hear the case until much later.42 Then")
    assert not is_body_text("Report of the Working Group, UN Doc A/HRC/45/9 (2020) at 12.")


LOST = OPENING + (
    "The relief convoys arrived late in the summer and stayed for a short while only.\n"
    "Aid workers described the roads as “impassable.”4 A survey found that most wells were\n"
    "dry,5 and the regional hospital had run out of insulin by August.6\n"
    " Agnes Dupont, “Roads after the floods”, Relief Weekly (4 August 2019), online:\n"
    "<reliefweekly.org/roads>.\n"
    " Water Survey Office, Wells of the Lower Valley (2019) at 4, online (pdf): <wso.org/wells.pdf>.\n"
    " Tomas Novak, “Hospitals short of insulin”, Health Desk (20 August 2019), online:\n"
    "<healthdesk.org/insulin>.\n"
    "Schools and clinics\n"
    "In the autumn the council reopened two schools and one clinic, and it asked the\n"
    "province for more teachers, who arrived in October.\n"
)


def test_bodies_that_lost_their_numbers_go_to_the_markers_in_order() -> None:
    cits = _extract(LOST)
    notes = _notes(cits)
    assert notes["4"].text.startswith("Agnes Dupont")
    assert [u.url for u in notes["4"].urls] == ["reliefweekly.org/roads"]
    assert notes["5"].text.startswith("Water Survey Office")
    assert notes["6"].text.startswith("Tomas Novak")
    assert [u.url for u in notes["6"].urls] == ["healthdesk.org/insulin"]
    assert set(notes) == {"1", "2", "3", "4", "5", "6"}
    # the heading and the paragraph after the bodies belong to no note
    assert "Schools and clinics" not in _all_text(cits)
    assert "In the autumn" not in _all_text(cits)


def test_bodies_that_lost_their_numbers_are_kept_when_the_markers_do_not_fit() -> None:
    # two markers without a body and one unnumbered body that does not continue the numbering
    # (notes 4 and 5 are missing altogether): it is kept as a body citation, unlabelled
    text = OPENING + (
        "The relief convoys arrived late in the summer and stayed for a short while only.\n"
        "Aid workers described the roads as “impassable.”6 A survey found the wells dry.7\n"
        " Agnes Dupont, “Roads after the floods”, Relief Weekly (4 August 2019), online:\n"
        "<reliefweekly.org/roads>.\n"
        "In the autumn the council reopened two schools and one clinic, and it asked the\n"
        "province for more teachers, who arrived in October.\n"
    )
    cits = _extract(text)
    lost = [c for c in cits if c.text.startswith("Agnes Dupont")]
    assert len(lost) == 1
    assert lost[0].kind is NoteKind.BODY and lost[0].label is None
    assert [u.url for u in lost[0].urls] == ["reliefweekly.org/roads"]
    assert set(_notes(cits)) == {"1", "2", "3"}
    assert "In the autumn" not in _all_text(cits)


def test_prose_after_a_finished_note_ends_it() -> None:
    text = OPENING + (
        "4\n"
        "Hanna Berg, “Leaving the valley”, Valley Review (2 July 2019) at 3.\n"
        " Rebuilding the valley\n"
        "In the spring the first families came back and began to repair their houses, and the\n"
        "council paid for new roofs.5 By June most shops had opened again.\n"
        "\n"
        "5\n"
        "Council minutes, “Roofs” (30 May 2020), online: <council.org/minutes/12>.\n"
    )
    cits = _extract(text)
    notes = _notes(cits)
    assert notes["4"].text == "Hanna Berg, “Leaving the valley”, Valley Review (2 July 2019) at 3."
    assert "first families" not in _all_text(cits)


def test_caption_with_a_marker_after_a_note_is_body_text() -> None:
    text = OPENING + (
        "4\n"
        "Ibid.\n"
        " Men queue for water at the\n"
        "last working pump in the town.5\n"
        "\n"
        "5\n"
        "Council minutes, “Water” (30 May 2020), online: <council.org/minutes/13>.\n"
    )
    notes = _notes(_extract(text))
    assert notes["4"].text == "Ibid."
    assert notes["5"].text.startswith("Council minutes")


def test_numbered_list_item_with_a_later_marker_is_not_a_note() -> None:
    text = OPENING + (
        "These attacks are in breach of the following rules of the law of armed conflict:\n"
        "4. Protocol on Incendiary Weapons of the 1980 Convention, Article 2,6\n"
        "5. Additional Protocol I to the Geneva Conventions, Article 51(4),7 and\n"
        "6. The Chemical Weapons Convention, Article I.8\n"
        "\n"
        "4\n"
        "Hanna Berg, “Burning forests”, Valley Review (2 July 2019), online: <valley.org/fires>.\n"
        "5\n"
        "Ibid.\n"
    )
    notes = _notes(_extract(text))
    assert notes["4"].text.startswith("Hanna Berg")
    assert notes["5"].text == "Ibid."
    assert not any("Incendiary" in c.text for c in notes.values())


def test_body_that_lost_its_number_under_a_numbered_note() -> None:
    # notes 4 and 5 at the foot of the page; 5 lost its number: it is not glued onto 4
    text = OPENING + (
        "The relief convoys arrived late in the summer and stayed for a short while only.\n"
        "Aid workers called the roads “impassable,”4 and a survey found the wells dry.5\n"
        "\n"
        "4\n"
        "Agnes Dupont, “Roads after the floods”, Relief Weekly (4 August 2019), online:\n"
        "<reliefweekly.org/roads>.\n"
        " Water Survey Office, Wells of the Lower Valley (2019) at 4, online (pdf): <wso.org/wells.pdf>.\n"
    )
    notes = _notes(_extract(text))
    assert notes["4"].text.endswith("<reliefweekly.org/roads>.")
    assert notes["5"].text.startswith("Water Survey Office")
    assert [u.url for u in notes["5"].urls] == ["wso.org/wells.pdf"]


def test_unnumbered_citation_without_a_marker_is_kept_as_a_body_citation() -> None:
    text = OPENING + (
        "4\n"
        "Agnes Dupont, “Roads after the floods”, Relief Weekly (4 August 2019), online:\n"
        "<reliefweekly.org/roads>.\n"
        " Water Survey Office, Wells of the Lower Valley (2019) at 4, online (pdf): <wso.org/wells.pdf>.\n"
    )
    cits = _extract(text)
    assert _notes(cits)["4"].text.endswith("<reliefweekly.org/roads>.")
    kept = [c for c in cits if c.text.startswith("Water Survey Office")]
    assert len(kept) == 1 and kept[0].kind is NoteKind.BODY and kept[0].label is None
    assert [u.url for u in kept[0].urls] == ["wso.org/wells.pdf"]
