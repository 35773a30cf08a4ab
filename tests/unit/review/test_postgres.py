"""The review queries, anomaly rules and the archive path on PostgreSQL (team mode)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from skiptrace.model import Workstation
from skiptrace.review import query
from skiptrace.review.anomaly_pass import run_anomalies
from skiptrace.review.query import ReviewFilter
from skiptrace.review.retention import archive
from skiptrace.workspace.workspace import Workspace, create_workspace
from tests.helpers.loggen import Planned, bulk_append
from tests.helpers.pg import fresh_database, url_for
from tests.helpers.reviewdata import END, START, clean_log, plant_all

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_workspace() -> Iterator[Workspace]:
    with fresh_database("skiptrace_review") as name:
        ws = create_workspace(url_for(name), actor=Workstation("tester", "pg-host", "0.1.0"))
        try:
            yield ws
        finally:
            ws.close()


def test_filters_and_anomalies_on_postgres(pg_workspace) -> None:  # type: ignore[no-untyped-def]
    log = clean_log(pg_workspace)
    plant_all(log)
    log.write()
    engine = pg_workspace.engine
    assert query.count(engine, ReviewFilter(purpose="dppa-2721b4")) == 2
    assert query.count(engine, ReviewFilter(connector="demo-records")) > 0
    assert query.count(engine, ReviewFilter(text="SKIP TRACE needed")) == 10
    found = run_anomalies(engine, START, END)
    planted = {s for seqs in log.planted.values() for s in seqs}
    assert planted <= {s for a in found for s in a.seqs}
    assert all(set(a.seqs) & planted for a in found)


def test_outcome_filter_and_archive_on_postgres(pg_workspace, tmp_path) -> None:  # type: ignore[no-untyped-def]
    outcomes = {"a": {"status": "ok"}, "b": {"status": "timeout"}}
    bulk_append(
        pg_workspace,
        [Planned("2027-03-02T10:00:00.000000Z", "alice", "search.completed", "A-1",
                 details={"outcomes": outcomes})] * 3,
    )  # fmt: skip
    engine = pg_workspace.engine
    assert query.count(engine, ReviewFilter(outcome="timeout", connector="b")) == 3
    assert query.count(engine, ReviewFilter(outcome="timeout", connector="a")) == 0
    with engine.connect() as conn, pytest.raises(sa.exc.DBAPIError, match="append-only"):
        conn.exec_driver_sql("DELETE FROM audit_log WHERE seq = 2")
    result = archive(pg_workspace, tmp_path / "a.jsonl", now=datetime(2032, 1, 1, tzinfo=UTC))
    assert result.through_seq == 4
    assert pg_workspace.log.verify().ok
