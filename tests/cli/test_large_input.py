"""A very long single-line document: extraction stays linear and the store untouched."""

from __future__ import annotations

import random
from pathlib import Path

from typer.testing import CliRunner

from citewatch.cli import app

runner = CliRunner()


def test_two_megabytes_on_one_line(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    words = ["the", "court", "held", "that", "www.example.org/path/to/page", "and", "see", "https://hrw.org/news/2020/10/23/x-y-z?a=1", "Ibid.", "supra", "note", "3", "Human", "Rights", "Watch,", "“Title”,", "(12", "January", "2021)"]
    rng = random.Random(7)
    text = " ".join(rng.choice(words) for _ in range(240_000))
    assert "\n" not in text and len(text) > 2_000_000
    (tmp_path / "big.txt").write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["extract", "--dry-run", "big.txt"])
    assert result.exit_code == 0, result.output
    assert "big.txt:" in result.output and not (tmp_path / "refs").exists()
