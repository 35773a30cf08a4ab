"""Convenient hours at the edges: 8:00 and 21:00 in Anchorage, Honolulu and Phoenix, across
a DST change, with two possible zones, and with the consumer's stated inconvenient times."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from skiptrace.contact.hours import BadInconvenientTime, call_hours, parse_inconvenient
from skiptrace.contact.zones import US_ZONES, consumer_zones, zones_for_phone, zones_for_zip


def at(zone: str, text: str) -> datetime:
    """A wall-clock moment in a zone, as an aware datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone))


@pytest.mark.parametrize("zone", ["America/Anchorage", "Pacific/Honolulu", "America/Phoenix"])
@pytest.mark.parametrize(
    ("clock", "allowed"),
    [("07:59", False), ("08:00", True), ("21:00", True), ("21:01", False), ("12:00", True)],
)
def test_edges_of_the_window(zone: str, clock: str, allowed: bool) -> None:
    verdict = call_hours(at(zone, f"2026-07-15T{clock}"), [zone])
    assert verdict.allowed is allowed
    assert verdict.local_times[0][1].strftime("%H:%M") == clock


def test_too_early_says_from_when() -> None:
    verdict = call_hours(at("Pacific/Honolulu", "2026-07-15T06:30"), ["Pacific/Honolulu"])
    assert not verdict.allowed
    assert "06:30 in Pacific/Honolulu is outside 08:00-21:00" in verdict.reasons[0]
    assert verdict.next_allowed == at("Pacific/Honolulu", "2026-07-15T08:00").astimezone(UTC)


def test_too_late_is_allowed_next_morning() -> None:
    verdict = call_hours(at("America/Anchorage", "2026-07-15T21:30"), ["America/Anchorage"])
    assert verdict.next_allowed == at("America/Anchorage", "2026-07-16T08:00").astimezone(UTC)


def test_dst_change_moves_the_utc_window_but_not_phoenix() -> None:
    # 2026-03-08: New York springs forward; Phoenix keeps no daylight saving time
    before, after = (
        datetime(2026, 3, 7, 12, 30, tzinfo=UTC),
        datetime(2026, 3, 8, 12, 30, tzinfo=UTC),
    )
    assert not call_hours(before, ["America/New_York"]).allowed  # 07:30 EST
    assert call_hours(after, ["America/New_York"]).allowed  # 08:30 EDT
    # Phoenix: 8:00 MST is 15:00 UTC on both sides of the change
    for day in (7, 8):
        assert not call_hours(
            datetime(2026, 3, day, 14, 59, tzinfo=UTC), ["America/Phoenix"]
        ).allowed
        assert call_hours(datetime(2026, 3, day, 15, 0, tzinfo=UTC), ["America/Phoenix"]).allowed
    # Anchorage falls back on 2026-11-01: 21:00 AKDT was 05:00 UTC, 21:00 AKST is 06:00 UTC
    assert call_hours(datetime(2026, 11, 2, 6, 0, tzinfo=UTC), ["America/Anchorage"]).allowed
    assert not call_hours(datetime(2026, 10, 31, 6, 0, tzinfo=UTC), ["America/Anchorage"]).allowed


def test_next_allowed_across_the_dst_change() -> None:
    # 22:00 EST on the eve of spring-forward: next convenient moment is 08:00 EDT (12:00 UTC)
    verdict = call_hours(at("America/New_York", "2026-03-07T22:00"), ["America/New_York"])
    assert verdict.next_allowed == datetime(2026, 3, 8, 12, 0, tzinfo=UTC)


def test_conflicting_zones_allow_only_hours_good_in_both() -> None:
    zones = consumer_zones("10001", "+1 808 555 0100")  # a Manhattan address, a Hawaii phone
    assert zones.conflict
    assert set(zones.zones) == {"America/New_York", "Pacific/Honolulu"}
    # 09:00 in New York is 03:00 in Honolulu: not allowed until 08:00 Honolulu (14:00 NY)
    early = call_hours(at("America/New_York", "2026-07-15T09:00"), zones.zones)
    assert not early.allowed
    assert early.next_allowed == at("Pacific/Honolulu", "2026-07-15T08:00").astimezone(UTC)
    assert call_hours(at("America/New_York", "2026-07-15T14:00"), zones.zones).allowed
    # 21:00 New York is the last convenient minute there, though early evening in Honolulu
    assert call_hours(at("America/New_York", "2026-07-15T21:00"), zones.zones).allowed
    assert not call_hours(at("America/New_York", "2026-07-15T21:01"), zones.zones).allowed


def test_address_decides_when_the_phone_area_spans_it() -> None:
    assert zones_for_phone("+19075550100") == ("America/Adak", "America/Anchorage")
    zones = consumer_zones("99501", "+19075550100")
    assert zones.zones == ("America/Anchorage",) and not zones.conflict


def test_zip_and_unknown() -> None:
    assert zones_for_zip("85001-1234") == ("America/Phoenix",)
    assert zones_for_zip("00000") == ()
    assert zones_for_zip("30335") == ("America/New_York",)  # not in the table: its SCF, 303
    unknown = consumer_zones("", "")
    assert not unknown.known and unknown.zones == US_ZONES
    # unknown: only when convenient everywhere, so 08:30 Eastern is too early (Hawaii)
    assert not call_hours(at("America/New_York", "2026-07-15T08:30"), unknown.zones).allowed


def test_stated_inconvenient_times_take_precedence() -> None:
    work = parse_inconvenient("Mon-Fri 09:00-17:00")
    zone = ["America/Phoenix"]
    wednesday_noon = at("America/Phoenix", "2026-07-15T12:00")
    verdict = call_hours(wednesday_noon, zone, [work])
    assert not verdict.allowed
    assert "stated inconvenient time Mon-Fri 09:00-17:00" in verdict.reasons[0]
    assert verdict.next_allowed == at("America/Phoenix", "2026-07-15T17:00").astimezone(UTC)
    assert call_hours(at("America/Phoenix", "2026-07-18T12:00"), zone, [work]).allowed  # Sat
    night = parse_inconvenient("Fri 20:00-10:00")  # spans midnight into Saturday
    assert not call_hours(at("America/Phoenix", "2026-07-18T09:00"), zone, [night]).allowed
    assert call_hours(at("America/Phoenix", "2026-07-19T09:00"), zone, [night]).allowed


def test_bad_stated_time_is_refused_with_the_text() -> None:
    with pytest.raises(BadInconvenientTime, match="'Someday 9-5'"):
        parse_inconvenient("Someday 9-5")
    with pytest.raises(BadInconvenientTime, match="is not a day"):
        parse_inconvenient("Xyz 09:00-10:00")


def test_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        call_hours(datetime(2026, 7, 15, 12, 0), ["America/Phoenix"])
