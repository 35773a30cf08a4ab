"""Archiving past-retention entries keeps the live chain verifiable, online and offline."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from skiptrace import verify
from skiptrace.review.retention import (
    ArchiveRefused,
    archivable_through,
    archive,
    load_policy,
)
from skiptrace.searchlog.events import DPPA_REDISCLOSED
from skiptrace.searchlog.export import export
from tests.helpers.loggen import Planned, bulk_append, search

NOW = datetime(2032, 1, 1, tzinfo=UTC)  # 3 years back: 2029-01-01; 5 years back: 2027-01-01


@pytest.fixture
def aged(workspace):  # type: ignore[no-untyped-def]
    bulk_append(
        workspace,
        [
            search("2027-03-01T10:00:00.000000Z", "alice", "A-1"),  # 2
            search("2027-03-02T10:00:00.000000Z", "alice", "A-1"),  # 3
            search("2027-03-03T10:00:00.000000Z", "alice", "A-1"),  # 4
            Planned("2027-04-01T10:00:00.000000Z", "alice", DPPA_REDISCLOSED, "A-3"),  # 5
            search("2027-05-01T10:00:00.000000Z", "alice", "A-3"),  # 6
            search("2027-06-01T10:00:00.000000Z", "alice", "A-1"),  # 7
            search("2027-07-01T10:00:00.000000Z", "bob", "A-2"),  # 8
            search("2030-01-01T10:00:00.000000Z", "bob", "A-2"),  # 9
        ],
    )
    return workspace


def test_the_archivable_prefix_follows_last_activity_and_dppa(aged) -> None:  # type: ignore[no-untyped-def]
    policy = load_policy(aged.engine)
    # entry 5 is on an account whose DPPA data was re-disclosed: kept five years
    assert archivable_through(aged.engine, policy, NOW) == 4
    later = datetime(2033, 1, 1, tzinfo=UTC)
    # A-1's last activity (entry 7) is old enough, A-2's (entry 9) is not
    assert archivable_through(aged.engine, policy, later) == 7


def test_archive_keeps_the_chain_verifiable(aged, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "archive-1.jsonl"
    result = archive(aged, out, now=NOW)
    assert (result.first_seq, result.through_seq, result.entries) == (1, 4, 4)
    assert out.stat().st_mode & 0o222 == 0
    assert next(e.seq for e in aged.log.entries()) == 5
    report = aged.log.verify()
    assert report.ok, report.summary()
    assert result.record.event == "log.archived"
    assert result.record.details["through_hash"] == result.through_hash
    key = tmp_path / "k"
    key.write_text(aged.keys.get("log-key"))
    assert verify.walk(out, verify.load_key(key)).ok
    live = tmp_path / "live.jsonl"
    export(aged.log.entries(), "jsonl", live)
    res = verify.walk(live, verify.load_key(key))
    assert res.ok and "entries 1 to 4 were archived" in res.note
    assert verify.walk(live, verify.load_key(key), follows=verify.last_entry(out)).ok


def test_deletes_beyond_the_archive_are_still_refused_and_caught(aged, tmp_path) -> None:  # type: ignore[no-untyped-def]
    archive(aged, tmp_path / "a.jsonl", now=NOW)
    con = sqlite3.connect(aged.path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        con.execute("DELETE FROM audit_log WHERE seq = 5")
    # someone moves the archive mark to delete more: verify notices
    con.execute("UPDATE meta SET value = '6' WHERE key = 'log_archived_seq'")
    con.execute("DELETE FROM audit_log WHERE seq <= 6")
    con.commit()
    con.close()
    report = aged.log.verify()
    assert not report.ok


def test_nothing_old_enough_and_no_overwrite(aged, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ArchiveRefused, match="no entries are past"):
        archive(aged, tmp_path / "a.jsonl", now=datetime(2027, 1, 1, tzinfo=UTC))
    with pytest.raises(ArchiveRefused, match="still within the retention period"):
        archive(aged, tmp_path / "a.jsonl", through=6, now=NOW)
    (tmp_path / "b.jsonl").write_text("")
    with pytest.raises(FileExistsError):
        archive(aged, tmp_path / "b.jsonl", now=NOW)
    assert aged.log.count() == 9
