"""A small stand-in for the GitHub Actions runner, enough to run ``action.yml`` and the
example workflow locally: ``${{ }}`` expressions over ``inputs``, ``github``, ``steps``
and ``env``; ``if:`` conditions; ``run:`` steps through bash with ``GITHUB_OUTPUT`` and
``GITHUB_STEP_SUMMARY`` files; ``actions/cache`` restore/save against a local folder
(standing in for GitHub's cache service, matched by key and restore-key prefix like the
real one); composite actions called by ``uses:``. Other ``uses:`` steps are recorded
with their inputs, so a test can check what would be uploaded.

What it does not do: it is not a general interpreter of the expression language (only
names, string literals, ``==``, ``!=``, ``&&``, ``||``, ``always()``, ``success()``,
``failure()``), and it runs steps on this machine, not in a container.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
NAME = re.compile(r"\b(?:inputs|github|steps|env|matrix)(?:\.[A-Za-z0-9_-]+)+")


@dataclass
class Cache:
    """GitHub's cache service: entries by key, newest wins on a prefix match."""

    folder: Path

    def _index(self) -> list[str]:
        index = self.folder / "index.json"
        return list(json.loads(index.read_text())) if index.is_file() else []

    def restore(self, key: str, prefixes: list[str], target: Path) -> str | None:
        keys = self._index()
        hit = key if key in keys else next(
            (k for p in prefixes for k in reversed(keys) if k.startswith(p)), None)
        if hit is None:
            return None
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(self.folder / "entries" / str(keys.index(hit)), target)
        return hit

    def save(self, key: str, source: Path) -> bool:
        keys = self._index()
        if key in keys or not source.exists():
            return False  # GitHub: "cache entry already exists" / "path does not exist"
        shutil.copytree(source, self.folder / "entries" / str(len(keys)))
        (self.folder / "index.json").write_text(json.dumps([*keys, key]))
        return True


@dataclass
class Run:
    """One workflow run: its workspace, environment and what the steps did."""

    workspace: Path
    cache: Cache
    run_id: int
    env: dict[str, str]
    repository: str = "example/paper"
    actions: dict[str, Path] = field(default_factory=dict)
    """``uses:`` names (without ``@ref``) of composite actions → their folder."""
    overrides: dict[str, dict[str, str]] = field(default_factory=dict)
    """Step id → inputs replacing the workflow's ``with:`` (e.g. no network in tests)."""
    recorded: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    log: list[str] = field(default_factory=list)
    summary: Path = field(init=False)

    def __post_init__(self) -> None:
        self.summary = self.workspace.parent / f"summary-{self.run_id}.md"
        self.summary.write_text("")

    def github(self, action_path: Path | None = None) -> dict[str, str]:
        return {
            "run_id": str(self.run_id), "run_attempt": "1", "repository": self.repository,
            "server_url": "https://github.com", "token": "fake-token",
            "workspace": str(self.workspace), "workflow": "citewatch",
            "action_path": str(action_path or ""),
        }


class StepFailed(AssertionError):
    """A step (or a composite action) failed; ``outputs`` are what it set before."""

    def __init__(self, message: str, outputs: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.outputs = outputs or {}


def _lookup(name: str, scope: dict[str, Any]) -> str:
    value: Any = scope
    for part in name.split("."):
        if not isinstance(value, dict) or part not in value:
            return ""
        value = value[part]
    return "" if value is None else str(value)


def substitute(text: Any, scope: dict[str, Any]) -> str:
    return EXPR.sub(lambda m: _lookup(m.group(1), scope), str(text))


def condition(expr: str | None, scope: dict[str, Any], failed: bool) -> bool:
    """Evaluate an ``if:``; without one a step runs only when nothing failed."""
    if expr is None:
        return not failed
    text = EXPR.sub(lambda m: m.group(1), str(expr))
    uses_status = re.search(r"\b(always|success|failure)\(\)", text) is not None
    text = text.replace("always()", "True").replace("success()", repr(not failed))
    text = text.replace("failure()", repr(failed))
    text = NAME.sub(lambda m: repr(_lookup(m.group(0), scope)), text)
    text = text.replace("&&", " and ").replace("||", " or ")
    result = bool(eval(text, {"__builtins__": {}}, {}))  # our own files only
    return result if uses_status else result and not failed


def _read_outputs(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if "<<" in line and "=" not in line.split("<<")[0]:
            name, marker = line.split("<<", 1)
            value = []
            i += 1
            while lines[i] != marker:
                value.append(lines[i])
                i += 1
            out[name] = "\n".join(value)
        elif "=" in line:
            name, value_ = line.split("=", 1)
            out[name] = value_
        i += 1
    return out


def run_script(run: Run, script: str, env: dict[str, str], name: str) -> dict[str, str]:
    outputs = run.workspace.parent / f"output-{run.run_id}-{len(run.log)}"
    outputs.write_text("")
    script_file = outputs.with_suffix(".sh")
    script_file.write_text(script, encoding="utf-8")
    full = {**run.env, **env, "GITHUB_OUTPUT": str(outputs),
            "GITHUB_STEP_SUMMARY": str(run.summary), "GITHUB_WORKSPACE": str(run.workspace),
            "GITHUB_RUN_ID": str(run.run_id), "CI": "true", "GITHUB_ACTIONS": "true"}
    # GitHub runs `shell: bash` as `bash --noprofile --norc -eo pipefail {0}`
    proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script_file)],
                          cwd=run.workspace, env=full, capture_output=True, text=True,
                          timeout=120, check=False)
    run.log.append(f"## {name} (exit {proc.returncode})\n{proc.stdout}{proc.stderr}")
    if proc.returncode != 0:
        raise StepFailed(f"step {name!r} exited {proc.returncode}:\n{proc.stdout}{proc.stderr}")
    return _read_outputs(outputs)


