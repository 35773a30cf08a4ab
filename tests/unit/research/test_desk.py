"""The research desk answers the account and research screens from a real SQLite workspace:
masked accounts, earlier searches, worked leads, the latest search's candidates, reveals
and dispositions, each stored and logged as the screens expect."""

from __future__ import annotations

import pytest

from skiptrace.gate.request import SearchRequest
from skiptrace.model import Address, Disposition, DispositionKind
from skiptrace.portfolio.reveal import NothingToReveal, PiiField
from skiptrace.research.desk import ResearchDesk
from skiptrace.research.findings import research_orchestrator
from skiptrace.searchlog.events import LEAD_DISPOSITION, PII_REVEALED
from skiptrace.sources.registry import ConnectorRegistry
from skiptrace.store.accounts import save_debtors
from skiptrace.store.engine import write_connection
from skiptrace.workspace.workspace import Workspace
from tests.helpers.fake_connectors import steady_connector
from tests.helpers.workspaces import sample_debtor

JUSTIFICATION = "Letters returned undeliverable; need a current address."


@pytest.fixture
def desk(workspace: Workspace) -> ResearchDesk:
    debtors = [
        sample_debtor("A-1"),
        sample_debtor(
            "A-2", ssn="", dob=None, addresses=(Address("2 Elm", "", "Boise", "ID", "83701"),)
        ),
    ]
    with write_connection(workspace.engine) as conn, conn.begin():
        save_debtors(conn, debtors, workspace.cipher, source="test")
    return ResearchDesk(workspace)


def search(workspace: Workspace, account_id: str = "A-1") -> str:
    """Run one logged search with an offline source; its search id."""
    orchestrator = research_orchestrator(workspace, ConnectorRegistry.of(steady_connector()))
    request = SearchRequest(sample_debtor(account_id), ("fcra-604a3a",), JUSTIFICATION)
    orchestrator.run(request)
    return request.search_id


def test_masked_account_decrypts_nothing(desk: ResearchDesk) -> None:
    account = desk.masked_account("A-1")
    assert account is not None
    assert account.debtor.ssn == "" and account.debtor.dob is None
    assert account.debtor.ssn_last4 == "6789" and account.birth_year == 1979
    assert account.revealable == {PiiField.SSN, PiiField.DOB}
    bare = desk.masked_account("A-2")
    assert bare is not None and bare.revealable == frozenset() and bare.birth_year is None
    assert desk.masked_account("nobody") is None


def test_open_account_holds_the_debtor_in_full_and_its_latest_candidates(
    desk: ResearchDesk, workspace: Workspace
) -> None:
    fresh = desk.open_account("A-1")
    assert fresh is not None
    assert fresh.debtor.ssn == "123456789" and str(fresh.debtor.dob) == "1979-04-12"
    assert (fresh.dispositions, fresh.last_search_at, fresh.candidates) == ((), "", ())
    assert desk.open_account("nobody") is None

    search(workspace)
    opened = desk.open_account("A-1")
    assert opened is not None
    assert [(c.source, c.record_id) for c in opened.candidates] == [("steady", "steady-1")]
    (past,) = desk.past_searches("A-1")
    assert opened.last_search_at == past.started_at
    assert past.outcome == "completed" and past.purposes == ("fcra-604a3a",)
    assert past.outcome_text() == "steady ok"
    assert desk.past_searches("A-2") == []


def test_a_recorded_disposition_is_worked_logged_and_fed_to_research(
    desk: ResearchDesk, workspace: Workspace
) -> None:
    recorded = desk.record_disposition(
        Disposition("A-1", "phone", "(614) 555-0134", DispositionKind.WRONG_PARTY, desk.user)
    )
    assert recorded.recorded_at and recorded.user == "tester"
    worked = desk.worked_leads("A-1")
    assert [(d.lead_value, d.kind) for d in worked] == [
        ("(614) 555-0134", DispositionKind.WRONG_PARTY)
    ]
    entry = list(workspace.log.entries())[-1]
    assert entry.event == LEAD_DISPOSITION and entry.details["disposition"] == "wrong-party"
    opened = desk.open_account("A-1")
    assert opened is not None and opened.dispositions == tuple(worked)
    assert desk.worked_leads("A-2") == []


def test_reveal_is_logged_before_it_is_shown(desk: ResearchDesk, workspace: Workspace) -> None:
    reason = "Confirm identity with the consumer on a call"
    shown = desk.reveal("A-1", PiiField.SSN, reason)
    assert shown.value == "123-45-6789"
    entry = workspace.log.get(shown.log_seq)
    assert entry is not None and entry.event == PII_REVEALED
    assert entry.details == {"field": "ssn", "reason": reason}
    before = workspace.log.count()
    with pytest.raises(NothingToReveal):
        desk.reveal("A-2", PiiField.DOB, reason)
    assert workspace.log.count() == before
