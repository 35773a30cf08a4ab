"""Turning a source's records into candidates, written once for every connector.

A record arrives as a mapping: a JSON object, a CSV row read through a column mapping, a
demo record. ``person_candidate`` builds the candidate from its fields and the parts of
its addresses and phones (``seen_address``, ``seen_phone``), reading dates in the forms
sources write them (``parse_date``); ``found`` in ``model`` turns the list into an outcome.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

import phonenumbers

from skiptrace.candidate import About, Candidate, Flag, LeadKind, SeenAddress, SeenPhone
from skiptrace.model import Address
from skiptrace.sources.context import Context

# the fields of a person a record carries besides its addresses, phones and flags
PERSON_FIELDS = ("first_name", "middle_name", "last_name", "suffix", "dob", "ssn_last4")
# the leads a person's record yields (what ``person_candidate`` builds besides flags)
PERSON_LEADS = (LeadKind.ADDRESS, LeadKind.PHONE, LeadKind.EMAIL, LeadKind.EMPLOYER)
# the forms vendors' files and APIs write dates in, after ISO (tried first)
DATE_FORMATS = ("%m/%d/%Y", "%m/%d/%y", "%Y%m%d", "%m-%d-%Y")


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def parse_date(value: Any) -> date | None:
    """A date written as ISO (also a timestamp's date part) or a US form; None otherwise."""
    value = _text(value)
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        pass
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def iso_date(value: Any) -> str:
    """``value`` as an ISO date when it reads as one, else as given (a source's own words)."""
    when = parse_date(value)
    return when.isoformat() if when else _text(value)


def seen_address(parts: Mapping[str, Any]) -> SeenAddress | None:
    """An address from its parts (``line1 line2 city state zip first_seen last_seen status``).

    None when there is no street line: a city alone is not a lead.
    """
    line1 = _text(parts.get("line1"))
    if not line1:
        return None
    address = Address(
        line1,
        _text(parts.get("line2")),
        _text(parts.get("city")),
        _text(parts.get("state")),
        _text(parts.get("zip")),
    )
    return SeenAddress(
        address,
        iso_date(parts.get("first_seen")),
        iso_date(parts.get("last_seen")),
        _text(parts.get("status")),
    )


def seen_phone(parts: Mapping[str, Any] | str) -> SeenPhone | None:
    """A phone from its parts (``number line_type first_seen last_seen status``) or a bare
    number; None when there is no number."""
    if isinstance(parts, str):
        return SeenPhone(parts.strip()) if parts.strip() else None
    number = _text(parts.get("number"))
    if not number:
        return None
    return SeenPhone(
        number,
        _text(parts.get("line_type")).lower(),
        iso_date(parts.get("first_seen")),
        iso_date(parts.get("last_seen")),
        _text(parts.get("status")),
    )


def strings(value: Any) -> tuple[str, ...]:
    """A field that may be one value or a list of them, as non-empty texts."""
    items = value if isinstance(value, list | tuple) else [value]
    return tuple(t for t in (_text(v) for v in items) if t)


def bankruptcy(filed: Any, chapter: Any, court: Any = "") -> Flag:
    """A bankruptcy flag with the filing date, chapter and court as the source gave them."""
    return Flag(
        LeadKind.BANKRUPTCY, iso_date(filed), {"chapter": _text(chapter), "court": _text(court)}
    )


def person_candidate(
    source: str,
    record_id: str,
    fields: Mapping[str, Any],
    *,
    addresses: Iterable[Mapping[str, Any]] = (),
    phones: Iterable[Mapping[str, Any] | str] = (),
    emails: Any = (),
    employers: Any = (),
    flags: Iterable[Flag] = (),
    relationship: str = "",
    about: About = About.PERSON,
    raw: Mapping[str, Any] | None = None,
) -> Candidate:
    """A candidate person from a record's fields (``PERSON_FIELDS``) and the parts of its
    addresses and phones.

    Dates are parsed (an unreadable DOB is left out, never guessed) and only the last
    four digits of an SSN field are kept.
    """
    seen_at = [a for a in (seen_address(p) for p in addresses) if a is not None]
    seen_on = [p for p in (seen_phone(p) for p in phones) if p is not None]
    return Candidate(
        source=source,
        record_id=record_id,
        about=about,
        first_name=_text(fields.get("first_name")),
        middle_name=_text(fields.get("middle_name")),
        last_name=_text(fields.get("last_name")),
        suffix=_text(fields.get("suffix")),
        dob=parse_date(fields.get("dob")),
        ssn_last4=_text(fields.get("ssn_last4"))[-4:],
        addresses=tuple(seen_at),
        phones=tuple(seen_on),
        emails=strings(emails),
        employers=strings(employers),
        flags=tuple(flags),
        relationship=relationship,
        raw=dict(raw or {}),
    )


def us_phone(number: str) -> tuple[str, str]:
    """(E.164, national digits) of a number read with the US as its default region; the
    number as given and its digits when it cannot be parsed."""
    try:
        parsed = phonenumbers.parse(number, "US")
    except phonenumbers.NumberParseException:
        return number, "".join(c for c in number if c.isdigit())
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return e164, str(parsed.national_number)


def phone_asked_date(context: Context, account_id: str, e164: str) -> str:
    """The date a reassigned-number query about a phone asks about (its newest verified
    date, else the consent or placement date); "" when the account gives none or the
    context reads no history."""
    if context.history is None:
        return ""
    return context.history(account_id).last_verified("phone", lambda n: us_phone(n)[0], e164)
