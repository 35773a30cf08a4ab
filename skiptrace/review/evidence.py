"""Evidence for an auditor: filtered CSV and JSONL exports, and the facts of a PDF pack."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from skiptrace.clock import utc_now
from skiptrace.gate.roles import MAY_REVIEW, require_role
from skiptrace.review.anomaly_pass import run_anomalies
from skiptrace.review.query import ReviewFilter, iter_entries, where
from skiptrace.review.rule_types import Anomaly
from skiptrace.review.signoff import SignOff, signoffs
from skiptrace.searchlog import anchors
from skiptrace.searchlog.export import export
from skiptrace.searchlog.verification import VerifyReport
from skiptrace.store import schema
from skiptrace.workspace.workspace import Workspace

L = schema.audit_log


def export_filtered(ws: Workspace, f: ReviewFilter, fmt: str, path: Path) -> int:
    """Write the entries a filter selects as ``csv`` or ``jsonl``; returns how many."""
    require_role(ws.engine, ws.actor.user, MAY_REVIEW, "export the search log")
    return export(iter_entries(ws.engine, f), fmt, path)


@dataclass(frozen=True)
class EvidenceFacts:
    """Everything an evidence pack states, gathered before it is laid out."""

    workspace: str
    generated_at: str
    generated_by: str
    filters: dict[str, str]
    entries: int
    first_seq: int
    last_seq: int
    by_collector: list[tuple[str, int]]
    by_purpose: list[tuple[str, int]]
    by_event: list[tuple[str, int]]
    anomalies: list[Anomaly]
    anomaly_range: tuple[date, date] | None
    signoffs: list[SignOff]
    verification: VerifyReport
    notes: list[str] = field(default_factory=list)


def _counts(conn: sa.Connection, f: ReviewFilter, column: sa.ColumnElement[str]) -> Counter[str]:
    query = sa.select(column, sa.func.count()).where(where(f, conn.dialect.name)).group_by(column)
    return Counter({str(k): int(n) for k, n in conn.execute(query)})


def gather(ws: Workspace, f: ReviewFilter, with_anomalies: bool = True) -> EvidenceFacts:
    """Counts, anomalies, sign-offs and the chain verification for a filtered scope."""
    require_role(ws.engine, ws.actor.user, MAY_REVIEW, "build an evidence pack")
    with ws.engine.connect() as conn:
        clause = where(f, conn.dialect.name)
        total, lo, hi, first_ts, last_ts = conn.execute(
            sa.select(
                sa.func.count(), sa.func.min(L.c.seq), sa.func.max(L.c.seq),
                sa.func.min(L.c.ts), sa.func.max(L.c.ts),
            ).where(clause)
        ).one()  # fmt: skip
        by_user = _counts(conn, f, L.c.user_name)
        by_event = _counts(conn, f, L.c.event)
        purposes: Counter[str] = Counter()
        for combo, n in _counts(conn, f, L.c.purposes).items():
            for code in combo.split(",") if combo else ["(none)"]:
                purposes[code] += n
    span: tuple[date, date] | None = None
    found: list[Anomaly] = []
    if with_anomalies and total:
        span = (
            f.date_from or date.fromisoformat(str(first_ts)[:10]),
            f.date_to or date.fromisoformat(str(last_ts)[:10]),
        )
        found = run_anomalies(ws.engine, span[0], span[1], users=f.users)
        if f.account:
            found = [a for a in found if a.account_id == f.account]
    report = ws.log.verify(anchors=anchors.recorded(ws.workspace_id))
    return EvidenceFacts(
        workspace=ws.display_url,
        generated_at=utc_now(),
        generated_by=ws.actor.user,
        filters=f.describe(),
        entries=int(total),
        first_seq=int(lo or 0),
        last_seq=int(hi or 0),
        by_collector=by_user.most_common(),
        by_purpose=purposes.most_common(),
        by_event=by_event.most_common(),
        anomalies=found,
        anomaly_range=span,
        signoffs=signoffs(ws.engine, (int(lo), int(hi))) if total else [],
        verification=report,
    )
