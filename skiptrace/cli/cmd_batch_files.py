"""``batch report``, ``batch export``, ``batch request-file`` and ``batch load-return``:
what a batch found, the appended portfolio, and a vendor's files."""

from __future__ import annotations

import argparse
from pathlib import Path

from skiptrace.batch.export import write_export
from skiptrace.batch.queue import BatchNotFound
from skiptrace.batch.report import build_report, report_lines
from skiptrace.batch.report_pdf import write_report_pdf
from skiptrace.cli.common import CliError, open_from_args, print_json


def register(bsub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    r = bsub.add_parser("report", help="what a batch found, per source and overall")
    r.add_argument("batch_id", metavar="BATCH_ID")
    r.add_argument("--json", action="store_true")
    r.add_argument("--pdf", metavar="FILE", help="also write the report with its chart as PDF")
    r.set_defaults(handler=cmd_report)
    e = bsub.add_parser(
        "export",
        help="the batch's accounts with their best phones and addresses (CSV or XLSX)",
        description="Every text cell is formula-safe; the file is readable by you only.",
    )
    e.add_argument("batch_id", metavar="BATCH_ID")
    e.add_argument("--out", required=True, metavar="FILE.csv|FILE.xlsx")
    e.set_defaults(handler=cmd_export)


def cmd_report(args: argparse.Namespace) -> int:
    with open_from_args(args) as ws:
        try:
            report = build_report(ws, args.batch_id)
        except BatchNotFound as exc:
            raise CliError(str(exc)) from None
    if args.pdf:
        write_report_pdf(report, Path(args.pdf))
    if args.json:
        print_json(report.to_dict())
        return 0
    for line in report_lines(report):
        print(line)
    if args.pdf:
        print(f"report written to {args.pdf}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    out = Path(args.out)
    with open_from_args(args) as ws:
        try:
            n = write_export(ws, args.batch_id, out)
        except (BatchNotFound, ValueError) as exc:
            raise CliError(str(exc)) from None
    print(f"{n} account(s) written to {out}")
    return 0
