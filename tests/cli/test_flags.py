"""The flags are generated from the settings table: every setting is a flag on exactly the
commands the table names, the flag sets the value (read back with ``--show-config``), and
a bad value is exit 2 naming the flag. The real CLI, in a folder with no config file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from citewatch.cli import app
from citewatch.settings import ALIASES, SETTINGS, Command, Setting
from citewatch.store import load_store
from tests.archive.wayback_standin import WaybackStandin
from tests.cli.conftest import write_doc

runner = CliRunner()

_REQUIRED_PATHS = {Command.EXTRACT: ["doc.txt"], Command.AUDIT: ["doc.txt"]}
"""Commands whose documents are required (``--show-config`` exits before reading them)."""

# setting → (values given, one per flag occurrence; the value --show-config must print)
_GOOD: dict[str, tuple[list[str], object]] = {
    "refs_dir": (["bib"], "bib"),
    "reports_dir": (["out"], "out"),
    "db": (["h.sqlite"], "h.sqlite"),
    "max_age": (["12h"], 43200.0),
    "broken_runs": (["5"], 5),
    "broken_days": (["2.5"], 2.5),
    "connect_timeout": (["4"], 4.0),
    "read_timeout": (["6"], 6.0),
    "request_timeout": (["7.5"], 7.5),
    "deadline": (["60"], 60.0),
    "max_concurrency": (["16"], 16),
    "per_host_concurrency": (["3"], 3),
    "min_host_interval": (["0.25"], 0.25),
    "user_agent": (["probe/1"], "probe/1"),
    "accept_language": (["fr"], "fr"),
    "max_redirects": (["4"], 4),
    "max_retries": (["0"], 0),
    "workers": (["1"], 1),
    "include": (["^https://a", "b$"], ["^https://a", "b$"]),
    "exclude": (["x"], ["x"]),
    "accept_status": (["429", "403"], [403, 429]),
    "ca_bundle": (["ca.pem"], "ca.pem"),
    "connect_to": (["a.org:443:127.0.0.2:8443"], ["a.org:443:127.0.0.2:8443"]),
    "resolve": (["a.org:443:127.0.0.2", "b.org:80:127.0.0.3"],
                ["a.org:443:127.0.0.2", "b.org:80:127.0.0.3"]),
    "wayback_url": (["http://127.0.0.2:9"], "http://127.0.0.2:9"),
    "memento_url": (["http://127.0.0.3:9/m"], "http://127.0.0.3:9/m"),
    "cdx_rate": (["2"], 2.0),
    "replay_rate": (["0.5"], 0.5),
}
_BAD: dict[str, str] = {
    "refs_dir": " ", "reports_dir": "", "db": "a\x00b", "max_age": "soon", "broken_runs": "0",
    "broken_days": "-1", "connect_timeout": "0", "read_timeout": "nan", "request_timeout": "inf",
    "deadline": "-5", "max_concurrency": "0", "per_host_concurrency": "1.5",
    "min_host_interval": "7200", "user_agent": "a\r\nX-Injected: 1", "accept_language": "\x7f",
    "max_redirects": "101", "max_retries": "-1", "workers": "65", "include": "(",
    "exclude": "[", "accept_status": "99", "ca_bundle": "a\nb", "connect_to": "nonsense",
    "resolve": "a.org:http:1.2.3.4", "wayback_url": "ftp://x", "memento_url": "web.archive.org",
    "cdx_rate": "0", "replay_rate": "1001",
}
_SWITCHES = sorted(s.name for s in SETTINGS.values() if s.switch)


@pytest.fixture(autouse=True)
def _clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no citewatch.toml, no pyproject.toml
    for var in [v for v in os.environ if v.startswith("CITEWATCH_")]:
        monkeypatch.delenv(var)


def _run(command: Command, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, [str(command), *args, *_REQUIRED_PATHS.get(command, [])])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback is never an answer
    return result.exit_code, result.output


def _shown(command: Command, *args: str) -> dict[str, object]:
    code, output = _run(command, "--show-config", *args)
    assert code == 0, output
    shown: dict[str, object] = json.loads(output)["settings"]
    return shown


def test_every_setting_has_cases_here() -> None:
    # a new setting in the table needs a good and a bad value below (or is a switch)
    assert set(_GOOD) | set(_SWITCHES) == set(SETTINGS)
    assert set(_BAD) == set(_GOOD)


@pytest.mark.parametrize("command", list(Command))
def test_each_command_has_exactly_the_flags_the_table_names(command: Command) -> None:
    group = typer.main.get_command(app)
    cmd = group.commands[str(command)]  # type: ignore[attr-defined]
    flags = {o for p in cmd.params for o in [*p.opts, *p.secondary_opts]}
    for setting in SETTINGS.values():
        wanted = command in setting.commands
        assert (setting.option in flags) == wanted, (setting.name, command)
        if setting.off is not None:
            assert (setting.off in flags) == wanted, (setting.name, command)
    assert "--config" in flags and "--show-config" in flags


def test_check_and_audit_take_the_archive_settings() -> None:
    # --archive looks up copies inside the main job: the archive's knobs must reach it
    for name in ("wayback_url", "memento_url", "cdx_rate", "replay_rate"):
        assert {Command.CHECK, Command.AUDIT, Command.ARCHIVE} <= SETTINGS[name].commands


@pytest.mark.parametrize("command", list(Command))
def test_the_flags_of_a_command_set_their_values(command: Command) -> None:
    taken = [s for s in SETTINGS.values() if command in s.commands]
    before = _shown(command)
    valued = [s for s in taken if not s.switch]
    args = [a for s in valued for v in _GOOD[s.name][0] for a in (s.option, v)]
    after = _shown(command, *args)
    for s in valued:
        assert after[s.name] == _GOOD[s.name][1] != before[s.name], s.name
    switches = [s for s in taken if s.switch]
    on = _shown(command, *(s.option for s in switches))
    off = _shown(command, *(s.off for s in switches if s.off is not None))
    for s in switches:
        assert on[s.name] is True and off[s.name] is (None if s.off is None else False), s.name


def _first(setting: Setting) -> Command:
    return min(setting.commands)  # the parser is the setting's, whichever command runs it


@pytest.mark.parametrize("setting", [s for s in SETTINGS.values() if s.commands],
                         ids=lambda s: s.name)
def test_a_bad_value_is_exit_2_naming_the_flag(setting: Setting) -> None:
    if setting.switch:  # an on/off flag takes no value
        code, output = _run(_first(setting), f"{setting.option}=maybe")
        assert code == 2 and setting.option in output, output
        return
    code, output = _run(_first(setting), f"{setting.option}={_BAD[setting.name]}")
    assert code == 2, output
    assert f"option {setting.option}:" in output and "Traceback" not in output, output


def test_flags_beat_the_config_file_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    Path("citewatch.toml").write_text("timeout = 9\nper_host = 4\ncdx_rate = 3\n", "utf-8")
    monkeypatch.setenv("CITEWATCH_PER_HOST", "5")
    code, output = _run(Command.AUDIT, "--show-config", "--timeout", "2")
    assert code == 0, output
    shown = json.loads(output)
    assert shown["sources"] == [str(Path.cwd() / "citewatch.toml"), "environment", "flags"]
    got = shown["settings"]
    assert (got["request_timeout"], got["per_host_concurrency"], got["cdx_rate"]) == (2.0, 5, 3.0)


def test_a_bad_config_file_is_exit_2_before_the_command_runs() -> None:
    Path("citewatch.toml").write_text("cdx_rate = 0\n", "utf-8")
    code, output = _run(Command.CHECK, "--show-config")
    assert code == 2 and "citewatch.toml" in output and "cdx_rate" in output, output


def test_audit_archive_reaches_the_archive_the_flags_name(workdir: Path, web: str) -> None:
    # --archive runs the lookups inside audit: --wayback-url and the rates must get there
    write_doc(workdir, web)
    gone = f"{web}/gone/page"
    with WaybackStandin() as wayback:
        wayback.add(gone, "20210420120000")
        result = runner.invoke(app, [
            "audit", "-q", "--strict", "--archive", "--wayback-url", wayback.base_url,
            "--cdx-rate", "100", "--replay-rate", "100", "docs",
        ])
        asked = [r.path for r in wayback.log]
    assert result.exit_code == 1, result.output  # the gone page is broken under --strict
    assert asked, "the archive named by --wayback-url was never asked"
    [entry] = [e for e in load_store(workdir / "refs") if e.url and e.url.endswith("/gone/page")]
    assert entry.fields["archiveurl"].startswith(wayback.base_url)


def test_the_readme_table_of_flags_is_the_settings_table() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")
    head = "| key (alias) | flag | commands |\n|---|---|---|\n"
    rows = readme[readme.index(head) + len(head):].split("\n\n", 1)[0].splitlines()
    aliases = {canon: short for short, canon in ALIASES.items()}
    every = set(Command)
    wanted = []
    for s in SETTINGS.values():
        key = f"`{s.name}`" + (f" (`{aliases[s.name]}`)" if s.name in aliases else "")
        flag = f"`{s.option}`" + (f"/`{s.off}`" if s.off else "")
        commands = "all" if s.commands == every else ", ".join(c for c in Command if c in s.commands)
        wanted.append(f"| {key} | {flag} | {commands} |")
    assert rows == wanted
