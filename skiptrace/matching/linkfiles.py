"""Linking two files of people, or finding duplicates within one: read rows as they
stream by, block, compare, estimate the weights by EM on the blocked pairs, score, call."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from skiptrace.columns import canonical_column
from skiptrace.matching.blocking import candidate_pairs
from skiptrace.matching.clusters import Clustering, cluster
from skiptrace.matching.comparisons import compare
from skiptrace.matching.decoys import decoy_pattern
from skiptrace.matching.em import CONFLICT_M_CEILING, estimate_model
from skiptrace.matching.exclusive import exclusive_logit
from skiptrace.matching.explain import Reason, contributions, explanation
from skiptrace.matching.households import holds_households, household_bits, relatives_in
from skiptrace.matching.matcher import (
    ScoredRows,
    best_per_record,
    probability_of,
    score_rows,
    term_frequencies,
    two_people,
)
from skiptrace.matching.profiles import DEFAULT_PROFILE, MatchProfile
from skiptrace.matching.reasons import DEFAULT_MARGIN_BITS, assign_reasons
from skiptrace.matching.records import PersonRecord, RecordTable, build_table, record_from_fields
from skiptrace.matching.weights import MatchModel

Progress = Callable[[str], None]


@dataclass
class ReadReport:
    """What reading one file found: rows, and values that did not parse, by column."""

    rows: int = 0
    unparsed: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PairResult:
    """One called pair: the two ids, the probability, the reason, the explanation."""

    left_id: str
    right_id: str
    probability: float
    reason: Reason
    explanation: str = ""


def read_people(rows: Iterable[Mapping[str, str]], report: ReadReport) -> list[PersonRecord]:
    """Records from rows with portfolio columns (any spelling the importer knows); the id
    is ``account_id`` or ``id``, else the row number."""
    out = []
    names: dict[str, str] = {}
    for number, row in enumerate(rows, start=1):
        fields = {}
        for k, v in row.items():
            if k:
                name = names.get(k) or names.setdefault(k, canonical_column(k))
                fields[name] = v or ""
        record_id = (fields.get("account_id") or fields.get("id") or str(number)).strip()
        out.append(record_from_fields(record_id, fields, report.unparsed))
        report.rows += 1
    return out


def read_people_csv(path: Path, report: ReadReport) -> list[PersonRecord]:
    """Stream a CSV file into records; only the normalised values are kept."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return read_people(csv.DictReader(handle), report)


@dataclass
class _Run:
    """A link's tables, weights and the scored pairs near or above the threshold."""

    tl: RecordTable
    tr: RecordTable
    model: MatchModel
    tf: dict[str, np.ndarray]
    dedupe: bool
    household_rule: bool
    scored: ScoredRows


def _run(
    left: list[PersonRecord],
    right: list[PersonRecord] | None,
    threshold: float,
    say: Progress,
    model: MatchModel | None,
    household_rule: bool,
) -> _Run | None:
    dedupe = right is None
    tl = build_table(left)
    tr = tl if right is None else build_table(right, tl.vocab)
    chunks: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    total = 0
    for li, ri in candidate_pairs(tl, tr, dedupe=dedupe):
        chunks.append((li, ri, compare(tl, tr, li, ri)))
        total += len(li)
        say(f"compared {total:,} candidate pairs")
    if not chunks:
        return None
    levels = np.concatenate([c[2] for c in chunks])
    if model is None:
        relatives = relatives_in(tl, tr, dedupe)
        # the ceiling on m of conflicting levels guards EM against taking relatives for
        # one person; files without households need no guard
        ceiling = CONFLICT_M_CEILING if holds_households(relatives) else 1.0
        model = estimate_model(tl, tr, levels, dedupe=dedupe, conflict_ceiling=ceiling)
        say(f"estimated weights by EM over {total:,} pairs")
        if household_rule:
            households = household_bits(model, tl, tr, levels, dedupe, relatives)
            model = model.with_household_bits(households.bits)
            say(households.describe())
    tf = {c: term_frequencies((tl,) if dedupe else (tl, tr), c) for c in ("first", "last", "city")}
    kept: list[ScoredRows] = []
    floor_bits = np.log2(threshold / (1 - threshold)) - DEFAULT_MARGIN_BITS
    for li, ri, lv in chunks:
        scored = score_rows(model, tl, tr, li, ri, lv, tf, household_rule)
        kept.append(scored.take(np.flatnonzero(scored.logit >= floor_bits)))
    return _Run(tl, tr, model, tf, dedupe, household_rule, _concat(kept))


