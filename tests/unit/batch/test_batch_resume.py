"""A batch killed with SIGKILL midway and resumed: every account has exactly one completed
search in the log, the searches cut short are closed as interrupted, none is asked twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from skiptrace.batch.model import BatchState, ItemState
from skiptrace.batch.queue import create_batch, item_counts
from skiptrace.batch.runner import batch_status, resume_batch, run_batch
from skiptrace.batch.selection import Selection
from skiptrace.demo.workspace import demo_key_file
from skiptrace.searchlog.events import BATCH_COMPLETED, SEARCH_COMPLETED, SEARCH_STARTED
from skiptrace.workspace.workspace import Workspace
from tests.helpers.batch_sources import configure, loopback_sources, registry
from tests.unit.batch.conftest import WHY

ROOT = Path(__file__).resolve().parents[3]


def _done(ws: Workspace, batch_id: str) -> int:
    with ws.engine.connect() as conn:
        return item_counts(conn, batch_id)[ItemState.DONE]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_killed_midway_then_resumed_logs_one_completed_search_per_account(
    demo: Workspace, demo_path: Path
):
    with loopback_sources(delay=0.1) as (url, asked):
        configure(demo, url)
        batch = create_batch(
            demo, Selection(query="demo-101"), ["fcra-604a3a"], WHY, connectors=["slow"]
        )
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.helpers.batch_worker", str(demo_path), batch.batch_id,
             str(demo_key_file(demo_path))],
            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while _done(demo, batch.batch_id) < 12 and time.monotonic() < deadline:
            assert child.poll() is None, child.communicate()
            time.sleep(0.05)
        child.send_signal(signal.SIGKILL)
        child.wait(10)
        killed_at = _done(demo, batch.batch_id)
        assert batch_status(demo, batch.batch_id) is BatchState.INTERRUPTED

        resume_batch(demo, batch.batch_id)
        summary = run_batch(demo, registry(), batch.batch_id, workers=4)

    assert summary.state is BatchState.DONE
    assert summary.recovery.interrupted >= 1  # the searches in flight when it was killed
    with demo.engine.connect() as conn:
        counts = item_counts(conn, batch.batch_id)
    searched = counts[ItemState.DONE] + counts[ItemState.INTERRUPTED]
    assert counts[ItemState.PENDING] == counts[ItemState.CLAIMED] == 0
    assert counts[ItemState.DONE] > killed_at

    log = list(demo.log.entries())
    started = Counter(e.account_id for e in log if e.event == SEARCH_STARTED)
    completed = Counter(e.account_id for e in log if e.event == SEARCH_COMPLETED)
    assert len(started) == searched and set(started.values()) == {1}
    assert completed == started  # exactly one completed search per account
    interrupted = [e for e in log if e.event == SEARCH_COMPLETED and e.details.get("interrupted")]
    assert len(interrupted) == counts[ItemState.INTERRUPTED] == summary.recovery.interrupted
    assert all(
        o["status"] == "interrupted" for e in interrupted for o in e.details["outcomes"].values()
    )
    assert max(asked.asked["slow"].values()) == 1  # no account asked twice
    (ended,) = [e for e in log if e.event == BATCH_COMPLETED]
    assert ended.details["counts"]["interrupted"] == counts[ItemState.INTERRUPTED]
    assert demo.log.verify().ok
