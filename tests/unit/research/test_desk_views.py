"""The core behind the research desk's views: which dispositions fit which lead, undo,
explanations that add up, records found with verdicts, seen dates, time zones, normal
case, and an account's timeline."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from skiptrace.candidate import Candidate, SeenAddress, SeenPhone
from skiptrace.matching import rank_leads, score_candidates
from skiptrace.model import (
    CONFIRMED_DISPOSITIONS,
    Address,
    Disposition,
    DispositionKind,
    current_dispositions,
    disposition_label,
    dispositions_for_lead,
)
from skiptrace.research.lead_rows import address_in_normal_case, build_research, display_value
from skiptrace.research.local_time import lead_time_zone, local_time_text
from tests.helpers.workspaces import sample_debtor

K = DispositionKind


def test_every_lead_kind_is_offered_dispositions_that_fit_it() -> None:
    assert dispositions_for_lead("phone") == (
        K.VERIFIED, K.WRONG_PARTY, K.DISCONNECTED, K.DO_NOT_CONTACT,
    )  # fmt: skip
    assert dispositions_for_lead("address") == (K.VERIFIED, K.BAD_ADDRESS, K.MOVED)
    assert K.DISCONNECTED not in dispositions_for_lead("employer")
    assert K.NO_LONGER_THERE in dispositions_for_lead("employer")
    kinds = ("phone", "address", "employer", "email", "relative", "deceased")
    assert K.UNDONE not in {k for kind in kinds for k in dispositions_for_lead(kind)}
    assert disposition_label(K.WRONG_PARTY, "phone") == "Wrong number"
    assert disposition_label(K.DO_NOT_CONTACT, "phone") == "Do not call"
    assert disposition_label(K.WRONG_PARTY, "address") == "Wrong party"
    assert {K.WRONG_PARTY, K.DO_NOT_CONTACT} == CONFIRMED_DISPOSITIONS


def test_undo_takes_back_the_latest_and_leaves_the_one_before() -> None:
    def d(kind: K) -> Disposition:
        return Disposition("A-1", "phone", "6145550134", kind, "tester")

    key = lambda x: x.lead_value  # noqa: E731
    assert current_dispositions([d(K.VERIFIED), d(K.DISCONNECTED)], key)["6145550134"].kind is (
        K.DISCONNECTED
    )
    standing = current_dispositions([d(K.VERIFIED), d(K.DISCONNECTED), d(K.UNDONE)], key)
    assert standing["6145550134"].kind is K.VERIFIED
    assert current_dispositions([d(K.VERIFIED), d(K.UNDONE), d(K.UNDONE)], key) == {}


def _candidates() -> list[Candidate]:
    return [
        Candidate(
            "demo", "r1", first_name="Robert", last_name="Kowalski", dob=date(1979, 4, 12),
            ssn_last4="6789",
            addresses=(SeenAddress(Address("12 N Main St", "Apt 4", "Chicago", "IL", "60601"),
                                   "2019-04-02", "2026-06-30"),),
            phones=(SeenPhone("3125550134", "mobile", "2021-01-05", "2025-11-01"),),
        ),
        Candidate("demo", "r2", first_name="Robert", last_name="Kowalski",
                  dob=date(1950, 1, 1), ssn_last4="0000"),
    ]  # fmt: skip


def _bits(text: str) -> list[float]:
    return [float(m.replace("−", "-")) for m in re.findall(r"\(([+−]\d+\.\d)", text)]


def test_explanations_add_up() -> None:
    debtor = sample_debtor()
    scored = score_candidates(debtor, _candidates())
    for s in scored:  # contributions + starting odds = the total; the total gives the odds
        _, tail = s.explanation.split("; starting odds ")
        start, total = re.match(r"([+−]\d+\.\d); in all ([+−]\d+\.\d) bits", tail).groups()
        counted = [c for c in s.contributions if c.counted and c.counted_bits is None]
        f = lambda t: float(t.replace("−", "-"))  # noqa: E731
        assert sum(c.bits for c in counted) + f(start) == pytest.approx(f(total), abs=0.2)
    for lead in rank_leads(debtor, scored):
        text = lead.explanation
        listed = _bits(text.split("; in all")[0])
        total = float(re.search(r"in all ([+−]\d+\.\d) bits", text).group(1).replace("−", "-"))
        assert sum(listed) == pytest.approx(total, abs=0.15), text
        reach = float(re.search(r"(\d+)% likely to reach", text).group(1)) / 100
        identity = float(re.search(r"identity (\d\.\d\d)", text).group(1))
        assert text.endswith(f"= {lead.score:.2f}")
        assert reach * identity == pytest.approx(lead.score, abs=0.02), text


def test_records_found_say_who_is_and_is_not_the_debtor_and_why() -> None:
    rows = build_research(sample_debtor(), _candidates(), [])
    by_id = {r.record_id: r for r in rows.records}
    assert by_id["r1"].verdict == "is the debtor"
    assert by_id["r2"].verdict == "is not"
    assert "SSN differs" in by_id["r2"].why and "born 1950" in by_id["r2"].summary
    assert by_id["r1"].carries[0].startswith("address 12 N Main St")


def test_lead_rows_carry_first_and_last_seen_line_type_and_time_zone() -> None:
    rows = build_research(sample_debtor(), _candidates(), []).leads
    address = next(r for r in rows if r.kind == "address")
    phone = next(r for r in rows if r.kind == "phone")
    assert (address.first_seen, address.last_seen) == ("2019-04-02", "2026-06-30")
    assert address.time_zone == "America/Chicago"
    assert (phone.first_seen, phone.last_seen, phone.line_type) == (
        "2021-01-05", "2025-11-01", "mobile",
    )  # fmt: skip
    assert phone.time_zone == "America/Chicago"  # area code 312


def test_time_zones_and_local_time() -> None:
    assert lead_time_zone("address", "1 MAIN ST, PHOENIX, AZ 85040") == "America/Phoenix"
    assert lead_time_zone("address", "no zip here") == ""
    assert lead_time_zone("employer", "Acme") == ""
    assert lead_time_zone("phone", "+17045471596") == "America/New_York"
    noon_utc = datetime(2026, 1, 15, 17, 5, tzinfo=UTC)
    assert local_time_text("America/Chicago", noon_utc) == "11:05 AM CST"
    assert local_time_text("", noon_utc) == ""


def test_values_as_people_read_them() -> None:
    assert display_value("phone", "+17045471596") == "(704) 547-1596"
    assert address_in_normal_case("12 N MAIN ST APT 4, CHICAGO, IL 60601") == (
        "12 N Main St Apt 4, Chicago, IL 60601"
    )
    assert address_in_normal_case("100 W 42ND ST, NEW YORK NY 10036") == (
        "100 W 42nd St, New York NY 10036"
    )
    assert display_value("address", "9 Elm St, Dayton OH") == "9 Elm St, Dayton OH"  # as given