def link(
    left: list[PersonRecord],
    right: list[PersonRecord] | None = None,
    *,
    threshold: float = 0.5,
    explain: bool = False,
    progress: Progress | None = None,
    model: MatchModel | None = None,
    household_rule: bool | None = None,
    profile: MatchProfile = DEFAULT_PROFILE,
) -> Iterator[PairResult]:
    """Pairs at or above ``threshold`` between ``left`` and ``right`` (or, without
    ``right``, within ``left``, each unordered pair once). Weights are estimated from the
    data by EM unless a ``model`` is given; so is the household cap (see
    ``households``), which the ``profile`` turns on or off (``household_rule``, when
    given, overrides it; see ``score_rows``)."""
    rule = profile.household_rule if household_rule is None else household_rule
    run = _run(left, right, threshold, progress or (lambda _message: None), model, rule)
    if run is not None:
        yield from _called(run, threshold, explain)


def link_with_clusters(
    left: list[PersonRecord],
    right: list[PersonRecord] | None = None,
    *,
    threshold: float = 0.5,
    explain: bool = False,
    progress: Progress | None = None,
    profile: MatchProfile = DEFAULT_PROFILE,
    pairs_from_clusters: bool = False,
) -> tuple[list[PairResult], Clustering]:
    """The called pairs and the clusters they make (see ``clusters``): left records are
    nodes ``0 .. len(left)-1``, right records follow. With ``pairs_from_clusters`` the
    pairs are every pair within each cluster (in a link, every left-right pair), those
    below the threshold with the reason ``same_cluster``."""
    say = progress or (lambda _message: None)
    run = _run(left, right, threshold, say, None, profile.household_rule)
    n_left = len(left)
    ids = tuple(r.record_id for r in (left if right is None else [*left, *right]))
    if run is None:
        return [], cluster(ids, *(np.zeros(0, dtype=np.int64),) * 2, np.zeros(0), 0.0,
                           lambda x, y: np.zeros(len(x)))  # fmt: skip
    called = list(_called(run, threshold, explain))
    node = {r.record_id: k for k, r in enumerate(left)}
    other = node if right is None else {r.record_id: n_left + k for k, r in enumerate(right)}
    a = np.asarray([node[p.left_id] for p in called], dtype=np.int64)
    b = np.asarray([other[p.right_id] for p in called], dtype=np.int64)
    logit = np.asarray([np.log2(p.probability / max(1 - p.probability, 1e-18)) for p in called])
    bar = float(np.log2(threshold / (1 - threshold)))
    found = cluster(ids, a, b, logit, bar, lambda x, y: _score_nodes(run, n_left, x, y).logit)
    say(f"{int(found.cluster.max(initial=0)):,} clusters of {len(ids):,} records")
    if not pairs_from_clusters:
        return called, found
    return _cluster_pairs(run, n_left, found, called, threshold, explain), found


def _score_nodes(run: _Run, n_left: int, xs: np.ndarray, ys: np.ndarray) -> ScoredRows:
    """The best-scoring row pair of each node pair (nodes as in ``link_with_clusters``),
    aligned with the input."""
    tables = (run.tl, run.tr)
    parts: list[ScoredRows] = []
    order_parts = []
    for sx in (0, 1):
        for sy in (0, 1):
            pick = np.flatnonzero(((xs >= n_left) == sx) & ((ys >= n_left) == sy))
            if (run.dedupe and (sx or sy)) or not len(pick):
                continue
            ta, tb = tables[sx], tables[sy]
            ea, eb = xs[pick] - sx * n_left, ys[pick] - sy * n_left
            sa, ca = _rows_of(ta, ea)
            sb, cb = _rows_of(tb, eb)
            sizes = ca * cb
            rep = np.repeat(np.arange(len(pick)), sizes)
            local = np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)
            li, ri = sa[rep] + local // cb[rep], sb[rep] + local % cb[rep]
            scored = score_rows(run.model, ta, tb, li, ri, compare(ta, tb, li, ri), run.tf,
                                run.household_rule)  # fmt: skip
            best = np.lexsort((-scored.logit, rep))
            first = np.r_[True, rep[best][1:] != rep[best][:-1]]
            parts.append(scored.take(best[first]))
            order_parts.append(pick)
    merged = _concat(parts)
    return merged.take(np.argsort(np.concatenate(order_parts), kind="stable"))


