"""``workspace migrate``: move a single user's workspace into a team database."""

from __future__ import annotations

import argparse
from pathlib import Path

from skiptrace.cli.common import CliError
from skiptrace.gate.roles import RoleRefused
from skiptrace.store.engine import to_url
from skiptrace.team.migrate import MigrationRefused, migrate_workspace
from skiptrace.workspace.workspace import default_actor, open_workspace


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ws = sub.add_parser(
        "workspace",
        help="move a workspace between databases",
        description="Operations on a whole workspace.",
    )
    wsub = ws.add_subparsers(dest="workspace_command", metavar="WORKSPACE_COMMAND", required=True)
    p = wsub.add_parser(
        "migrate",
        help="move a single user's workspace into a team database",
        description="Copy everything (search log verbatim, accounts with their encrypted "
        "PII, searches, leads, dispositions) from a SQLite workspace into a PostgreSQL "
        "database that holds no workspace yet, then verify the moved chain. The team "
        "keeps the workspace's keys: hand them out with 'team export-keys'.",
    )
    p.add_argument("--from", dest="source", required=True, metavar="SQLITE_FILE")
    p.add_argument("--to", dest="target", required=True, metavar="URL")
    p.add_argument(
        "--from-key-file",
        metavar="K",
        help="the source's key file, if its keys are not where it records them",
    )
    p.set_defaults(handler=cmd_migrate)


def cmd_migrate(args: argparse.Namespace) -> int:
    source_path = Path(args.source)
    if not source_path.is_file():
        raise CliError(f"{source_path}: no such workspace file")
    key_file = Path(args.from_key_file) if args.from_key_file else None
    target_key_file = Path(args.key_file) if args.key_file else None
    with open_workspace(
        to_url(str(source_path)), actor=default_actor(args.user), key_file=key_file
    ) as source:
        try:
            report = migrate_workspace(source, args.target, target_key_file=target_key_file)
        except (MigrationRefused, RoleRefused) as exc:
            raise CliError(str(exc)) from None
    for table, n in report.rows.items():
        if n:
            print(f"{table:<18} {n:>8} row(s)")
    print(f"moved to {report.target}")
    if not report.verify.ok:
        raise CliError(f"the moved log does not verify: {report.verify.summary()}", code=3)
    print(report.verify.summary())
    return 0
