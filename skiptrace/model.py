"""Domain values of the collector's world: debtors, their contact points, dispositions."""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, TypedDict


class AccountStatus(enum.StrEnum):
    """Where an account stands; anything but OPEN is a reason to think before searching."""

    OPEN = "open"
    CLOSED = "closed"
    RECALLED = "recalled"
    BANKRUPT = "bankrupt"
    DECEASED = "deceased"
    CEASE_CONTACT = "cease-contact"
    LITIGATION = "litigation"


class SubjectType(enum.StrEnum):
    """Whom a search is about; purposes cover some subject types and not others."""

    DEBTOR = "debtor"
    CO_OBLIGOR = "co-obligor"
    THIRD_PARTY = "third-party"


class DispositionKind(enum.StrEnum):
    """What a collector learned by working a lead. ``UNDONE`` takes back the lead's
    latest disposition: a new entry, never an edit of the old one."""

    VERIFIED = "verified"
    WRONG_PARTY = "wrong-party"
    DISCONNECTED = "disconnected"
    DO_NOT_CONTACT = "do-not-contact"
    BAD_ADDRESS = "bad-address"
    MOVED = "moved"
    NO_LONGER_THERE = "no-longer-there"
    UNDONE = "undone"


# Which dispositions fit which lead kind, in the order offered: the one table the CLI,
# the app's disposition bar and its menu read. A phone's wrong party is a wrong number,
# its do-not-contact a do-not-call (the stored value is the same; the label differs).
DISPOSITIONS_FOR: dict[str, tuple[DispositionKind, ...]] = {
    "phone": (
        DispositionKind.VERIFIED,
        DispositionKind.WRONG_PARTY,
        DispositionKind.DISCONNECTED,
        DispositionKind.DO_NOT_CONTACT,
    ),
    "address": (DispositionKind.VERIFIED, DispositionKind.BAD_ADDRESS, DispositionKind.MOVED),
    "employer": (
        DispositionKind.VERIFIED,
        DispositionKind.NO_LONGER_THERE,
        DispositionKind.DO_NOT_CONTACT,
    ),
    "email": (
        DispositionKind.VERIFIED,
        DispositionKind.WRONG_PARTY,
        DispositionKind.BAD_ADDRESS,
        DispositionKind.DO_NOT_CONTACT,
    ),
    "relative": (
        DispositionKind.VERIFIED,
        DispositionKind.WRONG_PARTY,
        DispositionKind.DO_NOT_CONTACT,
    ),
}
_FLAG_DISPOSITIONS = (DispositionKind.VERIFIED, DispositionKind.WRONG_PARTY)
# dispositions a collector confirms, with the lead named, before they are recorded:
# do-not-contact is a legal flag; wrong party takes a lead away from the debtor
CONFIRMED_DISPOSITIONS = frozenset({DispositionKind.WRONG_PARTY, DispositionKind.DO_NOT_CONTACT})
_LABELS = {
    DispositionKind.VERIFIED: "Verified",
    DispositionKind.WRONG_PARTY: "Wrong party",
    DispositionKind.DISCONNECTED: "Disconnected",
    DispositionKind.DO_NOT_CONTACT: "Do not contact",
    DispositionKind.BAD_ADDRESS: "Bad address",
    DispositionKind.MOVED: "Moved",
    DispositionKind.NO_LONGER_THERE: "No longer there",
    DispositionKind.UNDONE: "Undone",
}
_PHONE_LABELS = {
    DispositionKind.WRONG_PARTY: "Wrong number",
    DispositionKind.DO_NOT_CONTACT: "Do not call",
}


def dispositions_for_lead(lead_kind: str) -> tuple[DispositionKind, ...]:
    """The dispositions that fit a lead kind (a flag can be verified or someone else's)."""
    return DISPOSITIONS_FOR.get(lead_kind, _FLAG_DISPOSITIONS)