def _rows_of(table: RecordTable, entities: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First row and row count of each record (a record's rows are consecutive)."""
    start = np.searchsorted(table.entity, entities, side="left")
    stop = np.searchsorted(table.entity, entities, side="right")
    return start, stop - start


def _cluster_pairs(
    run: _Run,
    n_left: int,
    found: Clustering,
    called: list[PairResult],
    threshold: float,
    explain: bool,
) -> list[PairResult]:
    known = {(p.left_id, p.right_id): p for p in called}
    xs_l, ys_l = [], []
    for members in found.members():
        for k, x in enumerate(members):
            for y in members[k + 1 :]:
                if run.dedupe or (x < n_left) != (y < n_left):
                    xs_l.append(min(x, y))
                    ys_l.append(max(x, y))
    if not xs_l:
        return []
    xs, ys = np.asarray(xs_l, dtype=np.int64), np.asarray(ys_l, dtype=np.int64)
    scored = _score_nodes(run, n_left, xs, ys)
    out = []
    for k, (x, y) in enumerate(zip(xs.tolist(), ys.tolist(), strict=True)):
        pair = (found.ids[x], found.ids[y])
        if pair in known:
            out.append(known[pair])
            continue
        p = float(scored.probability[k])
        text = ""
        if explain:
            rec_x = run.tl.records[x]
            rec_y = run.tl.records[y] if run.dedupe else run.tr.records[y - n_left]
            parts = contributions(scored.levels[k], scored.bits[k], float(scored.held_back[k]),
                                  rec_x, rec_y)  # fmt: skip
            text = explanation(parts, p, decoy_pattern(scored.levels[k], rec_x, rec_y))
        # a pair no blocking rule compared may still score high once asked
        reason = Reason.MATCH if p >= threshold else Reason.SAME_CLUSTER
        out.append(PairResult(pair[0], pair[1], p, reason, text))
    return out


def _concat(parts: list[ScoredRows]) -> ScoredRows:
    names = list(ScoredRows.__dataclass_fields__)
    return ScoredRows(*(np.concatenate([getattr(p, n) for p in parts]) for n in names))


def _called(run: _Run, threshold: float, explain: bool) -> Iterator[PairResult]:
    tl, tr, model, dedupe = run.tl, run.tr, run.model, run.dedupe
    best = best_per_record(run.scored, tl, tr)
    le, re_ = tl.entity[best.left], tr.entity[best.right]
    first_row = np.unique(tr.entity, return_index=True)[1]

    def same_person(a: int, b: int) -> bool:
        ra, rb = first_row[[a]], first_row[[b]]
        one = score_rows(model, tr, tr, ra, rb, compare(tr, tr, ra, rb))
        return bool(one.probability[0] >= threshold and not one.household[0])

    def apart(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        ra, rb = first_row[a], first_row[b]
        return two_people(compare(tr, tr, ra, rb))

    logit = best.logit
    if not dedupe:  # a record is one person: candidates who are two people share it
        floor = float(np.log2(threshold / (1 - threshold))) - DEFAULT_MARGIN_BITS
        logit = exclusive_logit(le, re_, best.logit, floor, apart)
    probability = probability_of(logit)
    reasons = assign_reasons(le, re_, logit, probability, threshold,
                             same_person=None if dedupe else same_person)  # fmt: skip
    for k in np.flatnonzero(probability >= threshold).tolist():
        left_rec, right_rec = tl.records[le[k]], tr.records[re_[k]]
        text = ""
        p = float(probability[k])
        if explain:
            parts = contributions(best.levels[k], best.bits[k], float(best.held_back[k]),
                                  left_rec, right_rec)  # fmt: skip
            decoy = decoy_pattern(best.levels[k], left_rec, right_rec)
            text = explanation(parts, p, decoy, float(best.logit[k]))
            if best.logit[k] - logit[k] >= 1.0:
                text += " (shared with another candidate who is a different person)"
        yield PairResult(left_rec.record_id, right_rec.record_id, p, reasons[k], text)
