"""Fellegi–Sunter scoring of record pairs: per-field bits log2(m/u) with term-frequency
adjustment, the household rule, and the posterior probability; all on numpy arrays."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from skiptrace.matching.comparisons import FIELDS, MISSING
from skiptrace.matching.records import RecordTable
from skiptrace.matching.weights import MatchModel

IDENTITY = np.asarray([f.group == "identity" for f in FIELDS])
CONTACT = ~IDENTITY
_CONFLICT = np.zeros((len(FIELDS), 16), dtype=bool)
for _i, _f in enumerate(FIELDS):
    for _level in _f.conflicts:
        _CONFLICT[_i, _level] = True


@dataclass(frozen=True)
class ScoredRows:
    """Scores of row pairs: levels and bits per field, total log-odds (bits, prior
    included), probability, and whether contact evidence was set aside (household rule:
    then the positive bits of contact fields are shown but not summed into ``logit``)."""

    left: np.ndarray
    right: np.ndarray
    levels: np.ndarray
    bits: np.ndarray
    logit: np.ndarray
    probability: np.ndarray
    household: np.ndarray

    def take(self, index: np.ndarray) -> ScoredRows:
        return ScoredRows(*(getattr(self, f)[index] for f in self.__dataclass_fields__))


def term_frequencies(tables: tuple[RecordTable, ...], column: str) -> np.ndarray:
    """For each code of ``column``'s vocabulary, the share of records holding that value."""
    vocab = tables[0].vocab[column]
    counts = np.zeros(len(vocab.words))
    total = 0
    for table in tables:
        first_rows = np.unique(table.entity, return_index=True)[1]
        np.add.at(counts, table.cols[column][first_rows], 1)
        total += len(first_rows)
    counts[0] = 0
    return counts / max(total, 1)


def frequencies_from_model(model: MatchModel, table: RecordTable, column: str) -> np.ndarray:
    """Term frequencies for a vocabulary from the model's table (live searches, where the
    few records at hand say nothing about how common a name is); NaN when unknown."""
    known: Mapping[str, float] = model.term_frequencies.get(column, {})
    words = table.vocab[column].words
    return np.asarray([known.get(w.replace(" ", ""), math.nan) for w in words])


def score_rows(
    model: MatchModel,
    left: RecordTable,
    right: RecordTable,
    li: np.ndarray,
    ri: np.ndarray,
    levels: np.ndarray,
    tf: Mapping[str, np.ndarray] | None = None,
    household_rule: bool = True,
) -> ScoredRows:
    """Score row pairs ``li``/``ri`` whose agreement ``levels`` are already computed.

    An exact agreement on a field with a term-frequency column is adjusted by
    log2(mean share / share of this value): sharing "Smith" says less than sharing
    "Lindqvist". When an
    identity field conflicts outright (another first name, another date of birth, Jr vs
    Sr), shared contact points are what relatives and namesakes at one address have in
    common, so contact fields then count only against, never for, the pair (unless
    ``household_rule`` is off: data without households, such as FEBRL's synthetic
    corruptions, where a replaced first name is only noise).
    """  # fmt: skip
    table = model.bits()
    rows = np.arange(len(FIELDS))
    safe = np.where(levels == MISSING, 0, levels).astype(np.int64)
    bits = table[rows, safe]
    bits[levels == MISSING] = 0.0
    for i, spec in enumerate(FIELDS):
        if not spec.tf_column or tf is None or spec.tf_column not in tf:
            continue
        freqs = tf[spec.tf_column]
        known = freqs[~np.isnan(freqs)]
        # the average chance that two different people share a value, against which a
        # given value is rarer or commoner
        mean = float((known**2).sum()) if known.sum() > 0.5 else model.u[spec.name][spec.tf_level]
        exact = np.flatnonzero(levels[:, i] == spec.tf_level)
        freq = freqs[left.cols[spec.tf_column][li[exact]]]
        shift = np.log2(max(mean, 1e-9) / np.maximum(freq, 1e-7))
        bits[exact, i] += np.where(np.isnan(freq), 0.0, shift)
    conflict = (_CONFLICT[rows, safe] & (levels != MISSING)).any(axis=1) & household_rule
    discount = conflict[:, None] & CONTACT[None, :] & (bits > 0)
    logit = np.where(discount, 0.0, bits).sum(axis=1) + model.prior_bits
    probability = 1.0 / (1.0 + np.exp2(-np.clip(logit, -60, 60)))
    return ScoredRows(li, ri, levels, bits.astype(np.float32), logit, probability, conflict)


def best_per_record(scored: ScoredRows, left: RecordTable, right: RecordTable) -> ScoredRows:
    """One row pair per record pair (records with several addresses give several rows):
    the one with the highest log-odds."""
    if len(scored.left) == 0:
        return scored
    le, re_ = left.entity[scored.left], right.entity[scored.right]
    key = le * np.int64(len(right.records) + 1) + re_
    order = np.lexsort((-scored.logit, key))
    first = np.ones(len(order), dtype=bool)
    first[1:] = key[order][1:] != key[order][:-1]
    return scored.take(order[first])
