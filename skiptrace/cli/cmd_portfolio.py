"""Commands about accounts: import a portfolio, list accounts."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from skiptrace.cli.common import CliError, Commands, command, open_from_args, print_json
from skiptrace.portfolio.errors import PortfolioError, check_readable
from skiptrace.portfolio.importer import import_portfolio
from skiptrace.portfolio.reader import load_mapping
from skiptrace.store.accounts import find_accounts


def register(sub: Commands) -> None:
    p = command(
        sub, "import", cmd_import, "import a CSV or XLSX portfolio",
        "Import accounts. Any invalid row imports nothing and names the file, row and "
        "column, unless --skip-invalid. Re-importing an account updates it; an empty cell "
        "keeps what is stored unless --blank-clears.",
    )  # fmt: skip
    p.add_argument("file", type=Path, help="CSV or XLSX file")
    p.add_argument(
        "--mapping",
        type=Path,
        metavar="M",
        help="JSON or CSV file mapping the file's headers to canonical columns",
    )
    p.add_argument(
        "--skip-invalid",
        action="store_true",
        help="import the good rows and write the rest to a rejects CSV",
    )
    p.add_argument(
        "--rejects",
        type=Path,
        metavar="FILE",
        help="where to write rejected rows (default: FILE.rejects.csv; created readable "
        "by you only, with SSNs and dates of birth masked)",
    )
    p.add_argument(
        "--rejects-full",
        action="store_true",
        help="write SSNs and dates of birth in full to the rejects file (to fix and "
        "re-import those rows)",
    )
    p.add_argument(
        "--blank-clears",
        action="store_true",
        help="let an empty cell erase the value an existing account has stored in that "
        "column (default: an empty cell keeps it; a column the file lacks never clears "
        "anything, and a blank status never changes one)",
    )
    p = command(
        sub, "accounts", cmd_accounts, "list accounts",
        "List accounts, filtered by words found in the name, account id, phone, ZIP or status.",
        json=True,
    )  # fmt: skip
    p.add_argument("--query", default="", metavar="TEXT", help="filter text")
    p.add_argument("--limit", type=int, default=None, help="at most this many")


def cmd_import(args: argparse.Namespace) -> int:
    try:
        check_readable(args.file)  # before the workspace is opened: a typo costs nothing
        mapping = load_mapping(args.mapping) if args.mapping else None
    except PortfolioError as exc:
        raise CliError(f"nothing imported: {exc}") from None
    with open_from_args(args) as ws:
        try:
            report = import_portfolio(
                ws,
                args.file,
                mapping=mapping,
                skip_invalid=args.skip_invalid,
                rejects_path=args.rejects,
                blank_clears=args.blank_clears,
                rejects_full=args.rejects_full,
            )
        except PortfolioError as exc:
            if exc.whole_file:
                raise CliError(f"nothing imported: {exc}") from None
            for err in exc.errors[:50]:
                print(err, file=sys.stderr)
            if len(exc.errors) > 50:
                print(f"... and {len(exc.errors) - 50} more", file=sys.stderr)
            raise CliError(
                f"nothing imported: {len(exc.errors)} problem(s) in {args.file.name}"
                "; fix them or use --skip-invalid (name unknown headers with --mapping)"
            ) from None
    print(
        f"{report.file}: {report.rows} rows; {report.created} created, {report.updated} "
        f"updated, {report.unchanged} unchanged, {report.rejected} rejected"
    )
    if report.rejects_file:
        print(f"rejected rows written to {report.rejects_file}")
    if report.ignored:
        print(f"columns not imported: {', '.join(report.ignored)}")
    if report.same_debtor:
        print(f"possible same-person accounts ({len(report.same_debtor)}):")
        for link in report.same_debtor:
            print(f"  {link}")
    return 0


def cmd_accounts(args: argparse.Namespace) -> int:
    with open_from_args(args) as ws, ws.engine.connect() as conn:
        rows = find_accounts(conn, args.query, limit=args.limit)
    if args.json:
        print_json(
            [
                r.__dict__ if hasattr(r, "__dict__") else {f: getattr(r, f) for f in r.__slots__}
                for r in rows
            ]
        )
        return 0
    if rows:
        print(
            f"{'ACCOUNT':<14} {'NAME':<32} {'CITY, STATE':<22} {'STATUS':<13} "
            f"{'BALANCE':>10} ASSIGNED TO"
        )
    for r in rows:
        print(
            f"{r.account_id:<14} {r.name:<32} {r.city + ', ' + r.state if r.city else '':<22} "
            f"{r.status:<13} {r.balance:>10} {r.assigned_to}"
        )
    print(f"{len(rows)} account(s)")
    return 0
