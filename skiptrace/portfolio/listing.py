"""The portfolio listing: what the portfolio screen asks of a workspace.

A list of 100,000 accounts holds only their ids (filtered, sorted, with a count per
status) and fetches the summaries of the rows it draws, a block at a time.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import replace

import sqlalchemy as sa

from skiptrace.store.accounts import AccountSummary, summaries
from skiptrace.store.portfolio_query import PortfolioSlice, SortKey, portfolio_slice
from skiptrace.store.skip_progress import SkipProgress, skip_progress
from skiptrace.workspace.workspace import Workspace

__all__ = ["AccountSummary", "PortfolioListing", "PortfolioSlice", "SkipStatus", "SortKey"]


class SkipStatus(enum.StrEnum):
    """How far skip tracing has got on an account, as the portfolio shows it."""

    NEVER_SEARCHED = "never searched"
    NOTHING_FOUND = "searched, nothing found"
    LEADS_FOUND = "leads found"
    VERIFIED = "verified"


def skip_status(progress: SkipProgress | None) -> SkipStatus:
    """The status for an account's stored progress (None: nothing stored)."""
    if progress is None or not (progress.last_searched or progress.last_worked):
        return SkipStatus.NEVER_SEARCHED
    if progress.verified:
        return SkipStatus.VERIFIED
    if progress.has_leads:
        return SkipStatus.LEADS_FOUND
    return SkipStatus.NOTHING_FOUND


def _with_progress(conn: sa.Connection, rows: list[AccountSummary]) -> list[AccountSummary]:
    found = skip_progress(conn, [r.account_id for r in rows])
    out = []
    for r in rows:
        p = found.get(r.account_id)
        out.append(
            replace(
                r,
                skip_status=skip_status(p).value,
                last_searched=p.last_searched if p else "",
                last_worked=p.last_worked if p else "",
            )
        )
    return out


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
            rows = _with_progress(conn, rows)
        return found, rows

    def summaries(self, account_ids: Sequence[str]) -> list[AccountSummary]:
        """The summaries of these accounts, in this order (unknown ids left out)."""
        with self._workspace.engine.connect() as conn:
            return _with_progress(conn, summaries(conn, account_ids))
