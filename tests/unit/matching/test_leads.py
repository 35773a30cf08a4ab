"""Lead merging and ranking."""

from __future__ import annotations

from datetime import date

from skiptrace.candidate import Candidate, SeenAddress, SeenPhone
from skiptrace.matching import rank_leads, score_candidates
from skiptrace.model import Address, Debtor, Disposition, DispositionKind

DEBTOR = Debtor("A-9", "Robert", "Lindqvist", dob=date(1971, 3, 14))
TODAY = date(2026, 11, 1)


def source(
    name: str,
    *addresses: Address,
    phones: tuple[SeenPhone, ...] = (),
    first: str = "Robert",
    seen: str = "2026-09-01",
) -> Candidate:
    return Candidate(
        source=name, record_id=f"{name}-1", first_name=first, last_name="Lindqvist",
        dob=date(1971, 3, 14), addresses=tuple(SeenAddress(a, last_seen=seen) for a in addresses),
        phones=phones,
    )  # fmt: skip


def test_same_address_from_two_sources_merges_and_rises() -> None:
    a = source("bureau", Address("123 N Main St", "Apt 4", "Springfield", "IL", "62704"))
    b = source("utility", Address("123 North Main Street", "#4", "Springfield", "IL", "62704"))
    c = source("bureau2", Address("9 Elm Ave", "", "Springfield", "IL", "62702"))
    scored = score_candidates(DEBTOR, [a, b])
    leads = rank_leads(DEBTOR, scored, today=TODAY)
    assert len(leads) == 1
    assert {s.source for s in leads[0].sources} == {"bureau", "utility"}
    assert "2 sources agree" in leads[0].explanation
    single = rank_leads(DEBTOR, score_candidates(DEBTOR, [c]), today=TODAY)[0]
    assert leads[0].score > single.score


def test_valid_mobile_before_invalid_and_dispositions_move_leads() -> None:
    phones = (SeenPhone("(813) 555-0199", line_type="mobile", last_seen="2026-10-01"),
              SeenPhone("555-01", last_seen="2026-10-01"),
              SeenPhone("813-555-0123 ext 12", last_seen="2026-10-01"))  # fmt: skip
    scored = score_candidates(DEBTOR, [source("bureau", phones=phones)])
    leads = rank_leads(DEBTOR, scored, today=TODAY)
    values = [lead.value for lead in leads]
    assert values[0] == "+18135550199"
    assert leads[-1].valid is False  # flagged, not dropped
    marks = [Disposition("A-9", "phone", "+18135550199", DispositionKind.DISCONNECTED, "dana")]
    reranked = rank_leads(DEBTOR, scored, marks, today=TODAY)
    assert reranked[0].value == "+18135550123"
    assert reranked[-2].disposition is DispositionKind.DISCONNECTED or any(
        lead.disposition is DispositionKind.DISCONNECTED for lead in reranked
    )


def test_recent_address_ranks_above_stale_one() -> None:
    fresh = source("a", Address("1 Oak St", "", "Tampa", "FL", "33602"), seen="2026-10-01")
    stale = source("b", Address("2 Pine St", "", "Boise", "ID", "83702"), seen="2016-01-01")
    leads = rank_leads(DEBTOR, score_candidates(DEBTOR, [fresh, stale]), today=TODAY)
    assert leads[0].value.startswith("1 OAK ST")
    assert "last seen 2016-01-01" in leads[1].explanation


def test_leads_of_wrong_people_are_left_out() -> None:
    namesake = source("a", Address("1 Oak St", "", "Tampa", "FL", "33602"), first="Edward")
    assert rank_leads(DEBTOR, score_candidates(DEBTOR, [namesake]), today=TODAY) == []


def test_moved_debtor_new_phone_outranks_the_old_disconnected_one() -> None:
    from skiptrace.candidate import About
    from skiptrace.model import Phone

    debtor = Debtor("A-9", "Robert", "Lindqvist", dob=date(1971, 3, 14),
                    phones=(Phone("(217) 555-0143"),))  # fmt: skip
    record = source("bureau", phones=(
        SeenPhone("217-555-0143", last_seen="2021-03-01", status="disconnected"),
        SeenPhone("813-555-0199", line_type="mobile", last_seen="2026-10-01"),
    ))  # fmt: skip
    check = Candidate(source="phone_info", record_id="q", about=About.QUERY,
                      phones=(SeenPhone("+12175550143", status="valid"),))  # fmt: skip
    leads = rank_leads(debtor, score_candidates(debtor, [record, check]), today=TODAY)
    new, old = leads
    assert new.value == "+18135550199" and old.value == "+12175550143"
    assert new.score > 0.6 > 0.05 > old.score  # both from one sure record, far apart
    assert "sources agree" not in old.explanation  # a check of the account's own phone
    assert "bureau says disconnected" in old.explanation
    assert {s.source for s in old.sources} == {"bureau", "phone_info"}


def test_undeliverable_address_sinks_with_its_reason() -> None:
    home = Address("1 Oak St", "", "Tampa", "FL", "33602")
    record = Candidate(source="usps", record_id="u", first_name="Robert", last_name="Lindqvist",
                       dob=date(1971, 3, 14), addresses=(
                           SeenAddress(home, last_seen="2026-10-01", status="undeliverable"),
                           SeenAddress(Address("9 Elm Ave", "", "Tampa", "FL", "33602"),
                                       last_seen="2025-01-01")))  # fmt: skip
    leads = rank_leads(DEBTOR, score_candidates(DEBTOR, [record]), today=TODAY)
    assert leads[-1].value.startswith("1 OAK ST")
    assert "usps says undeliverable (−6.0)" in leads[-1].explanation


def test_flags_emails_employers_and_relatives_are_leads_of_their_own() -> None:
    from skiptrace.candidate import Flag, LeadKind

    record = Candidate(
        source="bureau", record_id="b1", first_name="Robert", last_name="Lindqvist",
        dob=date(1971, 3, 14), emails=("Rob.L@Example.com",), employers=("ACME Corp.",),
        phones=(SeenPhone("813-555-0199", line_type="mobile", last_seen="2026-10-01"),),
        flags=(Flag(LeadKind.DECEASED, "2026-02-01"),),
    )  # fmt: skip
    other = Candidate(source="hr", record_id="h1", first_name="Bob", last_name="Lindqvist",
                      dob=date(1971, 3, 14), emails=("rob.l@example.com ",),
                      employers=("Acme",))  # fmt: skip
    sister = Candidate(source="bureau", record_id="b2", first_name="Karin", last_name="Lindqvist",
                       dob=date(1968, 5, 5), relationship="relative")  # fmt: skip
    leads = rank_leads(DEBTOR, score_candidates(DEBTOR, [record, other, sister]), today=TODAY)
    assert leads[0].kind is LeadKind.DECEASED and leads[0].prominent  # before any phone
    by_group = {lead.group: lead for lead in leads}
    assert set(by_group) == {"flags", "phones", "emails", "employers", "relatives"}
    assert len(by_group["emails"].sources) == 2 and "2 sources agree" in by_group[
        "emails"].explanation  # fmt: skip
    assert len(by_group["employers"].sources) == 2  # "ACME Corp." = "Acme"
    assert by_group["relatives"].value == "Karin Lindqvist, born 1968 (relative)"
    namesake = Candidate(source="x", record_id="x", first_name="Edward", last_name="Lindqvist",
                         flags=(Flag(LeadKind.BANKRUPTCY, "2020-01-01"),))  # fmt: skip
    assert rank_leads(DEBTOR, score_candidates(DEBTOR, [namesake]), today=TODAY) == []
