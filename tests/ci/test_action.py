"""The GitHub Action, the example workflow and the pre-commit hook: valid against their
published schemas, and run locally — the action's shell steps with a fake GITHUB_*
environment over several runs sharing one cache folder, and the scheduled workflow over
several days (CITEWATCH_NOW moved a day per run) with a recorder standing in for ``gh``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import jsonschema
import pytest
import yaml

from tests.ci.runner import Cache, Run, StepFailed, job_env, run_action, run_job

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / "docs" / "ci" / "scheduled.yml"
BIN = Path(sys.executable).parent


def _check_jsonschema(schema: str, path: Path) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("check-jsonschema", path=str(BIN)) or shutil.which("check-jsonschema")
    if exe is None:
        pytest.fail("check-jsonschema is missing (a test dependency)")
    return subprocess.run([exe, "--builtin-schema", schema, str(path)], capture_output=True,
                          text=True, timeout=60, check=False)


@pytest.mark.parametrize(("schema", "path"), [
    ("vendor.github-actions", ROOT / "action.yml"),
    ("vendor.github-workflows", WORKFLOW),
])
def test_valid_against_published_schemas(schema: str, path: Path, tmp_path: Path) -> None:
    ok = _check_jsonschema(schema, path)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    broken = yaml.safe_load(path.read_text(encoding="utf-8"))
    if "runs" in broken:
        broken["runs"]["using"] = "compose"
    else:
        broken["jobs"]["links"]["runs-on"] = {"wrong": True}
    bad = tmp_path / path.name
    bad.write_text(yaml.safe_dump(broken), encoding="utf-8")
    assert _check_jsonschema(schema, bad).returncode != 0  # the schema does bite


def test_pre_commit_hook_entry() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert hook["id"] == "citewatch-extract" and hook["language"] == "python"
    assert hook["entry"].split()[:3] == ["citewatch", "extract", "--check"]  # implies --dry-run
    import re

    assert re.search(hook["files"], "docs/paper.md") and not re.search(hook["files"], "a.py")


# -- a site whose one page can be taken down and brought back --------------------------

class _Site(BaseHTTPRequestHandler):
    down: ClassVar[set[str]] = set()

    def do_GET(self) -> None:
        alive = self.path in ("/news/cluster-munitions", "/statement") \
            and self.path not in self.down
        body = (b"<html><head><title>A real page</title></head><body>"
                + b"Findings and testimony. " * 80 + b"</body></html>") if alive \
            else b"<html><title>Not found</title></html>"
        self.send_response(200 if alive else 404)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command == "GET":
            self.wfile.write(body)

    def do_HEAD(self) -> None:
        self.do_GET()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def site() -> Iterator[tuple[str, set[str]]]:
    down: ClassVar[set[str]] = set()
    handler = type("Site", (_Site,), {"down": down})
    httpd = ThreadingHTTPServer(("127.0.0.2", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.2:{httpd.server_address[1]}", down
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


PAPER = """# A short paper

Cluster munitions were used.[^1] The ministry denied it.[^2]

