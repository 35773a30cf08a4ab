"""The orchestrator's promises: log first, stream as answers arrive, cancel, store, skip why."""

from __future__ import annotations

import sqlite3
import threading
import time
from typing import Any

import pytest
import sqlalchemy as sa

from skiptrace import connector_api as api
from skiptrace.gate.request import SearchRequest
from skiptrace.model import SubjectType as ST
from skiptrace.searchlog.events import SEARCH_COMPLETED, SEARCH_STARTED
from skiptrace.searchlog.log import LogUnavailable
from skiptrace.sources.registry import ConnectorRegistry
from skiptrace.store import schema
from skiptrace.store.searches import load_candidates, searches_for
from tests.connectors.test_orchestrator_faults import GOOD, make_orchestrator
from tests.helpers.fake_connectors import skipped_connector, steady_connector
from tests.helpers.workspaces import sample_debtor


def request(**over: Any) -> SearchRequest:
    values: dict[str, Any] = {"purpose_codes": ("fcra-604a3a",), "justification": GOOD}
    values.update(over)
    return SearchRequest(sample_debtor(), **values)


class Counting:
    calls = 0
    manifest = api.Manifest(id="counting", display_name="Counting", returns=(api.LeadKind.PHONE,))

    def search(self, query: api.Query, context: api.Context) -> api.Outcome:
        type(self).calls += 1
        return api.found("counting", [api.Candidate("counting", "c1")])


def test_a_log_that_cannot_be_written_means_no_connector_is_called(workspace):
    Counting.calls = 0
    orchestrator = make_orchestrator(workspace, ConnectorRegistry.of(Counting), {})
    workspace.engine.dispose()
    con = sqlite3.connect(str(workspace.path))
    con.execute("DROP TABLE log_head")
    con.commit()
    con.close()
    with pytest.raises(LogUnavailable, match="nothing was searched"):
        orchestrator.run(request())
    assert Counting.calls == 0


def test_search_started_is_written_before_any_connector_runs(workspace):
    seen: list[str] = []

    class Spy:
        manifest = api.Manifest(id="spy", display_name="Spy", returns=(api.LeadKind.PHONE,))

        def search(self, query: api.Query, context: api.Context) -> api.Outcome:
            seen.append(list(workspace.log.entries())[-1].event)
            return api.found("spy", [])

    make_orchestrator(workspace, ConnectorRegistry.of(Spy), {}).run(request())
    assert seen == [SEARCH_STARTED]


def test_outcomes_stream_as_they_arrive(workspace):
    registry = ConnectorRegistry.of(steady_connector("slow", 0.4), steady_connector("fast"))
    arrivals: list[tuple[str, float]] = []
    t0 = time.monotonic()
    make_orchestrator(workspace, registry, {}).run(
        request(), on_outcome=lambda o: arrivals.append((o.connector_id, time.monotonic() - t0))
    )
    assert [cid for cid, _ in arrivals] == ["fast", "slow"]
    assert arrivals[0][1] < 0.2, "the fast answer is not held back by the slow one"


def test_the_run_can_be_iterated_from_a_worker_thread_and_cancelled(workspace):
    registry = ConnectorRegistry.of(steady_connector("slow", 5.0), steady_connector("fast"))
    orchestrator = make_orchestrator(workspace, registry, {})
    token = api.CancelToken()
    got: list[api.Outcome] = []

    def worker() -> None:  # what a QRunnable would do, emitting a signal per outcome
        for outcome in orchestrator.start(request(), token):
            got.append(outcome)
            if outcome.connector_id == "fast":
                token.cancel()

    t = threading.Thread(target=worker)
    t0 = time.monotonic()
    t.start()
    t.join(3)
    assert time.monotonic() - t0 < 1.0
    assert {o.connector_id: o.status for o in got} == {
        "fast": api.Status.OK,
        "slow": api.Status.CANCELLED,
    }
    completed = list(workspace.log.entries())[-1]
    assert completed.event == SEARCH_COMPLETED and completed.details["cancelled"] is True


