"""The contact check: may this number of this account be called now, and if not, why not.

It combines every rule the desk knows, each reason with its citation:

* outside convenient hours at the consumer (Reg F §1006.6(b)(1)(i); ``hours``);
* 7 call attempts in 7 days, or a conversation within 7 days (§1006.14(b)(2);
  ``frequency``);
* a cease-contact request (§1006.6(c)) or an attorney on file (§1006.6(b)(2): only the
  attorney may be called, also for location information, §1006.10);
* a number a reassigned-numbers source reported reassigned since the consent date
  (47 CFR 64.1200(m));
* a third party already contacted for location information (§1006.10(c)), unless one of
  its two exceptions is given;
* a number someone already reported as a wrong number.

A wireless number adds a note: an autodialer or prerecorded voice needs prior express
consent (TCPA, 47 U.S.C. §227(b)).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from skiptrace.candidate import REASSIGNED_TEXT, WIRELESS_TEXT
from skiptrace.contact.attempts import AttemptOutcome, ContactAttempt, SecondContact, attempts_for
from skiptrace.contact.frequency import frequency_verdict
from skiptrace.contact.hours import HoursVerdict, call_hours
from skiptrace.contact.phone_facts import REASSIGNED_CITATION, PhoneFacts, e164, phone_facts
from skiptrace.contact.profile import ContactProfile, load_profile
from skiptrace.contact.third_party import same_person
from skiptrace.contact.zones import ConsumerZones, consumer_zones
from skiptrace.model import AccountStatus, Debtor
from skiptrace.store.accounts import load_debtor


class AccountUnknown(LookupError):
    """No account with that id in the workspace."""


@dataclass(frozen=True, slots=True)
class ContactReason:
    """Why a call is not allowed: a stable code and a sentence with the rule it applies."""

    code: str
    text: str


@dataclass(frozen=True)
class ContactVerdict:
    """The contact check's answer for one number at one moment."""

    account_id: str
    phone: str
    moment: datetime
    allowed: bool
    reasons: tuple[ContactReason, ...]
    zones: ConsumerZones
    hours: HoursVerdict
    facts: PhoneFacts
    notes: tuple[str, ...] = ()
    next_allowed: datetime | None = None
    third_party: str = ""
    attempts_in_window: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: what the CLI prints and the attempt's log entry keeps."""
        return {
            "account_id": self.account_id,
            "phone": self.phone,
            "at": self.moment.isoformat(),
            "allowed": self.allowed,
            "reasons": [{"code": r.code, "text": r.text} for r in self.reasons],
            "notes": list(self.notes),
            "zones": list(self.zones.zones),
            "zone_note": self.zones.describe(),
            "local_time": self.hours.local_text(),
            "next_allowed": self.next_allowed.isoformat() if self.next_allowed else None,
            "attempts_in_window": self.attempts_in_window,
            "line_type": self.facts.line_type,
            "reassigned": self.facts.reassigned,
            "reassigned_asked_date": self.facts.asked_date,
            "third_party": self.third_party,
        }


def _account_reasons(debtor: Debtor, profile: ContactProfile, phone: str) -> list[ContactReason]:
    reasons: list[ContactReason] = []
    if profile.cease_contact or debtor.status is AccountStatus.CEASE_CONTACT:
        reasons.append(ContactReason(
            "cease-contact",
            "the consumer asked that contact cease (Reg F §1006.6(c))",
        ))  # fmt: skip
    if profile.attorney and e164(phone) != e164(profile.attorney_phone or "-"):
        reasons.append(ContactReason(
            "attorney",
            f"an attorney is on file ({profile.attorney}): contact the attorney only "
            "(Reg F §1006.6(b)(2), §1006.10)",
        ))  # fmt: skip
    return reasons


def _history_reasons(attempts: list[ContactAttempt], phone: str, third_party: str,
                     exception: SecondContact) -> list[ContactReason]:  # fmt: skip
    reasons: list[ContactReason] = []
    wanted = e164(phone)
    if any(a.outcome is AttemptOutcome.WRONG_NUMBER and e164(a.phone) == wanted for a in attempts):
        reasons.append(ContactReason("wrong-number", "this number was reported a wrong number"))
    if third_party and exception is SecondContact.NONE:
        earlier = [a for a in attempts if a.third_party and same_person(a.third_party, third_party)
                   and a.outcome is AttemptOutcome.SPOKE_THIRD_PARTY]  # fmt: skip
        if earlier:
            reasons.append(ContactReason(
                "third-party-contacted",
                f"{earlier[-1].third_party} was already contacted for location information on "
                f"{earlier[-1].called_at:%Y-%m-%d}: once only, unless they asked or the "
                "earlier answer was believed wrong or incomplete (Reg F §1006.10(c))",
            ))  # fmt: skip
    return reasons


def contact_check(
    conn: sa.Connection,
    account_id: str,
    phone: str,
    moment: datetime,
    *,
    third_party: str = "",
    exception: SecondContact = SecondContact.NONE,
) -> ContactVerdict:
    """Whether ``phone`` of ``account_id`` may be called at ``moment`` (aware), with reasons."""
    debtor = load_debtor(conn, account_id)
    if debtor is None:
        raise AccountUnknown(f"no account {account_id} in this workspace")
    profile = load_profile(conn, account_id)
    attempts = attempts_for(conn, account_id)
    facts = phone_facts(conn, account_id, phone)
    zip_code = debtor.addresses[0].zip if debtor.addresses and not third_party else ""
    zones = consumer_zones(zip_code, phone)
    hours = call_hours(moment, zones.zones, () if third_party else profile.stated_times())
    reasons = [ContactReason("outside-hours", r) for r in hours.reasons]
    later = [hours.next_allowed] if hours.next_allowed else []
    in_window = 0
    if not third_party:
        freq = frequency_verdict(attempts, moment, zones.zones[0])
        reasons += [ContactReason(code, text) for code, text in freq.problems]
        in_window = freq.attempts_in_window
        if freq.next_allowed:
            later.append(freq.next_allowed)
    reasons += _account_reasons(debtor, profile, phone)
    reasons += _history_reasons(attempts, phone, third_party, exception)
    notes: list[str] = []
    if facts.reassigned is True:
        reasons.append(ContactReason(
            "reassigned",
            f"{REASSIGNED_TEXT} ({facts.source} answered for {facts.asked_date}; "
            f"{REASSIGNED_CITATION})",
        ))  # fmt: skip
    elif facts.reassigned is None and facts.source:
        notes.append("the reassigned-numbers database had no data: no safe harbour")
    if facts.wireless:
        notes.append(WIRELESS_TEXT + (" (consent on file)" if profile.consent_date else ""))
    if zones.conflict or not zones.known:
        notes.append(zones.describe())
    # a later moment helps only when hours or frequency are all that stand in the way
    timed = {"outside-hours", "seven-in-seven", "conversation-within-7-days"}
    nxt = max(later) if later and all(r.code in timed for r in reasons) else None
    return ContactVerdict(
        account_id, phone, moment, not reasons, tuple(reasons), zones, hours, facts,
        tuple(notes), nxt, third_party, in_window,
    )  # fmt: skip
