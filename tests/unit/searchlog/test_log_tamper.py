"""Tampering with the search log through raw SQL is caught, naming the first bad entry."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from skiptrace.searchlog import anchors
from skiptrace.searchlog.encoding import GENESIS, entry_hash
from skiptrace.searchlog.entry import Anchor
from skiptrace.searchlog.verification import VerifyReport
from skiptrace.store.engine import to_url
from skiptrace.workspace.workspace import Workspace, open_workspace
from tests.helpers.workspaces import ACTOR


def fill(ws: Workspace, n: int = 10) -> None:
    for i in range(n):
        ws.log.append(
            "search.started",
            account_id=f"A-{i}",
            purposes=["fcra-604a3a"],
            justification=f"Letter {i} returned, address needed",
            details={"i": i},
        )


def raw(ws: Workspace) -> sqlite3.Connection:
    """A plain sqlite3 connection with the append-only triggers dropped, as an attacker would."""
    ws.engine.dispose()
    con = sqlite3.connect(ws.path)
    con.execute("DROP TRIGGER audit_log_no_update")
    con.execute("DROP TRIGGER audit_log_no_delete")
    return con


def reopen(ws: Workspace) -> Workspace:
    return open_workspace(ws.url, actor=ACTOR)


def tampered(ws: Workspace, sql: str) -> VerifyReport:
    """Fill the log, change it with ``sql`` behind the program's back, verify it afresh."""
    fill(ws)
    con = raw(ws)
    con.execute(sql)
    con.commit()
    return reopen(ws).log.verify()


def test_intact_chain_verifies(workspace):
    fill(workspace)
    report = workspace.log.verify()
    assert report.ok, report.summary()
    assert report.entries == 11  # workspace.created + 10
    assert report.summary().startswith("chain intact: 11 entries, head ")


def test_database_refuses_update_and_delete(workspace):
    fill(workspace, 2)
    workspace.engine.dispose()
    con = sqlite3.connect(workspace.path)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        con.execute("UPDATE audit_log SET justification = 'x' WHERE seq = 2")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        con.execute("DELETE FROM audit_log WHERE seq = 3")
    con.close()


def test_edited_field_is_caught(workspace):
    report = tampered(
        workspace, "UPDATE audit_log SET justification = 'routine check' WHERE seq = 5"
    )
    assert not report.ok
    assert report.first_bad == 5
    assert "altered" in report.problem


@pytest.mark.parametrize(
    "column",
    [
        "user_name",
        "account_id",
        "purposes",
        "details",
        "ts",
        "event",
        "workstation",
        "purpose_source",
        "subject_type",
    ],
)
def test_every_column_is_sealed(workspace, column):
    report = tampered(workspace, f"UPDATE audit_log SET {column} = {column} || ' ' WHERE seq = 7")
    assert (report.ok, report.first_bad) == (False, 7)


def test_deleted_entry_is_caught(workspace):
    report = tampered(workspace, "DELETE FROM audit_log WHERE seq = 4")
    assert (report.ok, report.first_bad) == (False, 4)
    assert "missing" in report.problem


def test_inserted_entry_is_caught(workspace):
    fill(workspace)
    con = raw(workspace)
    # make room at seq 6 and insert a forged entry that links to entry 5
    rows = con.execute("SELECT seq FROM audit_log WHERE seq >= 6 ORDER BY seq DESC").fetchall()
    for (seq,) in rows:
        con.execute("UPDATE audit_log SET seq = seq + 1 WHERE seq = ?", (seq,))
    prev = con.execute("SELECT hash FROM audit_log WHERE seq = 5").fetchone()[0]
    con.execute(
        "INSERT INTO audit_log VALUES (6, '2026-01-01T00:00:00Z', 'mallory', 'x', '0.1.0', "
        "'search.started', 'A-99', 'debtor', 'fcra-604a3a', 'chosen', 'forged', '{}', ?, ?)",
        (prev, entry_hash(b"k" * 32, b"forged")),
    )
    con.commit()
    report = reopen(workspace).log.verify()
    assert (report.ok, report.first_bad) == (False, 6)


def test_swapped_entries_are_caught(workspace):
    fill(workspace)
    con = raw(workspace)
    cols = (
        "ts, user_name, workstation, app_version, event, account_id, subject_type, "
        "purposes, purpose_source, justification, details, prev_hash, hash"
    )
    a = con.execute(f"SELECT {cols} FROM audit_log WHERE seq = 3").fetchone()
    b = con.execute(f"SELECT {cols} FROM audit_log WHERE seq = 8").fetchone()
    sets = ", ".join(f"{c.strip()} = ?" for c in cols.split(","))
    con.execute(f"UPDATE audit_log SET {sets} WHERE seq = 3", b)
    con.execute(f"UPDATE audit_log SET {sets} WHERE seq = 8", a)
    con.commit()
    report = reopen(workspace).log.verify()
    assert (report.ok, report.first_bad) == (False, 3)


