"""The engines ``match_bench.py`` runs, each given rows in portfolio columns and no
labels: skiptrace (``linkfiles``), Splink (DuckDB) and recordlinkage's ECM. Each
returns the pairs it called, its clusters where it makes them, and the pairs its
blocking let through (for pair completeness)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from skiptrace.matching.addresses import standardise_line
from skiptrace.matching.blocking import candidate_pairs
from skiptrace.matching.clusters import Clustering
from skiptrace.matching.dates import parse_dob
from skiptrace.matching.linkfiles import ReadReport, link, link_with_clusters, read_people
from skiptrace.matching.profiles import PROFILES
from skiptrace.matching.records import build_table

Pairs = set[tuple[str, str]]
Row = dict[str, str]


@dataclass
class Outcome:
    """What one engine called: pairs, clusters (record id -> cluster), blocked pairs."""

    pairs: Pairs
    blocked: Pairs
    clusters: dict[str, str] = field(default_factory=dict)


def blocked_by_skiptrace(left: Sequence[Row], right: Sequence[Row] | None) -> Pairs:
    """The record pairs skiptrace's blocking compares (outside the timed run)."""
    tl = build_table(read_people(left, ReadReport()))
    tr = tl if right is None else build_table(read_people(right, ReadReport()), tl.vocab)
    out: Pairs = set()
    for li, ri in candidate_pairs(tl, tr, dedupe=right is None):
        ids_l = [tl.records[e].record_id for e in tl.entity[li].tolist()]
        ids_r = [tr.records[e].record_id for e in tr.entity[ri].tolist()]
        out.update(zip(ids_l, ids_r, strict=True))
    return out


def skiptrace(
    left: Sequence[Row], right: Sequence[Row] | None, profile: str = "skiptrace"
) -> Outcome:
    """Link (or dedupe, without ``right``) at 0.5 with the named profile, with clusters."""
    people_l = read_people(left, ReadReport())
    if right is not None:
        found = link(people_l, read_people(right, ReadReport()), profile=PROFILES[profile])
        return Outcome({(p.left_id, p.right_id) for p in found}, set())
    pairs, clustering = link_with_clusters(people_l, None, profile=PROFILES[profile])
    return Outcome({(p.left_id, p.right_id) for p in pairs}, set(), _cluster_map(clustering))


def _cluster_map(clustering: Clustering) -> dict[str, str]:
    return {rid: str(c) for rid, c in clustering.assignments()}


def splink_frame(rows: Sequence[Row]) -> pd.DataFrame:
    """Rows as Splink is usually given them: names lower-cased, dates in ISO form, the
    address split into house number and standardised street, blanks as nulls."""
    out = []
    for r in rows:
        number, street, _, _ = standardise_line(r.get("address1", ""), r.get("address2", ""))
        born = parse_dob(r.get("dob", ""))
        out.append({
            "unique_id": r["id"],
            "first_name": r.get("first_name", "").strip().lower() or None,
            "middle_name": r.get("middle_name", "").strip().lower() or None,
            "last_name": r.get("last_name", "").strip().lower() or None,
            "suffix": r.get("suffix", "").strip().lower() or None,
            "dob": born.isoformat() if born else None,
            "ssn": "".join(ch for ch in r.get("ssn", "") if ch.isdigit()) or None,
            "street_number": number or None,
            "street": street or None,
            "city": r.get("city", "").strip().lower() or None,
            "state": r.get("state", "").strip().upper() or None,
            "zip": r.get("zip", "").strip()[:5] or None,
            "phone": "".join(ch for ch in r.get("phone", "") if ch.isdigit())[-10:] or None,
        })  # fmt: skip
    return pd.DataFrame(out)


