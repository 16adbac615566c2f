"""Settings flow one way: defaults < pyproject.toml < citewatch.toml < environment < flags."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path

import pytest

from citewatch.errors import ConfigError
from citewatch.settings import (
    ArchiveSettings,
    CheckSettings,
    Settings,
    load_settings,
    parse_duration,
    to_archive_options,
    to_check_options,
)
from citewatch.state import DEFAULT_DB_PATH


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_any_file(tmp_path: Path) -> None:
    s = load_settings(cwd=tmp_path, env={})
    assert s == Settings()
    assert s.refs_dir == Path("refs") and s.reports_dir == Path("reports")
    assert s.db_path == DEFAULT_DB_PATH
    assert s.max_age == timedelta(days=1)
    assert (s.policy.runs, s.policy.days, s.policy.strict) == (3, 3.0, False)
    assert s.check == CheckSettings()
    assert s.archive.wayback_url is None  # the archive stage's own default applies
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.refs_dir = Path("x")  # type: ignore[misc]


def test_precedence_of_every_layer(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", """
[project]
name = "thesis"
[tool.citewatch]
refs_dir = "bib"
reports_dir = "out-py"
concurrency = 4
per_host = 1
broken_runs = 5
max_age = "2h"
""")
    write(tmp_path / "citewatch.toml", """
reports_dir = "out-cw"
concurrency = 8
max_age = "3h"
""")
    env = {"CITEWATCH_MAX_AGE": "4h", "CITEWATCH_CONCURRENCY": "16", "HOME": "/x"}
    flags: dict[str, object] = {"concurrency": 32, "strict": None}
    s = load_settings(cwd=tmp_path, env=env, overrides=flags)
    assert s.refs_dir == Path("bib")  # pyproject only
    assert s.reports_dir == Path("out-cw")  # citewatch.toml beats pyproject
    assert s.max_age == timedelta(hours=4)  # environment beats files
    assert s.check.max_concurrency == 32  # flags beat everything
    assert s.check.per_host_concurrency == 1
    assert s.policy.runs == 5 and s.policy.strict is False  # None flag = not given
    assert s.sources == (str(tmp_path / "pyproject.toml"), str(tmp_path / "citewatch.toml"), "environment", "flags")
    # the layers below still apply when higher ones are absent
    assert load_settings(cwd=tmp_path, env={}).check.max_concurrency == 8
    assert load_settings(cwd=tmp_path, env={}).max_age == timedelta(hours=3)
    (tmp_path / "citewatch.toml").unlink()
    assert load_settings(cwd=tmp_path, env={}).check.max_concurrency == 4


def test_pyproject_without_table_is_ignored(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n[tool.black]\nline-length = 3\n')
    assert load_settings(cwd=tmp_path, env={}) == dataclasses.replace(
        Settings(), sources=(str(tmp_path / "pyproject.toml"),)
    )


def test_all_check_knobs_and_headers(tmp_path: Path) -> None:
    write(tmp_path / "citewatch.toml", r"""
timeout = 12.5
connect_timeout = 3
read_timeout = 7
min_interval = 0.25
user_agent = "thesis-bot/1"
include = ['^https://example\.org/']
exclude = ['twitter\.com', 'x\.com']
accept_status = [403, 999]
no_private = true
wayback_url = "http://127.0.0.1:9/wayback"
cdx_rate = 0.5
broken_days = 1.5
strict = true

[headers]
"X-Project" = "thesis"

