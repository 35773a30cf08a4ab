"""Recovering a dead worker's claims: never-started accounts go back to the queue, started
ones are closed as interrupted and never searched again."""

from __future__ import annotations

import sqlalchemy as sa

from skiptrace.batch.claims import W, recover
from skiptrace.batch.queue import BA, claim, create_batch
from skiptrace.batch.selection import Selection
from skiptrace.clock import utc_now
from skiptrace.gate.request import SearchRequest
from skiptrace.gate.search_entries import begin_search
from skiptrace.searchlog.events import SEARCH_COMPLETED, SEARCH_STARTED
from skiptrace.store.accounts import load_debtor
from skiptrace.store.engine import write_connection
from skiptrace.workspace.workspace import Workspace
from tests.unit.batch.conftest import WHY

DEAD = "elsewhere:1:gone"


def test_a_started_search_is_closed_as_interrupted_whatever_its_id_looks_like(demo: Workspace):
    batch = create_batch(
        demo, Selection(query="demo-1000"), ["fcra-604a3a"], WHY, connectors=["demo"]
    )
    with write_connection(demo.engine) as conn, conn.begin():
        conn.execute(
            W.insert().values(
                worker_id=DEAD, batch_id=batch.batch_id, user_name="tester", host="elsewhere",
                pid=1, started_at=utc_now(), heartbeat_at="2020-01-01T00:00:00.000000Z",
                state="running",
            )
        )  # fmt: skip
        claims = claim(conn, batch.batch_id, DEAD, 3)
        # an id with nine digits in a row looks like an SSN to the log's scrubber
        conn.execute(
            BA.update()
            .where(BA.c.batch_id == batch.batch_id, BA.c.position == claims[0].position)
            .values(search_id="ab123456789cd" + "0" * 19)
        )
    started_id = "ab123456789cd" + "0" * 19
    with demo.engine.connect() as conn:
        debtor = load_debtor(conn, claims[0].account_id, demo.cipher)
    assert debtor is not None
    entry = begin_search(
        demo.log,
        SearchRequest(debtor, ("fcra-604a3a",), WHY, connector_ids=("demo",),
                      batch_id=batch.batch_id, search_id=started_id),
        ["demo"],
    )  # fmt: skip
    assert entry.details["search_id"] == started_id  # logged as it is, not masked

    recovery = recover(demo, batch.batch_id, claim_timeout=60)
    assert (recovery.released, recovery.interrupted) == (2, 1)
    with demo.engine.connect() as conn:
        states = dict(
            conn.execute(
                sa.select(BA.c.account_id, BA.c.state).where(BA.c.batch_id == batch.batch_id)
            ).all()
        )
    assert states[claims[0].account_id] == "interrupted"
    assert {states[c.account_id] for c in claims[1:]} == {"pending"}
    closed = [e for e in demo.log.entries() if e.event == SEARCH_COMPLETED]
    assert len(closed) == 1 and closed[0].details["interrupted"] is True
    assert closed[0].details["started_seq"] == entry.seq
    assert closed[0].details["outcomes"] == {
        "demo": {
            "status": "interrupted",
            "count": 0,
            "message": "the process running this search stopped before the answer was stored",
        }
    }
    # recovering again changes nothing: the interrupted search is closed once
    assert recover(demo, batch.batch_id, claim_timeout=60).interrupted == 0
    assert len([e for e in demo.log.entries() if e.event == SEARCH_COMPLETED]) == 1
    assert len([e for e in demo.log.entries() if e.event == SEARCH_STARTED]) == 1
