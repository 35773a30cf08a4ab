"""``batch report``, ``batch export``, ``batch request-file`` and ``batch load-return``:
what a batch found, the appended portfolio, and a vendor's files."""

from __future__ import annotations

import argparse
from pathlib import Path

from skiptrace.batch.export import write_export
from skiptrace.batch.queue import BatchNotFound
from skiptrace.batch.report import build_report, report_lines
from skiptrace.batch.report_pdf import write_report_pdf
from skiptrace.batch.selection import AccountsFileError
from skiptrace.batch.vendor_layout import LayoutError, load_layout
from skiptrace.batch.vendor_request import write_request_file
from skiptrace.batch.vendor_return import Link, ReturnFileError, load_return
from skiptrace.cli.common import CliError, open_from_args, print_json
from skiptrace.model import SubjectType


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
    from skiptrace.cli.cmd_batch import add_selection

    q = bsub.add_parser(
        "request-file",
        help="write accounts in a vendor's layout for an outside skip trace (logged)",
        description="The file holds full PII (readable by you only); writing it is logged.",
    )
    add_selection(q)
    q.add_argument("--mapping", required=True, metavar="M", help="the vendor layout (JSON or CSV)")
    q.add_argument("--out", required=True, metavar="FILE")
    q.set_defaults(handler=cmd_request_file)
    lr = bsub.add_parser(
        "load-return",
        help="link a vendor's return file to the accounts and load it as logged searches",
        description="Each row is linked by the matcher (with its explanation); ambiguous and "
        "below-floor rows are listed, not loaded. Each linked account gets a logged search "
        "whose source is the file.",
    )
    lr.add_argument("file", metavar="FILE")
    lr.add_argument("--mapping", required=True, metavar="M")
    lr.add_argument("--purpose", action="append", required=True, metavar="CODE")
    lr.add_argument("--justification", required=True, metavar="TEXT")
    lr.add_argument(
        "--subject", choices=[t.value for t in SubjectType], default=SubjectType.DEBTOR.value
    )
    lr.add_argument("--json", action="store_true")
    lr.set_defaults(handler=cmd_load_return)


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


def cmd_request_file(args: argparse.Namespace) -> int:
    from skiptrace.cli.cmd_batch import selection_from_args

    with open_from_args(args) as ws:
        try:
            written = write_request_file(
                ws, selection_from_args(args), load_layout(Path(args.mapping)), Path(args.out)
            )
        except (LayoutError, AccountsFileError) as exc:
            raise CliError(str(exc)) from None
    skipped = sum(written.skipped.values())
    print(f"{written.accounts} account(s) written to {args.out} ({skipped} skipped)")
    return 0


def cmd_load_return(args: argparse.Namespace) -> int:
    with open_from_args(args) as ws:
        try:
            loaded = load_return(
                ws,
                Path(args.file),
                load_layout(Path(args.mapping)),
                args.purpose,
                args.justification,
                SubjectType(args.subject),
            )
        except (LayoutError, ReturnFileError) as exc:
            raise CliError(str(exc)) from None
    run = loaded.run
    doc = {
        "file": loaded.file,
        "rows": loaded.rows,
        "batch_id": run.batch.batch_id if run else None,
        "state": run.state.value if run else None,
        "linked": [_link(x) for x in loaded.linked],
        "not_loaded": [_link(x) for x in loaded.not_loaded],
    }
    if args.json:
        print_json(doc)
    else:
        print(
            f"{loaded.file}: {loaded.rows} row(s), {len(loaded.linked)} linked and loaded, "
            f"{len(loaded.not_loaded)} listed, not loaded"
        )
        for x in loaded.linked:
            print(f"  row {x.row:>5} -> {x.account_id}  {x.probability:.2f}  {x.explanation}")
        for x in loaded.not_loaded:
            others = f" (also {', '.join(x.others)})" if x.others else ""
            who = x.account_id or "no account"
            print(f"  row {x.row:>5}    {x.reason:<11} {who}{others}  {x.explanation}")
        if run is not None:
            print(f"batch {run.batch.batch_id} {run.state.value}")
    if run is not None and run.error:
        raise CliError(run.error)
    return 0


def _link(x: Link) -> dict[str, object]:
    return {
        "row": x.row,
        "account_id": x.account_id,
        "probability": round(x.probability, 4),
        "reason": x.reason,
        "explanation": x.explanation,
        "also_matches": list(x.others),
    }
