"""``account``: one account as the desk sees it (masked), with the other accounts the
same debtor may owe on."""

from __future__ import annotations

import argparse

from skiptrace.cli.common import CliError, open_from_args, print_json
from skiptrace.pii import mask_ssn
from skiptrace.portfolio.same_debtor import SameDebtors
from skiptrace.research.desk import ResearchDesk


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "account",
        help="show one account (SSN and date of birth masked)",
        description="Show an account as the desk sees it: nothing is decrypted. Lists the "
        "other accounts the same debtor may owe on.",
    )
    p.add_argument("account_id", metavar="ACCOUNT")
    p.add_argument("--json", action="store_true", help="print one JSON document")
    p.set_defaults(handler=cmd_account)


def cmd_account(args: argparse.Namespace) -> int:
    with open_from_args(args) as ws:
        account = ResearchDesk(ws).masked_account(args.account_id)
        if account is None:
            raise CliError(f"no account {args.account_id!r} in {ws.display_url}")
        linked = SameDebtors(ws).of(args.account_id)
    d = account.debtor
    if args.json:
        print_json(
            {
                "account_id": d.account_id,
                "name": d.full_name,
                "status": d.status.value,
                "creditor": d.creditor,
                "ssn": mask_ssn(d.ssn_last4),
                "birth_year": account.birth_year,
                "addresses": [a.one_line() for a in d.addresses],
                "phones": [p.number for p in d.phones],
                "employer": d.employer,
                "linked_accounts": [
                    {
                        "account_id": x.account_id,
                        "creditor": x.creditor,
                        "balance": x.balance,
                        "status": x.status,
                        "reason": x.reason,
                    }
                    for x in linked
                ],
            }
        )
        return 0
    print(f"{d.account_id}  {d.full_name}  ({d.status.value})")
    print(f"  SSN {mask_ssn(d.ssn_last4)}, born {account.birth_year or 'unknown'}")
    for x in linked:
        print(f"  {x.sentence()}")
    return 0
