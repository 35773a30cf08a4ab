"""Moving a single user's workspace into a team database, search log included.

What moves and how (the decisions, for the README):

* The workspace keeps its identity: same workspace id, same search-log key, same PII
  key. The team database therefore takes over the single user's keys, and the
  administrator hands them to the other desktops with ``team export-keys``.
* Every table is copied row for row, the search log verbatim (same sequence numbers,
  timestamps, users and hashes), so the migrated chain verifies with the same key and
  an auditor's earlier export of the old log still matches it.
* Full SSNs and dates of birth are copied as ciphertexts, not re-encrypted: the PII key
  moves with the workspace, and each ciphertext is bound to its account id and field,
  which do not change.
* The target must not hold a workspace yet (an empty database, or one prepared by
  ``team setup-db``): merging two chains would mean rewriting one of them.
* Everything is copied in one transaction, then a ``workspace.migrated`` entry is
  appended to the moved chain and the whole chain is verified.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from skiptrace.gate.roles import MAY_ADMINISTER, Role, require_role
from skiptrace.searchlog.events import WORKSPACE_MIGRATED
from skiptrace.searchlog.verification import VerifyReport
from skiptrace.store import schema
from skiptrace.store.engine import display_url, make_engine, to_url, write_connection
from skiptrace.store.migrations import current_version, migrate
from skiptrace.workspace.keys import (
    LOG_KEY,
    PII_KEY,
    FileKeyStore,
    KeyringStore,
    KeyStore,
    key_source_for,
)
from skiptrace.workspace.workspace import Workspace, open_workspace

_BATCH = 2_000
# copied by hand: identity rows are rewritten, the head is set from the copied log
_SPECIAL = {"meta", "log_head"}


class MigrationRefused(RuntimeError):
    """The target cannot take this workspace (it already holds one, or is not reachable)."""


@dataclass(frozen=True)
class MigrationReport:
    """What was moved, and the verification of the moved chain."""

    target: str
    rows: dict[str, int]
    verify: VerifyReport


def _batches(conn: sa.Connection, table: sa.Table) -> Iterator[list[dict[str, Any]]]:
    order = list(table.primary_key.columns) or list(table.columns)
    result = conn.execution_options(stream_results=True).execute(sa.select(table).order_by(*order))
    while True:
        rows = result.fetchmany(_BATCH)
        if not rows:
            return
        yield [dict(r._mapping) for r in rows]


def _reset_sequences(conn: sa.Connection, table: sa.Table) -> None:
    # rows kept their ids; the target's id sequences must continue after them
    if conn.dialect.name != "postgresql":
        return
    for column in table.primary_key.columns:
        if column.autoincrement is True or (
            column.autoincrement == "auto" and isinstance(column.type, sa.Integer)
        ):
            seq = conn.scalar(
                sa.text("SELECT pg_get_serial_sequence(:t, :c)"),
                {"t": table.name, "c": column.name},
            )
            if seq:
                conn.execute(
                    sa.text(
                        f"SELECT setval(:s, COALESCE((SELECT MAX({column.name}) "
                        f"FROM {table.name}), 0) + 1, false)"
                    ),
                    {"s": seq},
                )


def migrate_workspace(
    source: Workspace, target_url: str, *, target_key_file: Path | None = None
) -> MigrationReport:
    """Copy ``source`` (log, accounts, everything) into the database at ``target_url``.

    Only the source's administrator may move it. Returns the row counts per table and
    the verification of the moved chain; nothing is written to the target unless all
    of it is.
    """
    require_role(source.engine, source.actor.user, MAY_ADMINISTER, "move this workspace")
    target_url = to_url(target_url)
    keys: KeyStore = (
        FileKeyStore(target_key_file) if target_key_file else KeyringStore(source.workspace_id)
    )
    # the keys first: a failed copy leaves only keys the source already had
    for name in (LOG_KEY, PII_KEY):
        value = source.keys.get(name)
        if value is not None and keys.get(name) != value:
            keys.set(name, value)
    engine = make_engine(target_url)
    counts: dict[str, int] = {}
    try:
        with write_connection(engine) as dst, dst.begin(), source.engine.connect() as src:
            version = current_version(dst)
            if version is not None and dst.scalar(
                sa.select(schema.meta.c.value).where(schema.meta.c.key == "workspace_id")
            ):
                raise MigrationRefused(
                    f"{display_url(target_url)} already holds a workspace; move a single "
                    "user's workspace into a fresh team database (team setup-db)"
                )
            migrate(dst)
            if dst.scalar(sa.select(sa.func.count()).select_from(schema.audit_log)):
                raise MigrationRefused(f"{display_url(target_url)} already holds log entries")
            for table in schema.metadata.sorted_tables:
                if table.name in _SPECIAL:
                    continue
                counts[table.name] = 0
                for batch in _batches(src, table):
                    dst.execute(table.insert(), batch)
                    counts[table.name] += len(batch)
                _reset_sequences(dst, table)
            head = src.execute(
                sa.select(schema.log_head.c.seq, schema.log_head.c.hash).where(
                    schema.log_head.c.id == 1
                )
            ).one()
            dst.execute(
                schema.log_head.update()
                .where(schema.log_head.c.id == 1)
                .values(seq=head.seq, hash=head.hash)
            )
            identity = {
                r.key: r.value
                for r in src.execute(sa.select(schema.meta)).all()
                if r.key not in ("schema_version", "key_source")
            }
            identity["key_source"] = key_source_for(keys)
            dst.execute(schema.meta.insert(), [{"key": k, "value": v} for k, v in identity.items()])
            if counts.get("users", 0) == 0:
                # the single user was the administrator; on the team they stay one
                dst.execute(
                    schema.users.insert().values(
                        name=source.actor.user,
                        role=Role.ADMINISTRATOR.value,
                        display_name="",
                        created_at=identity.get("created_at", ""),
                    )
                )
            source.log.append(
                WORKSPACE_MIGRATED,
                details={
                    "from": source.path.name if source.path else display_url(source.url),
                    "to": display_url(target_url),
                    "entries": counts.get("audit_log", 0),
                    "head": head.hash,
                },
                conn=dst,
            )
    finally:
        engine.dispose()
    moved = open_workspace(target_url, actor=source.actor, key_file=target_key_file)
    with moved:
        report = moved.log.verify()
    return MigrationReport(display_url(target_url), counts, report)
