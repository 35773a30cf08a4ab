"""Commands about the workspace itself: init, demo, purposes."""

from __future__ import annotations

import argparse
from pathlib import Path

from skiptrace.cli.common import (
    CliError,
    Commands,
    command,
    key_file,
    print_json,
    workspace_url,
)
from skiptrace.demo.workspace import create_demo, default_demo_path
from skiptrace.gate.purposes import purpose_table
from skiptrace.store.engine import display_url, to_url
from skiptrace.workspace.workspace import create_workspace, default_actor


def register(sub: Commands) -> None:
    command(
        sub, "init", cmd_init, "create a new, empty workspace",
        "Create a workspace and its keys in the OS keychain "
        "(or, with --key-file, in a file you protect yourself).",
    )  # fmt: skip
    p = command(
        sub, "demo", cmd_demo, "create the demo workspace (synthetic data only)",
        "Create a demo workspace holding a synthetic portfolio; its keys live in a file "
        "beside it, since it holds no real data.",
    )  # fmt: skip
    p.add_argument(
        "--workspace",
        dest="demo_workspace",
        metavar="W",
        help="where to create it (default: the per-user data folder)",
    )
    p.add_argument("--reset", action="store_true", help="delete and recreate it")
    command(
        sub, "purposes", cmd_purposes, "list the permissible purposes",
        "List the permissible-purpose codes the gate accepts.", json=True,
    )  # fmt: skip


def cmd_init(args: argparse.Namespace) -> int:
    url = workspace_url(args)
    ws = create_workspace(url, actor=default_actor(args.user), key_file=key_file(args))
    print(f"workspace created at {display_url(url)}; keys in the {ws.keys.describe()}")
    ws.close()
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    target = args.demo_workspace or args.workspace
    path = Path(target) if target else default_demo_path()
    if "://" in str(target or ""):
        raise CliError("the demo workspace is a local file; give a path, not a URL")
    ws, created = create_demo(path, actor=default_actor(args.user), reset=args.reset)
    state = "created" if created else "already exists"
    print(f"demo workspace {state} at {path} (synthetic data; keys in {path.name}.keys)")
    print(
        f"use it with: skiptrace-cli --workspace {to_url(str(path))[len('sqlite:///') :]} accounts"
    )
    ws.close()
    return 0


def cmd_purposes(args: argparse.Namespace) -> int:
    table = purpose_table()
    if args.json:
        print_json(
            [
                {
                    "id": p.id,
                    "law": p.law,
                    "citation": p.citation,
                    "title": p.title,
                    "text": p.text,
                    "subjects": sorted(s.value for s in p.subjects),
                }
                for p in table.values()
            ]
        )
        return 0
    for p in table.values():
        subjects = ", ".join(sorted(s.value for s in p.subjects))
        print(f"{p.id:<14} {p.citation}\n{'':<14} {p.title}. Covers: {subjects}")
    return 0
