"""``scra``: write the DMDC SCRA multiple-record request file, load its result file, and
show an account's SCRA status (Servicemembers Civil Relief Act, 50 U.S.C. §3931)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from skiptrace.cli.common import CliError, open_from_args, print_json
from skiptrace.contact.scra_request import ScraRequestRefused, write_request_file
from skiptrace.contact.scra_result import ScraFileError, latest_scra, load_result_file
from skiptrace.store.accounts import account_ids


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    top = sub.add_parser(
        "scra",
        help="SCRA active-duty checks: DMDC request file, result file, status",
        description="Before legal action: the DMDC SCRA multiple-record request and result.",
    )
    ssub = top.add_subparsers(dest="scra_command", metavar="SCRA_COMMAND", required=True)

    p = ssub.add_parser(
        "request-file",
        help="write the DMDC multiple-record request (decrypts SSN and DOB: logged)",
    )
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--query", metavar="TEXT", help="accounts matching this filter text")
    which.add_argument("--accounts", type=Path, metavar="FILE", help="one account id a line")
    p.add_argument("--purpose", required=True, metavar="CODE", help="purpose code (logged)")
    p.add_argument("--justification", required=True, metavar="TEXT")
    p.add_argument("--out", required=True, type=Path, metavar="FILE")
    p.add_argument("--status-date", metavar="YYYY-MM-DD", help="as of (default: today)")
    p.set_defaults(handler=cmd_request_file)

    p = ssub.add_parser("load-result", help="load a DMDC result file (all lines or none)")
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_load_result)

    p = ssub.add_parser("status", help="an account's newest SCRA result")
    p.add_argument("account")
    p.set_defaults(handler=cmd_status)


def _account_list(path: Path) -> list[str]:
    if not path.exists():
        raise CliError(f"{path}: no such file")
    return [line.split(",")[0].strip() for line in path.read_text().splitlines() if line.strip()]


def cmd_request_file(args: argparse.Namespace) -> int:
    try:
        when = date.fromisoformat(args.status_date) if args.status_date else None
    except ValueError:
        raise CliError(f"--status-date {args.status_date!r} is not YYYY-MM-DD") from None
    with open_from_args(args) as ws:
        if args.accounts:
            ids = _account_list(args.accounts)
        else:
            with ws.engine.connect() as conn:
                ids = account_ids(conn, args.query)
        if not ids:
            raise CliError("no accounts selected; nothing written")
        try:
            report = write_request_file(ws, ids, args.purpose, args.justification, args.out, when)
        except ScraRequestRefused as exc:
            raise CliError(str(exc)) from None
    print(f"{report.path}: {report.written} request line(s) written (owner-readable only)")
    for aid, why in report.skipped:
        print(f"  skipped {aid}: {why}")
    return 0


def cmd_load_result(args: argparse.Namespace) -> int:
    if not args.file.exists():
        raise CliError(f"{args.file}: no such file")
    with open_from_args(args) as ws:
        try:
            results = load_result_file(ws, args.file)
        except ScraFileError as exc:
            raise CliError(str(exc)) from None
    if args.json:
        print_json([r.as_dict() for r in results])
        return 0
    for r in results:
        cert = f" certificate {r.certificate_id}" if r.certificate_id else ""
        print(f"{r.account_id:<16} {r.status.value:<17} as of {r.status_date}{cert}")
    print(f"{len(results)} result(s) loaded from {args.file.name}")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    with open_from_args(args) as ws, ws.engine.connect() as conn:
        found = latest_scra(conn, [args.account]).get(args.account)
    if found is None:
        print(f"{args.account}: no SCRA check on file")
        return 0
    print_json(found.as_dict())
    return 0
