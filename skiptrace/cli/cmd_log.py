"""Commands about the search log: verify, export."""

from __future__ import annotations

import argparse
from pathlib import Path

from skiptrace import anchors
from skiptrace.audit import Anchor
from skiptrace.cli.common import CliError, open_from_args
from skiptrace.logexport import export
from skiptrace.roles import Role, require_role


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    log = sub.add_parser(
        "log",
        help="verify or export the search log",
        description="The append-only, tamper-evident search log.",
    )
    logsub = log.add_subparsers(dest="log_command", metavar="LOG_COMMAND", required=True)

    p = logsub.add_parser(
        "verify",
        help="walk the chain and name the first bad entry",
        description="Verify every entry's HMAC and link; exit 0 when the "
        "chain is intact, 3 naming the first bad entry if not.",
    )
    p.add_argument(
        "--anchor",
        type=Path,
        action="append",
        default=[],
        metavar="EXPORT",
        help="a JSONL export whose head the log must still contain",
    )
    p.set_defaults(handler=cmd_verify)

    p = logsub.add_parser(
        "export",
        help="export the log as JSONL or CSV",
        description="Export every entry; JSONL can be checked offline.",
    )
    p.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    p.add_argument("--out", type=Path, required=True, metavar="FILE")
    p.set_defaults(handler=cmd_export)


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


def cmd_export(args: argparse.Namespace) -> int:
    with open_from_args(args) as ws:
        require_role(ws, Role.REVIEWER, "export the search log")
        head = ws.log.head()
        n = export(ws.log.entries(1, head.seq + 1), args.format, args.out)
        anchors.record(ws.workspace_id, Anchor(head.seq, head.hash, f"the export {args.out.name}"))
    print(f"{n} entries written to {args.out} (head {head.hash}, seq {head.seq})")
    return 0
