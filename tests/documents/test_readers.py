"""Reading documents: encodings, bad input, folders, PDFs."""

from __future__ import annotations

from pathlib import Path

import pytest

from citewatch.documents import DocFormat, iter_document_paths, load_document
from citewatch.errors import InputError

CORPUS = Path(__file__).parent.parent / "fixtures" / "corpus"


def test_utf8_text_is_read_with_normalised_line_ends(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes(b"Title\r\nsee <www.example.org/a>\r\n")
    doc = load_document(p)
    assert doc.text == "Title\nsee <www.example.org/a>\n"
    assert doc.format is DocFormat.TEXT
    assert doc.encoding == "utf-8"


def test_utf16_with_bom_is_decoded(tmp_path: Path) -> None:
    p = tmp_path / "u16.txt"
    p.write_bytes("“Quoted” — www.example.org\n".encode("utf-16"))
    assert load_document(p).text == "“Quoted” — www.example.org\n"


def test_cp1252_is_decoded_when_utf8_fails(tmp_path: Path) -> None:
    p = tmp_path / "legacy.txt"
    text = "Human Rights Watch, “Azerbaijan: Cluster Munitions Used” – résumé, accessed 12 January 2021.\n" * 5
    p.write_bytes(text.encode("cp1252"))
    doc = load_document(p)
    assert "“Azerbaijan" in doc.text and "résumé" in doc.text
    assert doc.encoding != "utf-8"


def test_empty_file_is_an_input_error_naming_the_file(tmp_path: Path) -> None:
    p = tmp_path / "empty.txt"
    p.write_text("  \n\n")
    with pytest.raises(InputError) as err:
        load_document(p)
    assert "empty.txt" in str(err.value) and "empty" in err.value.message


def test_binary_file_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "blob.txt"
    p.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(InputError, match="binary"):
        load_document(p)


def test_damaged_utf8_is_an_error_naming_the_line(tmp_path: Path) -> None:
    p = tmp_path / "bad.txt"
    p.write_bytes("line one “quoted”\nline two\n".encode() + b"three \xff here\n")
    with pytest.raises(InputError) as err:
        load_document(p)
    assert err.value.line == 3 and "bad.txt:3" in str(err.value)


def test_missing_path_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        list(iter_document_paths([tmp_path / "nope"]))


def test_folders_are_walked_sorted_skipping_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    for name in ("b/2.txt", "1.txt", ".git/x.txt", "img.png"):
        (tmp_path / name).write_text("x")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_document_paths([tmp_path])]
    assert found == ["1.txt", "b/2.txt"]


def test_pdf_reader_returns_text_and_link_annotations() -> None:
    pdf = CORPUS / "doc15" / "doc.pdf"
    doc = load_document(pdf)
    assert doc.format is DocFormat.PDF
    assert "\f" in doc.text and "Ceasefire without Justice" in doc.text
    targets = {url for _, url in doc.link_targets}
    assert any("europarl.europa.eu" in u for u in targets)


def test_corrupt_pdf_is_an_input_error(tmp_path: Path) -> None:
    p = tmp_path / "broken.pdf"
    p.write_bytes(b"%PDF-1.4\n this is not a pdf at all")
    with pytest.raises(InputError, match="broken.pdf"):
        load_document(p)
