"""A batch's queue in the workspace: create it (logged as ``batch.started``), claim accounts
from it, record each account's result, and close it (logged as ``batch.completed``).

On PostgreSQL several desktops claim from one queue at once: ``SELECT … FOR UPDATE SKIP
LOCKED`` hands each claimer rows no one else holds, so no account is claimed twice. On
SQLite the claim runs in an IMMEDIATE transaction, which serialises claimers.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from skiptrace.batch.model import Batch, BatchKind, BatchState, ItemState
from skiptrace.batch.selection import Selection, assigned_only_rule, choose, skip_counts
from skiptrace.clock import utc_now
from skiptrace.gate.request import check_stated_purpose
from skiptrace.gate.roles import MAY_SEARCH, require_role
from skiptrace.model import SubjectType
from skiptrace.searchlog.entry import AuditEntry
from skiptrace.searchlog.events import BATCH_COMPLETED, BATCH_STARTED
from skiptrace.store import schema
from skiptrace.store.engine import write_connection
from skiptrace.workspace.workspace import Workspace

B = schema.batches
BA = schema.batch_accounts
_INSERT_SLICE = 2000
# how an account ended, as statements built once (a batch runs them for every account)
_FINISH = (
    BA.update()
    .where(BA.c.batch_id == sa.bindparam("bid"), BA.c.position == sa.bindparam("pos"))
    .values(state=sa.bindparam("st"), finished_at=sa.bindparam("at"), result=sa.bindparam("res"))
)
_FINISH_WITH_REASON = _FINISH.values(skip_reason=sa.bindparam("why"))


class BatchNotFound(LookupError):
    """No batch with that id in the workspace."""


class EmptySelection(ValueError):
    """The selection holds no account to search."""


@dataclass(frozen=True, slots=True)
class Claim:
    """An account a worker holds: it alone may search it, under ``search_id``."""

    position: int
    account_id: str
    search_id: str


def create_batch(
    workspace: Workspace,
    selection: Selection,
    purposes: Sequence[str],
    justification: str,
    subject: SubjectType = SubjectType.DEBTOR,
    connectors: Sequence[str] = (),
    kind: BatchKind = BatchKind.SEARCH,
    details: Mapping[str, Any] | None = None,
) -> Batch:
    """Check the purpose once, queue the selection, log ``batch.started``; the batch.

    ``PurposeRefused`` or ``RoleRefused`` before anything is written; ``EmptySelection``
    when no account of the selection may be searched.
    """
    subject = SubjectType(subject)
    stated, folded = check_stated_purpose(tuple(purposes), SubjectType(subject), justification)
    codes = tuple(p.id for p in stated)
    require_role(workspace.engine, workspace.actor.user, MAY_SEARCH, "run a batch search")
    batch_id = uuid.uuid4().hex
    now = utc_now()
    with write_connection(workspace.engine) as conn, conn.begin():
        chosen = choose(conn, selection, workspace.actor.user, assigned_only_rule(conn))
        to_search = sum(1 for c in chosen if not c.skip_reason)
        if not to_search:
            why = f" ({len(chosen)} chosen, all skipped)" if chosen else ""
            raise EmptySelection(f"the selection holds no account to search{why}")
        conn.execute(
            B.insert().values(
                batch_id=batch_id,
                kind=kind.value,
                user_name=workspace.actor.user,
                created_at=now,
                state=BatchState.RUNNING.value,
                subject_type=subject.value,
                purposes=",".join(codes),
                justification=folded,
                connectors=json.dumps(list(connectors)),
                selection=json.dumps(selection.describe()),
                total=len(chosen),
            )
        )
        rows = [
            {
                "batch_id": batch_id,
                "position": i,
                "account_id": c.account_id,
                "state": (ItemState.SKIPPED if c.skip_reason else ItemState.PENDING).value,
                "skip_reason": c.skip_reason,
            }
            for i, c in enumerate(chosen)
        ]
        for i in range(0, len(rows), _INSERT_SLICE):
            conn.execute(BA.insert(), rows[i : i + _INSERT_SLICE])
        entry = workspace.log.append(
            BATCH_STARTED,
            subject_type=subject.value,
            purposes=codes,
            purpose_source="chosen",
            justification=folded,
            details={
                "batch_id": batch_id,
                "kind": kind.value,
                "selection": selection.describe(),
                "count": len(chosen),
                "to_search": to_search,
                "skipped": skip_counts(chosen),
                "connectors": list(connectors),
                **(details or {}),
            },
            conn=conn,
        )
        conn.execute(B.update().where(B.c.batch_id == batch_id).values(started_seq=entry.seq))
    return load_batch(workspace.engine, batch_id)


def _to_batch(row: Any) -> Batch:
    return Batch(
        batch_id=row.batch_id,
        kind=BatchKind(row.kind),
        user=row.user_name,
        created_at=row.created_at,
        state=BatchState(row.state),
        subject_type=row.subject_type,
        purposes=tuple(p for p in row.purposes.split(",") if p),
        justification=row.justification,
        connectors=tuple(json.loads(row.connectors or "[]")),
        selection=json.loads(row.selection or "{}"),
        total=row.total,
        started_seq=row.started_seq,
        completed_seq=row.completed_seq,
        completed_at=row.completed_at,
    )


def load_batch(engine: sa.Engine, batch_id: str) -> Batch:
    """A batch by id (a unique prefix of at least six characters will do)."""
    with engine.connect() as conn:
        row = conn.execute(sa.select(B).where(B.c.batch_id == batch_id)).first()
        if row is None and len(batch_id) >= 6:
            rows = conn.execute(
                sa.select(B).where(B.c.batch_id.startswith(batch_id, autoescape=True)).limit(2)
            ).all()
            row = rows[0] if len(rows) == 1 else None
    if row is None:
        raise BatchNotFound(f"no batch {batch_id!r} in this workspace")
    return _to_batch(row)


def batches(engine: sa.Engine, limit: int = 50) -> list[Batch]:
    """The workspace's batches, newest first."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(B).order_by(B.c.created_at.desc()).limit(limit))
        return [_to_batch(r) for r in rows]


