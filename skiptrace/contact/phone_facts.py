"""What line-type and reassigned-number sources said of a phone, read back from the store.

A connector that asks about a number (``twilio_lookup``, ``rnd_agent``) returns each
answer as ``Outcome.evidence`` (``sources.phone_answer``); the orchestrator keeps it in
the search's ``search.completed`` entry and its search row. This module reads the newest
answer per number back for the contact check and the lead.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import phonenumbers
import sqlalchemy as sa

from skiptrace.sources.phone_answer import PhoneAnswer
from skiptrace.store.searches import searches_for

REASSIGNED_CITATION = "47 CFR 64.1200(m)"
WIRELESS_TYPES = frozenset({"mobile", "wireless", "nonfixedvoip"})


def e164(number: str, region: str = "US") -> str:
    """A number in E.164 form, or the digits as given when it cannot be parsed."""
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return "".join(c for c in number if c.isdigit() or c == "+")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


@dataclass(frozen=True, slots=True)
class PhoneFacts:
    """The newest facts sources gave for one number of one account."""

    number: str
    line_type: str = ""  # mobile, landline, voip...: as the source said
    carrier: str = ""
    reassigned: bool | None = None  # None: not asked, or the database had no data
    asked_date: str = ""  # the date the reassigned query was about (YYYY-MM-DD)
    safe_harbor: bool = False  # "no" on the latest data: the caller may rely on it
    source: str = ""
    search_id: str = ""

    @property
    def wireless(self) -> bool:
        """Whether a source said the number is wireless (TCPA: autodialer needs consent)."""
        return self.line_type.replace("-", "").replace("_", "").lower() in WIRELESS_TYPES


def evidence_items(outcomes: Mapping[str, Any]) -> Iterable[tuple[str, Mapping[str, Any]]]:
    """(connector id, evidence) for every item a search's outcome summaries kept."""
    for connector_id, summary in outcomes.items():
        if isinstance(summary, Mapping):
            for item in summary.get("evidence") or ():
                if isinstance(item, Mapping):
                    yield connector_id, item


def phone_facts(conn: sa.Connection, account_id: str, number: str) -> PhoneFacts:
    """The newest line type and reassigned answer sources gave for ``number``."""
    wanted = e164(number)
    line_type = carrier = ""
    reassigned: PhoneFacts | None = None
    line_source = ""
    for search in searches_for(conn, account_id):  # newest first
        for connector_id, item in evidence_items(search.outcomes):
            answer = PhoneAnswer.from_evidence(item)
            if e164(answer.number) != wanted:
                continue
            if not line_type and answer.line_type:
                line_type, carrier, line_source = answer.line_type, answer.carrier, connector_id
            if reassigned is None and "reassigned" in item:
                reassigned = PhoneFacts(
                    wanted,
                    reassigned=answer.reassigned,
                    asked_date=answer.date,
                    safe_harbor=answer.safe_harbor,
                    source=connector_id,
                    search_id=search.search_id,
                )
    if reassigned is None:
        return PhoneFacts(wanted, line_type, carrier, source=line_source)
    return PhoneFacts(
        wanted, line_type, carrier, reassigned.reassigned, reassigned.asked_date,
        reassigned.safe_harbor, reassigned.source, reassigned.search_id,
    )  # fmt: skip
