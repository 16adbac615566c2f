"""Short forms resolved to the note holding the full citation."""

from __future__ import annotations

from pathlib import Path

from citewatch.citations.extract import extract_document
from citewatch.citations.model import Ref, RefKind
from citewatch.citations.shortforms import Work, detect, resolve
from citewatch.documents.model import DocFormat, Document


def _refs(*texts: str) -> list[Ref | None]:
    return resolve([Work(str(i), t) for i, t in enumerate(texts, start=1)])


FULL = "Togrul Lebedev, “Armenia: Cluster Munitions Used in Karabakh,” The Guardian, July 24, 2021."
FULL2 = "Olivia Brennan, “Prisoners of War and the Duty to Repatriate,” Opinio Juris, December 7, 2020."


def test_detect_kinds() -> None:
    assert detect("Ibid.") == (RefKind.IBID, None)
    assert detect("Ibid, art 2(3).") == (RefKind.IBID, None)
    assert detect("Id. at 5.") == (RefKind.ID, None)
    assert detect("Supra note 90 art 27.") == (RefKind.SUPRA, 90)
    assert detect("See “UN experts call”, supra note 2.") == (RefKind.SUPRA, 2)
    assert detect("See footnote 17 above.") == (RefKind.SUPRA, 17)
    assert detect("Identity politics in the Caucasus, 2020.") is None
    assert detect(FULL) is None


def test_ibid_follows_chain_to_full_citation() -> None:
    refs = _refs(FULL, FULL2, "Brennan, “Prisoners of War.”", "Ibid.", "Ibid, 12.")
    assert refs[0] is None and refs[1] is None
    assert refs[2] == Ref(RefKind.SHORT, "2", ("2",))
    assert refs[3] == Ref(RefKind.IBID, "2", ("3", "2"))
    assert refs[4] == Ref(RefKind.IBID, "2", ("4", "3", "2"))


def test_id_and_supra() -> None:
    refs = _refs(FULL, "Id. at 5.", FULL2, "Lebedev, supra note 1, at 3.")
    assert refs[1] == Ref(RefKind.ID, "1", ("1",))
    assert refs[3] is not None and refs[3].kind is RefKind.SUPRA and refs[3].target == "1"


def test_short_title_needs_author_and_title() -> None:
    refs = _refs(FULL, FULL2, "See Lebedev, “Armenia.”", "Smith, “Unknown Work.”")
    assert refs[2] is not None and (refs[2].kind, refs[2].target) == (RefKind.SHORT, "1")
    assert refs[3] is None


def test_repeated_full_citation() -> None:
    works = [
        Work("1", FULL + " https://www.theguardian.com/a", ("https://www.theguardian.com/a",)),
        Work("2", FULL2),
        Work("3", "See " + FULL + " https://www.theguardian.com/a",
             ("https://www.theguardian.com/a",)),
    ]
    refs = resolve(works)
    assert refs[2] == Ref(RefKind.REPEAT, "1", ("1",))


def test_ibid_skips_remarks() -> None:
    works = [Work("1", FULL), Work("2", "The author interviewed detainees.", is_citation=False),
             Work("3", "Ibid.")]
    assert resolve(works)[2] == Ref(RefKind.IBID, "1", ("1",))


def test_short_forms_in_a_document() -> None:
    text = (
        "Body text of the article that goes on and on for a while.\n"
        f"1 {FULL}\n2 Ibid.\n3 {FULL2}\n4 See Lebedev, “Armenia.”\n5 Ibid.\n"
    )
    ex = extract_document(Document(Path("t.txt"), text, DocFormat.TEXT))
    got = {c.label: c.ref for c in ex.citations}
    assert got["2"] == Ref(RefKind.IBID, "1", ("1",))
    assert got["4"] == Ref(RefKind.SHORT, "1", ("1",))
    assert got["5"] == Ref(RefKind.IBID, "1", ("4", "1"))
