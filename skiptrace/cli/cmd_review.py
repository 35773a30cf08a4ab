"""Compliance review commands under ``log``: review, export, signoff, archive, export-key."""

from __future__ import annotations

import argparse
import base64
import functools
import hashlib
import json
import os
from datetime import date, timedelta
from pathlib import Path

from skiptrace.cli.common import (
    CliError,
    Commands,
    Handler,
    command,
    command_group,
    open_from_args,
    print_json,
    reasons,
)
from skiptrace.clock import utc_now
from skiptrace.gate.roles import MAY_ADMINISTER, MAY_REVIEW, RoleRefused, require_role
from skiptrace.review import query
from skiptrace.review.anomaly_pass import run_anomalies
from skiptrace.review.evidence import export_filtered, gather
from skiptrace.review.pdfpack import write_pdf
from skiptrace.review.query import ReviewFilter
from skiptrace.review.retention import ArchiveRefused, archive
from skiptrace.review.scope import SelfReviewRefused, SignOffError
from skiptrace.review.signoff import parse_ranges, sign_off
from skiptrace.review.workitems import (
    NEEDS_NOTE,
    STATE_OF,
    Action,
    AnomalyState,
    AnomalyStep,
    WorkRefused,
    find,
    state_of,
    states,
    work_anomaly,
)  # fmt: skip
from skiptrace.searchlog import anchors
from skiptrace.searchlog.entry import Anchor, AuditEntry
from skiptrace.searchlog.events import LOG_KEY_EXPORTED
from skiptrace.searchlog.export import entry_record, export
from skiptrace.workspace.keys import LOG_KEY, require_key

REFUSED = 4  # exit status when the user's role does not allow the command


def _reasons(handler: Handler) -> Handler:
    @functools.wraps(handler)
    def run(args: argparse.Namespace) -> int:
        with (
            reasons(SignOffError, WorkRefused, ArchiveRefused, ValueError),
            reasons(RoleRefused, SelfReviewRefused, code=REFUSED),
        ):
            return handler(args)

    return run


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (use YYYY-MM-DD)") from None


def add_filter_args(p: argparse.ArgumentParser) -> None:
    """The review filters, shared by review, export and signoff."""
    g = p.add_argument_group("filters (UTC days; all combine)")
    g.add_argument("--from", dest="date_from", type=_day, metavar="DATE")
    g.add_argument("--to", dest="date_to", type=_day, metavar="DATE")
    g.add_argument(
        "--user", dest="filter_user", action="append", default=[], metavar="U",
        help="collector (repeatable)",
    )  # fmt: skip
    g.add_argument("--purpose", default="", metavar="CODE")
    g.add_argument("--account", default="", metavar="A")
    g.add_argument("--subject-type", default="", metavar="T")
    g.add_argument("--connector", default="", metavar="ID")
    g.add_argument("--outcome", default="", metavar="STATUS", help="ok, no_hit, timeout...")
    g.add_argument("--text", default="", metavar="WORDS", help="text in the justification")
    g.add_argument("--event", action="append", default=[], metavar="E", help="(repeatable)")


def filter_from_args(args: argparse.Namespace) -> ReviewFilter:
    """A ``ReviewFilter`` from the filter options."""
    # the options carry the filter's fields under the filter's names; the repeatable two as lists
    same = ("date_from", "date_to", "purpose", "account", "subject_type", "connector", "outcome")
    return ReviewFilter(
        users=tuple(args.filter_user),
        events=tuple(args.event),
        text=args.text,
        **{name: getattr(args, name) for name in same},
    )