def test_candidates_are_stored_encrypted_with_the_search_id(workspace):
    result = make_orchestrator(workspace, ConnectorRegistry.of(steady_connector()), {}).run(
        request()
    )
    sid = result.request.search_id
    with workspace.engine.connect() as conn:
        payloads = conn.execute(sa.select(schema.candidates.c.payload)).scalars().all()
        stored = load_candidates(conn, sid, workspace.cipher)
        (row,) = searches_for(conn, "A-1")
    assert [c.record_id for c in stored] == ["steady-1"]
    assert all("Kowalski" not in p for p in payloads), "names are encrypted at rest"
    assert row.state == "completed" and row.outcomes["steady"]["count"] == 1


def test_connectors_not_permitted_or_lacking_input_are_skipped_with_the_reason(workspace):
    relatives = skipped_connector(
        "relatives",
        "Relatives finder",
        returns=(api.LeadKind.RELATIVE,),
        covers_subjects=(api.SubjectType.THIRD_PARTY,),
    )
    needs_phone = skipped_connector(
        "needs_phone", "Phone source", returns=(api.LeadKind.PHONE,), needs=(api.QueryField.PHONE,)
    )
    registry = ConnectorRegistry.of(relatives, needs_phone, steady_connector())
    debtor = sample_debtor(phones=())
    req = SearchRequest(debtor, ("fcra-604a3a",), GOOD)
    result = make_orchestrator(workspace, registry, {}).run(req)
    assert result.outcome("relatives").status is api.Status.SKIPPED
    assert "third-party" in result.outcome("relatives").message
    assert "phone" in result.outcome("needs_phone").message
    assert result.outcome("steady").status is api.Status.OK
    third = SearchRequest(
        sample_debtor(),
        ("glba-6802e3b",),
        GOOD,
        subject=ST.THIRD_PARTY,
        connector_ids=("relatives",),
    )
    plan = make_orchestrator(workspace, registry, {}).plan(third)
    assert [p.id for p in plan.to_run] == ["relatives"]


def test_disabled_unknown_and_broken_connectors(workspace):
    def broken_loader() -> Any:
        raise ImportError("No module named 'vendor_sdk'")

    registry = ConnectorRegistry(
        {
            "steady": ("tests:steady", lambda: steady_connector()),
            "broken": ("vendor_pkg.source:Source", broken_loader),
        }
    )
    settings = {"steady": {"enabled": "false"}}
    orchestrator = make_orchestrator(workspace, registry, settings)
    default = orchestrator.run(request())
    assert [o.connector_id for o in default.outcomes] == ["broken"]
    assert "vendor_sdk" in default.outcomes[0].message
    named = orchestrator.run(request(connector_ids=("steady", "nosuch")))
    assert named.outcome("steady").status is api.Status.SKIPPED
    assert "enabled true" in named.outcome("steady").message
    assert "no connector 'nosuch'" in named.outcome("nosuch").message
    assert default.started.details["connectors"] == ["broken"]


def test_the_ranking_hook_gets_every_candidate(workspace):
    seen: list[int] = []

    def rank(req: SearchRequest, candidates: Any) -> list[str]:
        seen.append(len(candidates))
        return sorted(c.record_id for c in candidates)

    registry = ConnectorRegistry.of(steady_connector("a"), steady_connector("b"))
    result = make_orchestrator(workspace, registry, {}, rank=rank).run(request())
    assert result.leads == ["a-1", "b-1"] and seen == [2]


def test_a_connector_returning_garbage_spoils_only_itself(workspace):
    class Garbage:
        manifest = api.Manifest(id="garbage", display_name="Garbage", returns=(api.LeadKind.PHONE,))

        def search(self, query: api.Query, context: api.Context) -> Any:
            return {"status": "ok"}

    result = make_orchestrator(
        workspace, ConnectorRegistry.of(Garbage, steady_connector()), {}
    ).run(request())
    assert result.outcome("garbage").status is api.Status.ERROR
    assert "instead of an Outcome" in result.outcome("garbage").message
    assert result.outcome("steady").status is api.Status.OK
