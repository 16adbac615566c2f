"""A recorder standing in for the ``gh`` CLI: issues and labels of one repository kept in
a JSON file (``FAKE_GH_STATE``), every call logged. It knows the few subcommands the
example workflow uses, with gh's argument forms, and fails loudly on anything else so a
workflow change that needs more is noticed."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any


def _state_path() -> Path:
    return Path(os.environ["FAKE_GH_STATE"])


def load() -> dict[str, Any]:
    path = _state_path()
    if path.is_file():
        state: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return state
    return {"issues": [], "labels": {}, "calls": []}


def _body(args: argparse.Namespace) -> str:
    if getattr(args, "body_file", None):
        return Path(args.body_file).read_text(encoding="utf-8")
    return str(getattr(args, "body", "") or "")


def _issue(state: dict[str, Any], number: str) -> dict[str, Any]:
    for issue in state["issues"]:
        if str(issue["number"]) == number.lstrip("#"):
            return issue
    raise SystemExit(f"gh: issue {number} not found")


def main(argv: list[str]) -> int:
    state = load()
    state["calls"].append(argv)
    try:
        return _run(state, argv)
    finally:
        _state_path().write_text(json.dumps(state, indent=1), encoding="utf-8")


def _run(state: dict[str, Any], argv: list[str]) -> int:
    if not os.environ.get("GH_TOKEN"):
        print("gh: GH_TOKEN is not set", file=sys.stderr)
        return 4
    parser = argparse.ArgumentParser(prog="gh")
    sub = parser.add_subparsers(dest="group", required=True)
    issue = sub.add_parser("issue").add_subparsers(dest="cmd", required=True)
    label = sub.add_parser("label").add_subparsers(dest="cmd", required=True)

    ls = issue.add_parser("list")
    ls.add_argument("--label", action="append", default=[])
    ls.add_argument("--state", default="open", choices=["open", "closed", "all"])
    ls.add_argument("--limit", type=int, default=30)
    ls.add_argument("--json", required=True)
    create = issue.add_parser("create")
    create.add_argument("--title", required=True)
    create.add_argument("--label", action="append", default=[])
    create.add_argument("--body-file", dest="body_file")
    create.add_argument("--body")
    edit = issue.add_parser("edit")
    edit.add_argument("number")
    edit.add_argument("--body-file", dest="body_file")
    edit.add_argument("--body")
    comment = issue.add_parser("comment")
    comment.add_argument("number")
    comment.add_argument("--body-file", dest="body_file")
    comment.add_argument("--body")
    close = issue.add_parser("close")
    close.add_argument("number")
    close.add_argument("--comment")
    lcreate = label.add_parser("create")
    lcreate.add_argument("name")
    lcreate.add_argument("--color")
    lcreate.add_argument("--description")
    lcreate.add_argument("--force", action="store_true")

    args = parser.parse_args(argv)
    out = ""
    if args.group == "label":
        if args.name in state["labels"] and not args.force:
            print(f"gh: label {args.name!r} already exists", file=sys.stderr)
            return 1
        state["labels"][args.name] = {"color": args.color, "description": args.description}
    elif args.cmd == "list":
        found = [
            i for i in state["issues"]
            if (args.state == "all" or i["state"] == args.state)
            and all(lbl in i["labels"] for lbl in args.label)
        ][: args.limit]
        fields = args.json.split(",")
        out = json.dumps([{f: i[f] for f in fields} for i in found])
    elif args.cmd == "create":
        missing = [lbl for lbl in args.label if lbl not in state["labels"]]
        if missing:
            print(f"gh: could not add label: {missing[0]!r} not found", file=sys.stderr)
            return 1
        number = len(state["issues"]) + 1
        state["issues"].append({"number": number, "title": args.title, "labels": args.label,
                                "state": "open", "body": _body(args), "comments": []})
        out = f"https://github.com/example/paper/issues/{number}"
    elif args.cmd == "edit":
        _issue(state, args.number)["body"] = _body(args)
    elif args.cmd == "comment":
        _issue(state, args.number)["comments"].append(_body(args))
    elif args.cmd == "close":
        target = _issue(state, args.number)
        target["state"] = "closed"
        if args.comment:
            target["comments"].append(args.comment)
    if out:
        print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
