"""An account's earlier leads and dispositions: the read-only history connectors may see."""

from __future__ import annotations

import sqlalchemy as sa

from skiptrace.sources.context import AccountHistory, HistoryReader, PastDisposition, PastLead
from skiptrace.store import schema


def account_history(conn: sa.Connection, account_id: str, limit: int = 500) -> AccountHistory:
    """Earlier leads and dispositions of one account, newest first."""
    lt, st, dt = schema.leads, schema.searches, schema.dispositions
    lead_rows = conn.execute(
        sa.select(lt.c.kind, lt.c.value, lt.c.search_id, st.c.started_at, lt.c.score)
        .select_from(lt.outerjoin(st, st.c.search_id == lt.c.search_id))
        .where(lt.c.account_id == account_id)
        .order_by(lt.c.id.desc())
        .limit(limit)
    )
    disposition_rows = conn.execute(
        sa.select(
            dt.c.lead_kind,
            dt.c.lead_value,
            dt.c.kind,
            dt.c.user_name,
            dt.c.recorded_at,
            dt.c.note,
            dt.c.search_id,
        )
        .where(dt.c.account_id == account_id)
        .order_by(dt.c.recorded_at.desc(), dt.c.id.desc())
        .limit(limit)
    )
    profile = conn.execute(
        sa.select(
            schema.contact_profiles.c.consent_date, schema.contact_profiles.c.placement_date
        ).where(schema.contact_profiles.c.account_id == account_id)
    ).first()
    return AccountHistory(
        consent_date=profile[0] if profile else "",
        placement_date=profile[1] if profile else "",
        leads=tuple(PastLead(r[0], r[1], r[2], r[3] or "", float(r[4] or 0.0)) for r in lead_rows),
        dispositions=tuple(
            PastDisposition(r[0], r[1], r[2], r[3], r[4], r[5] or "", r[6] or "")
            for r in disposition_rows
        ),
    )


def history_reader(engine: sa.Engine) -> HistoryReader:
    """A read-only callback giving an account's history: all a connector gets of the store."""

    def read(account_id: str) -> AccountHistory:
        with engine.connect() as conn:
            return account_history(conn, account_id)

    return read
