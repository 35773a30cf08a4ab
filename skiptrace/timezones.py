"""Time zones of a place, offline: a US ZIP code (the ``zipcodes`` table) and a phone
number's area (``phonenumbers``'s numbering plan). One lookup for the research view's
local time and the contact rules' call hours.
"""

from __future__ import annotations

from functools import lru_cache

import phonenumbers
import zipcodes
from phonenumbers import timezone as phone_timezone

_UNKNOWN = "Etc/Unknown"


@lru_cache(maxsize=4096)
def zones_for_zip(zip_code: str) -> tuple[str, ...]:
    """The time zone of a US ZIP code (five digits, ZIP+4 accepted); () when unknown.

    A ZIP missing from the table (a unique or PO-box ZIP) takes the zones of every ZIP
    sharing its first three digits (its sectional centre): all of them, when they differ.
    """
    five = "".join(c for c in zip_code if c.isdigit())[:5]
    if len(five) != 5:
        return ()
    try:
        found = zipcodes.matching(five) or zipcodes.similar_to(five[:3])
    except (TypeError, ValueError):
        return ()
    return tuple(sorted({z["timezone"] for z in found if z.get("timezone")}))


def zones_for_phone(number: str, region: str = "US") -> tuple[str, ...]:
    """The zones of a phone number's area, from the numbering plan; () when unknown."""
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return ()
    return tuple(z for z in phone_timezone.time_zones_for_number(parsed) if z != _UNKNOWN)
