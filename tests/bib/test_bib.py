"""``citewatch bib``: every format re-parses (bibtexparser, the CSL-JSON schema, a RIS
reader, an HTML parser, pandoc --citeproc), carries the archived copy, escapes hostile
text, and is byte-identical on re-run."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import bibtexparser
import jsonschema
import pytest
from bs4 import BeautifulSoup
from typer.testing import CliRunner

from citewatch.bib import BibFormat, BibItem, exporter_for, load_items
from citewatch.bib.model import Name, parse_names
from citewatch.citations.model import WorkKind
from citewatch.cli import app
from citewatch.store import update_fields, write_extraction
from tests.report.chromium import need_tool
from tests.store._build import extraction, note

CSL_SCHEMA = Path(__file__).parents[1] / "fixtures" / "schemas" / "csl-data.json"
DOC = "docs/report.txt"
ARCHIVE = "https://web.archive.org/web/20200601000000/https://www.hrw.org/news/2020/05/12/a_b?x=1&y=%7B2%7D"
HOSTILE = 'Bad <script>alert("x")</script> & {braces} 100% _under_ *star* [link](x)'


@pytest.fixture
def refs(tmp_path: Path) -> Path:
    refs = tmp_path / "refs"
    ex = extraction(
        note("1", "HRW", urls=("https://www.hrw.org/news/2020/05/12/a_b?x=1&y={2}",),
             author="Human Rights Watch", title="Azerbaijan: Crackdown on Critics",
             date_iso="2020-05-12", accessed="1 June 2020", accessed_iso="2020-06-01",
             kind=WorkKind.WEB),
        note("2", "Smith", urls=("https://news.example.org/2019/story",),
             author="Jane Smith and John Doe", title="A Story", container="The Daily",
             date_iso="2019-03-04", kind=WorkKind.NEWS),
        note("3", "Hostile", urls=("https://evil.example.org/a#frag",),
             author="Ann Other et al", title=HOSTILE, date_iso="2021", kind=WorkKind.REPORT,
             container="Institute & Co"),
        note("4", "Treaty", title="Charter of the United Nations", kind=WorkKind.TREATY),
        document=DOC,
    )
    written = write_extraction(ex, refs)
    hrw = next(k for k in written.added if k.startswith("hrw"))
    update_fields(written.path, {hrw: {"archiveurl": ARCHIVE, "archivedate": "2020-06-01"}})
    return refs


def _export(refs: Path, fmt: BibFormat, style: str = "apa") -> str:
    return exporter_for(fmt, style).export(load_items(refs))


def _by_key(items: list[BibItem], prefix: str) -> BibItem:
    return next(i for i in items if i.key.startswith(prefix))


def test_items_from_the_store(refs: Path) -> None:
    items = load_items(refs)
    assert [i.key for i in items] == sorted(i.key for i in items)
    hrw = _by_key(items, "hrw")
    assert hrw.authors == (Name(literal="Human Rights Watch"),)
    assert (hrw.archive_url, hrw.archive_date) == (ARCHIVE, "2020-06-01")
    assert hrw.urldate == "2020-06-01" and hrw.date == "2020-05-12"
    smith = _by_key(items, "smith")
    assert smith.authors == (Name("Smith", "Jane"), Name("Doe", "John")) and smith.newspaper
    other = next(i for i in items if i.title == HOSTILE)
    assert other.et_al and other.authors == (Name("Other", "Ann"),)


def test_parse_names() -> None:
    assert parse_names("{Amnesty International} and Smith, Jane") == (
        (Name(literal="Amnesty International"), Name("Smith", "Jane")), False)
    assert parse_names("Jacques Derrida et al") == ((Name("Derrida", "Jacques"),), True)
    assert parse_names("{Tom and Jerry Ltd}")[0] == (Name(literal="Tom and Jerry Ltd"),)


@pytest.mark.parametrize("fmt", [BibFormat.BIBLATEX, BibFormat.BIBTEX])
def test_bibtex_formats_reparse(refs: Path, fmt: BibFormat) -> None:
    text = _export(refs, fmt)
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    entries = {e.key: e for e in library.entries}
    assert list(entries) == sorted(entries) and len(entries) == 4
    hrw = next(e for k, e in entries.items() if k.startswith("hrw"))
    fields = {f.key: str(f.value) for f in hrw.fields}
    assert not any(k.startswith("citewatch-") for e in library.entries for k in e.fields_dict)
    assert fields["author"] == "{Human Rights Watch}"  # stays an organisation
    if fmt is BibFormat.BIBLATEX:
        assert hrw.entry_type == "online"
        assert fields["archiveurl"] == ARCHIVE and fields["archivedate"] == "2020-06-01"
        assert fields["urldate"] == "2020-06-01"
        assert fields["addendum"].startswith("Archived copy: \\url{https://web.archive.org/")
        assert "\\%7B2\\%7D" in fields["addendum"]
    else:
        assert hrw.entry_type == "misc"
        assert (fields["year"], fields["month"]) == ("2020", "5")
        assert "Accessed 2020-06-01" in fields["note"] and "\\url{https://web.archive.org" in fields["note"]
        smith = next(e for k, e in entries.items() if k.startswith("smith"))
        assert smith.entry_type == "article" and str(smith.fields_dict["journal"].value) == "The Daily"


def test_csl_json_validates_against_the_csl_schema(refs: Path) -> None:
    if not CSL_SCHEMA.is_file():
        pytest.fail(f"the CSL-JSON schema is missing: {CSL_SCHEMA}")
    schema = json.loads(CSL_SCHEMA.read_text(encoding="utf-8"))
    data = json.loads(_export(refs, BibFormat.CSL_JSON))
    jsonschema.Draft7Validator(schema).validate(data)
    with pytest.raises(jsonschema.ValidationError):  # the schema does bite
        jsonschema.Draft7Validator(schema).validate([{**data[0], "type": "tweet"}])
    hrw = next(d for d in data if d["id"].startswith("hrw"))
    assert hrw["type"] == "webpage" and hrw["author"] == [{"literal": "Human Rights Watch"}]
    assert hrw["issued"] == {"date-parts": [[2020, 5, 12]]}
    assert hrw["accessed"] == {"date-parts": [[2020, 6, 1]]}
    assert hrw["archive"] == "Internet Archive" and hrw["archive_location"] == ARCHIVE
    assert hrw["custom"] == {"archive-url": ARCHIVE, "archive-date": "2020-06-01"}
    smith = next(d for d in data if d["id"].startswith("smith"))
    assert smith["type"] == "article-newspaper"
    assert smith["author"] == [{"family": "Smith", "given": "Jane"}, {"family": "Doe", "given": "John"}]


def _ris_records(text: str) -> list[list[tuple[str, str]]]:
    records: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for line in text.splitlines():
        if not line:
            continue
        tag, sep, value = line.partition("  - ")
        assert sep and len(tag) == 2, f"not a RIS line: {line!r}"
        current.append((tag, value))
        if tag == "ER":
            records.append(current)
            current = []
    assert not current, "record without ER"
    return records


def test_ris_records(refs: Path) -> None:
    records = _ris_records(_export(refs, BibFormat.RIS))
    assert len(records) == 4 and all(r[0][0] == "TY" for r in records)
    hrw = next(dict(r) for r in records if dict(r)["ID"].startswith("hrw"))
    assert hrw["TY"] == "ELEC" and hrw["AU"] == "Human Rights Watch"
    assert hrw["DA"] == "2020/05/12/" and hrw["Y2"] == "2020/06/01/"
    assert hrw["N1"] == f"Archived copy: {ARCHIVE} (2020-06-01)"
    smith = next(r for r in records if dict(r)["ID"].startswith("smith"))
    assert [v for t, v in smith if t == "AU"] == ["Smith, Jane", "Doe, John"]


@pytest.mark.parametrize("style", ["apa", "ieee", "chicago-note-bibliography"])
def test_html_bibliography_has_robust_links_and_escapes(refs: Path, style: str) -> None:
    html = _export(refs, BibFormat.HTML, style)
    soup = BeautifulSoup(html, "html.parser")
    entries = soup.select("div.csl-bib-body > div.csl-entry")
    assert len(entries) == 4
    robust = soup.find("a", attrs={"data-versionurl": ARCHIVE})
    assert robust is not None and robust["data-versiondate"] == "2020-06-01"
    assert str(robust["href"]).startswith("https://www.hrw.org/news/2020/05/12/a_b?x=1&y=")
    assert robust.get_text() == robust["href"]
    assert soup.find("script") is None
    hostile = next(e for e in entries if "Bad" in e.get_text())
    assert '<script>alert("x")</script> & {braces} 100%' in hostile.get_text()


def test_markdown_bibliography(refs: Path) -> None:
    md = _export(refs, BibFormat.MARKDOWN, "apa")
    blocks = [b for b in md.split("\n\n") if b]
    assert len(blocks) == 4
    assert f'data-versionurl="{ARCHIVE.replace("&", "&amp;")}"' in md
    hostile = next(b for b in blocks if "Bad" in b)
    assert "&lt;script&gt;" in hostile and "<script>" not in hostile
    assert "\\_under\\_" in hostile and "\\*star\\*" in hostile and "\\[link\\](x)" in hostile


def test_pandoc_citeproc_renders_the_csl_json(refs: Path, tmp_path: Path) -> None:
    pandoc = need_tool("pandoc")
    bib = tmp_path / "refs.json"
    bib.write_text(_export(refs, BibFormat.CSL_JSON), encoding="utf-8")
    doc = tmp_path / "doc.md"
    doc.write_text("---\nnocite: '@*'\n---\n\nText.\n", encoding="utf-8")
    out = subprocess.run(
        [pandoc, "--citeproc", f"--bibliography={bib}", "-t", "plain", "--wrap=none", str(doc)],
        capture_output=True, text=True, timeout=60, check=True,
    ).stdout
    assert "Crackdown on Critics" in out and "A Story" in out and "Charter of the United Nations" in out
    assert "Human Rights Watch" in out and "Smith" in out


@pytest.mark.parametrize("fmt", list(BibFormat))
def test_cli_output_is_deterministic(refs: Path, tmp_path: Path, fmt: BibFormat) -> None:
    runner = CliRunner()
    out = tmp_path / f"bib.{fmt.value}"
    common = ["bib", "--refs", str(refs), "--format", fmt.value, "--style", "apa"]
    first = runner.invoke(app, [*common, "-o", str(out)])
    assert first.exit_code == 0, first.output
    data = out.read_bytes()
    assert data
    # a second run, to standard output, for the document: the same bytes
    printed = runner.invoke(app, [*common, DOC])
    assert printed.exit_code == 0 and printed.stdout.encode("utf-8") == data


def test_cli_errors_name_the_file(refs: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(app, ["bib", "--refs", str(refs), "nowhere.txt"])
    assert missing.exit_code == 2 and "nowhere.txt" in missing.output
    bad = refs / "broken.bib"
    bad.write_text("@online{x,\n  title = {unclosed\n", encoding="utf-8")
    broken = runner.invoke(app, ["bib", "--refs", str(refs)])
    assert broken.exit_code == 2 and "broken.bib" in broken.output
    nostore = runner.invoke(app, ["bib", "--refs", str(tmp_path / "nothing")])
    assert nostore.exit_code == 2 and "no BibTeX store" in nostore.output
    style = runner.invoke(app, ["bib", "--refs", str(tmp_path), "-f", "html", "--style", "nope"])
    assert style.exit_code == 2 and "unknown CSL style 'nope'" in style.output
