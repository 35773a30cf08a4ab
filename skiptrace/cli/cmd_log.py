"""Commands about the search log: verify here; review, export and the rest in cmd_review."""

from __future__ import annotations

import argparse
from pathlib import Path

from skiptrace.cli import cmd_review
from skiptrace.cli.common import CliError, Commands, command, command_group, open_from_args
from skiptrace.searchlog import anchors
from skiptrace.searchlog.entry import Anchor


def register(sub: Commands) -> None:
    logsub = command_group(
        sub, "log", "verify, review, sign off, export or archive the search log",
        "The append-only, tamper-evident search log.",
    )  # fmt: skip
    p = command(
        logsub, "verify", cmd_verify, "walk the chain and name the first bad entry",
        "Verify every entry's HMAC and link; exit 0 when the chain is intact, 3 naming the "
        "first bad entry if not.",
    )  # fmt: skip
    p.add_argument(
        "--anchor",
        type=Path,
        action="append",
        default=[],
        metavar="EXPORT",
        help="a JSONL export whose head the log must still contain",
    )

    cmd_review.add_commands(logsub)


def cmd_verify(args: argparse.Namespace) -> int:
    with open_from_args(args) as ws:
        extra = [anchors.from_export(p) for p in args.anchor]
        report = ws.log.verify(anchors=[*anchors.recorded(ws.workspace_id), *extra])
        if not report.ok:
            raise CliError(report.summary(), code=3)
        anchors.record(
            ws.workspace_id, Anchor(report.head.seq, report.head.hash, "an earlier verification")
        )
        print(report.summary())
    return 0
