"""A record is one person: candidates who are two people share its probability; and the
comparison levels and weights that the FEBRL and skip-trace benchmarks leaned on."""

from __future__ import annotations

import random

import numpy as np

from skiptrace.matching.comparisons import FIELD_INDEX, FIELDS, MISSING, compare
from skiptrace.matching.exclusive import exclusive_logit
from skiptrace.matching.linkfiles import ReadReport, link, read_people
from skiptrace.matching.matcher import score_rows, term_frequencies, two_people
from skiptrace.matching.records import build_table
from skiptrace.matching.synthetic import person
from skiptrace.matching.weights import default_model


def test_two_people_share_the_record_and_one_person_seen_twice_does_not() -> None:
    groups = np.zeros(3, dtype=np.int64)
    others = np.arange(3)
    logit = np.asarray([40.0, 25.0, 6.0])
    apart = exclusive_logit(groups, others, logit, -3.0, lambda a, b: np.ones(len(a), bool))
    assert apart[0] > 10 and apart[1] < -10 and apart[2] < -30
    same = exclusive_logit(groups, others, logit, -3.0, lambda a, b: np.zeros(len(a), bool))
    assert same.tolist() == logit.tolist()
    # two equal candidates who are two people: neither is the record at even odds
    tie = exclusive_logit(groups[:2], others[:2], np.asarray([6.0, 6.0]), -3.0,
                          lambda a, b: np.ones(len(a), bool))  # fmt: skip
    assert (tie < 0).all()


def _people(n: int, seed: int) -> list[dict[str, str]]:
    rng = random.Random(seed)
    return [person(rng, k) for k in range(n)]


def test_the_father_at_the_debtors_address_is_not_linked_when_the_son_is() -> None:
    crowd = _people(300, 8)
    debtor = dict(crowd[0], id="D", dob="")  # the account has no date of birth
    son = dict(crowd[0], id="V-son", dob="1990-05-01")
    father = dict(crowd[0], id="V-father", dob="1962-11-23", phone="")
    son["ssn"] = father["ssn"] = ""
    left = [debtor, *(dict(p, id=f"L{k}") for k, p in enumerate(crowd[1:150]))]
    right = [son, father, *(dict(p, id=f"R{k}") for k, p in enumerate(crowd[150:]))]
    found = {(p.left_id, p.right_id) for p in link(read_people(left, ReadReport()),
                                                   read_people(right, ReadReport()))}  # fmt: skip
    assert ("D", "V-son") in found  # the phone tells them apart
    assert ("D", "V-father") not in found


def _first_against_the_rest(rows: list[dict[str, str]]) -> np.ndarray:
    """Agreement levels of the first row against each of the others."""
    table = build_table(read_people(rows, ReadReport()))
    rest = np.arange(1, len(rows))
    return compare(table, table, np.zeros(len(rest), dtype=np.int64), rest)


def test_two_records_with_another_date_of_birth_are_two_people() -> None:
    levels = _first_against_the_rest([
        {"id": "a", "first_name": "James", "last_name": "Okafor", "dob": "1962-11-23"},
        {"id": "b", "first_name": "James", "last_name": "Okafor", "dob": "1990-05-01"},
        {"id": "c", "first_name": "Jim", "last_name": "Okafor", "dob": "1962-11-23"},
    ])  # fmt: skip
    assert two_people(levels).tolist() == [True, False]


def test_the_same_house_number_in_the_same_place_is_a_level_of_its_own() -> None:
    levels = _first_against_the_rest([
        {"id": "a", "last_name": "Lee", "address1": "14 Griffiths St", "zip": "60614"},
        {"id": "b", "last_name": "Lee", "address1": "14", "zip": "60614"},
        {"id": "c", "last_name": "Lee", "address1": "14 Griffiths St", "zip": "94110",
         "city": "Elsewhere"},
    ])  # fmt: skip
    names = FIELDS[FIELD_INDEX["address"]].levels
    # another town's 14 Griffiths St is another address, not a similar street
    assert [names[x] for x in levels[:, FIELD_INDEX["address"]]] == ["same house number",
                                                                     "differs"]  # fmt: skip


def test_a_missing_value_is_never_weighed_by_how_common_a_value_is() -> None:
    rows = [
        {"id": "a", "first_name": "", "last_name": "Lee", "dob": "1970-01-01"},
        {"id": "b", "first_name": "Ann", "last_name": "Lee", "dob": "1970-01-01"},
    ]
    table = build_table(read_people(rows, ReadReport()))
    li, ri = np.asarray([0]), np.asarray([1])
    levels = compare(table, table, li, ri)
    tf = {c: term_frequencies((table,), c) for c in ("first", "last", "city")}
    scored = score_rows(default_model(), table, table, li, ri, levels, tf)
    first, address = FIELD_INDEX["first_name"], FIELD_INDEX["address"]
    assert levels[0, first] == MISSING and levels[0, address] == MISSING
    assert scored.bits[0, first] == 0.0 and scored.bits[0, address] == 0.0
