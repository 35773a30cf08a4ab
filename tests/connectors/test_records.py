"""The record helpers every connector builds candidates with (``skiptrace.connector_api``)."""

from __future__ import annotations

from datetime import date

import pytest

from skiptrace import connector_api as api


@pytest.mark.parametrize(
    "written",
    ["1979-04-12", "1979-04-12T00:00:00Z", "04/12/1979", "04/12/79", "19790412", "04-12-1979"],
)
def test_dates_are_read_in_every_form_sources_write(written):
    assert api.parse_date(written) == date(1979, 4, 12)
    assert api.iso_date(written) == "1979-04-12"


@pytest.mark.parametrize("written", ["", None, "  ", "13/45/1979", "soon", "1979-02-30"])
def test_an_unreadable_date_is_none_never_a_guess(written):
    assert api.parse_date(written) is None


def test_iso_date_keeps_a_value_it_cannot_read_as_given():
    assert api.iso_date("spring 2024") == "spring 2024"


def test_an_address_needs_a_street_line_and_reads_its_dates():
    seen = api.seen_address(
        {
            "line1": " 55 Elm St ",
            "city": "Dayton",
            "state": "OH",
            "zip": 45402,
            "last_seen": "08/01/2026",
        }
    )
    assert seen is not None
    assert seen.address == api.Address("55 Elm St", "", "Dayton", "OH", "45402")
    assert seen.last_seen == "2026-08-01"
    assert api.seen_address({"city": "Dayton", "state": "OH"}) is None


def test_a_phone_may_be_parts_or_a_bare_number():
    phone = api.seen_phone(
        {"number": "9375550199", "line_type": "Mobile", "first_seen": "20250102"}
    )
    assert phone is not None
    assert (phone.number, phone.line_type, phone.first_seen) == (
        "9375550199",
        "mobile",
        "2025-01-02",
    )
    bare = api.seen_phone("6145550134")
    assert bare is not None and bare.number == "6145550134"
    assert api.seen_phone({"line_type": "mobile"}) is None and api.seen_phone(" ") is None


def test_strings_take_one_value_or_a_list_and_drop_blanks():
    assert api.strings("a@example.com") == ("a@example.com",)
    assert api.strings(["a@example.com", "", None, " b@example.com "]) == (
        "a@example.com",
        "b@example.com",
    )
    assert api.strings(None) == ()


def test_a_person_candidate_keeps_only_the_last_four_and_a_readable_dob():
    c = api.person_candidate(
        "vendor",
        "V1",
        {
            "first_name": "ROBERT",
            "last_name": "KOWALSKI",
            "dob": "04/12/1979",
            "ssn_last4": "123456789",
        },
        addresses=[{"line1": "55 Elm St", "city": "Dayton"}, {"city": "nowhere"}],
        phones=["9375550199", {"number": ""}],
        emails="rk@example.com",
    )
    assert (c.source, c.record_id, c.first_name) == ("vendor", "V1", "ROBERT")
    assert c.ssn_last4 == "6789"
    assert c.dob == date(1979, 4, 12)
    assert [a.address.line1 for a in c.addresses] == ["55 Elm St"]
    assert [p.number for p in c.phones] == ["9375550199"]
    assert c.emails == ("rk@example.com",)
    assert api.person_candidate("vendor", "V2", {"dob": "unknown"}).dob is None


def test_found_says_what_the_connector_wants_said():
    assert api.found("x", []).status is api.Status.NO_HIT
    assert api.found("x", []).message == "no records found"
    assert api.found("x", [], no_hit_message="matched none of 2 addresses").message == (
        "matched none of 2 addresses"
    )
    hit = api.person_candidate("x", "1", {"last_name": "Lee"})
    assert api.found("x", [hit]).message == "1 record(s) found"
    assert api.found("x", [hit], message="40 dockets; 1 shown").message == "40 dockets; 1 shown"
    assert api.found("x", [hit], no_hit_message="unused").status is api.Status.OK


def test_us_phone_reads_us_default_numbers_and_keeps_what_it_cannot_parse() -> None:
    assert api.us_phone("(704) 555-0134") == ("+17045550134", "7045550134")
    assert api.us_phone("+44 20 7946 0958") == ("+442079460958", "2079460958")
    assert api.us_phone("abc") == ("abc", "")
