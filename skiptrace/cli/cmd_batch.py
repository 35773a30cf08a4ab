"""``batch``: many accounts searched under one stated purpose, resumable, with progress.

``start`` / ``resume`` run in the foreground with a progress bar (Ctrl+C pauses after
the searches in flight); ``status``, ``pause`` and ``cancel`` work from any desktop of
the workspace. Reports, the appended export and vendor files are in ``cmd_batch_files``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from skiptrace.batch.model import Batch, BatchState, ItemState
from skiptrace.batch.progress import Progress
from skiptrace.batch.queue import (
    BatchNotFound,
    EmptySelection,
    batches,
    create_batch,
    item_counts,
    load_batch,
)
from skiptrace.batch.runner import (
    BatchFinished,
    RunSummary,
    batch_status,
    close_if_idle,
    pause_or_cancel,
    resume_batch,
    run_batch,
)
from skiptrace.batch.selection import AccountsFileError, Selection
from skiptrace.cli.cmd_batch_files import register as register_files
from skiptrace.cli.cmd_connectors import registry_from_args
from skiptrace.cli.common import CliError, open_from_args, print_json
from skiptrace.model import SubjectType
from skiptrace.workspace.workspace import Workspace

BATCH_ERRORS = (BatchNotFound, EmptySelection, BatchFinished, AccountsFileError)


def add_selection(p: argparse.ArgumentParser) -> None:
    """The options that choose a batch's accounts (exactly one is required)."""
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--query", metavar="TEXT", help="accounts matching the portfolio filter")
    group.add_argument("--accounts", metavar="FILE", help="a file of account ids, one a line")
    group.add_argument("--all", action="store_true", help="every account of the workspace")


def selection_from_args(args: argparse.Namespace) -> Selection:
    """The selection the options name."""
    if args.query is not None:
        return Selection(query=args.query)
    if args.accounts is not None:
        return Selection(accounts_file=Path(args.accounts))
    return Selection(everything=True)


def add_run_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--workers", type=int, default=8, help="accounts searched at once (default 8)")
    p.add_argument("--json", action="store_true", help="print one JSON document at the end")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("batch", help="batch skip trace: many accounts under one purpose")
    bsub = p.add_subparsers(dest="batch_command", metavar="ACTION", required=True)
    s = bsub.add_parser(
        "start",
        help="queue accounts and search each (logged), with progress",
        description="Check the purpose once, log batch.started, then search every account "
        "as its own logged search. Accounts the purpose does not cover (closed, recalled, "
        "cease-contact, not assigned to you where that rule is set) are skipped with the "
        "reason. Ctrl+C pauses; 'batch resume' continues.",
    )
    add_selection(s)
    s.add_argument("--purpose", action="append", required=True, metavar="CODE")
    s.add_argument("--justification", required=True, metavar="TEXT")
    s.add_argument(
        "--subject", choices=[t.value for t in SubjectType], default=SubjectType.DEBTOR.value
    )
    s.add_argument("--connector", action="append", default=[], metavar="ID")
    add_run_options(s)
    s.set_defaults(handler=cmd_start)
    st = bsub.add_parser("status", help="a batch's state and progress, or the recent batches")
    st.add_argument("batch_id", nargs="?", metavar="BATCH_ID")
    st.add_argument("--json", action="store_true")
    st.set_defaults(handler=cmd_status)
    r = bsub.add_parser("resume", help="continue a paused or interrupted batch")
    r.add_argument("batch_id", metavar="BATCH_ID")
    add_run_options(r)
    r.set_defaults(handler=cmd_resume)
    for name, state, text in (
        ("pause", BatchState.PAUSED, "stop claiming accounts (every desktop)"),
        ("cancel", BatchState.CANCELLED, "cancel the rest of the batch (every desktop)"),
    ):
        c = bsub.add_parser(name, help=text)
        c.add_argument("batch_id", metavar="BATCH_ID")
        c.set_defaults(handler=cmd_stop, state=state)
    register_files(bsub)


