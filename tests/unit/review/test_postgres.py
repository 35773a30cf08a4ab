"""The review queries, anomaly rules and the archive path on PostgreSQL (team mode)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from skiptrace.model import Workstation
from skiptrace.review import query
from skiptrace.review.anomalies import run_anomalies
from skiptrace.review.query import ReviewFilter
from skiptrace.review.retention import archive
from skiptrace.store.engine import to_url
from skiptrace.workspace import Workspace, create_workspace
from tests.helpers.loggen import Planned, bulk_append
from tests.helpers.reviewdata import END, START, clean_log, plant_all

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_workspace() -> Iterator[Workspace]:
    admin_url = to_url(os.environ["SKIPTRACE_TEST_PG_URL"])
    name = f"skiptrace_review_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    url = sa.engine.make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    ws = create_workspace(url, actor=Workstation("tester", "pg-host", "0.1.0"))
    yield ws
    ws.close()
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE {name} WITH (FORCE)")
    admin.dispose()


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
