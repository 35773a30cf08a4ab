"""The search log: append-only, hash-chained, keyed, verifiable.

Read this module end to end to know what the log promises.

* Every entry is encoded canonically (``canonical``): a compact JSON array of its fields
  in a fixed order, a newline, then its ``details`` as compact JSON with sorted keys.
  ``prev_hash`` is one of the fields, so each entry seals the one before it.
* ``hash`` is HMAC-SHA-256 of that encoding under the workspace's log key, held in the
  OS keychain (or a key file the user explicitly chose). Whoever can write the database
  but lacks the key cannot forge a valid entry.
* Appends are serialised: on SQLite by an IMMEDIATE transaction, on PostgreSQL by an
  advisory lock plus a row lock on ``log_head``; both are held only by the short
  transaction that inserts the entry (never across a call to a data source), so the
  chain cannot fork and a crash leaves either the whole entry or none of it.
* The program never updates or deletes an entry, and the database refuses to (triggers).
* ``verify`` walks the chain and names the first bad entry and why: altered, missing
  (gap), out of order, or a tail missing when compared with a recorded head.

The encoding is simple enough that ``skiptrace/verify.py`` re-implements it with the
standard library alone, for auditors.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from skiptrace import __version__
from skiptrace.model import Workstation
from skiptrace.store import schema
from skiptrace.store.engine import write_connection

FORMAT_VERSION = 1
GENESIS = "0" * 64
# the PostgreSQL advisory lock appends queue on (per database): b"skiplog\0" as an int
APPEND_LOCK = int.from_bytes(b"skiplog\0", "big", signed=True)

# Event types in use; the log accepts others so later features can add their own.
SEARCH_STARTED = "search.started"
SEARCH_COMPLETED = "search.completed"
LEAD_DISPOSITION = "lead.disposition"
PII_REVEALED = "pii.revealed"
PORTFOLIO_IMPORTED = "portfolio.imported"
REVIEW_SIGNOFF = "review.signoff"
WORKSPACE_CREATED = "workspace.created"
LOG_EXPORTED = "log.exported"
LOG_ARCHIVED = "log.archived"
LOG_KEY_EXPORTED = "log.key_exported"
BATCH_STARTED = "batch.started"
BATCH_RESUMED = "batch.resumed"
BATCH_COMPLETED = "batch.completed"
BATCH_REQUEST_FILE = "batch.request_file"

# Where the head of archived entries is recorded (see skiptrace.review.retention).
META_ARCHIVED_SEQ = "log_archived_seq"
META_ARCHIVED_HASH = "log_archived_hash"

# One encoder object: json.dumps with options would build a new one for every entry.
_encode = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode

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
    "WITH entry AS (INSERT INTO audit_log (seq, ts, user_name, workstation, app_version, "
    "event, account_id, subject_type, purposes, purpose_source, justification, details, "
    "prev_hash, hash) VALUES (%(seq)s, %(ts)s, %(user_name)s, %(workstation)s, "
    "%(app_version)s, %(event)s, %(account_id)s, %(subject_type)s, %(purposes)s, "
    "%(purpose_source)s, %(justification)s, %(details)s, %(prev_hash)s, %(hash)s)) "
    "UPDATE log_head SET seq = %(seq)s, hash = %(hash)s WHERE id = 1"
)

_SSN_SHAPE = re.compile(r"(?<!\d)\d{3}[- ]?\d{2}[- ]?(\d{4})(?!\d)")
# A SHA-256 / HMAC digest held as a value (a sign-off or archive pointing at an entry), or
# a search or batch id (32 hex digits): it may hold nine digits in a row but is never PII,
# and masking it would break the link to what it names.
_DIGEST = re.compile(r"[0-9a-f]{32}(?:[0-9a-f]{32})?")


class LogUnavailable(RuntimeError):
    """The search log could not be written; nothing that needs logging may proceed."""


def unavailable_message(exc: sa.exc.SQLAlchemyError, event: str) -> str:
    """Why an append failed, for a person: never the SQL or its parameters (they hold PII).

    The transaction was rolled back, so no part of the entry was written.
    """
    cause = type(getattr(exc, "orig", None) or exc).__name__
    lost = isinstance(exc, sa.exc.DBAPIError) and exc.connection_invalidated
    if lost or isinstance(exc, sa.exc.OperationalError):
        reason = f"the database could not be reached or the connection was lost ({cause})"
    else:
        reason = f"the database refused the entry ({cause})"
    consequence = (
        "nothing was searched"
        if event == SEARCH_STARTED
        else f"the {event} entry was not recorded (none of it was written)"
    )
    return f"the search log could not be written: {reason}; {consequence}"


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One entry of the search log, as stored."""

    seq: int
    ts: str
    user: str
    workstation: str
    app_version: str
    event: str
    account_id: str
    subject_type: str
    purposes: tuple[str, ...]
    purpose_source: str
    justification: str
    details: Mapping[str, Any]
    prev_hash: str
    hash: str

    @property
    def details_json(self) -> str:
        """The details as stored (canonical JSON)."""
        return canonical_details(self.details)


