"""Scoring one debtor against the candidates a search returned, with the shipped weights:
the function the search orchestrator and the UI call."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from skiptrace.candidate import About, Candidate
from skiptrace.matching.comparisons import FIELDS, compare
from skiptrace.matching.decoys import decoy_pattern
from skiptrace.matching.explain import Contribution, Reason, contributions, explanation
from skiptrace.matching.matcher import (
    best_per_record,
    frequencies_from_model,
    score_rows,
    tf_mean,
)
from skiptrace.matching.reasons import DEFAULT_MARGIN_BITS, assign_reasons
from skiptrace.matching.records import (
    RecordTable,
    build_table,
    record_from_candidate,
    record_from_debtor,
)
from skiptrace.matching.weights import MatchModel, default_model
from skiptrace.model import Debtor

DEFAULT_THRESHOLD = 0.5


@dataclass(frozen=True, slots=True)
class ScoredCandidate:
    """A candidate with how likely it is the debtor, why, and the verdict."""

    candidate: Candidate
    probability: float
    reason: Reason
    contributions: tuple[Contribution, ...]
    explanation: str


# Up to this many candidates, every ordered pair of them is compared along with the
# debtor's pairs (one ``compare`` call), so that the check whether the best two are one
# person seen twice costs a few more rows instead of a scoring of its own.
_SPECULATE = 4
_TF_FIELDS = {spec.tf_column: i for i, spec in enumerate(FIELDS) if spec.tf_column}


class _Pairs:
    """Row pairs of one table (the debtor's record first, then the candidates') for
    record pairs: every row of the one against every row of the other, in the order
    scoring the two records apart would give them."""

    def __init__(self, table: RecordTable) -> None:
        self.table = table
        self.rows: dict[int, list[int]] = {}
        for row, entity in enumerate(table.entity.tolist()):
            self.rows.setdefault(entity, []).append(row)

    def of(self, pairs: Sequence[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
        li: list[int] = []
        ri: list[int] = []
        for a, b in pairs:
            rights = self.rows[b]
            for row in self.rows[a]:
                li.extend([row] * len(rights))
                ri.extend(rights)
        return np.asarray(li, dtype=np.int64), np.asarray(ri, dtype=np.int64)


class _PairMeans(Mapping[str, float]):
    """``score_rows``'s ``tf_means`` for records ``a`` and ``b``: each term-frequency
    column's mean over the vocabulary the two alone would have (their values in order of
    first appearance), what scoring them apart would weigh an exact agreement against.
    Each is worked out when asked for: only fields with an exact agreement use it."""

    def __init__(
        self, pairs: _Pairs, model: MatchModel, tf: Mapping[str, np.ndarray], a: int, b: int
    ) -> None:
        self._table, self._rows = pairs.table, pairs.rows[a] + pairs.rows[b]
        self._model, self._tf = model, tf
        self._means: dict[str, float] = {}

    def __getitem__(self, column: str) -> float:
        if column not in self._means:
            freqs = self._tf[column]
            values = self._table.cols[column][self._rows].tolist()
            codes = [0, *dict.fromkeys(c for c in values if c)]
            self._means[column] = tf_mean(self._model, _TF_FIELDS[column], freqs[codes])
        return self._means[column]

    def __iter__(self) -> Iterator[str]:
        return iter(self._tf)

    def __len__(self) -> int:
        return len(self._tf)


def score_candidates(
    debtor: Debtor,
    candidates: Sequence[Candidate],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    model: MatchModel | None = None,
) -> list[ScoredCandidate]:
    """Score every candidate against the debtor, best first.

    Each result has a probability, per-field contributions in bits, an explanation line
    and a reason: ``match``; ``ambiguous`` when the runner-up is another person too close
    to the best; ``below_floor`` under ``threshold``. When no candidate is the debtor
    (a vendor no-hit), all are ``below_floor``. Candidates ``about`` the query itself
    (a geocode, a phone check) need no matching and come back as matches with p = 1.
    """
    model = model or default_model()
    people = [c for c in candidates if c.about is About.PERSON]
    out = [
        ScoredCandidate(c, 1.0, Reason.MATCH, (), "facts about the account's own details")
        for c in candidates
        if c.about is not About.PERSON
    ]
    if not people:
        return out
    debtor_rec = record_from_debtor(debtor)
    records = [record_from_candidate(c) for c in people]
    # one table, debtor first: the vocabulary scoring the debtor against them would build
    table = build_table([debtor_rec, *records])
    pairs = _Pairs(table)
    main = [(0, k + 1) for k in range(len(records))]
    extra = [(a, b) for a in range(len(records)) for b in range(len(records)) if a != b]
    extra = extra if len(records) <= _SPECULATE else []
    li, ri = pairs.of(main + [(a + 1, b + 1) for a, b in extra])
    levels = compare(table, table, li, ri)
    n = len(li) - sum(len(pairs.rows[a + 1]) * len(pairs.rows[b + 1]) for a, b in extra)
    tf = {c: frequencies_from_model(model, table, c) for c in ("first", "last", "city")}
    scored = score_rows(model, table, table, li[:n], ri[:n], levels[:n], tf)
    best = best_per_record(scored, table, table)
    index = table.entity[best.right] - 1
    known: dict[tuple[int, int], slice] = {}
    start = n
    for a, b in extra:
        size = len(pairs.rows[a + 1]) * len(pairs.rows[b + 1])
        known[(a, b)] = slice(start, start + size)
        start += size

    def same_person(a: int, b: int) -> bool:
        at = known.get((a, b))
        if at is None:
            pl, pr = pairs.of([(a + 1, b + 1)])
            lv = compare(table, table, pl, pr)
        else:
            pl, pr, lv = li[at], ri[at], levels[at]
        means = _PairMeans(pairs, model, tf, a + 1, b + 1)
        pair = best_per_record(
            score_rows(model, table, table, pl, pr, lv, tf, tf_means=means), table, table
        )
        return bool(len(pair.left)) and pair.probability[0] >= threshold and not pair.household[0]

    reasons = assign_reasons(
        np.zeros(len(index), dtype=np.int64), index, best.logit, best.probability, threshold,
        DEFAULT_MARGIN_BITS, same_person,
    )  # fmt: skip
    shaped = best.shaped.tolist()
    for k, cand_index in enumerate(index.tolist()):
        parts = contributions(best.levels[k], best.bits[k], float(best.held_back[k]),
                              debtor_rec, records[cand_index])  # fmt: skip
        p = float(best.probability[k])
        decoy = decoy_pattern(best.levels[k], debtor_rec, records[cand_index], shaped[k])
        text = explanation(parts, p, decoy, float(best.logit[k]))
        out.append(ScoredCandidate(people[cand_index], p, reasons[k], parts, text))
    return sorted(out, key=lambda s: -s.probability)
