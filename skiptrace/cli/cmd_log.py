"""Commands about the search log: verify here; review, export and the rest in cmd_review."""

from __future__ import annotations

import argparse
from pathlib import Path

import sqlalchemy as sa

from skiptrace.cli import cmd_review
from skiptrace.cli.common import (
    CliError,
    Commands,
    cannot_check_errors,
    command,
    command_group,
    open_from_args,
)
from skiptrace.searchlog import anchors
from skiptrace.searchlog.entry import Anchor
from skiptrace.searchlog.unfinished import unfinished_searches
from skiptrace.store.errors import driver_reason


def register(sub: Commands) -> None:
    logsub = command_group(
        sub, "log", "verify, review, sign off, export or archive the search log",
        "The append-only, tamper-evident search log.",
    )  # fmt: skip
    p = command(
        logsub, "verify", cmd_verify, "walk the chain and name the first bad entry",
        "Verify every entry's HMAC and link; exit 0 when the chain is intact, 3 naming the "
        "first bad entry if not, 2 when the log cannot be checked at all (the key does not "
        "belong to the workspace, the database is damaged or unreachable).",
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
    unusable: tuple[type[Exception], ...] = (anchors.AnchorUnreadable, *cannot_check_errors())
    try:
        extra = [anchors.from_export(p) for p in args.anchor]
        ws = open_from_args(args)
    except unusable as exc:
        raise CliError(f"cannot check the log: {exc}", code=2) from None
    with ws:
        try:
            report = ws.log.verify(anchors=[*anchors.recorded(ws.workspace_id), *extra])
        except sa.exc.DatabaseError as exc:
            raise CliError(
                f"cannot check the log: the database could not be read ({driver_reason(exc)})",
                code=2,
            ) from None
        if not report.ok:
            raise CliError(report.summary(), code=3)
        anchors.record(
            ws.workspace_id, Anchor(report.head.seq, report.head.hash, "an earlier verification")
        )
        print(report.summary())
        unfinished = [seq for seq, _ts in unfinished_searches(ws.engine)]
        if unfinished:
            shown = ", ".join(str(seq) for seq in unfinished[:10])
            more = f" and {len(unfinished) - 10} more" if len(unfinished) > 10 else ""
            print(
                f"{len(unfinished)} search(es) started and never completed (entries {shown}"
                f"{more}); the review flags them"
            )
    return 0
