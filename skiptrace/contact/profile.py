"""What the account says about reaching the consumer: consent and placement dates, an
attorney, the consumer's stated inconvenient times, a cease-contact request.

Each change is stored with its ``contact.profile`` log entry in one transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

import sqlalchemy as sa

from skiptrace.clock import utc_now
from skiptrace.contact.hours import InconvenientTime, parse_inconvenient
from skiptrace.json_form import json_fields
from skiptrace.searchlog.events import CONTACT_PROFILE
from skiptrace.store import schema
from skiptrace.store.engine import write_connection
from skiptrace.workspace.workspace import Workspace

P = schema.contact_profiles


@dataclass(frozen=True, slots=True)
class ContactProfile:
    """An account's contact facts; an account never set up has the empty profile."""

    account_id: str
    consent_date: str = ""  # YYYY-MM-DD: prior express consent to call this account's phones
    placement_date: str = ""  # YYYY-MM-DD: when the account was placed with the agency
    attorney: str = ""  # the consumer's attorney, once known (§1006.6(b)(2))
    attorney_phone: str = ""
    inconvenient: tuple[str, ...] = ()  # "[Mon-Fri] HH:MM-HH:MM", the consumer's own words
    cease_contact: bool = False  # the consumer asked in writing to stop (§1006.6(c))

    def stated_times(self) -> tuple[InconvenientTime, ...]:
        """The stated inconvenient times, parsed."""
        return tuple(parse_inconvenient(t) for t in self.inconvenient)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form (no PII beyond the attorney's name and number)."""
        return json_fields(self, leave_out={"account_id"})


def load_profile(conn: sa.Connection, account_id: str) -> ContactProfile:
    """The account's contact profile (empty when none was ever saved)."""
    row = conn.execute(sa.select(P).where(P.c.account_id == account_id)).first()
    if row is None:
        return ContactProfile(account_id)
    return ContactProfile(
        account_id=account_id,
        consent_date=row.consent_date,
        placement_date=row.placement_date,
        attorney=row.attorney,
        attorney_phone=row.attorney_phone,
        inconvenient=tuple(json.loads(row.inconvenient or "[]")),
        cease_contact=bool(row.cease_contact),
    )


def save_profile(workspace: Workspace, profile: ContactProfile) -> ContactProfile:
    """Store the profile and log ``contact.profile`` with what it now says; returns it."""
    for text in profile.inconvenient:
        parse_inconvenient(text)  # refuse unreadable times before anything is written
    now = utc_now()
    with write_connection(workspace.engine) as conn, conn.begin():
        entry = workspace.log.append(
            CONTACT_PROFILE, account_id=profile.account_id, details=profile.as_dict(), conn=conn
        )
        values = {
            **profile.as_dict(),
            "inconvenient": json.dumps(list(profile.inconvenient)),
            "updated_at": now,
            "log_seq": entry.seq,
        }
        done = conn.execute(P.update().where(P.c.account_id == profile.account_id).values(values))
        if not done.rowcount:
            conn.execute(P.insert().values(account_id=profile.account_id, **values))
    return profile


def update_profile(workspace: Workspace, account_id: str, **changes: Any) -> ContactProfile:
    """Change some fields of the profile (the others stay) and save it."""
    with workspace.engine.connect() as conn:
        current = load_profile(conn, account_id)
    return save_profile(workspace, replace(current, **changes))
