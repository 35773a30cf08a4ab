"""``account`` and ``note``: one account as the desk sees it (masked), its timeline of
searches, reveals, dispositions, notes and contacts, and research notes added to it."""

from __future__ import annotations

import argparse

from skiptrace.cli.common import CliError, command_group, open_from_args, print_json
from skiptrace.pii import mask_ssn
from skiptrace.portfolio.same_debtor import SameDebtors
from skiptrace.research.desk import ResearchDesk
from skiptrace.research.lead_rows import format_phone
from skiptrace.research.notes import NoteRefused
from skiptrace.research.timeline import TimelineEntry


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "account",
        help="show one account (SSN and date of birth masked), or its timeline",
        description="Show an account as the desk sees it: nothing is decrypted. With "
        "--timeline, everything logged on it: searches, reveals, dispositions, notes and "
        "contacts, oldest first.",
    )
    p.add_argument("account_id", metavar="ACCOUNT")
    p.add_argument("--timeline", action="store_true", help="print the account's timeline")
    p.add_argument("--json", action="store_true", help="print one JSON document")
    p.set_defaults(handler=cmd_account)

    notes = command_group(sub, "note", "research notes on an account (logged)", metavar="COMMAND")
    add = notes.add_parser(
        "add",
        help="log a research note on an account",
        description="Log what was tried and found on an account (e.g. 'called employer, "
        "left message with HR'). A note is a search-log entry: it cannot be edited.",
    )
    add.add_argument("account_id", metavar="ACCOUNT")
    add.add_argument("--text", required=True, metavar="TEXT")
    add.set_defaults(handler=cmd_note_add)


def _timeline_line(e: TimelineEntry) -> str:
    return f"  {e.at[:16].replace('T', ' ')}  {e.user:<12} {e.kind:<11} {e.text}"


def cmd_account(args: argparse.Namespace) -> int:
    with open_from_args(args) as ws:
        desk = ResearchDesk(ws)
        account = desk.masked_account(args.account_id)
        if account is None:
            raise CliError(f"no account {args.account_id!r} in {ws.display_url}")
        timeline = desk.timeline(args.account_id) if args.timeline else []
        linked = SameDebtors(ws).of(args.account_id)
    d = account.debtor
    if args.json:
        doc: dict[str, object] = {
            "account_id": d.account_id,
            "name": d.full_name,
            "status": d.status.value,
            "ssn": mask_ssn(d.ssn_last4),
            "birth_year": account.birth_year,
            "addresses": [a.one_line() for a in d.addresses],
            "phones": [p.number for p in d.phones],
            "employer": d.employer,
            "creditor": d.creditor,
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
        if args.timeline:
            doc["timeline"] = [e.as_dict() for e in timeline]
        print_json(doc)
        return 0
    print(f"{d.account_id}  {d.full_name}  ({d.status.value})")
    print(f"  SSN {mask_ssn(d.ssn_last4)}, born {account.birth_year or 'unknown'}")
    for a in d.addresses:
        print(f"  address  {a.one_line()}")
    for p in d.phones:
        print(f"  phone    {format_phone(p.number)}" + (f" ({p.label})" if p.label else ""))
    if d.employer:
        print(f"  employer {d.employer}")
    for x in linked:
        print(f"  {x.sentence()}")
    if args.timeline:
        print(f"timeline ({len(timeline)} entries):")
        for e in timeline:
            print(_timeline_line(e))
    return 0


def cmd_note_add(args: argparse.Namespace) -> int:
    with open_from_args(args) as ws:
        try:
            entry = ResearchDesk(ws).add_note(args.account_id, args.text)
        except NoteRefused as exc:
            raise CliError(f"note not recorded: {exc}") from None
    print(f"note on {args.account_id} logged as entry {entry.seq}")
    return 0
