"""The skip-tracing cases, one debtor against what a source returned."""

from __future__ import annotations

from datetime import date

from skiptrace.candidate import About, Candidate, SeenAddress, SeenPhone
from skiptrace.matching import Reason, score_candidates
from skiptrace.model import Address, Debtor, Phone

HOME = Address("123 N Main St", "Apt 4", "Springfield", "IL", "62704")
NEW_HOME = Address("77 Lakeview Drive", "", "Tampa", "FL", "33602")


def debtor(**kw: object) -> Debtor:
    base: dict[str, object] = dict(
        account_id="A-1",
        first_name="Robert",
        last_name="Lindqvist",
        dob=date(1971, 3, 14),
        addresses=(HOME,),
        phones=(Phone("(217) 555-0143"),),
    )
    base.update(kw)
    return Debtor(**base)  # type: ignore[arg-type]


def cand(
    record_id: str,
    first: str,
    last: str,
    born: date | None,
    *addresses: Address,
    suffix: str = "",
    phones: tuple[str, ...] = (),
    ssn4: str = "",
) -> Candidate:
    return Candidate(
        source="vendor", record_id=record_id, first_name=first, last_name=last, suffix=suffix,
        dob=born, ssn_last4=ssn4, addresses=tuple(SeenAddress(a) for a in addresses),
        phones=tuple(SeenPhone(p) for p in phones),
    )  # fmt: skip


def by_id(results: list, record_id: str):  # type: ignore[no-untyped-def]
    return next(r for r in results if r.candidate.record_id == record_id)


def test_moved_debtor_is_still_a_match() -> None:
    moved = cand("1", "Robert", "Lindqvist", date(1971, 3, 14), NEW_HOME, phones=("8135550199",))
    [result] = score_candidates(debtor(), [moved])
    assert result.reason is Reason.MATCH
    assert result.probability > 0.9
    assert "address differs" in result.explanation


def test_nickname_is_explained() -> None:
    [result] = score_candidates(debtor(), [cand("1", "Bob", "Lindqvist", date(1971, 3, 14), HOME)])
    assert result.reason is Reason.MATCH
    assert "first name nickname Robert≈Bob" in result.explanation
    assert result.explanation.endswith(tuple("0123456789"))
    assert " → " in result.explanation


def test_married_hyphenated_surname() -> None:
    d = debtor(first_name="Maria", last_name="Garcia", dob=date(1988, 7, 2))
    married = cand("1", "Maria", "Garcia-Whitfield", date(1988, 7, 2), NEW_HOME)
    [result] = score_candidates(d, [married])
    assert result.reason is Reason.MATCH
    assert "last name shares a part" in result.explanation


def test_father_and_son_same_address_dob_decides() -> None:
    d = debtor(first_name="James", last_name="Okafor", dob=date(1990, 5, 1))
    son = cand("son", "James", "Okafor", date(1990, 5, 1), HOME)
    father = cand("father", "James", "Okafor", date(1962, 11, 23), HOME)
    results = score_candidates(d, [father, son])
    assert results[0].candidate.record_id == "son"
    assert by_id(results, "son").reason is Reason.MATCH
    assert by_id(results, "father").reason is Reason.BELOW_FLOOR
    assert "not counted" in by_id(results, "father").explanation


def test_father_and_son_without_debtor_dob_is_ambiguous() -> None:
    d = debtor(first_name="James", last_name="Okafor", dob=None)
    son = cand("son", "James", "Okafor", date(1990, 5, 1), HOME)
    father = cand("father", "James", "Okafor", date(1962, 11, 23), HOME)
    results = score_candidates(d, [father, son])
    assert {r.reason for r in results} == {Reason.AMBIGUOUS}


def test_generation_suffix_conflict() -> None:
    d = debtor(first_name="James", last_name="Okafor", suffix="Jr", dob=None)
    senior = cand("sr", "James", "Okafor", None, HOME, suffix="Sr.")
    [result] = score_candidates(d, [senior])
    assert result.reason is Reason.BELOW_FLOOR
    assert "suffix differs Jr/Sr" in result.explanation


def test_twin_at_same_address_is_not_the_debtor() -> None:
    twin = cand("twin", "Richard", "Lindqvist", date(1971, 3, 14), HOME, phones=("2175550143",))
    [result] = score_candidates(debtor(), [twin])
    assert result.reason is Reason.BELOW_FLOOR


def test_namesake_in_same_city_is_not_the_debtor() -> None:
    d = debtor(first_name="John", last_name="Smith", dob=date(1980, 2, 2))
    other = Address("9 Elm St", "", "Springfield", "IL", "62702")
    namesake = cand("n", "John", "Smith", date(1975, 9, 30), other)
    [result] = score_candidates(d, [namesake])
    assert result.reason is Reason.BELOW_FLOOR


def test_vendor_no_hit_picks_nobody() -> None:
    wrong = [
        cand("a", "Roberta", "Lindgren", date(1969, 1, 5), NEW_HOME),
        cand("b", "Robert", "Lindquist", date(1958, 8, 8), NEW_HOME),
        cand("c", "Rupert", "Lind", None, Address("5 Oak Ave", "", "Boise", "ID", "83702")),
    ]
    results = score_candidates(debtor(), wrong)
    assert all(r.reason is Reason.BELOW_FLOOR for r in results)


def test_same_person_from_two_sources_is_not_ambiguous() -> None:
    a = cand("a", "Robert", "Lindqvist", date(1971, 3, 14), NEW_HOME)
    b = cand("b", "Bob", "Lindqvist", date(1971, 3, 14), NEW_HOME, HOME)
    results = score_candidates(debtor(), [a, b])
    assert all(r.reason is Reason.MATCH for r in results)


def test_dob_typo_and_swap_are_partial_agreement() -> None:
    typo = cand("t", "Robert", "Lindqvist", date(1971, 3, 15), NEW_HOME)
    swap = cand("s", "Robert", "Lindqvist", date(1971, 3, 14), NEW_HOME)
    d = debtor(dob=date(1971, 3, 14))
    [typo_result] = score_candidates(d, [typo])
    assert "date of birth one-digit typo" in typo_result.explanation
    swapped_debtor = debtor(dob=date(1971, 4, 3))
    [swap_result] = score_candidates(
        swapped_debtor, [cand("x", "Robert", "Lindqvist", date(1971, 3, 4), NEW_HOME)]
    )
    assert "day and month swapped" in swap_result.explanation
    exact = score_candidates(d, [swap])[0]
    assert exact.probability > typo_result.probability


def test_query_facts_need_no_matching() -> None:
    fact = Candidate(source="geo", record_id="g", about=About.QUERY)
    [result] = score_candidates(debtor(), [fact])
    assert result.reason is Reason.MATCH and result.probability == 1.0


def test_explanations_name_the_decoy_pattern() -> None:
    twin = cand("twin", "Richard", "Lindqvist", date(1971, 3, 14), HOME, phones=("2175550143",))
    [result] = score_candidates(debtor(), [twin])
    assert result.explanation.startswith(
        "same date of birth, same address, first names differ: twins? — "
    )
    d = debtor(first_name="James", last_name="Okafor", suffix="Jr", dob=None)
    [senior] = score_candidates(d, [cand("sr", "James", "Okafor", None, HOME, suffix="Sr.")])
    assert senior.explanation.startswith("same name, same address, Jr and Sr: father and son?")
    moved = cand("1", "Robert", "Lindqvist", date(1971, 3, 14), NEW_HOME)
    [own] = score_candidates(debtor(), [moved])
    assert "?" not in own.explanation  # the debtor's own record is no decoy
