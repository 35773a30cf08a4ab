"""A batch of the demo portfolio over the demo source and loopback HTTP sources (one slow,
one answering 429, one failing): every account accounted for, each its own logged search."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from connectors.demo import DemoRecords
from skiptrace.batch.model import BatchState, ItemState
from skiptrace.batch.queue import EmptySelection, create_batch, item_counts
from skiptrace.batch.report import build_report
from skiptrace.batch.runner import Control, run_batch
from skiptrace.batch.selection import Selection
from skiptrace.gate.request import PurposeRefused
from skiptrace.searchlog.events import (
    BATCH_COMPLETED,
    BATCH_STARTED,
    SEARCH_COMPLETED,
    SEARCH_STARTED,
)
from skiptrace.store import schema
from skiptrace.workspace.workspace import Workspace
from tests.helpers.batch_sources import configure, loopback_sources, registry
from tests.unit.batch.conftest import WHY

ALL = ("demo", "slow", "limited", "failing")


def entries(ws: Workspace, event: str) -> list:  # type: ignore[type-arg]
    return [e for e in ws.log.entries() if e.event == event]


def test_a_batch_accounts_for_every_account_and_logs_each_search(demo: Workspace):
    with loopback_sources(delay=0.02) as (url, asked):
        configure(demo, url, rate_per_second="150", max_concurrent="3")
        batch = create_batch(demo, Selection(everything=True), ["fcra-604a3a"], WHY, connectors=ALL)
        summary = run_batch(demo, registry(DemoRecords), batch.batch_id, workers=8)
    assert summary.state is BatchState.DONE and not summary.error
    with demo.engine.connect() as conn:
        counts = item_counts(conn, batch.batch_id)
    assert counts[ItemState.DONE] + counts[ItemState.SKIPPED] == 300 == batch.total
    assert counts[ItemState.SKIPPED] == 52  # closed, recalled, cease-contact in the demo

    started = entries(demo, SEARCH_STARTED)
    completed = entries(demo, SEARCH_COMPLETED)
    searched = Counter(e.account_id for e in started)
    assert len(searched) == counts[ItemState.DONE] and set(searched.values()) == {1}
    assert Counter(e.account_id for e in completed) == searched
    assert all(e.details["batch_id"] == batch.batch_id for e in started + completed)
    assert all(e.purposes == ("fcra-604a3a",) and e.justification for e in started)
    # each search's entry came before its sources were asked: it lists them all
    assert all(e.details["connectors"] == list(ALL) for e in started)

    (begun,) = entries(demo, BATCH_STARTED)
    (ended,) = entries(demo, BATCH_COMPLETED)
    assert begun.seq < min(e.seq for e in started) and ended.seq > max(e.seq for e in completed)
    assert begun.details["count"] == 300 and begun.details["to_search"] == 248
    assert ended.details["skipped"] == {
        "account closed": 17,
        "account recalled by the creditor": 16,
        "cease-contact on file": 19,
    }
    outcomes = ended.details["outcomes"]
    assert outcomes["slow"] == {"ok": 248}
    assert outcomes["limited"] == {"rate_limited": 248}
    assert set(outcomes["failing"]) <= {"unavailable", "error"}
    # one concurrency cap and one token bucket for the slow source across the whole batch
    assert asked.most_in_flight <= 3
    times = sorted(asked.slow_times)
    assert times[-1] - times[0] >= (len(times) - 2) / 150
    # no account asked twice of any source
    assert all(max(c.values()) == 1 for c in asked.asked.values())

    report = build_report(demo, batch.batch_id)
    assert report.sources["slow"].new_phone == 248  # its number is new to every account
    assert report.sources["limited"].new_phone == 0
    assert report.overall.accounts == 248
    assert report.overall.both + report.overall.neither <= 248


def test_a_refused_purpose_queues_and_logs_nothing(demo: Workspace):
    before = demo.log.count()
    with pytest.raises(PurposeRefused):
        create_batch(demo, Selection(everything=True), ["dppa-2721b3"], WHY, "third-party")
    with pytest.raises(PurposeRefused):
        create_batch(demo, Selection(everything=True), ["fcra-604a3a"], "because")
    with demo.engine.connect() as conn:
        assert conn.execute(schema.batches.select()).first() is None
    assert demo.log.count() == before


def test_skips_carry_their_reasons_and_an_all_skipped_selection_is_refused(demo: Workspace):
    with demo.engine.begin() as conn:
        conn.execute(
            schema.settings.insert().values(scope="batch", key="assigned_only", value="true")
        )
        assigned = conn.execute(
            schema.accounts.select().where(schema.accounts.c.status == "open")
        ).first()
        conn.execute(
            schema.accounts.update()
            .where(schema.accounts.c.account_id == assigned.account_id)
            .values(assigned_to="tester")
        )
    with pytest.raises(EmptySelection):
        create_batch(demo, Selection(query="closed"), ["fcra-604a3a"], WHY)
    batch = create_batch(demo, Selection(everything=True), ["fcra-604a3a"], WHY)
    with demo.engine.connect() as conn:
        rows = conn.execute(
            schema.batch_accounts.select().where(schema.batch_accounts.c.batch_id == batch.batch_id)
        ).all()
    pending = [r.account_id for r in rows if r.state == "pending"]
    assert pending == [assigned.account_id]
    assert (
        Counter(r.skip_reason for r in rows if r.state == "skipped")[
            "not assigned to this collector"
        ]
        == 300 - 52 - 1
    )


def test_an_accounts_file_names_unknown_ids(demo: Workspace, tmp_path):  # type: ignore[no-untyped-def]
    ids = tmp_path / "ids.csv"
    ids.write_text("Account Number\nDEMO-10001\nNOPE-1\nDEMO-10002\nDEMO-10001\n")
    batch = create_batch(
        demo, Selection(accounts_file=ids), ["fcra-604a3a"], WHY, connectors=["demo"]
    )
    with demo.engine.connect() as conn:
        rows = conn.execute(
            schema.batch_accounts.select()
            .where(schema.batch_accounts.c.batch_id == batch.batch_id)
            .order_by(schema.batch_accounts.c.position)
        ).all()
    assert [(r.account_id, r.skip_reason) for r in rows] == [
        ("DEMO-10001", ""),
        ("NOPE-1", "no such account in this workspace"),
        ("DEMO-10002", "account closed"),  # closed in the demo portfolio
    ]
    (begun,) = entries(demo, BATCH_STARTED)
    assert begun.details["selection"] == {"accounts_file": "ids.csv"}


@pytest.mark.parametrize(
    ("first_line", "kept"),
    [
        ("Account Number", False),
        ("acct #", False),
        ('"account_id",balance', False),
        ("ID", False),
        ("ACCT1", True),  # an id that merely starts like a header
        ("ID12345", True),
        ("A-1", True),
    ],
)
def test_the_first_line_is_a_header_only_if_it_names_the_column(tmp_path, first_line, kept):  # type: ignore[no-untyped-def]
    from skiptrace.batch.selection import read_account_ids

    ids = tmp_path / "ids.csv"
    ids.write_text(f"{first_line}\nDEMO-10001\n")
    first = first_line.split(",")[0]
    assert read_account_ids(ids) == ([first, "DEMO-10001"] if kept else ["DEMO-10001"])


def test_pause_then_resume_finishes_without_searching_anyone_twice(demo: Workspace):
    from skiptrace.batch.runner import resume_batch

    control = Control()
    seen = []

    def on_progress(p):  # type: ignore[no-untyped-def]
        seen.append(p.done)
        if p.done >= 20:
            control.pause()

    batch = create_batch(demo, Selection(query="a"), ["fcra-604a3a"], WHY, connectors=["demo"])
    first = run_batch(
        demo,
        registry(DemoRecords),
        batch.batch_id,
        workers=4,
        control=control,
        on_progress=on_progress,
    )
    assert first.state is BatchState.PAUSED
    assert 20 <= first.progress.done < first.progress.total
    assert not entries(demo, BATCH_COMPLETED)
    resume_batch(demo, batch.batch_id)
    second = run_batch(demo, registry(DemoRecords), batch.batch_id, workers=4)
    assert second.state is BatchState.DONE
    started = Counter(e.account_id for e in entries(demo, SEARCH_STARTED))
    assert set(started.values()) == {1} and len(started) == second.progress.total
    (ended,) = entries(demo, BATCH_COMPLETED)
    assert ended.details["state"] == "done"
    resumed = [e for e in demo.log.entries() if e.event == "batch.resumed"]
    assert json.loads(json.dumps(resumed[0].details))["was"] == "paused"
