"""The core behind the desktop: portfolio queries, reveals, dispositions, past searches,
fact leads. No Qt here."""

from __future__ import annotations

import pytest

from skiptrace.gate.request import SearchRequest
from skiptrace.gate.search_entries import begin_search, end_search
from skiptrace.model import AccountStatus, Address, Disposition, DispositionKind, Phone
from skiptrace.portfolio.reveal import NothingToReveal, PiiField, reveal_pii, revealable
from skiptrace.research.dispositions import dispositions_for, lead_key, record_disposition
from skiptrace.searchlog.events import LEAD_DISPOSITION, PII_REVEALED
from skiptrace.searchlog.history import past_searches
from skiptrace.store.accounts import save_debtors
from skiptrace.store.engine import write_connection
from skiptrace.store.portfolio_query import SortKey, portfolio_slice
from skiptrace.workspace.workspace import Workspace, create_workspace
from tests.helpers.pg import fresh_database, url_for
from tests.helpers.workspaces import ACTOR, sample_debtor

JUSTIFICATION = "Letters returned undeliverable; need a current address."


def fill(ws: Workspace) -> None:
    debtors = [
        sample_debtor(
            "A-1",
            last_name="Zeller",
            status=AccountStatus.OPEN,
            addresses=(Address("1 Main", "", "Akron", "OH", "44301"),),
        ),
        sample_debtor(
            "A-2",
            last_name="Adams",
            status=AccountStatus.CLOSED,
            ssn="",
            dob=None,
            phones=(Phone("(212) 555-0100"),),
            addresses=(Address("2 Elm", "", "Boise", "ID", "83701"),),
        ),
        sample_debtor(
            "A-3",
            last_name="Moss",
            status=AccountStatus.OPEN,
            addresses=(Address("3 Oak", "", "Camden", "NJ", "08101"),),
        ),
    ]
    with write_connection(ws.engine) as conn, conn.begin():
        save_debtors(conn, debtors, ws.cipher, source="test")


def check_slices(ws: Workspace) -> None:
    with ws.engine.connect() as conn:
        every = portfolio_slice(conn)
        assert every.ids == ("A-1", "A-2", "A-3") and every.total == 3
        assert every.status_counts == {"open": 2, "closed": 1}
        assert portfolio_slice(conn, sort=SortKey.NAME).ids == ("A-2", "A-3", "A-1")
        assert portfolio_slice(conn, sort=SortKey.CITY, descending=True).ids == (
            "A-3",
            "A-2",
            "A-1",
        )
        assert portfolio_slice(conn, sort=SortKey.ZIP).ids == ("A-3", "A-1", "A-2")
        only = portfolio_slice(conn, "212.555.0100")
        assert only.ids == ("A-2",) and only.status_counts == {"closed": 1}
        assert portfolio_slice(conn, status="open").ids == ("A-1", "A-3")


def test_portfolio_slice_sorts_filters_and_counts(workspace):
    fill(workspace)
    check_slices(workspace)


@pytest.mark.postgres
def test_portfolio_slice_on_postgresql():
    with fresh_database() as name:
        ws = create_workspace(url_for(name), actor=ACTOR)
        try:
            fill(ws)
            check_slices(ws)
        finally:
            ws.close()


def test_reveal_logs_first_and_names_no_value(workspace):
    fill(workspace)
    with workspace.engine.connect() as conn:
        assert revealable(conn, "A-1") == {PiiField.SSN, PiiField.DOB}
        assert revealable(conn, "A-2") == set()
    reason = "Dispute or validation request needs the full value"
    shown = reveal_pii(workspace, "A-1", PiiField.DOB, reason)
    assert shown.value == "1979-04-12"
    entry = workspace.log.get(shown.log_seq)
    assert entry.event == PII_REVEALED and entry.details == {"field": "dob", "reason": reason}
    before = workspace.log.count()
    with pytest.raises(NothingToReveal):
        reveal_pii(workspace, "A-2", PiiField.SSN, reason)
    assert workspace.log.count() == before  # nothing shown, nothing logged


def test_disposition_row_and_log_entry_commit_together(workspace):
    fill(workspace)
    d = record_disposition(
        workspace,
        Disposition("A-1", "phone", "(614) 555-0134", DispositionKind.WRONG_PARTY, "tester"),
    )
    assert d.recorded_at
    with workspace.engine.connect() as conn:
        stored = dispositions_for(conn, "A-1")
    assert [(x.lead_kind, x.kind) for x in stored] == [("phone", DispositionKind.WRONG_PARTY)]
    entry = list(workspace.log.entries())[-1]
    assert entry.event == LEAD_DISPOSITION
    assert entry.details["lead_key"] == lead_key("phone", "614.555.0134")


def test_past_searches_pair_start_and_end(workspace):
    fill(workspace)
    request = SearchRequest(
        debtor=sample_debtor("A-1"), purpose_codes=("fcra-604a3a",), justification=JUSTIFICATION
    )
    started = begin_search(workspace.log, request, ["demo"])
    end_search(workspace.log, request, started, {"demo": {"status": "ok", "count": 2}})
    with workspace.engine.connect() as conn:
        found = past_searches(conn, "A-1")
    assert len(found) == 1
    assert found[0].purposes == ("fcra-604a3a",) and found[0].outcome == "completed"
    assert found[0].outcome_text() == "demo ok"
