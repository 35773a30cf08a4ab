"""The portfolio listing pages, filters, sorts and counts a real SQLite workspace's accounts
the way the portfolio screen shows them."""

from __future__ import annotations

import pytest

from skiptrace.model import AccountStatus, Address, Phone
from skiptrace.portfolio.listing import PortfolioListing, SortKey
from skiptrace.store.accounts import save_debtors
from skiptrace.store.engine import write_connection
from skiptrace.workspace.workspace import Workspace
from tests.helpers.workspaces import sample_debtor


@pytest.fixture
def listing(workspace: Workspace) -> PortfolioListing:
    debtors = [
        sample_debtor(
            "A-1",
            last_name="Zeller",
            addresses=(Address("1 Main", "", "Akron", "OH", "44301"),),
        ),
        sample_debtor(
            "A-2",
            last_name="Adams",
            status=AccountStatus.CLOSED,
            phones=(Phone("(212) 555-0100"),),
            addresses=(Address("2 Elm", "", "Boise", "ID", "83701"),),
        ),
        sample_debtor(
            "A-3",
            last_name="Moss",
            addresses=(Address("3 Oak", "", "Camden", "NJ", "08101"),),
        ),
    ]
    with write_connection(workspace.engine) as conn, conn.begin():
        save_debtors(conn, debtors, workspace.cipher, source="test")
    return PortfolioListing(workspace)


def test_select_filters_sorts_and_counts(listing: PortfolioListing) -> None:
    every, rows = listing.select()
    assert every.ids == ("A-1", "A-2", "A-3") and every.total == 3 and rows == []
    assert every.status_counts == {"open": 2, "closed": 1}
    by_name, _ = listing.select(sort=SortKey.NAME, descending=True)
    assert by_name.ids == ("A-1", "A-3", "A-2")
    closed, _ = listing.select(status="closed")
    assert closed.ids == ("A-2",) and closed.status_counts == {"open": 2, "closed": 1}
    phone, _ = listing.select("212.555.0100")
    assert phone.ids == ("A-2",) and phone.total == 3 and phone.status_counts == {"closed": 1}
    nobody, _ = listing.select("zzzz")
    assert nobody.ids == () and nobody.total == 3 and nobody.status_counts == {}


def test_select_brings_the_first_rows_with_the_ids(listing: PortfolioListing) -> None:
    found, rows = listing.select(sort=SortKey.CITY, descending=True, first_rows=2)
    assert found.ids == ("A-3", "A-2", "A-1")
    assert [(r.account_id, r.city, r.state) for r in rows] == [
        ("A-3", "Camden", "NJ"),
        ("A-2", "Boise", "ID"),
    ]


def test_summaries_keep_the_order_asked_and_hold_nothing_to_mask(
    listing: PortfolioListing,
) -> None:
    rows = listing.summaries(["A-3", "missing", "A-1"])
    assert [r.account_id for r in rows] == ["A-3", "A-1"]
    first = rows[1]
    assert first.name == "Robert J Zeller" and first.zip == "44301" and first.status == "open"
    assert first.ssn_last4 == "6789" and first.birth_year == 1979
    assert not hasattr(first, "ssn") and not hasattr(first, "dob")
    assert listing.summaries([]) == []
