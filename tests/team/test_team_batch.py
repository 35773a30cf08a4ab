"""Three processes share one batch on a PostgreSQL workspace: each claims accounts from the
queue (FOR UPDATE SKIP LOCKED), none is searched twice, and a desktop that dies has its
claims taken back."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
import sqlalchemy as sa

from skiptrace.batch.claims import W, recover
from skiptrace.batch.model import ItemState
from skiptrace.batch.queue import BA, claim, create_batch, item_counts
from skiptrace.batch.selection import Selection
from skiptrace.clock import utc_now
from skiptrace.model import Workstation
from skiptrace.portfolio.importer import import_portfolio
from skiptrace.resources import resource
from skiptrace.searchlog.events import BATCH_COMPLETED, SEARCH_COMPLETED, SEARCH_STARTED
from skiptrace.store.db_clock import database_seconds
from skiptrace.store.engine import write_connection
from skiptrace.workspace.workspace import Workspace, create_workspace
from tests.helpers.batch_sources import configure, loopback_sources
from tests.unit.batch.conftest import WHY

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def team_demo(team_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    keys = tmp_path / "team.keys"
    ws = create_workspace(
        team_url, actor=Workstation("tester", "test-host", "0.1.0"), key_file=keys
    )
    portfolio = tmp_path / "portfolio.csv"
    portfolio.write_bytes(resource("demo/portfolio.csv").read_bytes())
    import_portfolio(ws, portfolio)
    yield ws, keys
    ws.close()


def _worker(url: str, batch_id: str, keys: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.batch_worker", url, batch_id, str(keys), "30"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _counts(ws: Workspace, batch_id: str) -> dict[ItemState, int]:
    with ws.engine.connect() as conn:
        return item_counts(conn, batch_id)


def test_three_processes_share_a_batch_and_a_dead_one_releases_its_claims(team_demo, team_url):  # type: ignore[no-untyped-def]
    ws, keys = team_demo
    with loopback_sources(delay=0.05) as (url, asked):
        configure(ws, url)
        batch = create_batch(
            ws, Selection(query="demo-10"), ["fcra-604a3a"], WHY, connectors=["slow"]
        )
        workers = [_worker(team_url, batch.batch_id, keys) for _ in range(3)]
        deadline = time.monotonic() + 60
        while _counts(ws, batch.batch_id)[ItemState.DONE] < 15 and time.monotonic() < deadline:
            time.sleep(0.05)
        workers[0].send_signal(signal.SIGKILL)  # one desktop dies mid-batch
        workers[0].wait(10)  # reaped, as a dead desktop's process is
        outputs = [w.communicate(timeout=120) for w in workers]
    survivors = [out.split() for out, _err in outputs[1:]]
    assert all(w.returncode == 0 for w in workers[1:]), outputs
    assert all(s[0] == "done" and int(s[1]) > 0 for s in survivors), survivors

    counts = _counts(ws, batch.batch_id)
    assert counts[ItemState.PENDING] == counts[ItemState.CLAIMED] == 0
    log = list(ws.log.entries())
    started = Counter(e.account_id for e in log if e.event == SEARCH_STARTED)
    completed = Counter(e.account_id for e in log if e.event == SEARCH_COMPLETED)
    assert set(started.values()) == {1} and completed == started
    assert len(started) == counts[ItemState.DONE] + counts[ItemState.INTERRUPTED]
    assert max(asked.asked["slow"].values()) == 1  # no account searched twice
    assert [e.details["state"] for e in log if e.event == BATCH_COMPLETED] == ["done"]
    assert ws.log.verify().ok


def test_claims_of_a_desktop_silent_past_the_timeout_go_back_to_the_queue(team_demo):  # type: ignore[no-untyped-def]
    ws, _keys = team_demo
    batch = create_batch(ws, Selection(query="demo-100"), ["fcra-604a3a"], WHY, connectors=["slow"])
    long_ago = "2020-01-01T00:00:00.000000Z"
    with write_connection(ws.engine) as conn, conn.begin():
        db_now = conn.execute(sa.select(database_seconds(conn))).scalar_one()
        # the database's clock decides, not the desktops': the dead desktop's own clock
        # says it beat just now, the live one's clock is years behind
        for name, own_clock, beat in (
            ("far-desktop:1:dead", utc_now(), float(db_now) - 3600),
            ("near-desktop:2:alive", long_ago, float(db_now)),
        ):
            conn.execute(
                W.insert().values(
                    worker_id=name, batch_id=batch.batch_id, user_name="tester",
                    host=name.split(":")[0], pid=1, started_at=long_ago,
                    heartbeat_at=own_clock, heartbeat_mono=beat, state="running",
                )
            )  # fmt: skip
        dead = claim(conn, batch.batch_id, "far-desktop:1:dead", 3)
        alive = claim(conn, batch.batch_id, "near-desktop:2:alive", 2)
    # while a claim is held, nobody else gets the account
    with write_connection(ws.engine) as conn, conn.begin():
        held = {c.account_id for c in dead + alive}
        again = claim(conn, batch.batch_id, "third:3:x", 100)
        assert held.isdisjoint(c.account_id for c in again)
        conn.execute(
            BA.update()
            .where(BA.c.batch_id == batch.batch_id, BA.c.worker_id == "third:3:x")
            .values(state="pending", worker_id="", search_id="")
        )
    recovery = recover(ws, batch.batch_id, claim_timeout=60)
    assert (recovery.released, recovery.interrupted) == (3, 0)
    assert recovery.dead_workers == ("far-desktop:1:dead",)
    with ws.engine.connect() as conn:
        states = dict(
            conn.execute(
                sa.select(BA.c.account_id, BA.c.state).where(BA.c.batch_id == batch.batch_id)
            ).all()
        )
    assert {states[c.account_id] for c in dead} == {"pending"}
    assert {states[c.account_id] for c in alive} == {"claimed"}
