"""How far skip tracing has got on each account, for the portfolio list: when it was last
searched, whether any search found leads, when a lead was last worked and whether one was
verified. A few grouped queries per block of rows, never one per row."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from skiptrace.model import DispositionKind
from skiptrace.store import schema

S = schema.searches
L = schema.leads
D = schema.dispositions
A = schema.accounts


@dataclass(frozen=True, slots=True)
class SkipProgress:
    """One account's skip-tracing progress as stored."""

    last_searched: str = ""
    has_leads: bool = False
    last_worked: str = ""
    verified: bool = False


def skip_progress(conn: sa.Connection, ids: Sequence[str]) -> dict[str, SkipProgress]:
    """The progress of these accounts (those never searched or worked left out)."""
    wanted = list(ids)
    if not wanted:
        return {}
    searched: dict[str, str] = {
        r[0]: r[1]
        for r in conn.execute(
            sa.select(S.c.account_id, sa.func.max(S.c.started_at))
            .where(S.c.account_id.in_(wanted))
            .group_by(S.c.account_id)
        )
    }
    with_leads = set(
        conn.execute(
            sa.select(L.c.account_id).where(L.c.account_id.in_(wanted)).distinct()
        ).scalars()
    )
    verified = sa.func.max(sa.case((D.c.kind == DispositionKind.VERIFIED.value, 1), else_=0))
    worked = {
        r[0]: (r[1], bool(r[2]))
        for r in conn.execute(
            sa.select(D.c.account_id, sa.func.max(D.c.recorded_at), verified)
            .where(D.c.account_id.in_(wanted))
            .group_by(D.c.account_id)
        )
    }
    out = {}
    for aid in set(searched) | with_leads | set(worked):
        last_worked, was_verified = worked.get(aid, ("", False))
        out[aid] = SkipProgress(searched.get(aid) or "", aid in with_leads, last_worked,
                                was_verified)  # fmt: skip
    return out


def last_searched_expr() -> sa.ColumnElement:
    """Per account row: when it was last searched (for sorting)."""
    return (
        sa.select(sa.func.max(S.c.started_at))
        .where(S.c.account_id == A.c.account_id)
        .scalar_subquery()
    )


def last_worked_expr() -> sa.ColumnElement:
    """Per account row: when a lead was last worked (for sorting)."""
    return (
        sa.select(sa.func.max(D.c.recorded_at))
        .where(D.c.account_id == A.c.account_id)
        .scalar_subquery()
    )


def skip_rank_expr() -> sa.ColumnElement:
    """Per account row: 0 never searched, 1 nothing found, 2 leads found, 3 verified."""
    verified = sa.exists().where(
        (D.c.account_id == A.c.account_id) & (D.c.kind == DispositionKind.VERIFIED.value)
    )
    leads = sa.exists().where(L.c.account_id == A.c.account_id)
    searched = sa.exists().where(S.c.account_id == A.c.account_id)
    return sa.case((verified, 3), (leads, 2), (searched, 1), else_=0)
