"""Lead rows: the research view's groups, ranks and reasons, computed in the core."""

from __future__ import annotations

from datetime import date

from skiptrace.candidate import Candidate, Flag, LeadKind, SeenAddress, SeenPhone
from skiptrace.matching.leads import LEAD_GROUPS
from skiptrace.model import Address, Disposition, DispositionKind
from skiptrace.research.lead_rows import GROUPS, build_leads, group_of
from tests.helpers.workspaces import sample_debtor


def test_on_screen_groups_are_matchings_groups_in_matchings_order() -> None:
    # the two tables are one idea kept twice (matching loads numpy; the app must not at
    # start): they name the same groups, hold the same kinds, in the same order
    for kind, group in LEAD_GROUPS.items():
        assert group_of(kind.value).lower() == group, kind
    assert [title.lower() for title, _ in GROUPS] == list(dict.fromkeys(LEAD_GROUPS.values()))
    assert group_of("something-new") == "Other"


def test_leads_rank_within_their_group_with_reasons_and_verdicts() -> None:
    debtor = sample_debtor()
    candidate = Candidate(
        "demo",
        "r1",
        first_name="Robert",
        last_name="Kowalski",
        dob=date(1979, 4, 12),
        ssn_last4="6789",
        addresses=(
            SeenAddress(Address("12 N Main St", "Apt 4", "Columbus", "OH", "43215")),
            SeenAddress(Address("9 Elm St", "", "Dayton", "OH", "45402")),
        ),
        phones=(SeenPhone("6145550134"), SeenPhone("9375550188")),
        flags=(Flag(LeadKind.BANKRUPTCY, "2024-01-02"),),
    )
    marked = Disposition("A-1", "phone", "9375550188", DispositionKind.DISCONNECTED, "tester")
    rows = build_leads(debtor, [candidate], [marked])
    by_group: dict[str, list[int]] = {}
    for row in rows:
        by_group.setdefault(row.group, []).append(row.rank)
        assert row.sources == ("demo",)
        assert row.explanation.startswith(f"Rank score {row.score:.2f}: ")
        assert "demo record r1" in row.explanation
        assert 0.0 < row.probability <= 1.0
    assert by_group["Addresses"] == [1, 2] and by_group["Phones"] == [1, 2]
    assert by_group["Flags"] == [1]
    disconnected = next(r for r in rows if r.value.endswith("9375550188"))
    assert disconnected.disposition is DispositionKind.DISCONNECTED
    assert disconnected.rank == 2  # a number marked disconnected falls below the other
    assert build_leads(debtor, [], [marked]) == []
