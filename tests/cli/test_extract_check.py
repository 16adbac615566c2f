"""``citewatch extract --check``, the pre-commit hook: each damaged URL as
``file:line: URL — why (reasons); probably one of: …``, exit 1 when there is any, offline,
nothing written. The real CLI on real files; a listening socket proves no request."""

from __future__ import annotations

import re
import select
import shlex
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from citewatch.cli import app

runner = CliRunner()

_DOC = """A Report on Nagorno-Karabakh

Text.1 More.2 Again.3

1 Jane Roe, "The Nagorno-Karabakh War", Example News (3 May 2021), online:
<{base}/articles/the-nagorno
karabakh-war>.
2 Jane Doe, "A Page", Example (1 May 2021), online: <{base}/a/page>.
3 John Doe, "Rights", Example (1 May 2021), online: <{base}/the-rights-of-%20restored-now>.
"""
_CLEAN = """A Note

Text.1

1 Jane Doe, "A Page", Example (1 May 2021), online: <{base}/a/page>.
"""


@pytest.fixture()
def listener() -> Iterator[tuple[str, socket.socket]]:
    """A listening socket the cited URLs point at: any connection would wait in its queue."""
    sock = socket.socket()
    sock.bind(("127.0.0.2", 0))
    sock.listen(8)
    try:
        yield f"http://127.0.0.2:{sock.getsockname()[1]}", sock
    finally:
        sock.close()


def _files(root: Path) -> list[Path]:
    return sorted(p.relative_to(root) for p in root.rglob("*"))


def test_damaged_urls_are_listed_at_their_line_and_exit_1(
    workdir: Path, listener: tuple[str, socket.socket]
) -> None:
    base, sock = listener
    docs = workdir / "docs"
    docs.mkdir()
    text = _DOC.format(base=base)
    (docs / "report.txt").write_text(text, encoding="utf-8")
    before = _files(workdir)
    result = runner.invoke(app, ["extract", "--check", "-q", "docs/report.txt"])
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 2, lines
    lost, spaced = lines
    # the line each URL starts on, found in the text, not assumed
    starts = [n for n, line in enumerate(text.splitlines(), 1) if f"<{base}" in line]
    assert lost == (
        f"docs/report.txt:{starts[0]}: {base}/articles/the-nagornokarabakh-war — "
        "a hyphen may have been lost at a line break (slug words of the document) "
        f"(hyphen-at-break); probably one of: {base}/articles/the-nagorno-karabakh-war"
    )
    assert re.fullmatch(
        rf"docs/report\.txt:{starts[2]}: {re.escape(base)}/the-rights-of-%20restored-now — "
        r".+ \(space-in-url\)(; probably one of: .+)?",
        spaced,
    ), spaced
    assert _files(workdir) == before  # no refs/, no history, nothing
    assert select.select([sock], [], [], 0)[0] == []  # offline: nobody connected


def test_a_clean_document_exits_0_with_nothing_on_stdout(workdir: Path) -> None:
    (workdir / "note.md").write_text(_CLEAN.format(base="https://example.org"), "utf-8")
    result = runner.invoke(app, ["extract", "--check", "note.md"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "0 URLs look damaged in 1 document" in result.stderr
    assert not (workdir / "refs").exists()


def test_an_unreadable_document_is_exit_2_and_the_others_still_checked(workdir: Path) -> None:
    (workdir / "a.txt").write_text(_DOC.format(base="https://example.org"), "utf-8")
    result = runner.invoke(app, ["extract", "--check", "a.txt", "missing.txt"])
    assert result.exit_code == 2, result.output  # 2 wins over 1
    assert result.stdout.count("a.txt:") == 2
    assert "missing.txt" in result.stderr


def test_the_pre_commit_hook_runs_the_check() -> None:
    root = Path(__file__).resolve().parents[2]
    [hook] = yaml.safe_load((root / ".pre-commit-hooks.yaml").read_text("utf-8"))
    argv = shlex.split(hook["entry"])
    assert argv[:3] == ["citewatch", "extract", "--check"]
    result = runner.invoke(app, [*argv[1:], "refs-only.md"])
    assert result.exit_code == 2  # the entry parses; a missing file is still an error
    for name in ("paper.md", "notes/report.txt", "out.pdf", "page.html"):
        assert re.search(hook["files"], name), name
    assert not re.search(hook["files"], "refs/paper.bib")
    assert hook["language"] == "python"
