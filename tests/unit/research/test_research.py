"""A search ends in matched candidates and stored, ranked leads; dispositions move them."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from connectors.demo import DemoRecords
from skiptrace.clock import utc_now
from skiptrace.demo.workspace import create_demo
from skiptrace.gate.request import SearchRequest
from skiptrace.research.findings import Findings, research_orchestrator
from skiptrace.sources.registry import ConnectorRegistry
from skiptrace.store import schema
from skiptrace.store.accounts import load_debtor
from tests.helpers.workspaces import ACTOR

WHY = "Mail returned undeliverable; need a current address"


def search(ws, account_id: str):  # type: ignore[no-untyped-def]
    with ws.engine.connect() as conn:
        debtor = load_debtor(conn, account_id, ws.cipher)
    request = SearchRequest(debtor, ("fcra-604a3a",), WHY)
    return research_orchestrator(ws, ConnectorRegistry.of(DemoRecords)).run(request)


def test_demo_search_matches_the_debtor_and_stores_leads(tmp_path: Path):
    ws, _ = create_demo(tmp_path / "demo.sqlite", ACTOR)
    result = search(ws, "DEMO-10001")
    findings = result.leads
    assert isinstance(findings, Findings)
    best = findings.scored[0]
    assert best.reason.value == "match" and best.probability > 0.95
    assert any(s.reason.value == "below_floor" for s in findings.scored)  # decoys say so
    assert findings.leads
    with ws.engine.connect() as conn:
        stored = (
            conn.execute(
                sa.select(schema.leads.c.value).where(
                    schema.leads.c.search_id == result.request.search_id
                )
            )
            .scalars()
            .all()
        )
    assert sorted(stored) == sorted(lead.value for lead in findings.leads)


def test_a_disconnected_mark_sinks_the_number_next_time(tmp_path: Path):
    ws, _ = create_demo(tmp_path / "demo.sqlite", ACTOR)
    first = search(ws, "DEMO-10001").leads
    phones = [lead for lead in first.leads if lead.kind.value == "phone"]
    top = phones[0]
    with ws.engine.begin() as conn:
        conn.execute(
            schema.dispositions.insert().values(
                account_id="DEMO-10001",
                lead_kind="phone",
                lead_key=top.key,
                lead_value=top.value,
                kind="disconnected",
                user_name="tester",
                note="",
                search_id="",
                recorded_at=utc_now(),
            )
        )
    again = search(ws, "DEMO-10001").leads
    marked = next(lead for lead in again.leads if lead.key == top.key)
    assert marked.disposition is not None and marked.disposition.value == "disconnected"
    assert marked.score < top.score
    assert [lead.key for lead in again.leads if lead.kind.value == "phone"][-1] == top.key


def test_the_moved_debtors_new_phone_ranks_above_the_old_one(tmp_path: Path):
    ws, _ = create_demo(tmp_path / "demo.sqlite", ACTOR)
    with ws.engine.connect() as conn:
        debtor = load_debtor(conn, "DEMO-10001", ws.cipher)
    on_file = {p.number[-4:] for p in debtor.phones}
    findings = search(ws, "DEMO-10001").leads
    phones = [lead for lead in findings.leads if lead.group == "phones"]
    assert phones[0].value[-4:] not in on_file and phones[-1].value[-4:] in on_file
    assert phones[0].score - phones[-1].score > 0.3  # the ranking discriminates
    assert not any("sources agree" in lead.explanation for lead in findings.leads)
