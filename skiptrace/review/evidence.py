"""Evidence for an auditor: filtered CSV and JSONL exports, and the facts of a PDF pack."""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa

from skiptrace.clock import utc_now
from skiptrace.gate.roles import MAY_REVIEW, require_role
from skiptrace.review.anomaly_pass import run_anomalies
from skiptrace.review.dashboard import Dashboard, dashboard
from skiptrace.review.entry_view import outcome_rows, purpose_label
from skiptrace.review.query import ReviewFilter, iter_entries, scoped
from skiptrace.review.rule_types import Anomaly
from skiptrace.review.signoff import SignOff, signoffs
from skiptrace.review.workitems import AnomalyStep, states
from skiptrace.searchlog import anchors
from skiptrace.searchlog.events import SEARCH_COMPLETED, SEARCH_STARTED
from skiptrace.searchlog.export import export
from skiptrace.searchlog.verification import VerifyReport
from skiptrace.store import schema
from skiptrace.store.engine import sqlite_path
from skiptrace.workspace.workspace import Workspace

L = schema.audit_log
MAX_APPENDIX = 5000  # searches listed one by one; past that the CSV export is the record


def export_filtered(ws: Workspace, f: ReviewFilter, fmt: str, path: Path) -> int:
    """Write the entries a filter selects as ``csv`` or ``jsonl``; returns how many."""
    require_role(ws.engine, ws.actor.user, MAY_REVIEW, "export the search log")
    return export(iter_entries(ws.engine, f), fmt, path)


def workspace_name(ws: Workspace) -> str:
    """What a report calls the workspace: its file's name, or its database's; never a URL."""
    path = sqlite_path(ws.url)
    if path is not None:
        return path.name
    database = sa.engine.make_url(ws.url).database or "workspace"
    return f"team database {database}"


@dataclass(frozen=True)
class SearchRecord:
    """One search in scope, as the appendix lists it."""

    seq: int
    ts: str
    collector: str
    account_id: str
    subject: str
    purposes: tuple[str, ...]
    justification: str
    sources: tuple[str, ...]
    outcomes: tuple[tuple[str, str], ...]  # source, "status (count)"; empty: never completed


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
    steps: dict[str, AnomalyStep] = field(default_factory=dict)
    searches: list[SearchRecord] = field(default_factory=list)
    searches_total: int = 0
    figures: Dashboard | None = None
    notes: list[str] = field(default_factory=list)


def _counts(conn: sa.Connection, f: ReviewFilter, column: sa.ColumnElement[str]) -> Counter[str]:
    query = sa.select(column, sa.func.count()).where(scoped(conn, f)).group_by(column)
    return Counter({str(k): int(n) for k, n in conn.execute(query)})


def searches_in_scope(
    ws: Workspace, f: ReviewFilter, limit: int = MAX_APPENDIX
) -> list[SearchRecord]:
    """The searches a filter selects, each with the outcomes its completion recorded."""
    started = [e for e in iter_entries(ws.engine, f) if e.event == SEARCH_STARTED][:limit]
    if not started:
        return []
    until = date.fromisoformat(started[-1].ts[:10]) + timedelta(days=1)
    since = date.fromisoformat(started[0].ts[:10])
    after = ReviewFilter(events=(SEARCH_COMPLETED,), date_from=since, date_to=until)
    done = {
        str(e.details.get("search_id")): e.details.get("outcomes") or {}
        for e in iter_entries(ws.engine, after)
        if e.seq > started[0].seq
    }
    out = []
    for e in started:
        inputs = e.details.get("inputs") or {}
        sid = str(e.details.get("search_id"))
        outcomes = tuple(
            (o.source, f"{o.status} ({o.candidates})" if o.candidates != "" else o.status)
            for o in outcome_rows(done.get(sid, {}))
        )
        subject = e.subject_type + (f": {inputs['name']}" if inputs.get("name") else "")
        out.append(
            SearchRecord(
                e.seq, e.ts, e.user, e.account_id, subject,
                tuple(purpose_label(p) for p in e.purposes), e.justification,
                tuple(str(c) for c in e.details.get("connectors") or ()),
                outcomes if sid in done else (),
            )
        )  # fmt: skip
    return out


def gather(ws: Workspace, f: ReviewFilter, with_anomalies: bool = True) -> EvidenceFacts:
    """Counts, anomalies, sign-offs, searches and the chain verification for a scope."""
    require_role(ws.engine, ws.actor.user, MAY_REVIEW, "build an evidence pack")
    with ws.engine.connect() as conn:
        total, lo, hi, first_ts, last_ts = conn.execute(
            sa.select(
                sa.func.count(), sa.func.min(L.c.seq), sa.func.max(L.c.seq),
                sa.func.min(L.c.ts), sa.func.max(L.c.ts),
            ).where(scoped(conn, f))
        ).one()  # fmt: skip
        by_user = _counts(conn, f, L.c.user_name)
        by_event = _counts(conn, f, L.c.event)
        purposes: Counter[str] = Counter()
        searches_only = dataclasses.replace(f, events=(SEARCH_STARTED,))
        wanted = not f.events or SEARCH_STARTED in f.events
        for combo, n in (_counts(conn, searches_only, L.c.purposes) if wanted else {}).items():
            for code in combo.split(",") if combo else ():
                purposes[purpose_label(code)] += n
        searches_total = int(by_event.get(SEARCH_STARTED, 0))
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
        workspace=workspace_name(ws),
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
        steps=states(ws.engine),
        searches=searches_in_scope(ws, f) if total else [],
        searches_total=searches_total,
        figures=dashboard(ws.engine, f, found) if total else None,
    )
