"""Answers read once in a write transaction and kept for the rest of it.

A transaction that holds the write lock (``engine.write_connection``; on PostgreSQL the
log's advisory lock) sees no other writer's changes until it ends, so what it read stays
true but for what it changes itself. A batch's searches share transactions
(``group_commit``), and each would otherwise read the log's head and the searcher's role
again: statements that, many threads at once, cost more in handing the interpreter
lock about than in SQLite. The memo belongs to the transaction: a new transaction on the
same connection starts with none, so a rollback never leaves a stale answer behind.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any, TypeVar

import sqlalchemy as sa

T = TypeVar("T")
_KEY = "skiptrace_transaction_memo"


def _memo(conn: sa.Connection) -> dict[str, Any] | None:
    transaction = conn.get_transaction()
    if transaction is None:
        return None
    kept = conn.info.get(_KEY)
    if kept is not None and kept[0]() is transaction:
        memo: dict[str, Any] = kept[1]
        return memo
    memo = {}
    conn.info[_KEY] = (weakref.ref(transaction), memo)
    return memo


def recall(conn: sa.Connection, key: str, read: Callable[[], T]) -> T:
    """What ``read`` gives, read once per transaction of ``conn`` under ``key``."""
    memo = _memo(conn)
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    value: T = memo[key]
    return value


def keep(conn: sa.Connection, key: str, value: object) -> None:
    """Replace the answer under ``key`` after the transaction changed it itself."""
    memo = _memo(conn)
    if memo is not None:
        memo[key] = value