def add_commands(logsub: Commands) -> None:
    """Register the review commands on the ``log`` command group."""
    p = command(
        logsub, "review", _reasons(cmd_review), "filter the log, page through it, find anomalies",
        "Show one page of the entries the filters select, newest first; with --anomalies "
        "run the anomaly rules over the date range too.", json=True,
    )  # fmt: skip
    add_filter_args(p)
    p.add_argument("--page", type=int, default=1, metavar="N")
    p.add_argument("--limit", type=int, default=50, metavar="N", help="entries a page")
    p.add_argument("--sort", choices=sorted(query.SORT_KEYS), default="seq")
    p.add_argument("--oldest-first", action="store_true")
    p.add_argument(
        "--anomalies",
        action="store_true",
        help="run the anomaly rules and print what they find (not the log page)",
    )
    p.add_argument(
        "--entries", action="store_true", help="with --anomalies, print the log page as well"
    )
    p.add_argument(
        "--state",
        choices=("all", "open", "resolved"),
        default="all",
        help="with --anomalies, only open (not resolved) or resolved ones",
    )

    p = command(
        logsub, "export", _reasons(cmd_export),
        "export the log (or a filtered part) as JSONL, CSV or a PDF evidence pack",
        "Without filters every entry is exported and JSONL can be checked offline "
        "(python -m skiptrace.verify); with filters, verify with --partial.",
    )  # fmt: skip
    p.add_argument("--format", choices=("jsonl", "csv", "pdf"), default="jsonl")
    p.add_argument("--out", type=Path, required=True, metavar="FILE")
    add_filter_args(p)

    p = command(
        logsub, "signoff", _reasons(cmd_signoff),
        "record that you reviewed entries or a period, with a note",
        "Appends a review.signoff entry naming the reviewed entries; nothing is edited. "
        "Name entries with --seq, or a period with the filters.",
    )  # fmt: skip
    p.add_argument("--note", required=True, help="what was reviewed and found")
    p.add_argument("--seq", default="", metavar="RANGES", help="e.g. 1-500,733")
    p.add_argument(
        "--own-entries-reason",
        default="",
        metavar="TEXT",
        help="administrators only: why you sign off entries of your own (flagged)",
    )
    add_filter_args(p)

    steps = command_group(
        logsub, "anomaly", "work an anomaly: acknowledge, resolve with a note, escalate",
        "Each step is a new log entry pointing at the anomaly's entries. ID is the one "
        "log review --anomalies prints.", metavar="ACTION",
    )  # fmt: skip
    for action in Action:
        sp = command(
            steps, action.value, _reasons(functools.partial(cmd_anomaly, action)),
            f"{action.value} an anomaly",
            f"Record that you {action.value} the anomaly ID (a new log entry).",
        )  # fmt: skip
        sp.add_argument("anomaly_id", metavar="ID")
        sp.add_argument(
            "--note", required=action in NEEDS_NOTE, default="", help="what was found or done"
        )
        sp.add_argument(
            "--from",
            dest="date_from",
            type=_day,
            metavar="DATE",
            help="the days the anomaly was found over (default: the last 90)",
        )
        sp.add_argument("--to", dest="date_to", type=_day, metavar="DATE")

    p = command(
        logsub, "archive", _reasons(cmd_archive),
        "archive entries past retention to a sealed export",
        "Entries past the retention period (three years after the last activity on the "
        "account, five where DPPA data was re-disclosed) move to a read-only JSONL file; "
        "the live log keeps their head hash and still verifies.",
    )  # fmt: skip
    p.add_argument("--out", type=Path, required=True, metavar="FILE")
    p.add_argument("--through", type=int, metavar="SEQ", help="archive less than allowed")

    p = command(
        logsub, "export-key", _reasons(cmd_export_key),
        "write the log key to a file for an auditor's offline verifier",
        "Writes the search-log HMAC key (not the PII key) as JSON, readable by its owner "
        "only. Whoever holds it can check the log, and could forge entries: hand it over "
        "as you would the log itself. The export is itself logged.",
    )  # fmt: skip
    p.add_argument("--out", type=Path, required=True, metavar="K")


def _print_entries(entries: list[AuditEntry], total: int, page: int) -> None:
    for e in entries:
        why = e.justification if len(e.justification) <= 50 else e.justification[:47] + "..."
        print(
            f"{e.seq:>8} {e.ts[:19]} {e.user:<12} {e.event:<18} {e.account_id:<12} "
            f"{e.subject_type:<11} {','.join(e.purposes):<24} {why}"
        )
    print(f"page {page}: {len(entries)} of {total} matching entries")


def cmd_review(args: argparse.Namespace) -> int:
    f = filter_from_args(args)
    if args.page < 1 or args.limit < 1:
        raise CliError("--page and --limit must be at least 1")
    if args.entries and not args.anomalies:
        raise CliError("--entries goes with --anomalies (without it the log page is shown)")
    with open_from_args(args) as ws:
        require_role(ws.engine, ws.actor.user, MAY_REVIEW, "review the search log")
        total = query.count(ws.engine, f)
        paging = query.Paging(
            args.limit, (args.page - 1) * args.limit, args.sort, not args.oldest_first
        )
        entries = query.page(ws.engine, f, paging)
        found = []
        last: dict[str, AnomalyStep] = {}
        if args.anomalies:
            today = date.today()
            start = args.date_from or date(today.year, today.month, 1)
            found = run_anomalies(ws.engine, start, args.date_to or today, users=f.users)
            if f.account:
                found = [a for a in found if a.account_id == f.account]
            last = states(ws.engine)
            if args.state != "all":
                resolved = args.state == "resolved"
                found = [a for a in found
                         if (state_of(a, last) is AnomalyState.RESOLVED) == resolved]  # fmt: skip
    if args.json:
        print_json(
            {
                "total": total,
                "page": args.page,
                "limit": args.limit,
                "filters": f.describe(),
                "entries": [entry_record(e) for e in entries],
                **(
                    {
                        "anomalies": [
                            {**a.as_dict(), "state": state_of(a, last).value} for a in found
                        ]
                    }
                    if args.anomalies
                    else {}
                ),
            }
        )
        return 0
    if not args.anomalies or args.entries:
        _print_entries(entries, total, args.page)
    if args.anomalies:
        if args.entries:
            print()
        print(f"{len(found)} anomalies")
        for a in found:
            state = state_of(a, last).value
            print(f"  {a.id} [{state}] {a.ts[:16]} {a.user}: {a.reason} (entries {_seqs(a.seqs)})")
    return 0


