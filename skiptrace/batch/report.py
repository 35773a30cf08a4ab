"""The batch report: per source and overall, accounts with a new phone, a new address,
both or neither; deceased, bankruptcy and litigation flags; verified leads found again;
leads suppressed because a collector had marked them wrong."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import sqlalchemy as sa

from skiptrace.batch.model import AccountResult, Batch, ItemState
from skiptrace.batch.queue import item_counts, load_batch, results
from skiptrace.workspace.workspace import Workspace

OVERALL = "all sources"
NOT_ASKED = frozenset({"skipped"})


@dataclass
class Tally:
    """Counts over the accounts a source (or any source) was asked about."""

    accounts: int = 0
    new_phone: int = 0
    new_address: int = 0
    both: int = 0
    neither: int = 0
    deceased: int = 0
    bankruptcy: int = 0
    litigation: int = 0
    verified_again: int = 0
    suppressed: int = 0
    statuses: dict[str, int] = field(default_factory=dict)

    def add(self, phone: bool, address: bool, flags: Iterable[str]) -> None:
        """Count one account."""
        self.accounts += 1
        self.new_phone += phone
        self.new_address += address
        self.both += phone and address
        self.neither += not phone and not address
        for flag in flags:
            if flag in ("deceased", "bankruptcy", "litigation"):
                setattr(self, flag, getattr(self, flag) + 1)


@dataclass(frozen=True)
class BatchReport:
    """The whole report of one batch."""

    batch: Batch
    counts: Mapping[str, int]  # accounts per queue state
    skipped: Mapping[str, int]  # reason -> accounts
    overall: Tally
    sources: Mapping[str, Tally]

    def to_dict(self) -> dict[str, Any]:
        """The report as ``batch report --json`` prints it."""
        b = self.batch
        return {
            "batch_id": b.batch_id,
            "kind": b.kind.value,
            "state": b.state.value,
            "purposes": list(b.purposes),
            "subject": b.subject_type,
            "created_at": b.created_at,
            "user": b.user,
            "counts": dict(self.counts),
            "skipped": dict(self.skipped),
            "overall": asdict(self.overall),
            "sources": {cid: asdict(t) for cid, t in sorted(self.sources.items())},
        }


def build_report(workspace: Workspace, batch_id: str) -> BatchReport:
    """Count a batch's stored results into its report."""
    batch = load_batch(workspace.engine, batch_id)
    overall = Tally()
    sources: dict[str, Tally] = {}
    skipped: dict[str, int] = {}
    with workspace.engine.connect() as conn:
        counts = item_counts(conn, batch.batch_id)
        for _aid, state, reason, text in results(conn, batch.batch_id):
            if state == ItemState.SKIPPED.value:
                skipped[reason] = skipped.get(reason, 0) + 1
                continue
            if state != ItemState.DONE.value:
                continue
            r = AccountResult.from_json(text)
            overall.add(r.new_phone, r.new_address, r.flags)
            overall.verified_again += r.verified_again > 0
            overall.suppressed += r.suppressed
            for cid, status in r.outcomes.items():
                t = sources.setdefault(cid, Tally())
                t.statuses[status] = t.statuses.get(status, 0) + 1
                overall.statuses[status] = overall.statuses.get(status, 0) + 1
                if status in NOT_ASKED:
                    continue
                t.add(
                    cid in r.new_phone_sources,
                    cid in r.new_address_sources,
                    [f for f, by in r.flag_sources.items() if cid in by],
                )
    return BatchReport(
        batch, {s.value: n for s, n in counts.items() if n}, skipped, overall, sources
    )


def source_outcomes(conn: sa.Connection, batch_id: str) -> dict[str, dict[str, int]]:
    """How each source answered over the batch's searched accounts: status -> accounts."""
    out: dict[str, dict[str, int]] = {}
    for _aid, _state, _reason, text in results(conn, batch_id):
        for cid, status in json.loads(text or "{}").get("outcomes", {}).items():
            per = out.setdefault(cid, {})
            per[status] = per.get(status, 0) + 1
    return out


COLUMNS = (
    ("accounts", "Accounts"),
    ("new_phone", "New phone"),
    ("new_address", "New address"),
    ("both", "Both"),
    ("neither", "Neither"),
    ("deceased", "Deceased"),
    ("bankruptcy", "Bankrupt"),
    ("litigation", "Litigation"),
)


def report_rows(report: BatchReport) -> list[tuple[str, Tally]]:
    """The report's table rows: each source, then the overall line."""
    return [*sorted(report.sources.items()), (OVERALL, report.overall)]


def report_lines(report: BatchReport) -> list[str]:
    """The report as a text table, for the command line."""
    b = report.batch
    lines = [
        f"batch {b.batch_id} ({b.state.value}), {b.total} account(s), purposes "
        f"{', '.join(b.purposes)}",
        "  " + "  ".join(f"{k}: {n}" for k, n in report.counts.items()),
    ]
    for reason, n in sorted(report.skipped.items()):
        lines.append(f"  skipped {n}: {reason}")
    width = max([len(OVERALL), *(len(c) for c in report.sources)])
    lines.append("  " + "source".ljust(width) + "".join(f"{t:>12}" for _, t in COLUMNS))
    for name, t in report_rows(report):
        values = "".join(f"{getattr(t, k):>12}" for k, _ in COLUMNS)
        lines.append("  " + name.ljust(width) + values)
    lines.append(
        f"  verified leads found again on {report.overall.verified_again} account(s); "
        f"{report.overall.suppressed} lead(s) suppressed (marked wrong party, disconnected "
        "or do-not-contact)"
    )
    return lines
