"""``contact``: may this number be called now, record a call, list calls, set the account's
contact facts, and show the third-party location-call script.

``contact check`` exits 0 when the call is allowed and 4 when it is not, printing each
reason with its rule (Reg F §1006.6(b)(1)(i), §1006.14(b)(2), §1006.6(b)(2), §1006.6(c),
§1006.10, 47 CFR 64.1200(m)). ``--at`` checks or records another moment than now; the log
keeps both the time given and the time of entry.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from skiptrace.cli.common import CliError, open_from_args, print_json
from skiptrace.contact.attempts import (
    AttemptOutcome,
    ContactAttempt,
    Direction,
    SecondContact,
    attempts_for,
    parse_moment,
)
from skiptrace.contact.calls import ContactNotAllowed, record_call
from skiptrace.contact.check import AccountUnknown, ContactVerdict, contact_check
from skiptrace.contact.hours import BadInconvenientTime
from skiptrace.contact.profile import load_profile, update_profile
from skiptrace.contact.third_party import location_script
from skiptrace.store.accounts import load_debtor

NOT_ALLOWED = 4


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    top = sub.add_parser(
        "contact",
        help="check, record and list calls; contact facts; the location-call script",
        description="Lawful contact: convenient hours, call frequency, cease-contact, "
        "attorney, reassigned numbers, third-party location calls.",
    )
    csub = top.add_subparsers(dest="contact_command", metavar="CONTACT_COMMAND", required=True)

    p = csub.add_parser("check", help="may this number be called now? (exit 0 yes, 4 no)")
    _call_args(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_check)

    p = csub.add_parser("record", help="record a call attempt (logged as contact.attempt)")
    _call_args(p)
    p.add_argument("--outcome", required=True, choices=[o.value for o in AttemptOutcome])
    p.add_argument("--direction", choices=[d.value for d in Direction], default="out")
    p.add_argument(
        "--consumer-requested",
        action="store_true",
        help="a call returned at the consumer's request (does not count toward 7 in 7)",
    )
    p.add_argument("--note", default="", metavar="TEXT")
    p.add_argument(
        "--reason",
        default="",
        metavar="TEXT",
        help="why the call went ahead although the check said not allowed (logged)",
    )
    p.set_defaults(handler=cmd_record)

    p = csub.add_parser("list", help="the calls recorded on an account")
    p.add_argument("account")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_list)

    p = csub.add_parser("set", help="set the account's contact facts (logged)")
    p.add_argument("account")
    p.add_argument("--consent-date", metavar="YYYY-MM-DD")
    p.add_argument("--placement-date", metavar="YYYY-MM-DD")
    p.add_argument("--attorney", metavar="NAME", help="the consumer's attorney ('' to clear)")
    p.add_argument("--attorney-phone", metavar="NUMBER")
    p.add_argument(
        "--inconvenient",
        action="append",
        metavar="TIMES",
        help="a time the consumer said is inconvenient, '[Mon-Fri] HH:MM-HH:MM' (repeat; "
        "'' clears)",
    )
    p.add_argument("--cease-contact", action=argparse.BooleanOptionalAction, default=None)
    p.set_defaults(handler=cmd_set)

    p = csub.add_parser("script", help="the Reg F §1006.10 location-call script")
    p.add_argument("account")
    p.add_argument("--collector", metavar="NAME", help="your name (default: --user)")
    p.add_argument("--employer", default="", metavar="NAME", help="say only if asked")
    p.set_defaults(handler=cmd_script)


def _call_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("account")
    p.add_argument("--phone", required=True, metavar="NUMBER")
    p.add_argument("--at", metavar="ISO_TIME", help="the moment of the call (default: now)")
    p.add_argument("--third-party", default="", metavar="NAME", help="a location call to NAME")
    p.add_argument(
        "--exception",
        choices=[e.value for e in SecondContact if e.value],
        default="",
        help="why a second location call to the same person is allowed (§1006.10(c))",
    )


def _moment(args: argparse.Namespace) -> datetime:
    if not args.at:
        return datetime.now(UTC)
    try:
        return parse_moment(args.at)
    except ValueError as exc:
        raise CliError(f"--at: {exc}") from None


def _print_verdict(v: ContactVerdict) -> None:
    print(f"{v.account_id} {v.phone}: {'allowed' if v.allowed else 'NOT ALLOWED'}")
    print(f"  local time: {v.hours.local_text()}")
    for r in v.reasons:
        print(f"  - {r.text}")
    if v.next_allowed:
        print(f"  allowed from: {v.next_allowed.astimezone(UTC):%Y-%m-%d %H:%M} UTC")
    for note in v.notes:
        print(f"  note: {note}")


def cmd_check(args: argparse.Namespace) -> int:
    with open_from_args(args) as ws, ws.engine.connect() as conn:
        try:
            verdict = contact_check(
                conn, args.account, args.phone, _moment(args),
                third_party=args.third_party, exception=SecondContact(args.exception),
            )  # fmt: skip
        except AccountUnknown as exc:
            raise CliError(str(exc)) from None
    if args.json:
        print_json(verdict.as_dict())
    else:
        _print_verdict(verdict)
    return 0 if verdict.allowed else NOT_ALLOWED


def cmd_record(args: argparse.Namespace) -> int:
    attempt = ContactAttempt(
        account_id=args.account,
        phone=args.phone,
        outcome=AttemptOutcome(args.outcome),
        called_at=_moment(args),
        direction=Direction(args.direction),
        consumer_requested=args.consumer_requested,
        third_party=args.third_party,
        exception=SecondContact(args.exception),
        note=args.note,
        override_reason=args.reason,
    )
    with open_from_args(args) as ws:
        try:
            done, verdict = record_call(ws, attempt)
        except ContactNotAllowed as exc:
            raise CliError(str(exc), code=NOT_ALLOWED) from None
        except AccountUnknown as exc:
            raise CliError(str(exc)) from None
    against = " against the check (reason logged)" if verdict and not verdict.allowed else ""
    print(f"recorded {done.outcome.value} on {done.account_id} (log entry {done.log_seq}){against}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with open_from_args(args) as ws, ws.engine.connect() as conn:
        rows = attempts_for(conn, args.account)
    if args.json:
        print_json([
            {"called_at": a.called_at.isoformat(), "recorded_at": a.recorded_at,
             "phone": a.phone, "outcome": a.outcome.value, "direction": a.direction.value,
             "consumer_requested": a.consumer_requested, "third_party": a.third_party,
             "exception": a.exception.value, "user": a.user, "note": a.note,
             "override_reason": a.override_reason, "log_seq": a.log_seq}
            for a in rows
        ])  # fmt: skip
        return 0
    for a in rows:
        who = f" ({a.third_party})" if a.third_party else ""
        print(f"{a.called_at.astimezone(UTC):%Y-%m-%d %H:%M}Z {a.direction.value:<3} "
              f"{a.phone:<14} {a.outcome.value:<18}{who} {a.user}")  # fmt: skip
    print(f"{len(rows)} call(s)")
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    changes: dict[str, object] = {}
    for name in ("consent_date", "placement_date", "attorney", "attorney_phone"):
        value = getattr(args, name)
        if value is not None:
            changes[name] = value.strip()
    if args.inconvenient is not None:
        changes["inconvenient"] = tuple(t for t in args.inconvenient if t.strip())
    if args.cease_contact is not None:
        changes["cease_contact"] = args.cease_contact
    with open_from_args(args) as ws:
        with ws.engine.connect() as conn:
            if load_debtor(conn, args.account) is None:
                raise CliError(f"no account {args.account} in this workspace")
        try:
            profile = update_profile(ws, args.account, **changes)
        except BadInconvenientTime as exc:
            raise CliError(f"--inconvenient {exc}; nothing was changed") from None
    print_json(profile.as_dict())
    return 0


def cmd_script(args: argparse.Namespace) -> int:
    with open_from_args(args) as ws, ws.engine.connect() as conn:
        debtor = load_debtor(conn, args.account)
        if debtor is None:
            raise CliError(f"no account {args.account} in this workspace")
        profile = load_profile(conn, args.account)
        collector = args.collector or ws.actor.user
    if profile.attorney:
        print(f"The consumer has an attorney ({profile.attorney}): call the attorney only.")
        return NOT_ALLOWED
    print(location_script(collector, debtor.full_name, args.employer).text())
    return 0
