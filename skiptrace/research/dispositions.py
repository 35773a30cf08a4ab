"""Dispositions: what a collector learned by working a lead, stored and logged together.

``record_disposition`` writes the ``dispositions`` row and its ``lead.disposition`` log
entry in one transaction, so neither exists without the other.
"""

from __future__ import annotations

import sqlalchemy as sa

from skiptrace.model import Disposition, DispositionKind
from skiptrace.searchlog.log import LEAD_DISPOSITION, utc_now
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
        conn.execute(
            D.insert().values(
                account_id=disposition.account_id,
                lead_kind=disposition.lead_kind,
                lead_key=key,
                lead_value=disposition.lead_value,
                kind=kind.value,
                user_name=entry.user,
                note=disposition.note,
                search_id=disposition.search_id,
                recorded_at=now,
                log_seq=entry.seq,
            )
        )
    return Disposition(
        account_id=disposition.account_id,
        lead_kind=disposition.lead_kind,
        lead_value=disposition.lead_value,
        kind=kind,
        user=entry.user,
        note=disposition.note,
        search_id=disposition.search_id,
        recorded_at=now,
    )


def dispositions_for(conn: sa.Connection, account_id: str) -> list[Disposition]:
    """Every disposition recorded on an account, in the order recorded."""
    rows = conn.execute(
        sa.select(D).where(D.c.account_id == account_id).order_by(D.c.recorded_at, D.c.id)
    )
    return [
        Disposition(
            account_id=r.account_id,
            lead_kind=r.lead_kind,
            lead_value=r.lead_value,
            kind=DispositionKind(r.kind),
            user=r.user_name,
            note=r.note,
            search_id=r.search_id,
            recorded_at=r.recorded_at,
        )
        for r in rows
    ]
