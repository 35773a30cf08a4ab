"""The workspace ``settings`` table: one value per scope and key, read by scope.

A scope is one part of the product (``anomalies``, ``retention``, ``connector:ID``);
each reads its own keys and stores one at a time with ``put_setting``.
"""

from __future__ import annotations

import sqlalchemy as sa

from skiptrace.store import schema

S = schema.settings


def scope_settings(conn: sa.Connection, scope: str) -> dict[str, str]:
    """Every key stored under ``scope`` with its value."""
    rows = conn.execute(sa.select(S.c.key, S.c.value).where(S.c.scope == scope))
    return {key: value for key, value in rows}


def put_setting(conn: sa.Connection, scope: str, key: str, value: str) -> None:
    """Store ``value`` under ``scope`` and ``key``, replacing what was stored there."""
    where = (S.c.scope == scope) & (S.c.key == key)
    if conn.execute(S.update().where(where).values(value=value)).rowcount == 0:
        conn.execute(S.insert().values(scope=scope, key=key, value=value))
