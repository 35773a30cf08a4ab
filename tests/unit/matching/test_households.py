"""The household rule: what rules a relative out, and the cap the files themselves set."""

from __future__ import annotations

from datetime import date

import numpy as np

from skiptrace.candidate import Candidate, SeenAddress
from skiptrace.matching import Reason, matcher, score_candidates
from skiptrace.matching.comparisons import FIELD_INDEX, FIELDS, MISSING
from skiptrace.matching.households import relatives_within
from skiptrace.matching.linkfiles import ReadReport, link, read_people
from skiptrace.matching.matcher import household_shaped, two_people
from skiptrace.matching.records import build_table
from skiptrace.matching.synthetic import linked_files
from skiptrace.model import Address, Debtor

HOME = Address("123 N Main St", "Apt 4", "Springfield", "IL", "62704")


def pattern(**levels: int) -> np.ndarray:
    row = np.full((1, len(FIELDS)), MISSING, dtype=np.int8)
    for name, level in levels.items():
        row[0, FIELD_INDEX[name]] = level
    return row


def test_what_a_relative_cannot_share_rules_the_household_out() -> None:
    twin = dict(first_name=7, last_name=0, dob=0, address=0)
    assert household_shaped(pattern(**twin))[0]
    assert not household_shaped(pattern(**twin, ssn=0))[0]  # nobody shares an SSN
    assert household_shaped(pattern(**twin, ssn=2))[0]  # twins' SSNs are often consecutive
    father = dict(first_name=0, last_name=0, dob=4, address=0)
    assert not household_shaped(pattern(**father, ssn=2))[0]  # ... other relatives' are not
    assert not household_shaped(pattern(**father, ssn=1))[0]  # last four agree
    # Jr against Sr with the same first name and date of birth is a keying error
    assert not household_shaped(pattern(first_name=0, last_name=0, dob=0, generation=1))[0]
    assert household_shaped(pattern(first_name=0, last_name=0, generation=1))[0]


def test_the_rules_looked_up_by_combination_answer_as_the_rules_do() -> None:
    # any levels, every field: a rule that came to read a field the look-up leaves out
    # would disagree here
    rng = np.random.default_rng(5)
    levels = np.stack([rng.integers(-1, len(f.levels), 20_000) for f in FIELDS], axis=1).astype(
        np.int8
    )
    assert (household_shaped(levels) == matcher._household_shaped_rule(levels)).all()
    assert (two_people(levels) == matcher._two_people_rule(levels)).all()
    assert 0 < household_shaped(levels).sum() < len(levels)


def cand(record_id: str, first: str, born: date, ssn4: str = "") -> Candidate:
    return Candidate(source="v", record_id=record_id, first_name=first, last_name="Okafor",
                     dob=born, ssn_last4=ssn4, addresses=(SeenAddress(HOME),))  # fmt: skip


def test_debtor_with_a_keyed_wrong_dob_is_found_by_ssn_last_four() -> None:
    d = Debtor("A-1", "James", "Okafor", dob=date(1990, 5, 1), ssn_last4="4421",
               addresses=(HOME,))  # fmt: skip
    [keyed_wrong] = score_candidates(d, [cand("1", "James", date(1962, 11, 23), ssn4="4421")])
    assert keyed_wrong.reason is Reason.MATCH
    assert "not counted" not in keyed_wrong.explanation
    [father] = score_candidates(d, [cand("2", "James", date(1962, 11, 23), ssn4="9031")])
    assert father.reason is Reason.BELOW_FLOOR


def _link(households: float) -> tuple[float, float]:
    left, right, _ = linked_files(1500, seed=5, households=households)
    people = read_people(right, ReadReport())
    notes: list[str] = []
    list(link(read_people(left, ReadReport()), people, progress=notes.append))
    [line] = [n for n in notes if n.startswith("households:")]
    return relatives_within(build_table(people)), float(line.rsplit("at most", 1)[1].split()[0])


def test_relatives_are_counted_within_a_file_and_cap_shared_contact_points() -> None:
    relatives, cap = _link(0.3)
    assert relatives > 0.1 and cap < 0
    none, _ = _link(0.0)
    assert none < 0.01


def test_an_oversized_name_block_is_narrowed_not_dropped() -> None:
    from skiptrace.matching.blocking import DEFAULT_RULES, rule_pairs

    rows = [{"id": f"L{i}", "first_name": "John", "last_name": "Smith",
             "dob": f"19{50 + i % 40}-0{1 + i % 9}-1{i % 10}", "zip": f"{10000 + i}"}
            for i in range(300)]  # fmt: skip
    table = build_table(read_people(rows, ReadReport()))
    rule = next(r for r in DEFAULT_RULES if r.name == "last name sound + first initial")
    i, j, unreached = rule_pairs(rule, table, table, max_block=1_000)  # the block: 90,000
    found = set(zip(i.tolist(), j.tolist(), strict=True))
    assert unreached == 0
    assert all((k, k) in found for k in range(300))  # each record still meets itself
    assert len(found) < 90_000