[^1]: Human Rights Watch, "Azerbaijan: Cluster Munitions Used", 23 October 2020, {base}/news/cluster-munitions.
[^2]: Ministry of Defence, "Statement", 24 October 2020, {base}/statement.
"""

# Two failing runs at least a day apart make a link broken: the same patience as the
# default (3 runs over 3 days) with fewer runs, so the simulation stays fast.
POLICY = "broken_runs = 2\nbroken_days = 1\n"


def _checkout(tmp: Path, day: int, base: str) -> Path:
    """A fresh checkout for each run: only the cache carries the history over."""
    ws = tmp / f"run{day}" / "repo"
    (ws / "docs").mkdir(parents=True)
    (ws / "docs" / "paper.md").write_text(PAPER.format(base=base), encoding="utf-8")
    (ws / "citewatch.toml").write_text(POLICY, encoding="utf-8")
    return ws


def _fake_gh(tmp: Path) -> Path:
    bin_dir = tmp / "fakebin"
    bin_dir.mkdir()
    gh = bin_dir / "gh"
    gh.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{ROOT / "tests" / "ci" / "fake_gh.py"}" "$@"\n')
    gh.chmod(0o755)
    return bin_dir


START = datetime(2026, 3, 2, 6, 17, tzinfo=UTC)


def _run(tmp: Path, day: int, base: str, cache: Cache, extra_path: list[Path],
         state: Path) -> Run:
    env = job_env(dict(os.environ), extra_path)
    env["CITEWATCH_NOW"] = (START + timedelta(days=day)).isoformat()
    env["FAKE_GH_STATE"] = str(state)
    return Run(workspace=_checkout(tmp, day, base), cache=cache, run_id=1000 + day, env=env,
               actions={"citewatch/citewatch": ROOT},
               # no archive.org in tests; results of yesterday's run are due again
               overrides={"citewatch": {"args": "--max-age 12h --timeout 5",
                                        "install": "none", "python-version": "none"}})


def test_action_steps_over_two_runs(tmp_path: Path, site: tuple[str, set[str]]) -> None:
    base, down = site
    down.add("/news/cluster-munitions")
    cache = Cache(tmp_path / "cache")
    outputs: list[dict[str, str]] = []
    runs: list[Run] = []
    for day in (0, 1):
        run = _run(tmp_path, day, base, cache, [BIN], tmp_path / "gh.json")
        runs.append(run)
        inputs = {"paths": "docs/", "args": "--max-age 12h", "install": "none",
                  "python-version": "none"}
        try:
            outputs.append(run_action(run, ROOT, inputs))
        except StepFailed as exc:  # fail-on-broken (the default) on the second day
            assert day == 1, "\n".join(run.log)
            outputs.append(exc.outputs)
        restored = [r for r in run.recorded if r[0] == "actions/cache/restore"]
        assert restored[0][1]["hit"] == ("" if day == 0 else "citewatch-history-1000-1")
        assert [r[1]["saved"] for r in run.recorded if r[0] == "actions/cache/save"] == ["True"]
        summary = run.summary.read_text(encoding="utf-8")
        assert summary.startswith("# Link audit") and "docs/paper.md" in summary
        for name in ("report-markdown", "report-json", "report-html", "sarif", "junit"):
            assert (run.workspace / outputs[-1][name]).is_file(), name
    first, second = outputs
    assert (first["exit-code"], first["broken"], first["failing"], first["links"]) == ("0", "0", "1", "2")
    assert not any("Fail when links are broken" in entry for entry in runs[0].log)
    # the second run, a day later, saw the first through the cache: now broken, and the
    # last step fails the job (after the history was saved)
    assert (second["exit-code"], second["broken"], second["failing"]) == ("1", "1", "0")
    assert "1 of 2 links is broken" in second["summary"]
    assert runs[1].log[-1].startswith("## Fail when links are broken (exit 1)")
    # the SARIF of a real audit: valid, and the alert on the footnote's line of the document
    sarif = json.loads((runs[1].workspace / second["sarif"]).read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "tests/fixtures/schemas/sarif-schema-2.1.0.json").read_text())
    jsonschema.Draft4Validator(schema).validate(sarif)
    (result,) = sarif["runs"][0]["results"]
    location = result["locations"][0]["physicalLocation"]
    assert (result["ruleId"], result["level"]) == ("dead", "error")
    assert location["artifactLocation"]["uri"] == "docs/paper.md"
    assert location["region"]["startLine"] == 5


def test_scheduled_workflow_opens_updates_and_closes_one_issue(
    tmp_path: Path, site: tuple[str, set[str]]
) -> None:
    base, down = site
    down.add("/news/cluster-munitions")
    cache = Cache(tmp_path / "cache")
    state = tmp_path / "gh.json"
    fake = _fake_gh(tmp_path)
    seen: list[dict[str, Any]] = []
    for day in range(4):
        if day == 3:
            down.clear()  # the site is fixed
        run = _run(tmp_path, day, base, cache, [fake, BIN], state)
        steps = run_job(run, WORKFLOW, "links")
        assert steps["citewatch"]["outcome"] == "success", "\n".join(run.log)
        uploads = {name: inputs for name, inputs in run.recorded}
        assert uploads["actions/upload-artifact"]["path"] == "reports/"
        assert uploads["github/codeql-action/upload-sarif"]["sarif_file"] == "reports/citewatch.sarif"
        gh = json.loads(state.read_text()) if state.is_file() else {"issues": [], "calls": []}
        seen.append({"broken": steps["citewatch"]["outputs"]["broken"],
                     "issues": [(i["number"], i["state"], len(i["comments"])) for i in gh["issues"]],
                     "calls": [c[:2] for c in gh["calls"]]})
    # day 0: failing, not broken → no issue (gh only asked)
    assert seen[0]["broken"] == "0" and seen[0]["issues"] == []
    assert seen[0]["calls"] == [["issue", "list"]]
    # day 1: broken → one issue opened, with the label created first
    assert seen[1]["broken"] == "1" and seen[1]["issues"] == [(1, "open", 0)]
    assert seen[1]["calls"][1:] == [["issue", "list"], ["label", "create"], ["issue", "create"]]
    # day 2: still broken → the same issue updated and commented, none opened
    assert seen[2]["issues"] == [(1, "open", 1)]
    assert seen[2]["calls"][4:] == [["issue", "list"], ["issue", "edit"], ["issue", "comment"]]
    # day 3: the link works again → the issue is closed
    assert seen[3]["broken"] == "0" and seen[3]["issues"] == [(1, "closed", 2)]
    gh = json.loads(state.read_text())
    issue = gh["issues"][0]
    assert issue["title"] == "citewatch: broken links" and issue["labels"] == ["citewatch"]
    assert "/news/cluster-munitions" in issue["body"] and "1 of 2 links is broken" in issue["body"]
    assert issue["comments"][-1].startswith("All cited links work again: https://github.com/")