def run_splink(
    tables: Sequence[pd.DataFrame],
    comparisons: list[Any],
    rules: list[Any],
    prior_rules: list[Any],
    em_rules: Sequence[Any],
    id_column: str = "unique_id",
) -> Outcome:
    """Splink 4 on DuckDB, trained without labels as its tutorials do: the prior from
    ``prior_rules`` (recall 0.7), u by random sampling, EM on each of ``em_rules``; pairs
    called at 0.5. One table is deduplicated (and clustered), two are linked."""
    from splink import DuckDBAPI, Linker, SettingsCreator

    dedupe = len(tables) == 1
    settings = SettingsCreator(
        link_type="dedupe_only" if dedupe else "link_only",
        unique_id_column_name=id_column,
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=rules,
    )
    db = DuckDBAPI()
    frames = [db.register(t, table_name=n) for t, n in zip(tables, "ab", strict=False)]
    linker = Linker(frames, settings)
    linker.training.estimate_probability_two_random_records_match(prior_rules, recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    for rule in em_rules:
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    predicted = linker.inference.predict()
    frame = predicted.as_pandas_dataframe()
    ids = (f"{id_column}_l", f"{id_column}_r")
    blocked = set(zip(frame[ids[0]], frame[ids[1]], strict=True))
    called = frame[frame["match_probability"] >= 0.5]
    pairs = set(zip(called[ids[0]], called[ids[1]], strict=True))
    clusters: dict[str, str] = {}
    if dedupe:
        found = linker.clustering.cluster_pairwise_predictions_at_threshold(predicted, 0.5)
        table = found.as_pandas_dataframe()
        clusters = dict(zip(table[id_column], table["cluster_id"].astype(str), strict=True))
    return Outcome(pairs, blocked, clusters)


def person_comparisons(
    names: tuple[str, str], dob: str, dob_format: str, address: tuple[str, str, str, str, str]
) -> list[Any]:
    """Splink's comparisons for a person's columns as its FEBRL example sets them up: first
    and last ``names``, date of birth, and ``address`` as (house number, street, city, zip,
    state) columns."""
    import splink.comparison_library as cl

    number, street, city, zip_code, state = address
    return [
        cl.NameComparison(names[0]),
        cl.NameComparison(names[1]),
        cl.DateOfBirthComparison(dob, input_is_string=True, datetime_format=dob_format),
        cl.ExactMatch(number),
        cl.JaroWinklerAtThresholds(street, [0.9, 0.7]),
        cl.JaroWinklerAtThresholds(city, [0.9]),
        cl.DamerauLevenshteinAtThresholds(zip_code, [1]),
        cl.ExactMatch(state),
    ]


def splink(left: Sequence[Row], right: Sequence[Row] | None, ssn: bool = True) -> Outcome:
    """Splink with comparisons for every portfolio column (``run_splink``)."""
    import splink.comparison_library as cl
    from splink import block_on

    logging.getLogger("splink").setLevel(logging.ERROR)
    address = ("street_number", "street", "city", "zip", "state")
    comparisons = person_comparisons(("first_name", "last_name"), "dob", "%Y-%m-%d", address)
    comparisons += [cl.ExactMatch(c) for c in ("middle_name", "suffix", "phone")]
    # pairs of fields, as Splink's guidance suggests for files where one name alone
    # makes blocks of millions of pairs
    rules = [block_on("first_name", "last_name"), block_on("last_name", "dob"),
             block_on("first_name", "dob"), block_on("zip", "street_number"),
             block_on("street", "street_number"), block_on("phone")]  # fmt: skip
    if ssn:
        comparisons.append(cl.DamerauLevenshteinAtThresholds("ssn", [1, 2]))
        rules.append(block_on("ssn"))
    tables = [splink_frame(rows) for rows in (left, right) if rows is not None]
    prior = [block_on("first_name", "last_name", "dob")]
    return run_splink(tables, comparisons, rules, prior, [block_on("dob"), block_on("last_name")])


def pairs_within(clusters: dict[str, str], order: Sequence[str]) -> Pairs:
    """Every pair of records in one cluster, ordered as in ``order``."""
    rank = {rid: k for k, rid in enumerate(order)}
    groups: dict[str, list[str]] = {}
    for rid, c in clusters.items():
        groups.setdefault(c, []).append(rid)
    out: Pairs = set()
    for ids in groups.values():
        ids.sort(key=rank.__getitem__)
        out |= {(a, b) for k, a in enumerate(ids) for b in ids[k + 1 :]}
    return out


def undirected(pairs: Pairs, order: Sequence[str]) -> Pairs:
    """Pairs put in file order (engines differ in which id they put first)."""
    rank = {rid: k for k, rid in enumerate(order)}
    return {(a, b) if rank[a] < rank[b] else (b, a) for a, b in pairs}


def scores(found: Pairs, truth: Pairs) -> tuple[float, float, float]:
    """Precision, recall and F1 of ``found`` against ``truth``."""
    hits = len(found & truth)
    precision = hits / len(found) if found else 0.0
    recall = hits / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    return precision, recall, f1


def mean(values: Sequence[float]) -> float:
    """The arithmetic mean (0 for none)."""
    return float(np.mean(values)) if len(values) else 0.0
