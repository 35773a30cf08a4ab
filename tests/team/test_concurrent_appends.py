"""Many desktops append to one team log at once: one unforked chain, nothing lost."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
import sqlalchemy as sa

from skiptrace.gate.request import SearchRequest
from skiptrace.gate.search_entries import run_search
from skiptrace.model import Workstation
from skiptrace.searchlog.log import APPEND_LOCK
from skiptrace.store import schema
from skiptrace.workspace.workspace import create_workspace, open_workspace
from tests.helpers import pg
from tests.helpers.logwriters import WRITE_EVENT, run_writers
from tests.helpers.workspaces import sample_debtor

pytestmark = pytest.mark.postgres

WHY = "Account 90 days past due; mail returned, phone disconnected."


def test_eight_processes_append_a_thousand_entries_each_into_one_chain(
    team_db: str, team_url: str, tmp_path: Path
) -> None:
    # What is under test is serialisation, not durability: commits need not wait for the
    # disk here, which keeps the test at seconds on a busy CI machine.
    pg.run_admin(f'ALTER DATABASE "{team_db}" SET synchronous_commit = off')
    keys = tmp_path / "team.keys"
    ws = create_workspace(team_url, actor=Workstation("admin", "h", "0.1.0"), key_file=keys)
    before = ws.log.count()
    ws.close()

    codes = run_writers(team_url, keys, writers=8, count=1000)

    assert codes == [0] * 8
    ws = open_workspace(team_url, key_file=keys)
    with ws:
        report = ws.log.verify()
        assert report.ok, report.summary()
        assert ws.log.count() == before + 8000
        assert report.head.seq == before + 8000
        per_writer: dict[str, list[int]] = defaultdict(list)
        for entry in ws.log.entries(before + 1):
            assert entry.event == WRITE_EVENT
            per_writer[entry.user].append(entry.details["i"])
        # every writer's entries are all there, in the order it wrote them
        assert {w: seen == list(range(1000)) for w, seen in per_writer.items()} == {
            f"writer{n}": True for n in range(8)
        }


def test_no_lock_on_the_log_is_held_while_a_source_is_asked(pg_workspace) -> None:
    """A slow source must not stall every other desktop's searches."""
    seen: list[int] = []

    class OtherDesktopAppends:
        id = "probe"

        def __call__(self, request: SearchRequest) -> str:
            # another connection takes the head lock without waiting: nobody holds it
            with pg_workspace.engine.connect() as other, other.begin():
                other.exec_driver_sql("SET LOCAL lock_timeout = '1s'")
                free = other.execute(
                    sa.text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": APPEND_LOCK}
                ).scalar_one()
                assert free, "the append queue is held during a source call"
                row = other.execute(
                    sa.select(schema.log_head.c.seq)
                    .where(schema.log_head.c.id == 1)
                    .with_for_update(nowait=True)
                ).one()
                seen.append(int(row[0]))
            return "ok"

    request = SearchRequest(sample_debtor(), ("fcra-604a3a",), WHY)
    run = run_search(pg_workspace.log, request, [OtherDesktopAppends()])

    assert seen == [run.started.seq]
    assert run.completed.seq == run.started.seq + 1
    assert pg_workspace.log.verify().ok
