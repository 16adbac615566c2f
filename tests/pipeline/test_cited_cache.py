"""What each document cites, kept between runs: the same as reading it again, reused only
while the document, the store, the day and the code are unchanged."""

from __future__ import annotations

import json
import pickle
from dataclasses import fields
from datetime import date
from pathlib import Path

import pytest

import citewatch.citations.extract as extract_module
from citewatch.check.model import Citing
from citewatch.citations.model import FoundUrl, SuspectReason
from citewatch.citations.seen import DateSource, SeenDate
from citewatch.documents import load_document
from citewatch.pipeline import checking, citedcache
from citewatch.pipeline.citedcache import cited_in_paths, decode, encode
from citewatch.store import write_extraction
from tests.cli.conftest import DOC


def _every_field_set() -> FoundUrl:
    """A FoundUrl with no field at its default (new fields included, by their default's type)."""
    values: dict[str, object] = {}
    for f in fields(FoundUrl):
        if f.name == "suspect":
            values[f.name] = tuple(SuspectReason)[:2]
        elif isinstance(f.default, tuple) or f.name.endswith("s"):
            values[f.name] = (f"{f.name}-1", f"{f.name}-2")
        elif isinstance(f.default, int) or f.name in ("line", "end_line"):
            values[f.name] = 7
        else:
            values[f.name] = f"{f.name} text"
    return FoundUrl(**values)  # type: ignore[arg-type]


def test_the_kept_form_gives_back_every_field() -> None:
    found = _every_field_set()
    seen = SeenDate(date(2020, 5, 1), DateSource.ACCESSED)
    cites = checking.Cites("docs/a.txt", ("tail/one",), (
        ("https://a.example/x", Citing("docs/a.txt", "12", "hrw2020a", line=3,
                                       printed="a.example/x", seen=seen), "Title", found),
        ("https://b.example/", Citing("docs/a.txt", None, None), "text", FoundUrl(
            url="b.example/", raw="b.example/", line=0, end_line=0)),
    ))
    back = decode(json.loads(json.dumps(encode(cites))))
    assert back == cites
    assert back is not None
    for got, want in zip(back.adds, cites.adds, strict=True):
        for name in (f.name for f in fields(FoundUrl)):
            assert type(getattr(got[3], name)) is type(getattr(want[3], name)), name
    assert decode({**encode(cites), "found_fields": ["url"]}) is None  # another FoundUrl


real_extract = extract_module.extract_document