def canonical_details(details: Mapping[str, Any]) -> str:
    """Compact JSON with sorted keys: the stored and hashed form of ``details``."""
    return json.dumps(details, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical(
    seq: int,
    ts: str,
    user: str,
    workstation: str,
    app_version: str,
    event: str,
    account_id: str,
    subject_type: str,
    purposes: str,
    purpose_source: str,
    justification: str,
    prev_hash: str,
    details_json: str,
) -> bytes:
    """The bytes an entry's HMAC is computed over (see the module docstring)."""
    head = _encode(
        [FORMAT_VERSION, seq, ts, user, workstation, app_version, event, account_id,
         subject_type, purposes, purpose_source, justification, prev_hash]
    )  # fmt: skip
    return (head + "\n" + details_json).encode("utf-8")


def entry_hash(key: bytes, message: bytes) -> str:
    """Hex HMAC-SHA-256 of an encoded entry."""
    return hmac.digest(key, message, hashlib.sha256).hex()


def scrub(text: str) -> str:
    """Mask anything shaped like a full SSN: the log must never hold one."""
    return _SSN_SHAPE.sub(lambda m: f"***-**-{m.group(1)}", text)


def _scrub_value(value: Any) -> Any:
    if isinstance(value, str):
        return value if _DIGEST.fullmatch(value) else scrub(value)
    if isinstance(value, Mapping):
        return {str(k): _scrub_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub_value(v) for v in value]
    return value


def utc_now() -> str:
    """UTC time with microseconds, ISO 8601, as entries carry it."""
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


_COLUMNS = (
    "seq",
    "ts",
    "user_name",
    "workstation",
    "app_version",
    "event",
    "account_id",
    "subject_type",
    "purposes",
    "purpose_source",
    "justification",
    "details",
    "prev_hash",
    "hash",
)


_INSERT = sa.text(
    f"INSERT INTO audit_log ({', '.join(_COLUMNS)}) VALUES ({', '.join(':' + c for c in _COLUMNS)})"
)
_HEAD = sa.text("SELECT seq, hash FROM log_head WHERE id = 1")
_HEAD_FOR_UPDATE = sa.text("SELECT seq, hash FROM log_head WHERE id = 1 FOR UPDATE")
_SET_HEAD = sa.text("UPDATE log_head SET seq = :seq, hash = :hash WHERE id = 1")


def _row_to_entry(row: Any) -> AuditEntry:
    purposes = tuple(p for p in row[8].split(",") if p)
    return AuditEntry(
        seq=row[0],
        ts=row[1],
        user=row[2],
        workstation=row[3],
        app_version=row[4],
        event=row[5],
        account_id=row[6],
        subject_type=row[7],
        purposes=purposes,
        purpose_source=row[9],
        justification=row[10],
        details=json.loads(row[11]),
        prev_hash=row[12],
        hash=row[13],
    )


@dataclass(frozen=True, slots=True)
class Head:
    """The last entry of a chain: its sequence number and hash."""

    seq: int
    hash: str


@dataclass(frozen=True, slots=True)
class Anchor:
    """A head recorded somewhere else (an export, the head row), to catch a cut tail."""

    seq: int
    hash: str
    source: str


@dataclass(frozen=True)
class VerifyReport:
    """The outcome of walking the chain."""

    ok: bool
    entries: int
    head: Head
    key_source: str
    first_bad: int | None = None
    problem: str = ""
    checked_anchors: tuple[str, ...] = field(default=())

    def summary(self) -> str:
        """One line for a person: intact with the head, or the first bad entry and why."""
        if self.ok:
            return (
                f"chain intact: {self.entries} entries, head {self.head.hash} "
                f"(seq {self.head.seq}; key from {self.key_source})"
            )
        return (
            f"chain broken at entry {self.first_bad}: {self.problem} (key from {self.key_source})"
        )


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
        purposes_text = ",".join(purposes)
        justification = scrub(justification)
        details_json = canonical_details(_scrub_value(dict(details or {})))
        who = user if user is not None else self.actor.user
        try:
            if conn is not None:
                return self._insert(
                    conn,
                    event,
                    who,
                    account_id,
                    subject_type,
                    purposes_text,
                    purpose_source,
                    justification,
                    details_json,
                )
            with write_connection(self._engine) as own, own.begin():
                return self._insert(
                    own,
                    event,
                    who,
                    account_id,
                    subject_type,
                    purposes_text,
                    purpose_source,
                    justification,
                    details_json,
                )
        except sa.exc.SQLAlchemyError as exc:
            raise LogUnavailable(unavailable_message(exc, event)) from None

    def _insert(
        self,
        conn: sa.Connection,
        event: str,
        who: str,
        account_id: str,
        subject_type: str,
        purposes_text: str,
        purpose_source: str,
        justification: str,
        details_json: str,
    ) -> AuditEntry:
        head = self._lock_head(conn)
        seq = head.seq + 1
        ts = utc_now()
        version = self.actor.app_version or __version__
        message = canonical(
            seq,
            ts,
            who,
            self.actor.host,
            version,
            event,
            account_id,
            subject_type,
            purposes_text,
            purpose_source,
            justification,
            head.hash,
            details_json,
        )
        digest = entry_hash(self._key, message)
        row = {"seq": seq, "ts": ts, "user_name": who, "workstation": self.actor.host,
               "app_version": version, "event": event, "account_id": account_id,
               "subject_type": subject_type, "purposes": purposes_text,
               "purpose_source": purpose_source, "justification": justification,
               "details": details_json, "prev_hash": head.hash, "hash": digest}  # fmt: skip
        if conn.dialect.name == "postgresql":
            # one round trip while the lock is held: the entry and the head move together
            conn.exec_driver_sql(_PG_INSERT_AND_MOVE_HEAD, row)
        else:
            conn.execute(_INSERT, row)
            conn.execute(_SET_HEAD, {"seq": seq, "hash": digest})
        return AuditEntry(
            seq=seq,
            ts=ts,
            user=who,
            workstation=self.actor.host,
            app_version=version,
            event=event,
            account_id=account_id,
            subject_type=subject_type,
            purposes=tuple(p for p in purposes_text.split(",") if p),
            purpose_source=purpose_source,
            justification=justification,
            details=json.loads(details_json),
            prev_hash=head.hash,
            hash=digest,
        )

    @staticmethod
    def _lock_head(conn: sa.Connection) -> Head:
        if conn.dialect.name == "postgresql":
            found = conn.exec_driver_sql(_PG_LOCK_HEAD, {"k": APPEND_LOCK}).one()
            return Head(int(found[0]), found[1])
        query = _HEAD if conn.dialect.name == "sqlite" else _HEAD_FOR_UPDATE
        row = conn.execute(query).one()
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
                yield _row_to_entry(row)

    def get(self, seq: int) -> AuditEntry | None:
        """One entry by sequence number."""
        return next(self.entries(seq, seq + 1), None)

    def _raw_batches(
        self, start: int, stop: int | None, size: int = 20_000
    ) -> Iterator[Sequence[Any]]:
        cols = ", ".join(_COLUMNS)
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

    # -- verifying -------------------------------------------------------------------

    def recorded_head(self) -> Anchor:
        """The head row kept beside the log, updated with every append."""
        with self._engine.connect() as conn:
            row = conn.execute(
                sa.select(schema.log_head.c.seq, schema.log_head.c.hash).where(
                    schema.log_head.c.id == 1
                )
            ).one()
        return Anchor(int(row[0]), row[1], "the log's head record")

    def archived_head(self) -> Anchor | None:
        """The last archived entry, when older entries were archived away; else None."""
        m = schema.meta
        with self._engine.connect() as conn:
            rows = dict(
                conn.execute(
                    sa.select(m.c.key, m.c.value).where(
                        m.c.key.in_((META_ARCHIVED_SEQ, META_ARCHIVED_HASH))
                    )
                ).all()
            )
        if META_ARCHIVED_SEQ not in rows:
            return None
        return Anchor(
            int(rows[META_ARCHIVED_SEQ]), rows.get(META_ARCHIVED_HASH, ""), "the archive record"
        )

    def verify(
        self,
        anchors: Iterable[Anchor] = (),
        start: Anchor | None = None,
        workers: int | None = None,
    ) -> VerifyReport:
        """Walk the chain; report the first broken entry by sequence number and why.

        ``start`` is where a live chain begins when older entries were archived
        (sequence number and hash of the last archived entry); by default the archive
        record, which a ``log.archived`` entry in the chain must back, else the genesis.
        ``anchors`` are heads recorded elsewhere; a chain shorter than one of them, or
        disagreeing with it, has lost or rewritten its tail. Long logs are checked by
        ``workers`` processes (default: the CPU count, at most four).
        """
        archived = self.archived_head() if start is None else None
        start = start or archived
        all_anchors = [self.recorded_head(), *anchors]
        from skiptrace.searchlog.walk import walk_chain  # fast reading; the rules stay here

        walk = walk_chain(
            self._engine,
            self._key,
            Head(start.seq, start.hash) if start else Head(0, GENESIS),
            frozenset(a.seq for a in all_anchors),
            workers,
        )
        if archived is not None and walk.first_bad is None and not self._backs(archived):
            walk.first_bad, walk.problem = (
                1,
                f"entries 1 to {archived.seq} are gone, but no {LOG_ARCHIVED} entry in the "
                "log records them as archived",
            )
        return finish_report(walk, all_anchors, self.key_source)

    def _backs(self, archived: Anchor) -> bool:
        # Called after a clean walk, so every log.archived entry read here is authentic.
        with self._engine.connect() as conn:
            rows = conn.execute(
                sa.select(schema.audit_log.c.details).where(
                    schema.audit_log.c.event == LOG_ARCHIVED,
                    schema.audit_log.c.seq > archived.seq,
                )
            ).scalars()
            for details in rows:
                d = json.loads(details)
                if d.get("through_seq") == archived.seq and d.get("through_hash") == archived.hash:
                    return True
        return False


@dataclass
class ChainWalk:
    """What walking a run of entries found: count, last good head, first problem."""

    entries: int
    head: Head
    first_bad: int | None
    problem: str
    hashes: dict[int, str]


def verify_rows(
    rows: Iterable[Any], key: bytes, start: Head, want: frozenset[int] = frozenset()
) -> ChainWalk:
    """Check a run of raw rows (columns in ``_COLUMNS`` order) against the chain rules.

    Hashes of the entries whose sequence numbers are in ``want`` are kept, to compare
    with recorded heads afterwards.
    """
    expected_seq = start.seq + 1
    prev = start.hash
    count = 0
    digest = hmac.digest
    sha256 = hashlib.sha256
    encode = _encode
    hashes: dict[int, str] = {}
    for row in rows:
        seq = row[0]
        if seq != expected_seq:
            problem = (
                f"entry {expected_seq} is missing (the next entry present is {seq})"
                if seq > expected_seq
                else f"entry {seq} appears out of order after entry {expected_seq - 1}"
            )
            return ChainWalk(count, Head(expected_seq - 1, prev), expected_seq, problem, hashes)
        if row[12] != prev:
            return ChainWalk(
                count,
                Head(seq - 1, prev),
                seq,
                f"entry {seq} does not follow entry {seq - 1}: its previous-hash does not "
                "match (entries were inserted, removed, reordered or the one before changed)",
                hashes,
            )
        head = encode(
            [FORMAT_VERSION, seq, row[1], row[2], row[3], row[4], row[5], row[6], row[7],
             row[8], row[9], row[10], row[12]]
        )  # fmt: skip
        actual = digest(key, (head + "\n" + row[11]).encode("utf-8"), sha256).hex()
        if actual != row[13]:
            return ChainWalk(
                count,
                Head(seq - 1, prev),
                seq,
                f"entry {seq} was altered: its content does not match its hash",
                hashes,
            )
        prev = row[13]
        count += 1
        if seq in want:
            hashes[seq] = prev
        expected_seq = seq + 1
    return ChainWalk(count, Head(expected_seq - 1, prev), None, "", hashes)


def finish_report(walk: ChainWalk, anchors: Iterable[Anchor], key_source: str) -> VerifyReport:
    """Turn a chain walk plus recorded heads into a report."""
    if walk.first_bad is not None:
        return VerifyReport(
            False, walk.entries, walk.head, key_source, walk.first_bad, walk.problem
        )
    names: list[str] = []
    for anchor in anchors:
        names.append(anchor.source)
        if anchor.seq > walk.head.seq:
            return VerifyReport(
                False,
                walk.entries,
                walk.head,
                key_source,
                walk.head.seq + 1,
                f"entries {walk.head.seq + 1} to {anchor.seq} are missing: the log ends at "
                f"entry {walk.head.seq} but {anchor.source} records entry {anchor.seq}",
                tuple(names),
            )
        seen = walk.hashes.get(anchor.seq)
        if anchor.seq > 0 and seen is not None and seen != anchor.hash:
            return VerifyReport(
                False,
                walk.entries,
                walk.head,
                key_source,
                anchor.seq,
                f"entry {anchor.seq} differs from the one {anchor.source} records",
                tuple(names),
            )
    return VerifyReport(True, walk.entries, walk.head, key_source, checked_anchors=tuple(names))


# Public names for readers of the log table (review queries, exports).
ENTRY_COLUMNS = _COLUMNS
row_to_entry = _row_to_entry
