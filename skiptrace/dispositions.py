"""Dispositions: what a collector learned by working a lead, stored and logged together.

``record_disposition`` writes the ``dispositions`` row and its ``lead.disposition`` log
entry in one transaction, so neither exists without the other.
"""

from __future__ import annotations

import re

import sqlalchemy as sa

from skiptrace.audit import LEAD_DISPOSITION, utc_now
from skiptrace.model import Disposition, DispositionKind
from skiptrace.pii import digits
from skiptrace.store import schema
from skiptrace.store.engine import write_connection
from skiptrace.workspace import Workspace

D = schema.dispositions
_WS = re.compile(r"[^a-z0-9]+")


def lead_key(kind: str, value: str) -> str:
    """A comparable key for a lead value: digits for phones, folded text otherwise.

    Matching may give its own (better normalised) keys; this is the fallback so the same
    number typed two ways still meets its disposition.
    """
    if kind == "phone":
        d = digits(value)
        return d[-10:] if len(d) >= 10 else d
    return _WS.sub(" ", value.lower()).strip()


def record_disposition(workspace: Workspace, disposition: Disposition, key: str = "") -> Disposition:
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
    """Every disposition recorded on an account, oldest first."""
    rows = conn.execute(sa.select(D).where(D.c.account_id == account_id).order_by(D.c.id))
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


def latest_by_lead(dispositions: list[Disposition]) -> dict[tuple[str, str], Disposition]:
    """The latest disposition per (lead kind, lead key): later verdicts replace earlier ones."""
    latest: dict[tuple[str, str], Disposition] = {}
    for d in dispositions:
        latest[(d.lead_kind, lead_key(d.lead_kind, d.lead_value))] = d
    return latest
