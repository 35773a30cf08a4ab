"""The portfolio listing: what the portfolio screen asks of a workspace.

A list of 100,000 accounts holds only their ids (filtered, sorted, with a count per
status) and fetches the summaries of the rows it draws, a block at a time.
"""

from __future__ import annotations

from collections.abc import Sequence

from skiptrace.store.accounts import AccountSummary, summaries
from skiptrace.store.portfolio_query import PortfolioSlice, SortKey, portfolio_slice
from skiptrace.workspace.workspace import Workspace

__all__ = ["AccountSummary", "PortfolioListing", "PortfolioSlice", "SortKey"]


class PortfolioListing:
    """Filter, sort and page one workspace's accounts; nothing here needs masking."""

    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    def select(
        self,
        text: str = "",
        status: str = "",
        sort: SortKey = SortKey.ACCOUNT,
        descending: bool = False,
        first_rows: int = 0,
    ) -> tuple[PortfolioSlice, list[AccountSummary]]:
        """The ids matching ``text`` (and ``status``), sorted, with the count per status
        for ``text``; and the summaries of the first ``first_rows`` of them."""
        with self._workspace.engine.connect() as conn:
            found = portfolio_slice(conn, text, status, sort, descending)
            rows = summaries(conn, found.ids[:first_rows]) if first_rows else []
        return found, rows

    def summaries(self, account_ids: Sequence[str]) -> list[AccountSummary]:
        """The summaries of these accounts, in this order (unknown ids left out)."""
        with self._workspace.engine.connect() as conn:
            return summaries(conn, account_ids)
