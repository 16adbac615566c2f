"""Every setting is checked where it enters (file, environment, flag): finite, in range,
or exit 2 naming the key and where it came from. Real files, the real CLI."""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from citewatch.cli import app
from citewatch.errors import ConfigError
from citewatch.settings import (
    ALIASES,
    MAX_DURATION,
    SETTING_NAMES,
    Settings,
    load_settings,
    to_archive_options,
    to_check_options,
)

runner = CliRunner()


@contextmanager
def _in_folder() -> Iterator[Path]:
    """A fresh working directory (hypothesis runs many examples per test function)."""
    old = Path.cwd()
    with tempfile.TemporaryDirectory() as folder:
        os.chdir(folder)
        try:
            yield Path(folder)
        finally:
            os.chdir(old)


def _check(args: list[str], env: dict[str, str] | None = None) -> tuple[int, str]:
    result = runner.invoke(app, ["check", "-q", *args], env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback is never an answer
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("toml", "named"),
    [
        ("deadline = nan\n", "deadline"),
        ("min_interval = inf\n", "min_interval"),
        ("timeout = nan\n", "timeout"),
        ("broken_days = nan\n", "broken_days"),
        ("max_age = 1e300\n", "max_age"),
        ("concurrency = 99999999999\n", "concurrency"),
        ("wayback_url = \"web.archive.org\"\n", "wayback_url"),
        ('user_agent = "a\\r\\nX-Injected: 1"\n', "user_agent"),
        ('[headers."a.org"]\n"Bad Name" = "x"\n', "headers"),
        ('[headers]\nAuthorization = "Bearer x\\nHost: evil"\n', "headers"),
        ('include = ["a{99999999999}"]\n', "include"),
    ],
)
def test_bad_values_in_citewatch_toml_exit_2_naming_key_and_file(toml: str, named: str) -> None:
    with _in_folder():
        Path("citewatch.toml").write_text(toml, encoding="utf-8")
        code, output = _check([])
    assert code == 2, output
    assert "citewatch.toml" in output and named in output, output


def test_utf16_citewatch_toml_exits_2_saying_so() -> None:
    with _in_folder():
        Path("citewatch.toml").write_text('refs_dir = "bib"\n', encoding="utf-16")
        code, output = _check([])
    assert code == 2
    assert "citewatch.toml" in output and "UTF-8" in output


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--max-age", "99999999999d"], "--max-age"),
        (["--max-age", "9999999d"], "--max-age"),
        (["--timeout", "nan"], "--timeout"),
        (["--min-interval", "inf"], "--min-interval"),
        (["--deadline", "-inf"], "--deadline"),
        (["--concurrency", "0"], "--concurrency"),
    ],
)
def test_bad_flags_exit_2_naming_the_option(args: list[str], named: str) -> None:
    with _in_folder():
        code, output = _check(args)
    assert code == 2 and named in output, output


def test_bad_environment_value_exits_2_naming_the_variable() -> None:
    with _in_folder():
        code, output = _check([], env={"CITEWATCH_TIMEOUT": "nan"})
    assert code == 2 and "CITEWATCH_TIMEOUT" in output


def test_largest_duration_is_accepted_and_one_more_day_is_not(tmp_path: Path) -> None:
    top = f"{MAX_DURATION.days}d"
    assert load_settings(cwd=tmp_path, env={}, overrides={"max_age": top}).max_age == MAX_DURATION
    with pytest.raises(ConfigError, match="--max-age"):
        load_settings(cwd=tmp_path, env={}, overrides={"max_age": f"{MAX_DURATION.days + 1}d"})


# -- arbitrary values: exit 0 with sane settings, or a clear exit 2 -------------------------

_NAMES = sorted(SETTING_NAMES)
_EDGES = st.sampled_from(
    [math.nan, math.inf, -math.inf, 1e308, -1e308, 5e-324, -0.0, 2**63 - 1, -(2**63), 0, -1]
)
_EDGE_TEXT = st.sampled_from(
    ["nan", "inf", "-inf", "1e309", "99999999999d", "9999999d", "-1", "0", "1e-320", " 7 ",
     "１２", "²", "9" * 40, "http://", "a\nb", "[", "a{99999999999}", ""]
)
_VALUES = st.one_of(
    _EDGES,
    _EDGE_TEXT,
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.booleans(),
    st.text(max_size=30),
    st.sampled_from(["1d", "0", "12h", "99999999999d", "nan", "inf", "-1", "1e309", "7w"]),
    st.lists(st.one_of(st.text(max_size=8), st.integers(-1000, 100_000)), max_size=3),
)


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf") if math.isinf(
            value
        ) else repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a TOML basic string
    return str(value)


def _sane(s: Settings) -> None:
    """What a run may rely on once the settings are accepted."""
    assert timedelta(0) <= s.max_age <= MAX_DURATION
    for knobs in (s.check, s.archive, s.policy):
        for f in fields(knobs):  # type: ignore[arg-type]
            value = getattr(knobs, f.name)
            if isinstance(value, float):
                assert math.isfinite(value), f.name
    to_check_options(s)
    to_archive_options(s)


def _load_or_refusal(cwd: Path, env: dict[str, str]) -> str | None:
    """Load the settings as a run would: None when accepted (and sane), else the message."""
    try:
        loaded = load_settings(cwd=cwd, env=env)
    except ConfigError as exc:
        return str(exc)
    _sane(loaded)
    return None


@settings(max_examples=150, deadline=None, database=None)
@given(name=st.sampled_from(_NAMES), value=_VALUES)
def test_any_value_in_the_file_is_accepted_sanely_or_refused_by_name(
    name: str, value: object
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "citewatch.toml").write_text(f"{name} = {_toml(value)}\n", encoding="utf-8")
        refusal = _load_or_refusal(Path(folder), {})
    if refusal is not None:
        assert "citewatch.toml" in refusal and (name in refusal or "TOML" in refusal), refusal


@settings(max_examples=150, deadline=None, database=None)
@given(name=st.sampled_from(_NAMES), value=st.one_of(_EDGE_TEXT, st.text(max_size=30)))
def test_any_value_in_the_environment_is_accepted_sanely_or_refused_by_name(
    name: str, value: str
) -> None:
    var = f"CITEWATCH_{name.upper()}"
    with tempfile.TemporaryDirectory() as folder:
        refusal = _load_or_refusal(Path(folder), {var: value})
    if refusal is not None:
        assert f"environment variable {var}" in refusal, refusal


_FLAGS = ["--max-age", "--concurrency", "--per-host", "--min-interval", "--timeout",
          "--deadline", "--include", "--exclude", "--accept", "--header"]


@settings(
    max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(
    flag=st.sampled_from(_FLAGS),
    value=st.one_of(
        st.text(max_size=30).filter(lambda t: "\0" not in t and not t.startswith("-")),
        _EDGE_TEXT.filter(lambda t: not t.startswith("-")),
        st.floats().map(str),
        st.integers().map(str),
    ),
)
def test_any_flag_value_is_accepted_or_refused_by_name(flag: str, value: str) -> None:
    with _in_folder():
        code, output = _check([flag, value])
    assert code in (0, 2), output
    if code == 2:
        assert flag in output or "'--header'" in output, output


def test_aliases_and_names_cover_every_flag() -> None:
    # the flags above all reach a setting the file and the environment also take
    flat = {f.lstrip("-").replace("-", "_") for f in _FLAGS} - {"accept", "header"}
    assert flat <= SETTING_NAMES and set(ALIASES) <= SETTING_NAMES
