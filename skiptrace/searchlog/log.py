"""The search log: append-only, hash-chained, keyed, verifiable.

Read the ``searchlog`` package top to bottom to know what the log promises:
``events`` (what it records), ``encoding`` (how an entry is sealed), this module (how
entries are appended and read), ``rules``, ``walk`` and ``verification`` (how the chain
is checked).

* ``hash`` is HMAC-SHA-256 of an entry's canonical form under the workspace's log key,
  held in the OS keychain (or a key file the user explicitly chose). Whoever can write
  the database but lacks the key cannot forge a valid entry.
* Appends are serialised: on SQLite by an IMMEDIATE transaction, on PostgreSQL by an
  advisory lock plus a row lock on ``log_head``; both are held only by the short
  transaction that inserts the entry (never across a call to a data source), so the
  chain cannot fork and a crash leaves either the whole entry or none of it.
* The program never updates or deletes an entry, and the database refuses to (triggers).
* ``verify`` walks the chain and names the first bad entry and why: altered, missing
  (gap), out of order, or a tail missing when compared with a recorded head.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from skiptrace import __version__
from skiptrace.clock import utc_now
from skiptrace.model import Workstation
from skiptrace.pii import mask_ssns
from skiptrace.searchlog.encoding import (
    ENTRY_COLUMNS,
    GENESIS,
    canonical_details,
    scrub_details,
    sealed_row,
)
from skiptrace.searchlog.entry import Anchor, AuditEntry, Head, row_to_entry
from skiptrace.searchlog.events import SEARCH_STARTED
from skiptrace.searchlog.verification import (
    VerifyReport,
    archived_head,
    recorded_head,
    verify_log,
)
from skiptrace.store import schema
from skiptrace.store.engine import write_connection
from skiptrace.store.errors import database_problem
from skiptrace.store.transaction_memo import keep, recall

# the PostgreSQL advisory lock appends queue on (per database): b"skiplog\0" as an int
APPEND_LOCK = int.from_bytes(b"skiplog\0", "big", signed=True)

# PostgreSQL appends, in plain SQL: they run while every other writer waits, so they
# skip SQLAlchemy's statement building, and take one round trip each.
# Writers queue on a transaction-scoped advisory lock rather than on the head row alone:
# many waiters on one row lock all wake at each commit and chase its newest version,
# which made 8 writers slower than 1. The row lock stays, uncontended, against any other
# writer. The snapshot of this statement may predate the previous writer's commit, but
# under READ COMMITTED a FOR UPDATE row that changed meanwhile is re-read at its newest
# committed version before it is returned, so the head is always current.
_PG_LOCK_HEAD = (
    "WITH gate AS (SELECT pg_advisory_xact_lock(%(k)s)) "
    "SELECT seq, hash FROM log_head, gate WHERE id = 1 FOR UPDATE OF log_head"
)
_PG_INSERT_AND_MOVE_HEAD = (
    f"WITH entry AS (INSERT INTO audit_log ({', '.join(ENTRY_COLUMNS)}) "
    f"VALUES ({', '.join(f'%({c})s' for c in ENTRY_COLUMNS)})) "
    "UPDATE log_head SET seq = %(seq)s, hash = %(hash)s WHERE id = 1"
)
# SQLite's, as driver SQL too (named parameters, which sqlite3 takes as they are)
_INSERT = (
    f"INSERT INTO audit_log ({', '.join(ENTRY_COLUMNS)}) "
    f"VALUES ({', '.join(':' + c for c in ENTRY_COLUMNS)})"
)
_HEAD = "SELECT seq, hash FROM log_head WHERE id = 1"
_HEAD_FOR_UPDATE = sa.text("SELECT seq, hash FROM log_head WHERE id = 1 FOR UPDATE")
_SET_HEAD = "UPDATE log_head SET seq = :seq, hash = :hash WHERE id = 1"
_SET_HEAD_TEXT = sa.text(_SET_HEAD)
_INSERT_TEXT = sa.text(_INSERT)
_HEAD_MEMO = "log head"


class LogUnavailable(RuntimeError):
    """The search log could not be written; nothing that needs logging may proceed."""


def unavailable_message(exc: sa.exc.SQLAlchemyError, event: str) -> str:
    """Why an append failed, for a person: never the SQL or its parameters (they hold PII).

    The transaction was rolled back, so no part of the entry was written.
    """
    consequence = (
        "nothing was searched"
        if event == SEARCH_STARTED
        else f"the {event} entry was not recorded (none of it was written)"
    )
    return f"the search log could not be written: {database_problem(exc)}; {consequence}"


class SearchLog:
    """The workspace's search log: append entries, read them, verify the chain."""

    def __init__(
        self,
        engine: sa.Engine,
        key: bytes,
        actor: Workstation,
        key_source: str = "OS keychain",
    ) -> None:
        self._engine = engine
        self._key = key
        self.actor = actor
        self.key_source = key_source

    def __repr__(self) -> str:
        return f"SearchLog(user={self.actor.user!r}, key=<hidden>)"

    @property
    def engine(self) -> sa.Engine:
        """The database the log lives in (the workspace's)."""
        return self._engine

    # -- writing ---------------------------------------------------------------------

    def append(
        self,
        event: str,
        *,
        account_id: str = "",
        subject_type: str = "",
        purposes: Iterable[str] = (),
        purpose_source: str = "",
        justification: str = "",
        details: Mapping[str, Any] | None = None,
        user: str | None = None,
        conn: sa.Connection | None = None,
    ) -> AuditEntry:
        """Append one entry and return it as stored; ``LogUnavailable`` if it could not be.

        With ``conn`` the entry joins the caller's transaction (which must hold the write
        lock: see ``write_connection``), so the entry and the change it records commit
        together or not at all.
        """
        who = user if user is not None else self.actor.user
        # every field but seq, ts, prev_hash and hash, in ENTRY_COLUMNS order
        fields = (
            who,
            self.actor.host,
            self.actor.app_version or __version__,
            event,
            account_id,
            subject_type,
            ",".join(purposes),
            purpose_source,
            mask_ssns(justification),
            canonical_details(scrub_details(dict(details or {}))),
        )
        try:
            if conn is not None:
                return self._insert(conn, fields)
            with write_connection(self._engine) as own, own.begin():
                return self._insert(own, fields)
        except sa.exc.SQLAlchemyError as exc:
            raise LogUnavailable(unavailable_message(exc, event)) from None

    def _insert(self, conn: sa.Connection, fields: tuple[str, ...]) -> AuditEntry:
        # the head is read (and locked) once per transaction: later appends in it follow
        # the entry the transaction itself wrote last
        head = recall(conn, _HEAD_MEMO, lambda: self._lock_head(conn))
        row = sealed_row(self._key, (head.seq + 1, utc_now(), *fields, head.hash))
        params = dict(zip(ENTRY_COLUMNS, row, strict=True))
        dialect = conn.dialect.name
        if dialect == "postgresql":
            # one round trip while the lock is held: the entry and the head move together
            conn.exec_driver_sql(_PG_INSERT_AND_MOVE_HEAD, params)
        elif dialect == "sqlite":
            conn.exec_driver_sql(_INSERT, params)
            conn.exec_driver_sql(_SET_HEAD, {"seq": params["seq"], "hash": params["hash"]})
        else:
            conn.execute(_INSERT_TEXT, params)
            conn.execute(_SET_HEAD_TEXT, {"seq": params["seq"], "hash": params["hash"]})
        keep(conn, _HEAD_MEMO, Head(params["seq"], params["hash"]))
        return row_to_entry(row)

    @staticmethod
    def _lock_head(conn: sa.Connection) -> Head:
        if conn.dialect.name == "postgresql":
            found = conn.exec_driver_sql(_PG_LOCK_HEAD, {"k": APPEND_LOCK}).one()
            return Head(int(found[0]), found[1])
        if conn.dialect.name == "sqlite":
            row = conn.exec_driver_sql(_HEAD).one()
        else:
            row = conn.execute(_HEAD_FOR_UPDATE).one()
        return Head(int(row[0]), row[1])

    # -- reading ---------------------------------------------------------------------

    def head(self) -> Head:
        """The head as the log table itself shows it (last entry), genesis when empty."""
        with self._engine.connect() as conn:
            row = conn.execute(
                sa.select(schema.audit_log.c.seq, schema.audit_log.c.hash)
                .order_by(schema.audit_log.c.seq.desc())
                .limit(1)
            ).first()
        return Head(int(row[0]), row[1]) if row else Head(0, GENESIS)

    def count(self) -> int:
        """How many entries the log holds."""
        with self._engine.connect() as conn:
            return int(
                conn.execute(sa.select(sa.func.count()).select_from(schema.audit_log)).scalar_one()
            )

    def entries(self, start: int = 1, stop: int | None = None) -> Iterator[AuditEntry]:
        """Entries from ``start`` (inclusive) to ``stop`` (exclusive), in sequence order."""
        for batch in self._raw_batches(start, stop):
            for row in batch:
                yield row_to_entry(row)

    def get(self, seq: int) -> AuditEntry | None:
        """One entry by sequence number."""
        return next(self.entries(seq, seq + 1), None)

    def _raw_batches(
        self, start: int, stop: int | None, size: int = 20_000
    ) -> Iterator[Sequence[Any]]:
        cols = ", ".join(ENTRY_COLUMNS)
        upper = "" if stop is None else " AND seq < :stop"
        query = sa.text(
            f"SELECT {cols} FROM audit_log WHERE seq >= :start{upper} ORDER BY seq LIMIT {size}"
        )
        with self._engine.connect() as conn:
            cursor_from = start
            while True:
                params: dict[str, int] = {"start": cursor_from}
                if stop is not None:
                    params["stop"] = stop
                rows = conn.execute(query, params).fetchall()
                if not rows:
                    return
                yield rows
                cursor_from = int(rows[-1][0]) + 1

    # -- verifying (see skiptrace.searchlog.verification) ----------------------------

    def recorded_head(self) -> Anchor:
        """The head row kept beside the log, updated with every append."""
        return recorded_head(self._engine)

    def archived_head(self) -> Anchor | None:
        """The last archived entry, when older entries were archived away; else None."""
        return archived_head(self._engine)

    def verify(
        self,
        anchors: Iterable[Anchor] = (),
        start: Anchor | None = None,
        workers: int | None = None,
    ) -> VerifyReport:
        """Walk the chain; report the first broken entry by sequence number and why.

        See ``verification.verify_log`` for ``start``, ``anchors`` and ``workers``.
        """
        return verify_log(self._engine, self._key, self.key_source, anchors, start, workers)
