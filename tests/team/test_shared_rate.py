"""A connector's rate limit shared through the team database: two desktops (two engines)
asking one source together keep to its rate, not twice it; a slot not used is given back;
a team batch uses the shared limit."""

from __future__ import annotations

import threading
import time

import pytest
import sqlalchemy as sa

from connectors.demo import DemoRecords
from skiptrace.batch.queue import create_batch
from skiptrace.batch.runner import run_batch
from skiptrace.batch.selection import Selection
from skiptrace.batch.shared_rate import SharedTokenBucket, shared_buckets
from skiptrace.demo.workspace import create_demo
from skiptrace.model import Workstation
from skiptrace.portfolio.importer import import_portfolio
from skiptrace.resources import resource
from skiptrace.sources.model import CancelToken, RateLimit, SourceFailure, Status
from skiptrace.sources.registry import ConnectorRegistry
from skiptrace.sources.settings import set_setting
from skiptrace.store.engine import make_engine
from skiptrace.workspace.workspace import Workspace
from tests.unit.batch.conftest import WHY

pytestmark = pytest.mark.postgres


def _desk_engines(pg_workspace: Workspace, team_url: str) -> list[sa.Engine]:
    assert pg_workspace.engine.dialect.name == "postgresql"  # the tables exist
    return [make_engine(team_url), make_engine(team_url)]


def test_two_desktops_share_one_rate(pg_workspace: Workspace, team_url: str) -> None:
    engines = _desk_engines(pg_workspace, team_url)
    limit = RateLimit(per_second=20, burst=1)
    buckets = [SharedTokenBucket(e, "acme", limit) for e in engines]
    sent: list[float] = []
    lock = threading.Lock()

    def ask(bucket: SharedTokenBucket) -> None:
        for _ in range(10):
            bucket.acquire(time.monotonic() + 30, CancelToken())
            with lock:
                sent.append(time.monotonic())

    started = time.monotonic()
    threads = [threading.Thread(target=ask, args=(b,)) for b in buckets for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    # 40 requests at 20 a second, one at once: 39 intervals of 50 ms. Each desktop keeping
    # its own bucket would have sent them in about half that.
    assert len(sent) == 40
    assert elapsed >= 39 / 20 * 0.9
    sent.sort()
    in_any_second = max(sum(1 for s in sent if start <= s < start + 1.0) for start in sent)
    assert in_any_second <= 21
    for e in engines:
        e.dispose()


def test_a_slot_that_cannot_be_used_by_the_deadline_is_given_back(
    pg_workspace: Workspace, team_url: str
) -> None:
    engine = _desk_engines(pg_workspace, team_url)[0]
    bucket = SharedTokenBucket(engine, "slow-vendor", RateLimit(per_second=1, burst=1))
    bucket.acquire(time.monotonic() + 5, CancelToken())  # the first goes at once
    with pytest.raises(SourceFailure) as refused:
        bucket.acquire(time.monotonic() + 0.1, CancelToken())
    assert refused.value.status is Status.RATE_LIMITED
    # the refused caller's slot went back: the next waits one interval, not two
    started = time.monotonic()
    bucket.acquire(time.monotonic() + 5, CancelToken())
    assert time.monotonic() - started < 1.6
    engine.dispose()


def test_sqlite_keeps_buckets_in_the_process(tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws, _ = create_demo(tmp_path / "demo.sqlite", Workstation("tester", "host", "0.1.0"))
    assert shared_buckets(ws.engine) is None
    ws.close()


def test_a_team_batch_asks_through_the_shared_limit(pg_workspace: Workspace, tmp_path) -> None:  # type: ignore[no-untyped-def]
    portfolio = tmp_path / "portfolio.csv"
    portfolio.write_bytes(resource("demo/portfolio.csv").read_bytes())
    import_portfolio(pg_workspace, portfolio)
    set_setting(
        pg_workspace.engine, pg_workspace.log, DemoRecords.manifest, "rate_per_second", "500"
    )
    batch = create_batch(pg_workspace, Selection(query="demo-100"), ["fcra-604a3a"], WHY)
    summary = run_batch(pg_workspace, ConnectorRegistry.of(DemoRecords), batch.batch_id)
    assert summary.progress.done == summary.progress.total > 0  # (the rest skipped: closed)
    with pg_workspace.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT connector_id FROM rate_limits")).all()
    # the batch's bucket for the limited source is the database's (the demo source is
    # offline, so it never has to wait on it; the HTTP helper does)
    assert [r.connector_id for r in rows] == ["demo"]
