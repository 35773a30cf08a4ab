"""``workspace migrate``: move a single user's workspace into a team database."""

from __future__ import annotations

import argparse
from pathlib import Path

from skiptrace.cli.common import CliError, Commands, command, command_group, key_file, reasons
from skiptrace.gate.roles import RoleRefused
from skiptrace.store.engine import to_url
from skiptrace.team.migrate import MigrationRefused, migrate_workspace
from skiptrace.workspace.workspace import default_actor, open_workspace


def register(sub: Commands) -> None:
    wsub = command_group(
        sub, "workspace", "move a workspace between databases", "Operations on a whole workspace."
    )
    p = command(
        wsub, "migrate", cmd_migrate, "move a single user's workspace into a team database",
        "Copy everything (search log verbatim, accounts with their encrypted PII, searches, "
        "leads, dispositions) from a SQLite workspace into a PostgreSQL database that holds "
        "no workspace yet, then verify the moved chain. The team keeps the workspace's "
        "keys: hand them out with 'team export-keys'.",
    )  # fmt: skip
    p.add_argument("--from", dest="source", required=True, metavar="SQLITE_FILE")
    p.add_argument("--to", dest="target", required=True, metavar="URL")
    p.add_argument(
        "--from-key-file",
        metavar="K",
        help="the source's key file, if its keys are not where it records them",
    )


def cmd_migrate(args: argparse.Namespace) -> int:
    source_path = Path(args.source)
    if not source_path.is_file():
        raise CliError(f"{source_path}: no such workspace file")
    with (
        open_workspace(
            to_url(str(source_path)),
            actor=default_actor(args.user),
            key_file=key_file(args, "from_key_file"),
        ) as source,
        reasons(MigrationRefused, RoleRefused),
    ):
        report = migrate_workspace(source, args.target, target_key_file=key_file(args))
    for table, n in report.rows.items():
        if n:
            print(f"{table:<18} {n:>8} row(s)")
    print(f"moved to {report.target}")
    if not report.verify.ok:
        raise CliError(f"the moved log does not verify: {report.verify.summary()}", code=3)
    print(report.verify.summary())
    return 0
