"""What the command line imports before it does anything: parsers and clients that
``citewatch check urls.txt`` never uses stay out of its start (each costs every run time)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from citewatch.check.history import History, iso_utc, utc_now
from citewatch.check.model import CheckResult, LinkStatus
from citewatch.documents import DocFormat, load_document
from citewatch.documents.html import HtmlReader
from citewatch.documents.markdown import MarkdownReader
from citewatch.documents.readers import READERS

DEFERRED = ("bs4", "markdown_it", "waybackpy", "requests", "pypdf", "citeproc")
"""Imported on first use only: HTML and Markdown readers, Save Page Now, PDFs, CSL."""

NOT_AT_START = ("httpx", "citewatch.check.checker", "citewatch.archive.service",
                "citewatch.pipeline.archiving", "citewatch.report.renderers")
"""Loaded when a command uses them, not to start the command line (lazy package exports,
``citewatch.lazy``): the HTTP client, the archive, the report writers."""

NOT_FOR_A_WARM_CHECK = ("httpx", "citewatch.check.checker",
                        "citewatch.archive.save", "citewatch.archive.service",
                        "citewatch.pipeline.archiving", "citewatch.report.renderers",
                        "citewatch.report.html", "xml.etree", "pydantic")
"""``citewatch check --json urls.txt`` without ``--archive``, every URL fresh: no HTTP
engine (``check/triage.py`` answers every URL), no Save Page Now, no archive lookups, no
report files (XML is the JUnit writer's), no pydantic (typer 0.29 parses options through
it, 0.1 s per command: the dependency stops below 0.29)."""

READING = ("citewatch.citations.extract", "citewatch.citations.notes")
"""The extraction: for a document whose kept reading is current (``pipeline/citedcache.py``)
it does not load."""


def test_the_cli_starts_without_the_parsers_it_may_not_need() -> None:
    code = ("import sys, json, citewatch.cli; "
            f"print(json.dumps([m for m in {DEFERRED + NOT_AT_START!r} if m in sys.modules]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60)
    assert json.loads(out.stdout) == []


@pytest.mark.parametrize(
    ("name", "text", "fmt"),
    [
        ("a.html", "<p>See <a href='https://example.org/a'>this</a>.</p>", DocFormat.HTML),
        ("a.md", "See [this](https://example.org/a).\n", DocFormat.MARKDOWN),
    ],
)
def test_a_deferred_reader_reads_as_its_module_does(
    tmp_path: Path, name: str, text: str, fmt: DocFormat
) -> None:
    path = tmp_path / name
    path.write_text(text)
    direct = (HtmlReader() if fmt is DocFormat.HTML else MarkdownReader()).read(path)
    doc = load_document(path)
    assert doc.format is fmt
    assert doc.text == direct.text
    assert "https://example.org/a" in doc.text


def test_deferred_readers_claim_their_modules_suffixes() -> None:
    by_format = {r.format: r.suffixes for r in READERS}
    assert by_format[DocFormat.HTML] == HtmlReader.suffixes
    assert by_format[DocFormat.MARKDOWN] == MarkdownReader.suffixes


def test_a_check_worker_starts_without_extraction() -> None:
    """A worker process (``checker.worker_main``) only checks: it imports no extraction,
    store or report module (each worker start is paid on every large run)."""
    code = ("import sys, json; from citewatch.check.checker import worker_main; "
            "print(json.dumps(sorted(m for m in sys.modules if m.startswith(("
            "'citewatch.citations', 'citewatch.store', 'citewatch.report', 'bs4')))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60)
    assert json.loads(out.stdout) == []


def test_a_warm_check_of_a_url_list_loads_no_archive_or_report_writer(tmp_path: Path) -> None:
    """Every URL fresh in the history: the run sends nothing, and imports none of what only
    ``--archive``, ``audit`` or ``archive`` use (each import is paid by every run)."""
    urls = [f"https://example.org/page/{i}" for i in range(5)]
    (tmp_path / "urls.txt").write_text("\n".join(urls) + "\n")
    with History.open(tmp_path / "h.sqlite") as history:
        run = history.start_run()
        history.record_many([CheckResult(u, LinkStatus.ALIVE, http_status=200,
                                         checked_at=iso_utc(utc_now())) for u in urls], run)
        history.finish_run(run)
    watched = (*NOT_FOR_A_WARM_CHECK, *READING)
    code = ("import sys, json\n"
            "from citewatch.cli import app\n"  # main() ends the process: app() returns
            "sys.argv = ['citewatch', 'check', '--json', '--db', 'h.sqlite', 'urls.txt']\n"
            "try:\n    app()\n"
            "except SystemExit:\n    pass\n"
            f"print(json.dumps([m for m in {watched!r} if m in sys.modules]))")
    runs = []
    for _ in range(2):  # the list read, then its kept reading
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True, timeout=60, cwd=tmp_path)
        lines = out.stdout.strip().splitlines()
        assert [json.loads(line)["from_cache"] for line in lines[:-1]] == [True] * len(urls)
        runs.append((lines[:-1], json.loads(lines[-1])))
    (first, first_loaded), (second, second_loaded) = runs
    assert first == second
    assert first_loaded == list(READING)
    assert second_loaded == []


def test_a_lazy_pattern_is_its_compiled_pattern_once_used() -> None:
    import re

    from citewatch.lazy import lazy_pattern

    source, flags = r"(?P<word>n[oO]t) found", re.IGNORECASE
    lazy, compiled = lazy_pattern(source, flags), re.compile(source, flags)
    assert "search" not in vars(lazy)  # nothing compiled yet
    text = "Page NOT FOUND; not found again"
    assert lazy.search(text).span() == compiled.search(text).span()  # type: ignore[union-attr]
    assert "search" in vars(lazy)  # the methods are now its own attributes
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert lazy.sub("x", text) == compiled.sub("x", text)
    assert (lazy.pattern, lazy.flags, lazy.groupindex) == (
        compiled.pattern, compiled.flags, compiled.groupindex)
    with pytest.raises(AttributeError):
        lazy.__wrapped__  # noqa: B018 - dunder lookups are not forwarded (copy, pickle)
