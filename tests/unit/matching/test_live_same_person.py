"""Whether the best two candidates are one person: checked on the rows compared with the
debtor's (a few candidates) or scored apart (many); the answers are the same."""

from __future__ import annotations

from datetime import date

import pytest

from skiptrace.candidate import Candidate
from skiptrace.matching import Reason, live, score_candidates
from skiptrace.model import Address, Debtor
from tests.unit.matching.test_live_cases import HOME, NEW_HOME, cand, debtor

OTHER = Address("9 Elm St", "", "Springfield", "IL", "62704")


def _cases() -> list[tuple[Debtor, list[Candidate]]]:
    a = cand("a", "Robert", "Lindqvist", date(1971, 3, 14), NEW_HOME)
    b = cand("b", "Bob", "Lindqvist", date(1971, 3, 14), NEW_HOME, HOME)
    son = cand("son", "James", "Okafor", date(1990, 5, 1), HOME)
    father = cand("father", "James", "Okafor", date(1962, 11, 23), HOME, OTHER)
    twin = cand("twin", "Rob", "Lindqvist", date(1971, 3, 14), HOME, ssn4="0143")
    okafor = debtor(first_name="James", last_name="Okafor", dob=None)
    return [
        (debtor(), [a, b]),
        (okafor, [father, son]),
        (okafor, [son, father, cand("x", "Jim", "Okafor", None, HOME, OTHER)]),
        (debtor(), [a, b, twin, cand("c", "Roberta", "Lindqvist", None, OTHER),
                    cand("d", "Robert", "Lindquist", date(1971, 3, 14), NEW_HOME)]),
    ]  # fmt: skip


@pytest.mark.parametrize("case", range(4))
def test_rows_compared_with_the_debtors_give_the_same_answers(
    case: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    d, candidates = _cases()[case]
    together = score_candidates(d, candidates)
    monkeypatch.setattr(live, "_SPECULATE", 0)
    apart = score_candidates(d, candidates)
    assert together == apart
    assert together  # and the calls are the ones the cases are about
    if case == 0:
        assert all(r.reason is Reason.MATCH for r in together)
    if case == 1:
        assert {r.reason for r in together} == {Reason.AMBIGUOUS}
