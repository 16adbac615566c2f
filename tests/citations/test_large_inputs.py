"""Large inputs (issue 10 item 5, extraction side): long texts are read in pieces whose
results equal one reading of the whole, and a text without line ends is scanned in bounded
windows. Time and memory per size are measured by ``bench/throughput --scaling``."""

from __future__ import annotations

import random
import re
import time
from pathlib import Path

import pytest

from citewatch.citations import damage, notes
from citewatch.citations.extract import extract_document
from citewatch.citations.notes import words
from citewatch.documents.model import DocFormat, Document

_WORDS = ["alpha", "beta", "Azerbaijan", "grad", "x", "é", "naïve", "nagorno-karabakh"]
_SEPS = [" ", ": ", "-", "--", "-\n", ".\n", "  ", "123", "_", "’", ",  ,", "\n\n", "/"]


def _prose(rng: random.Random) -> str:
    return "".join(rng.choice(_WORDS) + rng.choice(_SEPS) for _ in range(rng.randint(0, 150)))


def test_word_and_pair_counts_read_in_pieces_equal_one_reading(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rng = random.Random(5)
    for _ in range(200):
        text = _prose(rng)
        whole = damage._words_and_pairs(text)
        monkeypatch.setattr(damage, "_CHUNK", rng.randint(1, 30))
        assert damage._words_and_pairs(text) == whole
        monkeypatch.setattr(damage, "_CHUNK", 1 << 18)


def test_damage_vocabulary_read_in_pieces_equals_one_reading(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Line-end hyphens, URL tokens and skipped spans cut by a piece's end are read as in
    the whole text (pieces of 1 to 30 characters against one piece)."""
    rng = random.Random(7)
    extra = ["www.a.org/x-y", "http://e.com/a", "to-", "-show", "ΟΔΟΣ", "İs"]
    seps = [*_SEPS, "- \n", "-\n\n", "\t", "\f", "-\r\n"]
    for _ in range(300):
        text = "".join(rng.choice(_WORDS + extra) + rng.choice(seps)
                       for _ in range(rng.randint(0, 60)))
        spans = [(a, a + rng.randint(0, 12))
                 for a in (rng.randint(0, len(text) + 3) for _ in range(rng.randint(0, 4)))]
        whole = damage.build_vocabulary(text, spans)
        monkeypatch.setattr(damage, "_CHUNK", rng.randint(1, 30))
        pieces = damage.build_vocabulary(text, spans)
        monkeypatch.setattr(damage, "_CHUNK", 1 << 18)
        assert (pieces.words, pieces.pairs, pieces.hyphenated) == (
            whole.words, whole.pairs, whole.hyphenated), (text, spans)


def test_vocabulary_read_in_pieces_equals_one_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(6)
    for _ in range(200):
        text = _prose(rng)
        whole = notes.vocabulary(text)
        monkeypatch.setattr(words, "_VOCAB_CHUNK", rng.randint(1, 30))
        assert notes.vocabulary(text) == whole
        monkeypatch.setattr(words, "_VOCAB_CHUNK", 1 << 18)


def _one_line(urls: int, filler: int) -> str:
    """One line of prose with wide gaps (read as layout text) and URLs, some cut off."""
    prose = "The obligation to take all   feasible precautions applies to every party. " * filler
    return " ".join(
        prose + f"https://www.hrw.org/news/2020/10/{k}/report-{k}"
        + (" and <www.hrw.org/cut-off/" if k % 2 else "")
        for k in range(urls)
    )


def test_one_line_text_time_grows_with_its_size_not_its_square() -> None:
    """Twice the text (one line, URLs among prose) takes about twice the time; a scan to
    the end of the line per URL made it four times."""
    def run(n: int) -> float:
        text = _one_line(n, 10)
        t0 = time.process_time()  # CPU: wall time counts the other work of a busy machine
        ex = extract_document(Document(Path("one.txt"), text, DocFormat.TEXT))
        assert sum(len(c.urls) for c in ex.citations) == n + n // 2
        return time.process_time() - t0

    run(50)  # warm caches
    small = min(run(250) for _ in range(2))
    large = min(run(1000) for _ in range(2))
    assert large < small * 8, (small, large)  # ×4 text: a quadratic path gives ×16


def test_a_url_mapped_to_the_document_keeps_every_other_field() -> None:
    """The per-URL copy made in document coordinates is built field by field (for speed):
    a field added to FoundUrl and not copied there fails this test."""
    import dataclasses

    from citewatch.citations.extract import _RowTable, _to_document
    from citewatch.citations.model import FoundUrl, SuspectReason
    from citewatch.citations.notes import Row

    values: dict[str, object] = {}
    for f in dataclasses.fields(FoundUrl):
        values[f.name] = {
            "suspect": (SuspectReason.TRUNCATED,), "alternatives": ("x",), "line": 1,
            "end_line": 1, "start": 0, "end": 3,
        }.get(f.name, f"v-{f.name}")
    u = FoundUrl(**values)  # type: ignore[arg-type]
    rows = _RowTable.of([Row(line=7, page=0, text="    abc", start=100)])
    found = [u]
    urls, spans = _to_document(found, rows, [0], [0], [4])
    doc_u = urls[0]
    assert (doc_u.line, doc_u.end_line, doc_u.start, doc_u.end) == (7, 7, 104, 107)
    assert (list(spans.first), list(spans.last), found) == ([0], [0], [])
    assert dataclasses.replace(doc_u, line=1, end_line=1, start=0, end=3) == u
    # a URL whose place is already the document's (no indentation removed) is kept as is
    same = _RowTable.of([Row(line=1, page=0, text="abc", start=0)])
    assert _to_document([u], same, [0], [0], [0])[0][0] is u


def test_damage_vocabulary_makes_no_copy_of_a_long_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One astral character makes every copy of a text four bytes a character: the words
    of a long text are read in pieces, never from a lower-cased or joined copy of it all
    (pieces of 16,000 characters here, so that the text is many pieces long)."""
    import sys
    import tracemalloc

    monkeypatch.setattr(damage, "_CHUNK", 1 << 14)
    unit = "Nagorno-Karabakh: the investi-\ngation of https://e.org/a-b cites 12 words. "
    text = "🤣 " + unit * (400_000 // len(unit))
    spans = [(m.start(), m.end()) for m in re.finditer(r"https://\S+", text)]
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        vocab = damage.build_vocabulary(text, spans)
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    assert vocab.hyphenated["nagornokarabakh"] == text.count("Nagorno-Karabakh")
    assert vocab.words["investigation"] == text.count("investi-")
    assert peak < 0.5 * sys.getsizeof(text), (peak, sys.getsizeof(text))  # one copy: 1.0


@pytest.mark.parametrize("name", ["doc15/doc.layout.txt", "doc15/doc.pdftotext.txt",
                                  "doc22/doc.pdftotext.txt", "doc19/doc.layout.txt"])
def test_rows_are_cut_from_the_text_never_rewritten(name: str) -> None:
    """Extraction keeps only each row's offset and length once the reading-order text is
    built (:class:`_RowTable`): that holds while every row, after columns are undone, page
    furniture blanked and glued note starts split, is the text at its offset."""
    from citewatch.citations.extract import _segment

    text = (Path(__file__).parent.parent / "fixtures" / "corpus" / name).read_text("utf-8")
    rows = notes.reading_rows(text)
    columns = len(rows) > len(notes.rows_of(text))  # two-column pages cut at the gutter
    before = len(rows)
    _segment(rows, notes.vocabulary(text))
    assert columns or len(rows) > before  # each of these has its columns or a row split
    assert all(text[r.start:r.start + len(r.text)] == r.text for r in rows)