def test_truncated_tail_is_caught_by_the_head_record(workspace):
    report = tampered(workspace, "DELETE FROM audit_log WHERE seq > 8")
    assert (report.ok, report.first_bad) == (False, 9)
    assert "entries 9 to 11 are missing" in report.problem


def test_truncated_tail_and_head_record_is_caught_by_an_export(workspace, tmp_path):
    from skiptrace.cli import main

    fill(workspace)
    export = tmp_path / "log.jsonl"
    workspace.close()
    assert main(["--workspace", str(workspace.path), "log", "export", "--out", str(export)]) == 0
    con = raw(workspace)
    con.execute("DELETE FROM audit_log WHERE seq > 6")
    head = con.execute("SELECT seq, hash FROM audit_log WHERE seq = 6").fetchone()
    con.execute("UPDATE log_head SET seq = ?, hash = ?", head)
    con.commit()
    ws = reopen(workspace)
    assert ws.log.verify().ok  # on its own the shortened chain looks whole...
    report = ws.log.verify(anchors=[anchors.from_export(export)])
    assert (report.ok, report.first_bad) == (False, 7)  # ...but not against the export
    # and the export's head was also remembered outside the database
    report = ws.log.verify(anchors=anchors.recorded(ws.workspace_id))
    assert (report.ok, report.first_bad) == (False, 7)


def test_rewritten_chain_with_another_key_is_caught(workspace):
    """Whoever can write the file but lacks the key cannot re-seal a changed chain."""
    fill(workspace, 3)
    con = raw(workspace)
    rows = con.execute("SELECT * FROM audit_log ORDER BY seq").fetchall()
    prev = GENESIS
    from skiptrace.searchlog.encoding import canonical

    for row in rows:
        seq, ts, user, ws_, ver, event, acct, subj, purp, psrc, just, details, _, _ = row
        if seq == 2:
            just = "innocent looking text here"
        digest = entry_hash(
            b"\x00" * 32,
            canonical(seq, ts, user, ws_, ver, event, acct, subj, purp, psrc, just, prev, details),
        )
        con.execute(
            "UPDATE audit_log SET justification=?, prev_hash=?, hash=? WHERE seq=?",
            (just, prev, digest, seq),
        )
        prev = digest
    con.commit()
    report = reopen(workspace).log.verify()
    assert (report.ok, report.first_bad) == (False, 1)


def test_archived_start_anchor(tmp_path: Path):
    """A chain can be verified from a known earlier head (older entries archived)."""
    from tests.helpers.workspaces import new_workspace

    ws = new_workspace(tmp_path / "a.sqlite")
    fill(ws, 5)
    third = ws.log.get(3)
    assert third is not None
    report = ws.log.verify(start=Anchor(3, third.hash, "archive"))
    assert report.ok and report.entries == 3
    assert to_url(str(ws.path)) == ws.url


@pytest.mark.parametrize(
    ("tamper", "first_bad"),
    [
        (None, None),
        ("UPDATE audit_log SET justification = 'x' WHERE seq = 21", 21),  # first of range 2
        ("DELETE FROM audit_log WHERE seq = 21", 21),
        ("DELETE FROM audit_log WHERE seq = 20", 20),  # last of range 1
        ("UPDATE audit_log SET justification = 'x' WHERE seq = 35", 35),
    ],
)
def test_parallel_walk_finds_what_a_single_walk_finds(workspace, monkeypatch, tamper, first_bad):
    """Ranges checked in separate processes are joined without losing a break at an edge."""
    import skiptrace.searchlog.walk as chainwalk

    fill(workspace, 39)  # 40 entries: two ranges of 20
    if tamper:
        con = raw(workspace)
        con.execute(tamper)
        con.commit()
        con.close()
    ws = reopen(workspace)
    single = ws.log.verify(workers=1)
    monkeypatch.setattr(chainwalk, "PARALLEL_FROM", 10)
    parallel = ws.log.verify(workers=2)
    assert (parallel.ok, parallel.first_bad, parallel.problem, parallel.entries) == (
        single.ok,
        single.first_bad,
        single.problem,
        single.entries,
    )
    assert parallel.first_bad == first_bad
