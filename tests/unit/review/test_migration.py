"""A workspace made before the review feature (schema 1) opens and gains what review needs."""

from __future__ import annotations

import sqlite3

from skiptrace.review.profiles import profiles, set_profile
from skiptrace.store.engine import to_url
from skiptrace.workspace.workspace import open_workspace
from tests.helpers.workspaces import ACTOR, new_workspace


def test_schema_1_workspace_is_migrated(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "old.sqlite"
    new_workspace(path).close()
    con = sqlite3.connect(path)  # make it look like a schema-1 workspace
    con.execute("DROP INDEX ix_audit_event_ts")
    con.execute("DROP INDEX ix_audit_subject_seq")
    con.execute("ALTER TABLE users DROP COLUMN last_name")
    con.execute("ALTER TABLE users DROP COLUMN address")
    con.execute("DROP TRIGGER audit_log_no_delete")
    con.execute(
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'the search log is append-only'); END"
    )
    con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    ws = open_workspace(to_url(str(path)), actor=ACTOR)
    set_profile(ws.engine, "alice", "Anders", "1 Alpha Rd, Springfield, IL 62701")
    assert profiles(ws.engine)["alice"].last_name == "Anders"
    assert ws.log.verify().ok
    ws.close()
    con = sqlite3.connect(path)
    names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"ix_audit_event_ts", "ix_audit_subject_seq"} <= names
    guard = con.execute("SELECT sql FROM sqlite_master WHERE name = 'audit_log_no_delete'")
    assert "log_archived_seq" in guard.fetchone()[0]
    con.close()
