"""Linking two files of people, or finding duplicates within one: read rows as they
stream by, block, compare, estimate the weights by EM on the blocked pairs, score, call."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from skiptrace.matching.blocking import candidate_pairs
from skiptrace.matching.comparisons import compare
from skiptrace.matching.em import estimate_model
from skiptrace.matching.explain import Reason, contributions, explanation
from skiptrace.matching.households import household_bits
from skiptrace.matching.matcher import ScoredRows, best_per_record, score_rows, term_frequencies
from skiptrace.matching.reasons import DEFAULT_MARGIN_BITS, assign_reasons
from skiptrace.matching.records import PersonRecord, RecordTable, build_table, record_from_fields
from skiptrace.matching.weights import MatchModel
from skiptrace.portfolio.fields import HEADER_VARIANTS, _key

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


def _canonical_header(header: str) -> str:
    return HEADER_VARIANTS.get(_key(header), header)


def read_people(rows: Iterable[Mapping[str, str]], report: ReadReport) -> list[PersonRecord]:
    """Records from rows with portfolio columns (any spelling the importer knows); the id
    is ``account_id`` or ``id``, else the row number."""
    out = []
    names: dict[str, str] = {}
    for number, row in enumerate(rows, start=1):
        fields = {}
        for k, v in row.items():
            if k:
                name = names.get(k) or names.setdefault(k, _canonical_header(k))
                fields[name] = v or ""
        record_id = (fields.get("account_id") or fields.get("id") or str(number)).strip()
        out.append(record_from_fields(record_id, fields, report.unparsed))
        report.rows += 1
    return out


def read_people_csv(path: Path, report: ReadReport) -> list[PersonRecord]:
    """Stream a CSV file into records; only the normalised values are kept."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return read_people(csv.DictReader(handle), report)


def link(
    left: list[PersonRecord],
    right: list[PersonRecord] | None = None,
    *,
    threshold: float = 0.5,
    explain: bool = False,
    progress: Progress | None = None,
    model: MatchModel | None = None,
    household_rule: bool = True,
) -> Iterator[PairResult]:
    """Pairs at or above ``threshold`` between ``left`` and ``right`` (or, without
    ``right``, within ``left``, each unordered pair once). Weights are estimated from the
    data by EM unless a ``model`` is given; so is the household cap (see
    ``households``). ``household_rule`` off: see ``score_rows``."""
    say = progress or (lambda _message: None)
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
        return
    levels = np.concatenate([c[2] for c in chunks])
    if model is None:
        model = estimate_model(tl, tr, levels, dedupe=dedupe)
        say(f"estimated weights by EM over {total:,} pairs")
        if household_rule:
            households = household_bits(model, tl, tr, levels, dedupe)
            model = model.with_household_bits(households.bits)
            say(households.describe())
    tf = {c: term_frequencies((tl,) if dedupe else (tl, tr), c) for c in ("last", "city")}
    kept: list[ScoredRows] = []
    floor_bits = np.log2(threshold / (1 - threshold)) - DEFAULT_MARGIN_BITS
    for li, ri, lv in chunks:
        scored = score_rows(model, tl, tr, li, ri, lv, tf, household_rule)
        kept.append(scored.take(np.flatnonzero(scored.logit >= floor_bits)))
    yield from _called(tl, tr, _concat(kept), model, threshold, explain, dedupe)


def _concat(parts: list[ScoredRows]) -> ScoredRows:
    names = list(ScoredRows.__dataclass_fields__)
    return ScoredRows(*(np.concatenate([getattr(p, n) for p in parts]) for n in names))


def _called(
    tl: RecordTable,
    tr: RecordTable,
    scored: ScoredRows,
    model: MatchModel,
    threshold: float,
    explain: bool,
    dedupe: bool,
) -> Iterator[PairResult]:
    best = best_per_record(scored, tl, tr)
    le, re_ = tl.entity[best.left], tr.entity[best.right]
    first_row = np.unique(tr.entity, return_index=True)[1]

    def same_person(a: int, b: int) -> bool:
        ra, rb = first_row[[a]], first_row[[b]]
        one = score_rows(model, tr, tr, ra, rb, compare(tr, tr, ra, rb))
        return bool(one.probability[0] >= threshold and not one.household[0])

    reasons = assign_reasons(le, re_, best.logit, best.probability, threshold,
                             same_person=None if dedupe else same_person)  # fmt: skip
    for k in np.flatnonzero(best.probability >= threshold).tolist():
        left_rec, right_rec = tl.records[le[k]], tr.records[re_[k]]
        text = ""
        p = float(best.probability[k])
        if explain:
            parts = contributions(best.levels[k], best.bits[k], float(best.held_back[k]),
                                  left_rec, right_rec)  # fmt: skip
            text = explanation(parts, p, float(best.logit[k]))
        yield PairResult(left_rec.record_id, right_rec.record_id, p, reasons[k], text)
