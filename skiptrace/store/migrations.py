"""Versioned schema migrations, so a workspace made by one version opens in the next.

A new workspace gets the whole current schema at once and is stamped with
``SCHEMA_VERSION``. An older workspace runs each step in ``STEPS`` from its version up;
step ``n`` brings a version ``n - 1`` workspace to version ``n`` and must leave it as a
fresh one would be. Database guards (append-only triggers) are (re)installed after
either path (on PostgreSQL only when something changed: see ``migrate``).
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

from skiptrace.store import schema

SCHEMA_VERSION = 6


def _v2_review(conn: sa.Connection) -> None:
    """Compliance review: collector profile columns and log indexes."""
    for column in ("last_name", "address"):
        conn.exec_driver_sql(f"ALTER TABLE users ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")
    for index in schema.audit_log.indexes:
        index.create(conn, checkfirst=True)


def _v3_contact(conn: sa.Connection) -> None:
    """Contact: account contact profiles, call attempts, SCRA results."""
    for table in (schema.contact_profiles, schema.contact_attempts, schema.scra_results):
        table.create(conn, checkfirst=True)


def _v4_batches(conn: sa.Connection) -> None:
    """Batch runs: the batch, its queue of accounts, the workers claiming from it."""
    for table in (schema.batches, schema.batch_accounts, schema.batch_workers):
        table.create(conn, checkfirst=True)


def _v5_debtor_links(conn: sa.Connection) -> None:
    """The same debtor across accounts: the link table."""
    schema.debtor_links.create(conn, checkfirst=True)


def _v6_rate_limits(conn: sa.Connection) -> None:
    """Rate limits shared by a team's desktops: one row per connector."""
    schema.rate_limits.create(conn, checkfirst=True)


# version reached -> function bringing the previous version up to it
STEPS: dict[int, Callable[[sa.Connection], None]] = {
    2: _v2_review,
    3: _v3_contact,
    4: _v4_batches,
    5: _v5_debtor_links,
    6: _v6_rate_limits,
}


class WorkspaceTooNew(RuntimeError):
    """The workspace was made by a newer skiptrace than this one."""


def current_version(conn: sa.Connection) -> int | None:
    """The workspace's schema version, or None for an empty database."""
    if not sa.inspect(conn).has_table("meta"):
        return None
    row = conn.execute(
        sa.select(schema.meta.c.value).where(schema.meta.c.key == "schema_version")
    ).first()
    return int(row[0]) if row else None


def migrate(conn: sa.Connection) -> int:
    """Bring the database to ``SCHEMA_VERSION``; returns the version it started at (0 if new)."""
    version = current_version(conn)
    if version is None:
        schema.metadata.create_all(conn)
        conn.execute(schema.log_head.insert().values(id=1, seq=0, hash="0" * 64))
        _set_version(conn, SCHEMA_VERSION, insert=True)
        install_guards(conn)
        return 0
    if version > SCHEMA_VERSION:
        raise WorkspaceTooNew(
            f"this workspace has schema version {version}; this skiptrace understands up to "
            f"{SCHEMA_VERSION}: update skiptrace to open it"
        )
    for target in range(version + 1, SCHEMA_VERSION + 1):
        STEPS[target](conn)
        _set_version(conn, target, insert=False)
    # On a server the guards are reinstalled only when the schema changed: that needs
    # the table owner (an application role may not) and locks the log against every
    # desktop of the team; SQLite's IF NOT EXISTS makes it free there.
    if version < SCHEMA_VERSION or conn.dialect.name == "sqlite":
        install_guards(conn)
    return version


def _set_version(conn: sa.Connection, version: int, *, insert: bool) -> None:
    if insert:
        conn.execute(schema.meta.insert().values(key="schema_version", value=str(version)))
    else:
        conn.execute(
            schema.meta.update()
            .where(schema.meta.c.key == "schema_version")
            .values(value=str(version))
        )


_SQLITE_GUARDS = [
    """CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
       BEGIN SELECT RAISE(ABORT, 'the search log is append-only: entries cannot be changed');
       END""",
    # The one sanctioned delete: entries at or below the archived head recorded in meta
    # (skiptrace.review.retention), whose sealed export and head hash stay in the log.
    """CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
       WHEN OLD.seq > COALESCE(
         (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'log_archived_seq'), 0)
       BEGIN SELECT RAISE(ABORT, 'the search log is append-only: entries cannot be deleted');
       END""",
]

_POSTGRES_GUARDS = [
    """CREATE OR REPLACE FUNCTION skiptrace_log_append_only() RETURNS trigger AS $$
       BEGIN
         IF TG_OP = 'DELETE' THEN
           IF OLD.seq <= COALESCE(
               (SELECT value::bigint FROM meta WHERE key = 'log_archived_seq'), 0) THEN
             RETURN OLD;
           END IF;
         END IF;
         -- no percent sign anywhere: the driver would take it for a parameter
         RAISE EXCEPTION USING
           ERRCODE = 'insufficient_privilege',
           MESSAGE = 'the search log is append-only: entries cannot be ' ||
             CASE TG_OP WHEN 'UPDATE' THEN 'changed'
                        WHEN 'TRUNCATE' THEN 'truncated'
                        ELSE 'deleted' END;
       END $$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log",
    """CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
       FOR EACH ROW EXECUTE FUNCTION skiptrace_log_append_only()""",
    "DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log",
    """CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
       FOR EACH STATEMENT EXECUTE FUNCTION skiptrace_log_append_only()""",
]


def install_guards(conn: sa.Connection) -> None:
    """Make the database itself refuse UPDATE and DELETE on the search log."""
    statements = _SQLITE_GUARDS if conn.dialect.name == "sqlite" else _POSTGRES_GUARDS
    if conn.dialect.name == "sqlite":
        # Replace a delete guard from before archiving existed, once: DDL on every open
        # would make desktops opening the workspace at the same moment wait on each other.
        old = conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_log_no_delete'"
        ).scalar()
        if old is not None and "log_archived_seq" not in old:
            conn.exec_driver_sql("DROP TRIGGER audit_log_no_delete")
    for statement in statements:
        conn.exec_driver_sql(statement)
