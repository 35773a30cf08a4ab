"""The contact desk: what the screens ask about calling an account, in one object.

The UI never opens a database connection; it asks this facade (built on a workspace) for
the phones of an account, the contact check at a moment, the calls recorded, the
location-call script, and records calls through it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from skiptrace.contact.attempts import ContactAttempt, SecondContact, attempts_for
from skiptrace.contact.calls import record_call
from skiptrace.contact.check import AccountUnknown, ContactVerdict, contact_check
from skiptrace.contact.hours import call_hours
from skiptrace.contact.phone_facts import e164
from skiptrace.contact.profile import ContactProfile, load_profile
from skiptrace.contact.scra_result import ScraResult, latest_scra
from skiptrace.contact.third_party import LocationScript, location_script
from skiptrace.contact.zones import consumer_zones
from skiptrace.store import schema
from skiptrace.store.accounts import load_debtor
from skiptrace.workspace.workspace import Workspace


@dataclass(frozen=True, slots=True)
class CallablePhone:
    """A phone of an account, where it came from, and whether it may be called now."""

    number: str
    source: str  # "account" or "lead"
    verdict: ContactVerdict


@dataclass(frozen=True, slots=True)
class LocalClock:
    """The local time at an address or phone and whether 08:00-21:00 holds there now."""

    text: str
    convenient: bool
    next_allowed: datetime | None


class ContactDesk:
    """The contact part's facade over one workspace."""

    def __init__(self, workspace: Workspace) -> None:
        self._ws = workspace

    @property
    def collector(self) -> str:
        """Who is at the desk (their name goes into the location-call script)."""
        return self._ws.actor.user

    def phones(self, account_id: str, at: datetime | None = None) -> list[CallablePhone]:
        """The account's phones, then phone leads found for it, each with the check at ``at``."""
        moment = at or datetime.now(UTC)
        with self._ws.engine.connect() as conn:
            debtor = load_debtor(conn, account_id)
            if debtor is None:
                raise AccountUnknown(f"no account {account_id} in this workspace")
            numbers: dict[str, str] = {}
            for p in debtor.phones:
                numbers.setdefault(e164(p.number), "account")
            leads = conn.execute(
                sa.select(schema.leads.c.value)
                .where(schema.leads.c.account_id == account_id, schema.leads.c.kind == "phone")
                .order_by(schema.leads.c.score.desc())
            ).scalars()
            for value in leads:
                numbers.setdefault(e164(value), "lead")
            return [
                CallablePhone(n, src, contact_check(conn, account_id, n, moment))
                for n, src in numbers.items()
            ]

    def account_facts(self, account_id: str, at: datetime | None = None) -> list[str]:
        """Lines for the account pane: local time at the address, SCRA status, profile."""
        with self._ws.engine.connect() as conn:
            debtor = load_debtor(conn, account_id)
            if debtor is None:
                raise AccountUnknown(f"no account {account_id} in this workspace")
            profile = load_profile(conn, account_id)
            scra = latest_scra(conn, [account_id]).get(account_id)
        lines: list[str] = []
        zip_code = debtor.addresses[0].zip if debtor.addresses else ""
        clock = local_clock(zip_code, "", at)
        hours = "within 08:00-21:00" if clock.convenient else "outside 08:00-21:00"
        lines.append(f"At the address (ZIP {zip_code or 'unknown'}): {clock.text}, {hours}")
        if scra is None:
            lines.append("SCRA: no check on file")
        else:
            cert = f", certificate {scra.certificate_id}" if scra.certificate_id else ""
            lines.append(f"SCRA: {scra.status.value} as of {scra.status_date}{cert}")
        if profile.inconvenient:
            lines.append("Stated inconvenient times: " + "; ".join(profile.inconvenient))
        if profile.attorney:
            lines.append(f"Attorney on file: {profile.attorney} — call the attorney only")
        if profile.cease_contact:
            lines.append("Cease-contact requested: no calls")
        return lines

    def check(self, account_id: str, phone: str, at: datetime | None = None,
              third_party: str = "",
              exception: SecondContact = SecondContact.NONE) -> ContactVerdict:  # fmt: skip
        """The contact check for one number (see ``contact.check``)."""
        with self._ws.engine.connect() as conn:
            return contact_check(conn, account_id, phone, at or datetime.now(UTC),
                                 third_party=third_party, exception=exception)  # fmt: skip

    def record(self, attempt: ContactAttempt) -> tuple[ContactAttempt, ContactVerdict | None]:
        """Record a call (``ContactNotAllowed`` when against the check without a reason)."""
        return record_call(self._ws, attempt)

    def attempts(self, account_id: str) -> list[ContactAttempt]:
        """The calls recorded on an account, oldest first."""
        with self._ws.engine.connect() as conn:
            return attempts_for(conn, account_id)

    def profile(self, account_id: str) -> ContactProfile:
        """The account's contact facts."""
        with self._ws.engine.connect() as conn:
            return load_profile(conn, account_id)

    def scra(self, account_ids: Sequence[str]) -> dict[str, ScraResult]:
        """The newest SCRA result of each account that has one."""
        with self._ws.engine.connect() as conn:
            return latest_scra(conn, account_ids)

    def script(self, account_id: str) -> LocationScript | None:
        """The §1006.10 script for a location call on this account; None once an attorney
        is on file (then only the attorney may be called)."""
        with self._ws.engine.connect() as conn:
            debtor = load_debtor(conn, account_id)
            profile = load_profile(conn, account_id)
        if debtor is None:
            raise AccountUnknown(f"no account {account_id} in this workspace")
        if profile.attorney:
            return None
        return location_script(self.collector, debtor.full_name)


def local_clock(zip_code: str = "", phone: str = "", at: datetime | None = None) -> LocalClock:
    """Local time and convenient hours at an address ZIP and/or phone, for a lead's row."""
    zones = consumer_zones(zip_code, phone)
    verdict = call_hours(at or datetime.now(UTC), zones.zones)
    text = verdict.local_text() if zones.known else "time zone unknown"
    return LocalClock(text, verdict.allowed, verdict.next_allowed)