@pytest.fixture()
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Documents extracted (not taken from the kept readings)."""
    done: list[str] = []

    def counting(document: object) -> object:
        done.append("read")
        return real_extract(document)  # type: ignore[arg-type]

    monkeypatch.setattr(extract_module, "extract_document", counting)
    return done


def _state(cited: checking.Cited) -> tuple[object, ...]:
    return (cited.places, cited.texts, cited.found, cited.orphans)


def test_the_pickled_form_gives_back_every_field() -> None:
    """The forked child hands its FoundUrls over pickled (as constructor calls)."""
    found = _every_field_set()
    back = pickle.loads(pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == found and back is not found
    assert [getattr(back, f.name) for f in fields(FoundUrl)] == [
        getattr(found, f.name) for f in fields(FoundUrl)]


def test_a_document_is_read_again_only_when_something_it_depends_on_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reads: list[str]
) -> None:
    monkeypatch.setenv("CITEWATCH_NOW", "2026-03-02T06:00:00Z")
    docs = tmp_path / "docs"
    docs.mkdir()
    a, b = docs / "a.txt", docs / "b.txt"
    a.write_text(DOC.format(base="https://example.org"))
    b.write_text(DOC.format(base="https://example.net"))
    refs, db = tmp_path / "refs", tmp_path / "h.sqlite"

    first, errors = cited_in_paths([a, b, docs / "missing.txt"], refs, db)
    assert len(reads) == 2 and [e.path for e in errors] == [docs / "missing.txt"]
    plain = checking.cited_in_extractions(
        checking.keyed([real_extract(load_document(p)) for p in (a, b)], refs))
    assert _state(first) == _state(plain)  # the same as reading the documents

    reads.clear()
    again, _ = cited_in_paths([a, b], refs, db)
    assert reads == [] and _state(again) == _state(first)

    b.write_text(DOC.format(base="https://example.com"))  # one document edited
    edited, _ = cited_in_paths([a, b], refs, db)
    assert len(reads) == 1 and any("example.com" in u for u in edited.places)

    reads.clear()  # the store changed: keys may have, every document is read again
    write_extraction(real_extract(load_document(a)), refs)
    keyed_now, _ = cited_in_paths([a, b], refs, db)
    assert len(reads) == 2
    assert all(c.key for places in keyed_now.places.values() for c in places
               if c.document == str(a))

    reads.clear()  # another day: a seen date may fall back to today
    monkeypatch.setenv("CITEWATCH_NOW", "2026-03-03T06:00:00Z")
    cited_in_paths([a, b], refs, db)
    assert len(reads) == 2


def test_a_new_citewatch_reads_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reads: list[str]
) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text(DOC.format(base="https://example.org"))
    cited_in_paths([doc], tmp_path / "refs", tmp_path / "h.sqlite")
    monkeypatch.setattr(citedcache, "code_fingerprint", lambda: "another release")
    cited_in_paths([doc], tmp_path / "refs", tmp_path / "h.sqlite")
    assert len(reads) == 2


def test_urls_known_at_once_are_the_places_worked_out_later(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``cited_in_paths_later`` hands out the URLs before the store keys and seen dates are
    made (in a forked child, while the check runs): they must be exactly the URLs, in the
    order, that the finished reading cites — fresh documents and kept ones alike — and the
    child's result must be the reading itself (the second round reads the kept readings the
    child wrote)."""
    from citewatch.pipeline.citedcache import cited_in_paths_later

    root = Path(__file__).resolve().parents[2]
    docs = sorted((root / "seeds").glob("*.txt"))[:3]
    for source in sorted((root / "tests" / "fixtures" / "corpus").glob("doc0*"))[:3]:
        docs.append(tmp_path / f"{source.name}.txt")  # distinct names: one .bib each
        docs[-1].write_bytes((source / "doc.pdftotext.txt").read_bytes())
    assert len(docs) == 6
    from citewatch.pipeline.citedcache import CitedLater

    extracted: list[Path] = []
    extract = citedcache._extract
    monkeypatch.setattr(citedcache, "_extract", lambda p: extracted.append(p) or extract(p))
    for _ in range(2):  # read, then kept (written by the first round's child)
        later = cited_in_paths_later(docs, tmp_path / "refs", tmp_path / "h.sqlite")
        assert len(extracted) == len(docs)  # the second round extracts nothing again
        cited = later.result()
        assert later.urls == list(cited.places)
        assert len(later.urls) > 20 and not later.errors
    here = CitedLater(later.urls, [], lambda: cited, fork=False)
    assert here._child is None and here.result() is cited


FORKED = """
import sys, threading
from pathlib import Path
from citewatch.pipeline.citedcache import cited_in_paths_later
assert threading.active_count() == 1
docs, refs, db = [Path(p) for p in sys.argv[3:]], Path(sys.argv[1]), Path(sys.argv[2])
later = cited_in_paths_later(docs, refs, db)
assert later._child is not None, "not forked"
cited = later.result()
assert later.urls == list(cited.places)
for url, places in cited.places.items():
    print(url, *[(c.document, c.note, c.key, c.line, str(c.seen)) for c in places])
"""


def test_the_forked_child_gives_what_this_process_would(tmp_path: Path) -> None:
    """In a process with one thread (the command line) the keys and seen dates are worked
    out by a forked child: its reading is the one this process makes itself."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    docs = [str(p) for p in sorted((root / "seeds").glob("*.txt"))[:3]]
    out = subprocess.run(
        [sys.executable, "-c", FORKED, str(tmp_path / "a"), str(tmp_path / "a.sqlite"), *docs],
        capture_output=True, text=True, timeout=120, check=True).stdout.splitlines()
    cited, _ = cited_in_paths([Path(d) for d in docs], tmp_path / "b", tmp_path / "b.sqlite")
    here = [" ".join([url, *[str((c.document, c.note, c.key, c.line, str(c.seen)))
                             for c in places]]) for url, places in cited.places.items()]
    assert out == here and len(out) > 20


NICENESS = """
import os
from citewatch.pipeline import citedcache
from citewatch.pipeline.checking import Cited
def rest():
    return Cited(orphans={"nice": (str(os.getpriority(os.PRIO_PROCESS, 0)),)})
child = citedcache._fork(rest)
assert child is not None
cited = citedcache._collect(*child)
print(os.getpriority(os.PRIO_PROCESS, 0), cited.orphans["nice"][0])
"""


def test_the_forked_child_yields_the_cpu_to_the_check() -> None:
    """The child's work is needed only at the run's end: it runs at a lower priority than
    the processes that check."""
    import subprocess
    import sys

    from citewatch.pipeline.citedcache import CHILD_NICENESS

    out = subprocess.run([sys.executable, "-c", NICENESS], capture_output=True, text=True,
                         timeout=60, check=True).stdout.split()
    parent, child = int(out[0]), int(out[1])
    assert child == min(19, parent + CHILD_NICENESS)
