"""Where a lead is in time: its time zone (from a phone's number plan or an address's
ZIP code) and the local time there now, so a collector sees at a glance whether a call
would land at 7 a.m. or 10 p.m. Offline: ``phonenumbers`` and the ``zipcodes`` table.

(The contact rules that decide whether a call is allowed live in ``skiptrace.contact``;
this only says where the lead is in time.)
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from skiptrace.timezones import zones_for_phone, zones_for_zip

_ZIP = re.compile(r"\b(\d{5})(?:-\d{4})?\s*$")


def _one_zone(zones: tuple[str, ...]) -> str:
    # an area code or ZIP region over two zones says nothing certain about the lead
    named = [z for z in zones if "/" in z]
    return named[0] if len(named) == 1 else ""


def lead_time_zone(kind: str, value: str) -> str:
    """The IANA time zone of a phone or address lead ("America/Chicago"), or "" when it
    cannot be told (other kinds, an area code spanning zones, an unknown ZIP)."""
    if kind == "phone":
        return _one_zone(zones_for_phone(value))
    if kind == "address":
        match = _ZIP.search(value)
        return _one_zone(zones_for_zip(match.group(1))) if match else ""
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
