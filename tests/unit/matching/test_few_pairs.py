"""A search compares a handful of pairs, a file link hundreds of thousands: the shortcuts
taken for a handful (plain-Python look-ups, measures skipped where they cannot change a
level) give the answers the vectorised forms give."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from skiptrace.candidate import Candidate, SeenAddress, SeenPhone
from skiptrace.matching import score_candidates, similarity
from skiptrace.matching.blocking import candidate_pairs
from skiptrace.matching.comparisons import compare
from skiptrace.matching.dates import parse_dob
from skiptrace.matching.linkfiles import ReadReport, read_people
from skiptrace.matching.records import Vocabulary, build_table
from skiptrace.matching.scenarios import Row, skiptrace_return
from skiptrace.matching.similarity import are_nickname_codes, unique_pairs
from skiptrace.matching.synthetic import FIRST, NICK, linked_files
from skiptrace.matching.text import fold
from skiptrace.model import Address, Debtor, Phone


def test_nicknames_looked_up_a_few_at_a_time_agree_with_the_vocabulary_table() -> None:
    vocab = Vocabulary()
    names = ["", "x", *FIRST, *NICK.values(), "peg", "bobby", "rob", "robbie"]
    codes = vocab.encode([fold(n).replace(" ", "") for n in names])
    a, b = np.repeat(codes, len(codes)), np.tile(codes, len(codes))
    assert len(a) > similarity._FEW  # the whole product: the vocabulary table
    table = are_nickname_codes(vocab, a, b)
    few = similarity._FEW
    one_by_one = np.concatenate(
        [are_nickname_codes(vocab, a[k : k + few], b[k : k + few]) for k in range(0, len(a), few)]
    )
    assert (one_by_one == table).all()
    assert table.sum() >= 2 * len(NICK)  # Bob = Robert and Robert = Bob, ...


@pytest.mark.parametrize("seed", range(5))
def test_distinct_pairs_of_a_handful_agree_with_numpys(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = np.random.default_rng(seed)
    a, b = rng.integers(0, 6, 20), rng.integers(0, 6, 20)
    few = unique_pairs(a, b)
    monkeypatch.setattr(similarity, "_FEW", 0)
    for got, want in zip(few, unique_pairs(a, b), strict=True):
        assert got.tolist() == want.tolist()


def _files(kind: str) -> tuple[list[Row], list[Row]]:
    if kind == "link":
        left, right, _ = linked_files(300, households=0.1, seed=3)
        return left, right
    ret = skiptrace_return(150, seed=3)  # decoys: Jr/Sr, twins, namesakes, co-residents
    return ret.debtors, ret.returned


@pytest.mark.parametrize("kind", ["link", "skip trace"])
def test_pairs_compared_a_few_at_a_time_get_the_levels_of_a_whole_file(kind: str) -> None:
    left, right = _files(kind)
    tl = build_table(read_people(left, ReadReport()))
    tr = build_table(read_people(right, ReadReport()), tl.vocab)
    li, ri = next(iter(candidate_pairs(tl, tr)))
    whole = compare(tl, tr, li, ri)
    assert len(li) > 1_000  # many distinct pairs: np.unique's and the nickname table's way
    for k in range(0, len(li), 3):
        assert (compare(tl, tr, li[k : k + 3], ri[k : k + 3]) == whole[k : k + 3]).all()


def _address(r: Row) -> Address:
    return Address(*(r.get(k, "") for k in ("address1", "address2", "city", "state", "zip")))


def _candidate(r: Row) -> Candidate:
    return Candidate(
        "vendor", r["id"], first_name=r.get("first_name", ""), last_name=r.get("last_name", ""),
        middle_name=r.get("middle_name", ""), suffix=r.get("suffix", ""),
        dob=parse_dob(r.get("dob", "")), ssn_last4=r.get("ssn", "")[-4:],
        addresses=(SeenAddress(_address(r)),),
        phones=(SeenPhone(r["phone"], "mobile"),) if r.get("phone") else (),
    )  # fmt: skip


def _searches() -> list[tuple[Debtor, list[Candidate]]]:
    """Debtors and what a vendor returned for each: their own record, relatives,
    namesakes; every fifth with its own record from a second source as well."""
    ret = skiptrace_return(60, seed=11)
    returned = {r["id"]: r for r in ret.returned}
    found: dict[str, list[Row]] = {}
    for debtor_id, record_id in sorted([*ret.truth, *ret.decoys]):
        found.setdefault(debtor_id, []).append(returned[record_id])
    out = []
    for k, d in enumerate(ret.debtors):
        debtor = Debtor(
            d["id"], d.get("first_name", ""), d.get("last_name", ""),
            middle_name=d.get("middle_name", ""), suffix=d.get("suffix", ""),
            dob=parse_dob(d.get("dob", "")), ssn=d.get("ssn", ""), addresses=(_address(d),),
            phones=(Phone(d["phone"]),) if d.get("phone") else (),
        )  # fmt: skip
        rows = found.get(d["id"], [])
        candidates = [_candidate(r) for r in rows]
        if k % 5 == 0 and rows:
            candidates.append(replace(candidates[0], source="second"))
        out.append((debtor, candidates))
    return out


def test_a_search_scores_the_same_without_the_shortcuts_for_a_handful(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    searches = _searches()
    few = [score_candidates(d, c) for d, c in searches]
    monkeypatch.setattr(similarity, "_FEW", 0)
    assert [score_candidates(d, c) for d, c in searches] == few
    assert sum(len(s) for s in few) > len(searches)  # the debtors have candidates