def _bar_run(ws: Workspace, args: argparse.Namespace, batch: Batch) -> RunSummary:
    registry = registry_from_args(args)
    extra: dict[str, Any] = getattr(args, "orchestrator_kw", None) or {}
    if args.json:
        return run_batch(ws, registry, batch.batch_id, workers=args.workers, **extra)
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.progress import Progress as Bar

    console = Console(file=sys.stderr)
    with Bar(
        TextColumn("[bold]batch[/]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
        TextColumn("{task.fields[hits]}"),
        console=console,
        transient=False,
    ) as bar:
        task = bar.add_task("batch", total=None, rate="", hits="")

        def show(p: Progress) -> None:
            hits = " ".join(f"{cid} {p.hit_rate(cid):.0%}" for cid in sorted(p.asked))
            bar.update(task, total=p.total, completed=p.done, rate=f"{p.rate:.1f}/s", hits=hits)

        return run_batch(
            ws, registry, batch.batch_id, workers=args.workers, on_progress=show, **extra
        )


def _document(ws: Workspace, summary: RunSummary) -> dict[str, Any]:
    doc = status_document(ws, summary.batch)
    doc["state"] = summary.state.value
    doc["recovered"] = {
        "released": summary.recovery.released,
        "interrupted": summary.recovery.interrupted,
    }
    if summary.completed is not None:
        doc["log"] = {"completed_seq": summary.completed.seq}
    if summary.error:
        doc["error"] = summary.error
    return doc


def status_document(ws: Workspace, batch: Batch) -> dict[str, Any]:
    """What ``status --json`` prints: state, done, total, counts, per-source outcomes."""
    from skiptrace.batch.report import source_outcomes

    with ws.engine.connect() as conn:
        counts = item_counts(conn, batch.batch_id)
        outcomes = source_outcomes(conn, batch.batch_id)
    done = counts[ItemState.DONE] + counts[ItemState.INTERRUPTED] + counts[ItemState.FAILED]
    return {
        "batch_id": batch.batch_id,
        "kind": batch.kind.value,
        "state": batch_status(ws, batch.batch_id).value,
        "done": done,
        "total": batch.total - counts[ItemState.SKIPPED],
        "selected": batch.total,
        "counts": {s.value: n for s, n in counts.items() if n},
        "purposes": list(batch.purposes),
        "subject": batch.subject_type,
        "connectors": list(batch.connectors),
        "created_at": batch.created_at,
        "user": batch.user,
        "outcomes": outcomes,
    }


def _finish(ws: Workspace, args: argparse.Namespace, summary: RunSummary) -> int:
    doc = _document(ws, summary)
    if args.json:
        print_json(doc)
    else:
        print(
            f"batch {summary.batch.batch_id} {doc['state']}: {doc['done']} of {doc['total']} "
            f"searched, {doc['counts'].get('skipped', 0)} skipped, "
            f"{doc['counts'].get('interrupted', 0)} interrupted"
        )
        for cid, statuses in sorted(doc["outcomes"].items()):
            line = ", ".join(f"{s} {n}" for s, n in sorted(statuses.items()))
            print(f"  {cid:<18} {line}")
        if summary.state is BatchState.PAUSED:
            print(f"paused: continue with 'skiptrace-cli batch resume {summary.batch.batch_id}'")
    if summary.error:
        raise CliError(summary.error)
    return 0


def cmd_start(args: argparse.Namespace) -> int:
    with open_from_args(args) as ws:
        try:
            batch = create_batch(
                ws,
                selection_from_args(args),
                args.purpose,
                args.justification,
                SubjectType(args.subject),
                tuple(args.connector),
            )
        except BATCH_ERRORS as exc:
            raise CliError(str(exc)) from None
        skipped = batch.total - _to_search(ws, batch)
        print(
            f"batch {batch.batch_id}: {batch.total} account(s), {skipped} skipped",
            file=sys.stderr if args.json else sys.stdout,
            flush=True,
        )
        return _finish(ws, args, _bar_run(ws, args, batch))


def _to_search(ws: Workspace, batch: Batch) -> int:
    with ws.engine.connect() as conn:
        return batch.total - item_counts(conn, batch.batch_id)[ItemState.SKIPPED]


def cmd_resume(args: argparse.Namespace) -> int:
    with open_from_args(args) as ws:
        try:
            batch = resume_batch(ws, args.batch_id)
        except BATCH_ERRORS as exc:
            raise CliError(str(exc)) from None
        return _finish(ws, args, _bar_run(ws, args, batch))


def cmd_stop(args: argparse.Namespace) -> int:
    with open_from_args(args) as ws:
        try:
            batch = load_batch(ws.engine, args.batch_id)
        except BATCH_ERRORS as exc:
            raise CliError(str(exc)) from None
        if batch.state.finished:
            raise CliError(f"batch {batch.batch_id} is already {batch.state.value}")
        pause_or_cancel(ws, batch.batch_id, args.state)
        print(f"batch {batch.batch_id}: {batch_status(ws, batch.batch_id).value}")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    with open_from_args(args) as ws:
        if args.batch_id is None:
            found = [status_document(ws, b) for b in batches(ws.engine)]
            if args.json:
                print_json(found)
            for d in [] if args.json else found:
                print(
                    f"{d['batch_id']}  {d['created_at'][:19]}  {d['state']:<11} "
                    f"{d['done']:>6}/{d['total']:<6} {','.join(d['purposes'])}  {d['user']}"
                )
            return 0
        try:
            batch = load_batch(ws.engine, args.batch_id)
        except BATCH_ERRORS as exc:
            raise CliError(str(exc)) from None
        if batch.state is BatchState.CANCELLED and batch.completed_seq is None:
            close_if_idle(ws, batch.batch_id)
        doc = status_document(ws, load_batch(ws.engine, batch.batch_id))
    if args.json:
        print_json(doc)
        return 0
    print(f"batch {doc['batch_id']} ({doc['kind']}) by {doc['user']}, {doc['created_at'][:19]}")
    print(f"  state {doc['state']}: {doc['done']} of {doc['total']} done")
    for state, n in doc["counts"].items():
        print(f"  {state:<12} {n}")
    return 0
