"""End to end: a search asks rnd_agent over loopback HTTP; search.completed keeps the query
and answer (the safe-harbour evidence); the contact check then refuses the number."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from connectors.rnd_agent import RndAgent
from skiptrace.connector_api import Credentials
from skiptrace.contact.check import contact_check
from skiptrace.contact.profile import update_profile
from skiptrace.gate.request import SearchRequest
from skiptrace.searchlog.events import SEARCH_COMPLETED
from skiptrace.sources.account_history import history_reader
from skiptrace.sources.orchestrator import Orchestrator
from skiptrace.sources.registry import ConnectorRegistry
from skiptrace.store.accounts import save_debtors
from skiptrace.store.engine import write_connection
from tests.connectors.test_orchestrator_faults import GOOD
from tests.helpers.workspaces import sample_debtor


def test_reassigned_answer_is_logged_and_blocks_the_call(workspace, loopback_http) -> None:
    loopback_http.clear()
    loopback_http.expect_request(
        "/rnd/RNDBasic", query_string={"phoneNumber": "6145550134", "date": "20240301"}
    ).respond_with_json({"PhoneNumber": "6145550134", "IsReassigned": True, "HasSafeHarbor": False})
    debtor = sample_debtor()
    with write_connection(workspace.engine) as conn, conn.begin():
        save_debtors(conn, [debtor], workspace.cipher, "test")
    update_profile(workspace, debtor.account_id, consent_date="2024-03-01")
    orchestrator = Orchestrator(
        ConnectorRegistry.of(RndAgent),
        workspace.log,
        engine=workspace.engine,
        cipher=workspace.cipher,
        settings=lambda cid: {
            "base_url": loopback_http.url_for("/rnd").rstrip("/"),
            "enabled": "true",
        },
        credentials=lambda cid, names: Credentials({"api_key": "k3y-for-test"}),
        history=history_reader(workspace.engine),
    )
    result = orchestrator.run(
        SearchRequest(debtor, purpose_codes=("fcra-604a3a",), justification=GOOD)
    )
    assert result.outcome("rnd_agent").status.value == "ok"
    completed = [e for e in workspace.log.entries() if e.event == SEARCH_COMPLETED][-1]
    (evidence,) = completed.details["outcomes"]["rnd_agent"]["evidence"]
    assert evidence["number"] == "+16145550134" and evidence["date"] == "2024-03-01"
    assert evidence["answer"] == "yes" and evidence["safe_harbor"] is False
    noon = datetime(2026, 6, 3, 12, 0, tzinfo=ZoneInfo("America/New_York"))
    with workspace.engine.connect() as conn:
        verdict = contact_check(conn, debtor.account_id, "614-555-0134", noon)
    assert [r.code for r in verdict.reasons] == ["reassigned"]
    assert "reassigned since the consent date: do not call" in verdict.reasons[0].text
    loopback_http.clear()