def cmd_anomaly(action: Action, args: argparse.Namespace) -> int:
    today = date.today()
    start = args.date_from or today - timedelta(days=90)
    with open_from_args(args) as ws:
        require_role(ws.engine, ws.actor.user, MAY_REVIEW, "work the anomalies")
        found = run_anomalies(ws.engine, start, args.date_to or today)
        anomaly = find(found, args.anomaly_id)
        entry = work_anomaly(ws, anomaly, action, args.note)
    print(f"anomaly {anomaly.id} {STATE_OF[entry.event].value} in entry {entry.seq} "
          f"(its entries {_seqs(anomaly.seqs)})")  # fmt: skip
    return 0


def _seqs(seqs: tuple[int, ...]) -> str:
    return ", ".join(map(str, seqs[:10])) + (" ..." if len(seqs) > 10 else "")


def cmd_export(args: argparse.Namespace) -> int:
    f = filter_from_args(args)
    with open_from_args(args) as ws:
        require_role(ws.engine, ws.actor.user, MAY_REVIEW, "export the search log")
        if args.format == "pdf":
            facts = gather(ws, f)
            write_pdf(facts, args.out)
            print(
                f"evidence pack written to {args.out}: {facts.entries} entries, "
                f"{len(facts.anomalies)} anomalies, chain "
                f"{'intact' if facts.verification.ok else 'BROKEN'}, "
                f"head {facts.verification.head.hash}"
            )
            return 0
        if f.describe():
            n = export_filtered(ws, f, args.format, args.out)
            print(f"{n} matching entries written to {args.out} (a partial export)")
            return 0
        head = ws.log.head()
        n = export(ws.log.entries(1, head.seq + 1), args.format, args.out)
        anchors.record(ws.workspace_id, Anchor(head.seq, head.hash, f"the export {args.out.name}"))
    print(f"{n} entries written to {args.out} (head {head.hash}, seq {head.seq})")
    return 0


def cmd_signoff(args: argparse.Namespace) -> int:
    f = filter_from_args(args)
    ranges = parse_ranges(args.seq) if args.seq else []
    if not ranges and not f.describe():
        raise CliError("name the entries reviewed with --seq, or a period with --from/--to")
    with open_from_args(args) as ws:
        entry = sign_off(
            ws, args.note, ranges=ranges, period=f if f.describe() else None,
            self_review_reason=args.own_entries_reason,
        )  # fmt: skip
    print(f"signed off {entry.details['count']} entries as entry {entry.seq}")
    return 0


def cmd_archive(args: argparse.Namespace) -> int:
    with open_from_args(args) as ws:
        result = archive(ws, args.out, through=args.through)
    print(
        f"archived entries {result.first_seq} to {result.through_seq} ({result.entries}) to "
        f"{result.path} (sha256 {result.sha256}); head {result.through_hash} is kept in "
        f"entry {result.record.seq}"
    )
    return 0


def cmd_export_key(args: argparse.Namespace) -> int:
    with open_from_args(args) as ws:
        require_role(ws.engine, ws.actor.user, MAY_ADMINISTER, "export the log key")
        key = require_key(ws.keys, LOG_KEY)
        fingerprint = hashlib.sha256(key).hexdigest()  # a digest: the log keeps it unmasked
        if args.out.exists():
            raise CliError(f"{args.out} exists; choose a new file")
        ws.log.append(LOG_KEY_EXPORTED, details={"fingerprint": fingerprint})
        doc = {
            "format": "skiptrace-log-key",
            "version": 1,
            "workspace_id": ws.workspace_id,
            "key": base64.b64encode(key).decode("ascii"),
            "fingerprint": fingerprint,
            "exported_at": utc_now(),
            "exported_by": ws.actor.user,
        }
        fd = os.open(args.out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(doc, fh, indent=1)
            fh.write("\n")
    print(f"log key ({fingerprint}) written to {args.out}; keep it as safe as the log")
    return 0
