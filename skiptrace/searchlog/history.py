"""Earlier searches on an account, read back from the search log (the one record of them)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from skiptrace.searchlog.events import SEARCH_COMPLETED, SEARCH_STARTED
from skiptrace.store import schema

L = schema.audit_log


@dataclass(frozen=True, slots=True)
class PastSearch:
    """One search on an account: when, who, under which purposes, and how it ended."""

    search_id: str
    started_at: str
    user: str
    purposes: tuple[str, ...]
    purpose_source: str
    subject_type: str
    outcome: str  # "completed", "cancelled" or "no completion recorded"
    statuses: dict[str, str]

    def outcome_lines(self) -> list[str]:
        """Per-connector statuses, one a line (``demo ok``), or how the search ended."""
        parts = [f"{cid} {status}" for cid, status in sorted(self.statuses.items())]
        return parts or [self.outcome]

    def outcome_text(self) -> str:
        """Per-connector statuses on one line, e.g. ``demo ok, phone_info no_hit``."""
        return ", ".join(self.outcome_lines())


def _status(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("status", "?"))
    return str(value)


def past_searches(conn: sa.Connection, account_id: str, limit: int = 50) -> list[PastSearch]:
    """The account's searches, newest first, paired with their completion entries."""
    rows = conn.execute(
        sa.select(
            L.c.ts,
            L.c.user_name,
            L.c.event,
            L.c.purposes,
            L.c.purpose_source,
            L.c.subject_type,
            L.c.details,
        )
        .where(L.c.account_id == account_id, L.c.event.in_((SEARCH_STARTED, SEARCH_COMPLETED)))
        .order_by(L.c.seq)
    ).all()
    started: dict[str, Any] = {}
    completed: dict[str, dict[str, Any]] = {}
    for row in rows:
        details = json.loads(row.details)
        sid = str(details.get("search_id", ""))
        if row.event == SEARCH_STARTED:
            started[sid] = row
        else:
            completed[sid] = details
    found: list[PastSearch] = []
    for sid, row in started.items():
        done = completed.get(sid)
        if done is None:
            outcome, statuses = "no completion recorded", {}
        else:
            outcome = "cancelled" if done.get("cancelled") else "completed"
            statuses = {k: _status(v) for k, v in dict(done.get("outcomes", {})).items()}
        found.append(
            PastSearch(
                search_id=sid,
                started_at=row.ts,
                user=row.user_name,
                purposes=tuple(p for p in row.purposes.split(",") if p),
                purpose_source=row.purpose_source,
                subject_type=row.subject_type,
                outcome=outcome,
                statuses=statuses,
            )
        )
    found.sort(key=lambda s: s.started_at, reverse=True)
    return found[:limit]
