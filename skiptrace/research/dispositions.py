"""Dispositions: what a collector learned by working a lead, stored and logged together.

``record_disposition`` writes the ``dispositions`` row and its ``lead.disposition`` log
entry in one transaction, so neither exists without the other.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import sqlalchemy as sa

from skiptrace.clock import utc_now
from skiptrace.model import Disposition, DispositionKind
from skiptrace.searchlog.events import LEAD_DISPOSITION
from skiptrace.store import schema
from skiptrace.store.engine import write_connection
from skiptrace.workspace.workspace import Workspace

D = schema.dispositions

# What a collector learned that keeps a lead from ever coming back as a fresh one.
SUPPRESSING = frozenset(
    {DispositionKind.WRONG_PARTY, DispositionKind.DISCONNECTED, DispositionKind.DO_NOT_CONTACT}
)


def lead_key(kind: str, value: str) -> str:
    """The key a lead value merges under, as matching and ranking compute it."""
    # imported here: matching pulls in numpy, which the app need not load to start
    from skiptrace.matching.leads import lead_value_key

    return lead_value_key(kind, value)


def record_disposition(
    workspace: Workspace, disposition: Disposition, key: str = ""
) -> Disposition:
    """Store a disposition and log it as ``lead.disposition``; returns it as recorded."""
    kind = DispositionKind(disposition.kind)
    key = key or lead_key(disposition.lead_kind, disposition.lead_value)
    now = utc_now()
    with write_connection(workspace.engine) as conn, conn.begin():
        entry = workspace.log.append(
            LEAD_DISPOSITION,
            account_id=disposition.account_id,
            details={
                "lead_kind": disposition.lead_kind,
                "lead_key": key,
                "disposition": kind.value,
                "search_id": disposition.search_id,
                "note": disposition.note,
            },
            user=disposition.user or None,
            conn=conn,
        )
        recorded = replace(disposition, kind=kind, user=entry.user, recorded_at=now)
        conn.execute(D.insert().values(**_row(recorded), lead_key=key, log_seq=entry.seq))
    return recorded


def _row(d: Disposition) -> dict[str, str]:
    # a disposition's fields under the table's column names (``user`` is ``user_name``)
    return {
        "account_id": d.account_id,
        "lead_kind": d.lead_kind,
        "lead_value": d.lead_value,
        "kind": d.kind.value,
        "user_name": d.user,
        "note": d.note,
        "search_id": d.search_id,
        "recorded_at": d.recorded_at,
    }


_OF_ACCOUNT = (
    sa.select(D).where(D.c.account_id == sa.bindparam("account")).order_by(D.c.recorded_at, D.c.id)
)


def dispositions_for(conn: sa.Connection, account_id: str) -> list[Disposition]:
    """Every disposition recorded on an account, in the order recorded."""
    rows = conn.execute(_OF_ACCOUNT, {"account": account_id})
    return [_disposition(r) for r in rows]


def _disposition(r: Any) -> Disposition:
    return Disposition(r.account_id, r.lead_kind, r.lead_value, DispositionKind(r.kind),
                       r.user_name, r.note, r.search_id, r.recorded_at)  # fmt: skip
