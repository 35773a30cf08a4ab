"""An account's timeline: its searches, reveals, dispositions, notes and contacts, in the
order they were logged, each in one line a collector can read. Read from the search log
(the one record of each), so the CLI and the account pane show the same story."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from skiptrace.json_form import json_fields
from skiptrace.model import disposition_label
from skiptrace.searchlog.events import (
    ACCOUNT_NOTE,
    LEAD_DISPOSITION,
    PII_REVEALED,
    SEARCH_COMPLETED,
    SEARCH_STARTED,
)
from skiptrace.store import schema

L = schema.audit_log
D = schema.dispositions
CONTACT_PREFIX = "contact."  # contact attempts and outcomes, whatever their event names
_KINDS = {
    SEARCH_STARTED: "search",
    SEARCH_COMPLETED: "search",
    PII_REVEALED: "reveal",
    LEAD_DISPOSITION: "disposition",
    ACCOUNT_NOTE: "note",
}


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One thing that happened on an account: when, who, what kind, and what."""

    seq: int
    at: str
    user: str
    kind: str  # search, reveal, disposition, note, contact
    event: str
    text: str

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return json_fields(self)


def _outcomes(details: dict[str, Any]) -> str:
    parts = []
    for cid, o in sorted((details.get("outcomes") or {}).items()):
        status = o.get("status", "?") if isinstance(o, dict) else str(o)
        count = o.get("count") if isinstance(o, dict) else None
        parts.append(f"{cid} {status}" + (f" ({count})" if count else ""))
    return ", ".join(parts) or "no sources"


def _text(row: Any, details: dict[str, Any], values: dict[int, str]) -> str:
    event = row.event
    if event == SEARCH_STARTED:
        purposes = row.purposes.replace(",", ", ") if row.purposes else "no purpose"
        default = " (session default)" if row.purpose_source == "default" else ""
        return f"Searched under {purposes}{default}: {row.justification}"
    if event == SEARCH_COMPLETED:
        ended = "cancelled" if details.get("cancelled") else "finished"
        return f"Search {ended}: {_outcomes(details)}"
    if event == PII_REVEALED:
        reason = details.get("reason") or "no reason given"
        return f"Revealed {str(details.get('field', '')).upper()}: {reason}"
    if event == LEAD_DISPOSITION:
        kind = str(details.get("lead_kind", ""))
        value = values.get(row.seq) or str(details.get("lead_key", ""))
        label = disposition_label(str(details.get("disposition")), kind)
        note = details.get("note") or ""
        return f"Marked {kind} {value}: {label}" + (f" ({note})" if note else "")
    if event == ACCOUNT_NOTE:
        return f"Note: {details.get('text', '')}"
    said = ", ".join(f"{k} {v}" for k, v in sorted(details.items()) if isinstance(v, str) and v)
    return f"{event.removeprefix(CONTACT_PREFIX).replace('_', ' ')}: {said}".rstrip(": ")


def account_timeline(conn: sa.Connection, account_id: str) -> list[TimelineEntry]:
    """Everything logged on an account that a collector did or learned, oldest first."""
    rows = conn.execute(
        sa.select(
            L.c.seq,
            L.c.ts,
            L.c.user_name,
            L.c.event,
            L.c.purposes,
            L.c.purpose_source,
            L.c.justification,
            L.c.details,
        )
        .where(
            L.c.account_id == account_id,
            sa.or_(L.c.event.in_(tuple(_KINDS)), L.c.event.startswith(CONTACT_PREFIX)),
        )
        .order_by(L.c.seq)
    ).all()
    values: dict[int, str] = dict(
        conn.execute(
            sa.select(D.c.log_seq, D.c.lead_value).where(D.c.account_id == account_id)
        ).all()
    )
    out = []
    for row in rows:
        details = json.loads(row.details) if row.details else {}
        out.append(
            TimelineEntry(
                seq=row.seq,
                at=row.ts,
                user=row.user_name,
                kind=_KINDS.get(row.event, "contact"),
                event=row.event,
                text=_text(row, details, values),
            )
        )
    return out
