"""A stand-in for the `gh` commands the review workflow runs, over issues kept in the JSON
file $FAKE_GH_STATE: {"issues": [...], "labels": [...], "fail": "issue create"?}.

Any other command, a missing GH_TOKEN or GH_REPO, or the command named by "fail" exits 1,
so a script that does something unexpected fails its test.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any


def parser() -> argparse.ArgumentParser:
    gh = argparse.ArgumentParser(prog="gh", exit_on_error=False)
    groups = gh.add_subparsers(dest="group", required=True)
    issue = groups.add_parser("issue").add_subparsers(dest="command", required=True)
    listing = issue.add_parser("list")
    listing.add_argument("--state", choices=["open"], required=True)
    listing.add_argument("--label", required=True)
    listing.add_argument("--limit", type=int, required=True)
    listing.add_argument("--json", choices=["number,title"], required=True)
    view = issue.add_parser("view")
    view.add_argument("number", type=int)
    view.add_argument("--json", choices=["body"], required=True)
    view.add_argument("--jq", choices=[".body"], required=True)
    create = issue.add_parser("create")
    create.add_argument("--title", required=True)
    create.add_argument("--label", required=True)
    create.add_argument("--body-file", type=Path, required=True)
    edit = issue.add_parser("edit")
    edit.add_argument("number", type=int)
    edit.add_argument("--body-file", type=Path, required=True)
    comment = issue.add_parser("comment")
    comment.add_argument("number", type=int)
    comment.add_argument("--body", required=True)
    close = issue.add_parser("close")
    close.add_argument("number", type=int)
    close.add_argument("--reason", choices=["completed", "not planned"], required=True)
    close.add_argument("--comment", required=True)
    label = groups.add_parser("label").add_subparsers(dest="command", required=True)
    create_label = label.add_parser("create")
    create_label.add_argument("name")
    create_label.add_argument("--color", required=True)
    create_label.add_argument("--description", required=True)
    create_label.add_argument("--force", action="store_true")
    return gh


def open_issue(state: dict[str, Any], number: int) -> dict[str, Any]:
    found = [i for i in state["issues"] if i["number"] == number and i["state"] == "open"]
    if not found:
        sys.exit(f"gh: no open issue #{number}")
    return found[0]


def main() -> None:
    if not os.environ.get("GH_TOKEN") or not os.environ.get("GH_REPO"):
        sys.exit("gh: GH_TOKEN and GH_REPO must be set")
    try:
        args = parser().parse_args()
    except (argparse.ArgumentError, SystemExit):
        sys.exit(f"gh: unexpected command: {sys.argv[1:]}")
    path = Path(os.environ["FAKE_GH_STATE"])
    state = json.loads(path.read_text())
    if state.get("fail") == f"{args.group} {args.command}":
        sys.exit(f"gh: {args.group} {args.command} failed")
    if (args.group, args.command) == ("issue", "list"):
        print(json.dumps([{"number": i["number"], "title": i["title"]}
                          for i in state["issues"][: args.limit]
                          if i["state"] == "open" and args.label in i["labels"]]))
    elif (args.group, args.command) == ("issue", "view"):
        print(open_issue(state, args.number)["body"])
    elif (args.group, args.command) == ("issue", "create"):
        if args.label not in state["labels"]:
            sys.exit(f"gh: label {args.label!r} does not exist")
        state["issues"].append({"number": len(state["issues"]) + 1, "title": args.title,
                                "labels": [args.label], "state": "open",
                                "body": args.body_file.read_text(), "comments": []})
    elif (args.group, args.command) == ("issue", "edit"):
        open_issue(state, args.number)["body"] = args.body_file.read_text()
    elif (args.group, args.command) == ("issue", "comment"):
        open_issue(state, args.number)["comments"].append(args.body)
    elif (args.group, args.command) == ("issue", "close"):
        issue = open_issue(state, args.number)
        issue["comments"].append(args.comment)
        issue["state"] = "closed"
    elif (args.group, args.command) == ("label", "create"):
        if args.name in state["labels"] and not args.force:
            sys.exit(f"gh: label {args.name!r} already exists")
        state["labels"] = sorted({*state["labels"], args.name})
    path.write_text(json.dumps(state))


if __name__ == "__main__":
    main()
