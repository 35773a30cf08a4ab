"""The database goes away mid-search: a clear failure, nothing half-written, recovery after."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from skiptrace.gate.request import SearchRequest
from skiptrace.gate.search_entries import run_search
from skiptrace.model import Workstation
from skiptrace.searchlog.events import SEARCH_COMPLETED, SEARCH_STARTED
from skiptrace.searchlog.log import APPEND_LOCK, LogUnavailable
from skiptrace.workspace.workspace import DatabaseUnavailable, create_workspace, open_workspace
from tests.helpers import pg
from tests.helpers.pgserver import PrivateServer
from tests.helpers.workspaces import sample_debtor

pytestmark = pytest.mark.postgres

WHY = "Account 90 days past due; mail returned, phone disconnected."
ACTOR = Workstation("carla", "desk-7", "0.1.0")


def request() -> SearchRequest:
    return SearchRequest(sample_debtor(), ("fcra-604a3a",), WHY)


class Source:
    """A data source that does something to the database while it is being asked."""

    id = "source"

    def __init__(self, action) -> None:  # type: ignore[no-untyped-def]
        self.action = action

    def __call__(self, req: SearchRequest) -> str:
        self.action()
        return "answer"


def test_an_append_cut_off_mid_transaction_writes_nothing_and_the_next_one_reconnects(
    pg_workspace, team_db
) -> None:
    log = pg_workspace.log
    before = log.count()
    head_before = log.recorded_head()
    failure: list[BaseException] = []

    def append() -> None:
        try:
            log.append("test.entry", details={"n": 1})
        except BaseException as exc:
            failure.append(exc)

    blocker = pg.admin_engine(team_db, autocommit=False)
    with blocker.connect() as conn, conn.begin():
        # another desktop is mid-append: ours waits in the queue, inside its transaction
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": APPEND_LOCK})
        writer = threading.Thread(target=append)
        writer.start()
        waiting: list[sa.Row] = []
        for _ in range(200):
            waiting = pg.run_admin(
                "SELECT pid FROM pg_stat_activity WHERE datname = :d AND wait_event_type = 'Lock'",
                d=team_db,
            )
            if waiting:
                break
            time.sleep(0.05)
        assert waiting, "the append never reached the lock"
        conn.execute(sa.text("SELECT pg_terminate_backend(:p)"), {"p": waiting[0][0]})
        writer.join(30)
    blocker.dispose()

    assert len(failure) == 1 and isinstance(failure[0], LogUnavailable)
    message = str(failure[0])
    assert "connection was lost" in message and "none of it was written" in message
    assert log.count() == before
    assert log.recorded_head() == head_before
    again = log.append("test.entry", details={"n": 2})  # same workspace, fresh connection
    assert again.seq == head_before.seq + 1
    assert log.verify().ok


def test_a_search_survives_the_servers_connections_being_cut(pg_workspace, team_db) -> None:
    run = run_search(pg_workspace.log, request(), [Source(lambda: pg.terminate_backends(team_db))])
    assert [r.status for r in run.results] == ["ok"]
    assert run.completed.seq == run.started.seq + 1
    assert pg_workspace.log.verify().ok


@pytest.fixture
def private_server() -> Iterator[PrivateServer]:
    try:
        server = PrivateServer()
    except (FileNotFoundError, OSError) as exc:
        pytest.skip(f"cannot run a private PostgreSQL server here: {exc}")
    try:
        server.start()
        yield server
    finally:
        server.remove()


@pytest.mark.slow
def test_the_server_stops_mid_search_and_comes_back(private_server, tmp_path) -> None:
    ws = create_workspace(private_server.url, actor=ACTOR, key_file=tmp_path / "keys")
    try:
        started_count = ws.log.count()
        with pytest.raises(LogUnavailable) as failed:
            run_search(ws.log, request(), [Source(private_server.stop)])
        message = str(failed.value)
        assert "could not be reached or the connection was lost" in message
        assert f"the {SEARCH_COMPLETED} entry was not recorded" in message
        assert "123456789" not in message and "Kowalski" not in message

        with pytest.raises(LogUnavailable, match="nothing was searched"):
            run_search(ws.log, request(), [])
        with pytest.raises(DatabaseUnavailable, match="cannot reach the workspace database"):
            open_workspace(private_server.url, actor=ACTOR, key_file=tmp_path / "keys")

        private_server.start()
        # the same open workspace carries on: its pool reconnects
        events = [e.event for e in ws.log.entries()]
        assert events[started_count:] == [SEARCH_STARTED]  # started, never half-completed
        assert ws.log.verify().ok
        run = run_search(ws.log, request(), [Source(lambda: None)])
        assert run.completed.seq == run.started.seq + 1
        assert ws.log.verify().ok
    finally:
        ws.close()
