"""What a source says it found: candidate identities and the leads they carry.

Connectors build these (through ``skiptrace.connector_api``); the matcher scores them
against the debtor; lead merging and ranking turn their addresses and phones into leads.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from skiptrace.model import Address


class LeadKind(enum.StrEnum):
    """Kinds of lead a source can return."""

    ADDRESS = "address"
    PHONE = "phone"
    EMAIL = "email"
    EMPLOYER = "employer"
    RELATIVE = "relative"
    BANKRUPTCY = "bankruptcy"
    DECEASED = "deceased"
    LITIGATION = "litigation"
    GEOCODE = "geocode"


class About(enum.StrEnum):
    """Whether a candidate is a person to be matched, or facts about the query's own inputs
    (a geocoded address, a validated phone) that need no identity matching."""

    PERSON = "person"
    QUERY = "query"


@dataclass(frozen=True, slots=True)
class SeenAddress:
    """An address a source associates with the candidate, with when it was seen there."""

    address: Address
    first_seen: str = ""
    last_seen: str = ""
    status: str = ""  # e.g. "current", "undeliverable", as the source says


# A phone's status when a reassigned-numbers source answered "yes" for the consent date
# (47 CFR 64.1200(m)), and what the desk says of it and of a wireless number (TCPA).
REASSIGNED_STATUS = "reassigned"
REASSIGNED_TEXT = "reassigned since the consent date: do not call"
WIRELESS_TEXT = "wireless: manual dial unless consent is on file"


@dataclass(frozen=True, slots=True)
class SeenPhone:
    """A phone number a source associates with the candidate."""

    number: str
    line_type: str = ""  # mobile, landline, voip, unknown: only when the source knows
    first_seen: str = ""
    last_seen: str = ""
    status: str = ""  # e.g. "disconnected", as the source says


@dataclass(frozen=True, slots=True)
class Flag:
    """A fact of consequence: deceased, bankruptcy, litigation; ``detail`` as the source
    gives it (court, case number, chapter, filing date...)."""

    kind: LeadKind
    date: str = ""
    detail: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One record a source returned: an identity (or facts about the query) and its leads."""

    source: str
    record_id: str
    about: About = About.PERSON
    first_name: str = ""
    middle_name: str = ""
    last_name: str = ""
    suffix: str = ""
    dob: date | None = None
    ssn_last4: str = ""
    addresses: tuple[SeenAddress, ...] = ()
    phones: tuple[SeenPhone, ...] = ()
    emails: tuple[str, ...] = ()
    employers: tuple[str, ...] = ()
    flags: tuple[Flag, ...] = ()
    relationship: str = ""  # "" for the subject; "relative" / "associate" when the source says
    raw: Mapping[str, Any] = field(default_factory=dict)

    @property
    def full_name(self) -> str:
        """The candidate's name as one string."""
        parts = (self.first_name, self.middle_name, self.last_name, self.suffix)
        return " ".join(p for p in parts if p)

    def __repr__(self) -> str:  # raw fields may hold PII; keep reprs short
        return f"Candidate(source={self.source!r}, record_id={self.record_id!r})"
