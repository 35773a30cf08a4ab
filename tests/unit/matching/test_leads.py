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
