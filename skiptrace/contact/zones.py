"""Where the consumer's clock is: time zones from the address ZIP and the phone, offline.

Regulation F §1006.6(b)(1)(i) measures convenient hours in *local time at the consumer's
location*. The ZIP of the address (the ``zipcodes`` package ships the table) and the
phone's numbering-plan area (``phonenumbers``) each suggest a zone. When they disagree the
consumer may be in either, so both are kept and only hours convenient in every one of
them count (the official commentary's reading for two possible locations).
"""

from __future__ import annotations

from dataclasses import dataclass

from skiptrace.timezones import zones_for_phone, zones_for_zip

# Where nothing says where the consumer is: hours convenient everywhere in the US.
US_ZONES = (
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
)


@dataclass(frozen=True, slots=True)
class ConsumerZones:
    """The zones a consumer may be in, and why; ``conflict`` when address and phone differ."""

    zones: tuple[str, ...]
    address_zones: tuple[str, ...] = ()
    phone_zones: tuple[str, ...] = ()
    conflict: bool = False
    known: bool = True

    def describe(self) -> str:
        """One line for a collector: which zone(s) and why."""
        if not self.known:
            return "time zone unknown: only hours convenient in every US time zone"
        if self.conflict:
            return (
                f"address ({', '.join(self.address_zones)}) and phone "
                f"({', '.join(self.phone_zones)}) disagree: only hours convenient in both"
            )
        return ", ".join(self.zones)


def consumer_zones(zip_code: str = "", phone: str = "") -> ConsumerZones:
    """The zones to respect for a call to ``phone`` of a consumer living at ``zip_code``.

    The address decides when the phone's area spans it (Alaska's 907 covers Anchorage
    and Adak); a phone whose area lies elsewhere adds its zones, since the consumer may be
    there (a mobile keeps its area code when people move).
    """
    by_address = zones_for_zip(zip_code) if zip_code else ()
    by_phone = zones_for_phone(phone) if phone else ()
    if by_address and by_phone:
        if set(by_address) & set(by_phone):
            return ConsumerZones(by_address, by_address, by_phone)
        both = tuple(dict.fromkeys((*by_address, *by_phone)))
        return ConsumerZones(both, by_address, by_phone, conflict=True)
    if by_address or by_phone:
        return ConsumerZones(by_address or by_phone, by_address, by_phone)
    return ConsumerZones(US_ZONES, known=False)