[headers."Example.ORG"]
Authorization = "Bearer abc"
""")
    s = load_settings(cwd=tmp_path, env={})
    c = s.check
    assert c.request_timeout == 12.5 and c.connect_timeout == 3.0 and c.read_timeout == 7.0
    assert c.min_host_interval == 0.25 and c.user_agent == "thesis-bot/1"
    assert c.include == (r"^https://example\.org/",)
    assert c.exclude == (r"twitter\.com", r"x\.com")
    assert c.accept_status == frozenset({403, 999})
    assert c.no_private is True
    assert dict(c.headers) == {"X-Project": "thesis"}
    assert {h: dict(v) for h, v in c.host_headers.items()} == {"example.org": {"Authorization": "Bearer abc"}}
    assert s.archive.wayback_url == "http://127.0.0.1:9/wayback" and s.archive.cdx_rate == 0.5
    assert s.policy.days == 1.5 and s.policy.strict


def test_environment_values_are_parsed(tmp_path: Path) -> None:
    env = {
        "CITEWATCH_STRICT": "yes",
        "CITEWATCH_EXCLUDE": r"a\.org, b\.org",
        "CITEWATCH_ACCEPT_STATUS": "403,429",
        "CITEWATCH_DB": "/tmp/h.sqlite3",
        "CITEWATCH_MAX_AGE": "0",
        "CITEWATCH_SOMETHING_ELSE": "ignored",
    }
    s = load_settings(cwd=tmp_path, env=env)
    assert s.policy.strict
    assert s.check.exclude == (r"a\.org", r"b\.org")
    assert s.check.accept_status == frozenset({403, 429})
    assert s.db_path == Path("/tmp/h.sqlite3")
    assert s.max_age == timedelta(0)


@pytest.mark.parametrize(
    ("body", "key"),
    [
        ('concurrency = "many"', "concurrency"),
        ("concurency = 3", "concurency"),
        ("strict = 1", "strict"),
        ("include = 'x'", "include"),
        ("accept_status = [200, 'x']", "accept_status"),
        ("max_age = 'soon'", "max_age"),
        ("per_host = 0", "per_host"),
        ("exclude = ['(unclosed']", "exclude"),
        ("broken_runs = true", "broken_runs"),
    ],
)
def test_bad_values_name_file_and_key(tmp_path: Path, body: str, key: str) -> None:
    path = write(tmp_path / "citewatch.toml", body + "\n")
    with pytest.raises(ConfigError) as info:
        load_settings(cwd=tmp_path, env={})
    assert info.value.path == path
    assert key in str(info.value) and str(path) in str(info.value)


def test_bad_key_in_pyproject_is_named_with_its_table(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", "[tool.citewatch]\nrefs = 'x'\n")
    with pytest.raises(ConfigError, match=r"tool\.citewatch\.refs") as info:
        load_settings(cwd=tmp_path, env={})
    assert info.value.path == path
    assert "refs_dir" in str(info.value)  # a suggestion


def test_alias_and_name_together_rejected(tmp_path: Path) -> None:
    write(tmp_path / "citewatch.toml", "timeout = 3\nrequest_timeout = 4\n")
    with pytest.raises(ConfigError, match="same thing"):
        load_settings(cwd=tmp_path, env={})


def test_invalid_toml_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path / "citewatch.toml", "refs_dir = 'a'\nstrict = \n")
    with pytest.raises(ConfigError) as info:
        load_settings(cwd=tmp_path, env={})
    assert info.value.path == path and info.value.line == 2


def test_bad_headers(tmp_path: Path) -> None:
    write(tmp_path / "citewatch.toml", "[headers.'example.org']\nX-Count = 3\n")
    with pytest.raises(ConfigError, match="headers.example.org.X-Count"):
        load_settings(cwd=tmp_path, env={})


def test_bad_environment_names_variable(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="CITEWATCH_PER_HOST"):
        load_settings(cwd=tmp_path, env={"CITEWATCH_PER_HOST": "two"})


def test_unknown_flag_rejected(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="frobnicate"):
        load_settings(cwd=tmp_path, env={}, overrides={"frobnicate": 1})


def test_explicit_config_file_paths_relative_to_it(tmp_path: Path) -> None:
    conf_dir = tmp_path / "conf"
    conf_dir.mkdir()
    path = write(conf_dir / "citewatch.toml", "refs_dir = 'bib'\ndb = '/abs/h.db'\n")
    s = load_settings(cwd=tmp_path, env={}, config=path)
    assert s.refs_dir == conf_dir / "bib"
    assert s.db_path == Path("/abs/h.db")


def test_parse_duration() -> None:
    assert parse_duration("90") == timedelta(seconds=90)
    assert parse_duration("30m") == timedelta(minutes=30)
    assert parse_duration("1.5d") == timedelta(hours=36)
    assert parse_duration("2w") == timedelta(days=14)
    assert parse_duration(60) == timedelta(minutes=1)
    for bad in ("-1d", "soon", True, -5):
        with pytest.raises(ValueError):
            parse_duration(bad)


def test_to_check_options_matches_field_names(tmp_path: Path) -> None:
    options = pytest.importorskip("citewatch.check.options")
    write(tmp_path / "citewatch.toml", """
timeout = 11
concurrency = 7
per_host = 1
min_interval = 0.5
user_agent = "ua"
exclude = ['x']
accept_status = [403]
no_private = true
[headers."example.org"]
Authorization = "t"
""")
    opts = to_check_options(load_settings(cwd=tmp_path, env={}))
    assert isinstance(opts, options.CheckOptions)
    assert opts.request_timeout == 11 and opts.max_concurrency == 7
    assert opts.per_host_concurrency == 1 and opts.min_host_interval == 0.5
    assert opts.user_agent == "ua" and opts.exclude == ("x",)
    assert opts.accept_status == frozenset({403}) and opts.no_private is True
    assert opts.host_headers["example.org"]["Authorization"] == "t"
    # knobs not configured keep the checker's own defaults
    default = options.CheckOptions()
    assert opts.connect_timeout == default.connect_timeout
    assert to_check_options(Settings()) == default
    # every field of CheckSettings exists on CheckOptions (names must not drift)
    names = {f.name for f in dataclasses.fields(options.CheckOptions)}
    assert {f.name for f in dataclasses.fields(CheckSettings)} <= names


def test_to_archive_options(tmp_path: Path) -> None:
    model = pytest.importorskip("citewatch.archive.model")
    write(tmp_path / "citewatch.toml", "wayback_url = 'http://127.0.0.1:9'\ncdx_rate = 0.25\n")
    opts = to_archive_options(load_settings(cwd=tmp_path, env={}))
    assert isinstance(opts, model.ArchiveOptions)
    assert opts.wayback_url == "http://127.0.0.1:9" and opts.cdx_rate == 0.25
    assert opts.replay_rate == model.ArchiveOptions().replay_rate
    assert to_archive_options(Settings()) == model.ArchiveOptions()
    names = {f.name for f in dataclasses.fields(model.ArchiveOptions)}
    assert {f.name for f in dataclasses.fields(ArchiveSettings)} <= names
