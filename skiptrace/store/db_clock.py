"""Now, on the database's clock: what times written by different desktops are compared by,
so that a desktop whose clock is off neither looks dead nor keeps others waiting."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa


def database_seconds(conn: sa.Connection | sa.Engine) -> sa.ColumnElement[Any]:
    """An SQL expression for the current time in seconds since the epoch, read by the
    database server (PostgreSQL), or by the machine holding the file (SQLite)."""
    if conn.dialect.name == "postgresql":
        return sa.func.extract("epoch", sa.func.clock_timestamp())
    return (sa.func.julianday("now") - 2440587.5) * 86400.0
