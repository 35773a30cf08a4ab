"""Where a lead is in time: its time zone (from a phone's number plan or an address's
ZIP code) and the local time there now, so a collector sees at a glance whether a call
would land at 7 a.m. or 10 p.m. Offline: ``phonenumbers`` and the ``zipcodes`` table.

(The contact rules that decide whether a call is allowed live in ``skiptrace.contact``;
this only says where the lead is in time.)
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_ZIP = re.compile(r"\b(\d{5})(?:-\d{4})?\s*$")


@lru_cache(maxsize=4096)
def _zone_for_zip(zip5: str) -> str:
    import zipcodes  # a table of some 40,000 ZIP codes, loaded on first use

    try:
        found = zipcodes.matching(zip5)
    except (TypeError, ValueError):
        return ""
    return str(found[0].get("timezone") or "") if found else ""


@lru_cache(maxsize=4096)
def _zone_for_phone(number: str) -> str:
    import phonenumbers
    from phonenumbers import timezone as phone_zones

    try:
        parsed = phonenumbers.parse(number, "US")
    except phonenumbers.NumberParseException:
        return ""
    zones = [z for z in phone_zones.time_zones_for_number(parsed) if "/" in z]
    return zones[0] if len(zones) == 1 else ""  # an area code over two zones: unknown


def lead_time_zone(kind: str, value: str) -> str:
    """The IANA time zone of a phone or address lead ("America/Chicago"), or "" when it
    cannot be told (other kinds, an area code spanning zones, an unknown ZIP)."""
    if kind == "phone":
        return _zone_for_phone(value)
    if kind == "address":
        match = _ZIP.search(value)
        return _zone_for_zip(match.group(1)) if match else ""
    return ""


def local_time_text(zone: str, now: datetime | None = None) -> str:
    """The time now in ``zone`` as a collector reads it: "2:05 PM CST"; "" if unknown."""
    if not zone:
        return ""
    try:
        tz = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return ""
    local = (now or datetime.now(UTC)).astimezone(tz)
    hour = local.hour % 12 or 12
    return f"{hour}:{local.minute:02d} {'AM' if local.hour < 12 else 'PM'} {local.tzname()}"