def _uses(run: Run, uses: str, inputs: dict[str, str], scope_steps: dict[str, Any]
          ) -> dict[str, str]:
    name = uses.split("@", 1)[0]
    if name in run.actions:
        return run_action(run, run.actions[name], inputs)
    if name in ("actions/cache/restore", "actions/cache"):
        prefixes = [p.strip() for p in inputs.get("restore-keys", "").splitlines() if p.strip()]
        hit = run.cache.restore(inputs["key"], prefixes, run.workspace / inputs["path"])
        run.recorded.append((name, {**inputs, "hit": hit or ""}))
        return {"cache-hit": str(hit == inputs["key"]).lower(), "cache-matched-key": hit or ""}
    if name == "actions/cache/save":
        saved = run.cache.save(inputs["key"], run.workspace / inputs["path"])
        run.recorded.append((name, {**inputs, "saved": str(saved)}))
        return {}
    run.recorded.append((name, inputs))  # checkout, setup-python, upload-*: recorded only
    return {}


def _steps(run: Run, steps: list[dict[str, Any]], scope: dict[str, Any],
           action_path: Path | None) -> bool:
    failed = False
    for index, step in enumerate(steps):
        sid = str(step.get("id", f"step{index}"))
        if not condition(step.get("if"), scope, failed):
            continue
        label = str(step.get("name", step.get("uses", sid)))
        env = {k: substitute(v, scope) for k, v in (step.get("env") or {}).items()}
        try:
            if "uses" in step:
                inputs = {k: substitute(v, scope) for k, v in (step.get("with") or {}).items()}
                inputs.update(run.overrides.get(sid, {}))
                outputs = _uses(run, str(step["uses"]), inputs, scope["steps"])
            else:
                extra = {"GITHUB_ACTION_PATH": str(action_path)} if action_path else {}
                outputs = run_script(run, substitute(step["run"], scope), {**extra, **env}, label)
        except StepFailed as exc:
            failed = True
            scope["steps"][sid] = {"outputs": exc.outputs, "outcome": "failure"}
            continue
        scope["steps"][sid] = {"outputs": outputs, "outcome": "success"}
    return failed


def run_action(run: Run, folder: Path, given: dict[str, str]) -> dict[str, str]:
    """Run a composite action; its outputs. A failing step fails the caller's step."""
    spec = yaml.safe_load((folder / "action.yml").read_text(encoding="utf-8"))
    inputs = {k: str(v.get("default", "")) for k, v in (spec.get("inputs") or {}).items()}
    unknown = set(given) - set(inputs)
    if unknown:
        raise AssertionError(f"inputs the action does not declare: {sorted(unknown)}")
    inputs.update(given)
    scope: dict[str, Any] = {"inputs": inputs, "github": run.github(folder), "steps": {}}
    failed = _steps(run, spec["runs"]["steps"], scope, folder)
    outputs = {k: substitute(v["value"], scope) for k, v in (spec.get("outputs") or {}).items()}
    if failed:
        raise StepFailed(f"action {folder} failed", outputs)
    return outputs


def run_job(run: Run, workflow: Path, job: str) -> dict[str, Any]:
    """Run one job of a workflow; the steps' outputs by id."""
    spec = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    scope: dict[str, Any] = {"github": run.github(), "steps": {}, "inputs": {}}
    _steps(run, spec["jobs"][job]["steps"], scope, None)
    steps: dict[str, Any] = scope["steps"]
    return steps


def job_env(base: dict[str, str], extra_path: list[Path]) -> dict[str, str]:
    """A clean environment: PATH first through ``extra_path``; no real GitHub variables."""
    env = {k: v for k, v in base.items()
           if not k.startswith(("GITHUB_", "RUNNER_", "CITEWATCH_", "GH_"))}
    env["PATH"] = os.pathsep.join([*map(str, extra_path), base.get("PATH", "")])
    env["NO_COLOR"] = "1"
    return env