def disposition_label(kind: DispositionKind | str, lead_kind: str = "") -> str:
    """A disposition as people say it of that kind of lead: "Wrong number", "Moved"."""
    kind = DispositionKind(kind)
    if lead_kind == "phone" and kind in _PHONE_LABELS:
        return _PHONE_LABELS[kind]
    return _LABELS[kind]


def current_dispositions(
    dispositions: Sequence[Disposition], key: Callable[[Disposition], str]
) -> dict[str, Disposition]:
    """What stands on each lead (by ``key``) after every entry in recorded order: the
    latest disposition, where an ``UNDONE`` entry takes back the one before it."""
    stacks: dict[str, list[Disposition]] = {}
    for d in dispositions:
        stack = stacks.setdefault(key(d), [])
        if d.kind == DispositionKind.UNDONE:
            if stack:
                stack.pop()
        else:
            stack.append(d)
    return {k: stack[-1] for k, stack in stacks.items() if stack}


@dataclass(frozen=True, slots=True)
class Address:
    """A postal address as given; normalising is the matcher's job."""

    line1: str
    line2: str = ""
    city: str = ""
    state: str = ""
    zip: str = ""

    def one_line(self) -> str:
        """The address on one line, as a person would write it."""
        street = " ".join(p for p in (self.line1, self.line2) if p)
        tail = " ".join(p for p in (self.state, self.zip) if p)
        return ", ".join(p for p in (street, self.city, tail) if p)


@dataclass(frozen=True, slots=True)
class Phone:
    """A phone number as given, with an optional label (home, mobile, work)."""

    number: str
    label: str = ""


class NameParts(TypedDict):
    """The four parts of a person's name, as every record of a person spells them."""

    first_name: str
    middle_name: str
    last_name: str
    suffix: str


def name_parts(record: Any) -> NameParts:
    """The name parts of anything that has them (a debtor, a stored row), to pass on."""
    return NameParts(
        first_name=record.first_name,
        middle_name=record.middle_name,
        last_name=record.last_name,
        suffix=record.suffix,
    )


@dataclass(frozen=True, slots=True)
class Debtor:
    """One account's subject: who owes, what is known of them, who works the account.

    ``ssn`` and ``dob`` are the full values, present only in memory after an explicit
    decrypt; the store keeps them encrypted and searches on ``ssn_last4`` and birth year.
    """

    account_id: str
    first_name: str
    last_name: str
    middle_name: str = ""
    suffix: str = ""
    dob: date | None = None
    ssn: str = ""
    ssn_last4: str = ""
    addresses: tuple[Address, ...] = ()
    phones: tuple[Phone, ...] = ()
    emails: tuple[str, ...] = ()
    employer: str = ""
    creditor: str = ""
    balance: Decimal | None = None
    assigned_to: str = ""
    status: AccountStatus = AccountStatus.OPEN

    def __post_init__(self) -> None:
        if not self.account_id.strip():
            raise ValueError("an account needs an account id")
        if self.ssn and not self.ssn_last4:
            object.__setattr__(self, "ssn_last4", self.ssn[-4:])

    @property
    def full_name(self) -> str:
        """First, middle, last and suffix, as printed on a letter."""
        parts = (self.first_name, self.middle_name, self.last_name, self.suffix)
        return " ".join(p for p in parts if p)

    @property
    def birth_year(self) -> int | None:
        """The searchable, non-identifying part of the date of birth."""
        return self.dob.year if self.dob else None

    def __repr__(self) -> str:  # never let a full SSN or DOB reach a log via repr()
        return f"Debtor(account_id={self.account_id!r}, name={self.full_name!r})"


@dataclass(frozen=True, slots=True)
class Disposition:
    """A collector's verdict on one lead of one account."""

    account_id: str
    lead_kind: str
    lead_value: str
    kind: DispositionKind
    user: str
    note: str = ""
    search_id: str = ""
    recorded_at: str = ""


@dataclass(frozen=True, slots=True)
class Workstation:
    """Who is at the keyboard and where: stamped on every search-log entry."""

    user: str
    host: str
    app_version: str = field(default="")
