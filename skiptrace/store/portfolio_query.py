"""Portfolio queries for a list view: filtered, sorted ids and per-status counts.

A view holds only the ids (cheap even for 100,000 accounts) and fetches the rows it shows
with ``accounts.summaries``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import sqlalchemy as sa

from skiptrace.store import schema
from skiptrace.store.accounts import filter_clause
from skiptrace.store.skip_progress import last_searched_expr, last_worked_expr, skip_rank_expr

A = schema.accounts


class SortKey(enum.StrEnum):
    """What a portfolio list can be ordered by."""

    ACCOUNT = "account"
    NAME = "name"
    CITY = "city"
    STATE = "state"
    ZIP = "zip"
    PHONE = "phone"
    STATUS = "status"
    BALANCE = "balance"
    ASSIGNED = "assigned"
    CREDITOR = "creditor"
    SKIP_STATUS = "skip_status"
    LAST_SEARCHED = "last_searched"
    LAST_WORKED = "last_worked"


@dataclass(frozen=True, slots=True)
class PortfolioSlice:
    """The ids a filter selects, in order, and how many accounts each status holds."""

    ids: tuple[str, ...]
    total: int
    status_counts: dict[str, int]


def _json_item(conn: sa.Connection, column: sa.ColumnElement[str], *path: int) -> sa.ColumnElement:
    # addresses and phones are JSON arrays in a text column; take one item for sorting
    if conn.dialect.name == "sqlite":
        return sa.func.json_extract(column, "$" + "".join(f"[{i}]" for i in path))
    expr: sa.ColumnElement = sa.cast(column, sa.JSON)
    for i in path[:-1]:
        expr = expr[i]
    return expr[path[-1]].as_string()


def _order(conn: sa.Connection, key: SortKey) -> list[sa.ColumnElement]:
    match key:
        case SortKey.NAME:
            return [A.c.last_name, A.c.first_name]
        case SortKey.CITY:
            return [_json_item(conn, A.c.addresses, 0, 2)]
        case SortKey.STATE:
            return [_json_item(conn, A.c.addresses, 0, 3)]
        case SortKey.ZIP:
            return [_json_item(conn, A.c.addresses, 0, 4)]
        case SortKey.PHONE:
            return [_json_item(conn, A.c.phones, 0, 0)]
        case SortKey.STATUS:
            return [A.c.status]
        case SortKey.BALANCE:
            return [sa.cast(sa.func.nullif(A.c.balance, ""), sa.Numeric)]
        case SortKey.ASSIGNED:
            return [A.c.assigned_to]
        case SortKey.CREDITOR:
            return [A.c.creditor]
        case SortKey.SKIP_STATUS:
            return [skip_rank_expr()]
        case SortKey.LAST_SEARCHED:
            return [sa.func.coalesce(last_searched_expr(), "")]
        case SortKey.LAST_WORKED:
            return [sa.func.coalesce(last_worked_expr(), "")]
    return []


def portfolio_slice(
    conn: sa.Connection,
    text: str = "",
    status: str = "",
    sort: SortKey = SortKey.ACCOUNT,
    descending: bool = False,
) -> PortfolioSlice:
    """Ids matching ``text`` (and ``status`` if given), sorted; counts per status for ``text``."""
    where = filter_clause(text)
    counts = {
        str(s): int(n)
        for s, n in conn.execute(
            sa.select(A.c.status, sa.func.count()).where(where).group_by(A.c.status)
        )
    }
    query = sa.select(A.c.account_id).where(where)
    if status:
        query = query.where(A.c.status == status)
    keys = [*_order(conn, sort), A.c.account_id]
    query = query.order_by(*(k.desc() if descending else k.asc() for k in keys))
    ids = tuple(conn.execute(query).scalars())
    total = int(conn.execute(sa.select(sa.func.count()).select_from(A)).scalar_one())
    return PortfolioSlice(ids, total, counts)
