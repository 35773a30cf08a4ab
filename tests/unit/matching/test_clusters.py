"""Clusters: duplicates of duplicates come back as one group; one weak link does not
chain two people together."""

from __future__ import annotations

import random

import numpy as np

from skiptrace.matching.clusters import Scorer, cluster
from skiptrace.matching.explain import Reason
from skiptrace.matching.linkfiles import ReadReport, link_with_clusters, read_people
from skiptrace.matching.synthetic import person


def people(n: int, seed: int) -> list[dict[str, str]]:
    """``n`` synthetic people, the same for the same seed."""
    rng = random.Random(seed)
    return [person(rng, i) for i in range(n)]


def scorer(table: dict[tuple[int, int], float], default: float) -> Scorer:
    """Log-odds from ``table``, ``default`` for pairs it lacks."""

    def score(xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
        pairs = zip(xs.tolist(), ys.tolist(), strict=True)
        return np.asarray([table.get(p, default) for p in pairs])

    return score


def test_one_weak_link_does_not_merge_two_people() -> None:
    # records 0-2 are one person, 3-5 another; 2 and 3 look alike just above the bar
    strong = {(a, b): 20.0 for group in ((0, 1, 2), (3, 4, 5)) for a in group for b in group}
    strong[(2, 3)] = 1.0
    called = [(a, b) for (a, b) in strong if a < b]
    a = np.asarray([x for x, _ in called])
    b = np.asarray([y for _, y in called])
    bits = np.asarray([strong[p] for p in called])
    found = cluster(tuple("ABCDEF"), a, b, bits, 0.0, scorer(strong, -20.0))
    numbers = dict(found.assignments())
    assert numbers["A"] == numbers["B"] == numbers["C"]
    assert numbers["D"] == numbers["E"] == numbers["F"]
    assert numbers["C"] != numbers["D"]  # connected components alone would have merged them


def test_a_record_weak_to_one_duplicate_still_joins_the_others() -> None:
    pairs = {(a, b): 15.0 for a in range(5) for b in range(a + 1, 5)}
    pairs[(0, 4)] = pairs[(1, 4)] = -3.0  # below the bar on their own
    called = [p for p, v in pairs.items() if v >= 0]
    a, b = np.asarray([p[0] for p in called]), np.asarray([p[1] for p in called])
    found = cluster(tuple("VWXYZ"), a, b, np.asarray([pairs[p] for p in called]), 0.0,
                    scorer(pairs, -20.0))  # fmt: skip
    assert set(found.cluster.tolist()) == {1}
    assert found.pair_bits[(0, 4)] == -3.0  # the weak pair is known, for the pairs file


def five_versions() -> list[dict[str, str]]:
    """One person keyed five times, each copy with its own errors."""
    base = {"first_name": "Margaret", "last_name": "Lindqvist", "dob": "1971-03-14",
            "address1": "123 N Main St", "city": "Springfield", "state": "IL",
            "zip": "62704", "phone": "2175550143", "ssn": "412558193"}  # fmt: skip
    return [
        dict(base, id="M1"),
        dict(base, id="M2", first_name="Peggy", phone="", ssn=""),
        dict(base, id="M3", dob="1971-03-15", address1="77 Lakeview Dr", zip="62702", ssn=""),
        dict(base, id="M4", first_name="Lindqvist", last_name="Margaret", ssn="412558139"),
        dict(base, id="M5", last_name="Lindqvst", dob="", address1="77 Lakeview Drive",
             zip="62702", phone=""),
    ]  # fmt: skip


def test_five_duplicates_come_back_as_one_cluster() -> None:
    others = [dict(p, id=f"P{k}") for k, p in enumerate(people(400, seed=5))]
    records = read_people([*others, *five_versions()], ReadReport())
    pairs, found = link_with_clusters(records, pairs_from_clusters=True)
    numbers = dict(found.assignments())
    assert len({numbers[f"M{k}"] for k in range(1, 6)}) == 1
    assert sum(1 for n in numbers.values() if n == numbers["M1"]) == 5
    within = {(p.left_id, p.right_id): p for p in pairs if p.left_id.startswith("M")}
    assert len(within) == 10  # every pair of the five, duplicates of duplicates included
    # the nickname against the swapped names is too weak alone: the cluster holds it
    assert within[("M2", "M4")].reason is Reason.SAME_CLUSTER
    assert within[("M2", "M4")].probability < 0.5