def item_counts(conn: sa.Connection, batch_id: str) -> dict[ItemState, int]:
    """How many of the batch's accounts are in each state."""
    rows = conn.execute(
        sa.select(BA.c.state, sa.func.count()).where(BA.c.batch_id == batch_id).group_by(BA.c.state)
    )
    counts = {s: 0 for s in ItemState}
    for state, n in rows:
        counts[ItemState(state)] = int(n)
    return counts


def stored_state(conn: sa.Connection, batch_id: str) -> BatchState:
    """The batch's state as stored (running, paused, done, cancelled)."""
    return BatchState(
        conn.execute(sa.select(B.c.state).where(B.c.batch_id == batch_id)).scalar_one()
    )


def set_state(engine: sa.Engine, batch_id: str, state: BatchState) -> None:
    """Pause, resume or cancel a batch that has not finished."""
    with write_connection(engine) as conn, conn.begin():
        conn.execute(
            B.update()
            .where(B.c.batch_id == batch_id, B.c.state.in_(("running", "paused")))
            .values(state=state.value)
        )


def claim(conn: sa.Connection, batch_id: str, worker_id: str, n: int) -> list[Claim]:
    """Claim up to ``n`` pending accounts for ``worker_id``, each with a new search id.

    Run it in a write transaction (``write_connection``); rows another claimer holds are
    passed over, never waited for.
    """
    rows = conn.execute(
        sa.select(BA.c.position, BA.c.account_id)
        .where(BA.c.batch_id == batch_id, BA.c.state == ItemState.PENDING.value)
        .order_by(BA.c.position)
        .limit(n)
        .with_for_update(skip_locked=True)
    ).all()
    if not rows:
        return []
    now = utc_now()
    claims = [Claim(r.position, r.account_id, uuid.uuid4().hex) for r in rows]
    conn.execute(
        BA.update()
        .where(BA.c.batch_id == batch_id, BA.c.position == sa.bindparam("p"))
        .values(
            state=ItemState.CLAIMED.value,
            worker_id=worker_id,
            claimed_at=now,
            search_id=sa.bindparam("s"),
        ),
        [{"p": c.position, "s": c.search_id} for c in claims],
    )
    return claims


def finish_item(
    conn: sa.Connection,
    batch_id: str,
    position: int,
    state: ItemState,
    result: str = "{}",
    reason: str = "",
) -> None:
    """Record how one account of the batch ended."""
    params = {"bid": batch_id, "pos": position, "st": state.value, "at": utc_now(), "res": result}
    if reason:
        conn.execute(_FINISH_WITH_REASON, {**params, "why": reason})
    else:
        conn.execute(_FINISH, params)


def release(conn: sa.Connection, batch_id: str, positions: Sequence[int]) -> None:
    """Put claimed accounts that were never searched back in the queue."""
    if positions:
        conn.execute(
            BA.update()
            .where(BA.c.batch_id == batch_id, BA.c.position.in_(list(positions)))
            .values(state=ItemState.PENDING.value, worker_id="", claimed_at=None, search_id="")
        )


def results(conn: sa.Connection, batch_id: str) -> Iterator[tuple[str, str, str, str]]:
    """Every account of the batch: id, state, skip reason, stored result JSON, in order;
    streamed (a batch of 100,000 is never held in memory at once)."""
    rows = conn.execute(
        sa.select(BA.c.account_id, BA.c.state, BA.c.skip_reason, BA.c.result)
        .where(BA.c.batch_id == batch_id)
        .order_by(BA.c.position)
    )
    for r in rows:
        yield r[0], r[1], r[2], r[3]


def complete_if_finished(workspace: Workspace, batch_id: str) -> AuditEntry | None:
    """Log ``batch.completed`` once no account is left to search (or the batch was
    cancelled) and none is being searched; None while work remains or if already logged."""
    with write_connection(workspace.engine) as conn, conn.begin():
        row = conn.execute(sa.select(B).where(B.c.batch_id == batch_id).with_for_update()).one()
        if row.completed_seq is not None:
            return None
        state = BatchState(row.state)
        counts = item_counts(conn, batch_id)
        if counts[ItemState.CLAIMED] or (
            counts[ItemState.PENDING] and state is not BatchState.CANCELLED
        ):
            return None
        final = BatchState.CANCELLED if state is BatchState.CANCELLED else BatchState.DONE
        skipped: dict[str, int] = {}
        outcomes: dict[str, dict[str, int]] = {}
        for _aid, item_state, reason, result in results(conn, batch_id):
            if item_state == ItemState.SKIPPED.value:
                skipped[reason] = skipped.get(reason, 0) + 1
            for cid, status in json.loads(result or "{}").get("outcomes", {}).items():
                per = outcomes.setdefault(cid, {})
                per[status] = per.get(status, 0) + 1
        entry = workspace.log.append(
            BATCH_COMPLETED,
            subject_type=row.subject_type,
            purposes=tuple(p for p in row.purposes.split(",") if p),
            purpose_source="chosen",
            details={
                "batch_id": batch_id,
                "state": final.value,
                "count": row.total,
                "counts": {s.value: n for s, n in counts.items() if n},
                "skipped": skipped,
                "outcomes": outcomes,
            },
            conn=conn,
        )
        conn.execute(
            B.update()
            .where(B.c.batch_id == batch_id)
            .values(state=final.value, completed_seq=entry.seq, completed_at=entry.ts)
        )
    return entry
