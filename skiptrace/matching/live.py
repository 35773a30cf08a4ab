"""Scoring one debtor against the candidates a search returned, with the shipped weights:
the function the search orchestrator and the UI call."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from skiptrace.candidate import About, Candidate
from skiptrace.matching.comparisons import compare
from skiptrace.matching.decoys import decoy_pattern
from skiptrace.matching.explain import Contribution, Reason, contributions, explanation
from skiptrace.matching.matcher import (
    ScoredRows,
    best_per_record,
    frequencies_from_model,
    household_shaped,
    score_rows,
)
from skiptrace.matching.reasons import DEFAULT_MARGIN_BITS, assign_reasons
from skiptrace.matching.records import (
    PersonRecord,
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


def _all_pairs(left: RecordTable, right: RecordTable) -> tuple[np.ndarray, np.ndarray]:
    li, ri = np.meshgrid(np.arange(len(left)), np.arange(len(right)), indexing="ij")
    return li.ravel(), ri.ravel()


def _score(
    model: MatchModel, left: PersonRecord, rights: Sequence[PersonRecord]
) -> tuple[ScoredRows, np.ndarray]:
    tl = build_table([left])
    tr = build_table(rights, tl.vocab)
    li, ri = _all_pairs(tl, tr)
    tf = {c: frequencies_from_model(model, tl, c) for c in ("first", "last", "city")}
    scored = score_rows(model, tl, tr, li, ri, compare(tl, tr, li, ri), tf)
    best = best_per_record(scored, tl, tr)
    return best, tr.entity[best.right]


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
    best, index = _score(model, debtor_rec, records)

    def same_person(a: int, b: int) -> bool:
        pair, _ = _score(model, records[a], [records[b]])
        return bool(len(pair.left)) and pair.probability[0] >= threshold and not pair.household[0]

    reasons = assign_reasons(
        np.zeros(len(index), dtype=np.int64), index, best.logit, best.probability, threshold,
        DEFAULT_MARGIN_BITS, same_person,
    )  # fmt: skip
    shaped = household_shaped(best.levels).tolist()
    for k, cand_index in enumerate(index.tolist()):
        parts = contributions(best.levels[k], best.bits[k], float(best.held_back[k]),
                              debtor_rec, records[cand_index])  # fmt: skip
        p = float(best.probability[k])
        decoy = decoy_pattern(best.levels[k], debtor_rec, records[cand_index], shaped[k])
        text = explanation(parts, p, decoy, float(best.logit[k]))
        out.append(ScoredCandidate(people[cand_index], p, reasons[k], parts, text))
    return sorted(out, key=lambda s: -s.probability)
