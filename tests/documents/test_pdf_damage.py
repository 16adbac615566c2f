"""A damaged part of a PDF is a warning, not a crash: real PDFs with malformed link
annotations, written with pypdf's writer."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)
from typer.testing import CliRunner

from citewatch.cli import app
from citewatch.documents import load_document

GOOD = "https://example.org/reports/2020/good-link"


def _link(action: object) -> DictionaryObject:
    link = DictionaryObject()
    link[NameObject("/Type")] = NameObject("/Annot")
    link[NameObject("/Subtype")] = NameObject("/Link")
    link[NameObject("/Rect")] = ArrayObject([NumberObject(0)] * 4)
    if action is not None:
        link[NameObject("/A")] = action  # type: ignore[assignment]
    return link


def _uri_action(uri: object) -> DictionaryObject:
    action = DictionaryObject()
    action[NameObject("/S")] = NameObject("/URI")
    if uri is not None:
        action[NameObject("/URI")] = uri  # type: ignore[assignment]
    return action


def _pdf(path: Path, annots_per_page: list[object]) -> Path:
    """One page of text per entry; each page's ``/Annots`` set to the entry as given."""
    writer = PdfWriter()
    for n, annots in enumerate(annots_per_page, start=1):
        page = writer.add_blank_page(612, 792)
        font = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
        )
        content = DecodedStreamObject()
        content.set_data(
            f"BT /F1 12 Tf 72 700 Td (Page {n} of a report, see the link.) Tj ET".encode()
        )
        page[NameObject("/Contents")] = writer._add_object(content)
        if annots is not None:
            page[NameObject("/Annots")] = annots  # type: ignore[assignment]
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def _damaged(tmp_path: Path) -> Path:
    return _pdf(
        tmp_path / "damaged.pdf",
        [
            NumberObject(5),  # /Annots a number
            ArrayObject(
                [
                    _link(NumberObject(3)),  # a link whose /A is a number
                    _link(_uri_action(None)),  # /S /URI without /URI
                    _link(_uri_action(NumberObject(7))),  # /URI not a string
                    NumberObject(9),  # an annotation that is not a dictionary
                    _link(None),  # no action: an internal link, not damage
                    _link(_uri_action(TextStringObject(GOOD))),
                ]
            ),
        ],
    )


def test_malformed_link_annotations_are_warnings_and_good_links_kept(tmp_path: Path) -> None:
    doc = load_document(_damaged(tmp_path))
    assert doc.link_targets == ((2, GOOD),)
    assert "Page 1 of a report" in doc.text and "Page 2 of a report" in doc.text
    joined = "\n".join(doc.warnings)
    assert "page 1: /Annots is a number (5)" in joined
    assert "page 2: link 1 has an action (/A) that is a number (3)" in joined
    assert "page 2: link 2 has no /URI string (missing)" in joined
    assert "page 2: link 3 has no /URI string (a number (7))" in joined
    assert "page 2: annotation 4 is a number (9)" in joined
    assert len(doc.warnings) == 5  # the internal link is no damage


def test_extract_prints_the_warnings_and_the_other_documents_run(tmp_path: Path) -> None:
    pdf = _damaged(tmp_path)
    other = tmp_path / "other.txt"
    other.write_text("A note.\n\n1 See https://example.net/x.\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["extract", str(pdf), str(other), "--refs", str(tmp_path / "refs")]
    )
    assert result.exit_code == 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "/Annots is a number (5)" in result.output
    assert sorted(p.name for p in (tmp_path / "refs").glob("*.bib")) == ["damaged.bib", "other.bib"]
