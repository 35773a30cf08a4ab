"""Fellegi–Sunter scoring of record pairs: per-field bits log2(m/u) with term-frequency
adjustment, the household rule, and the posterior probability; all on numpy arrays."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from skiptrace.matching.comparisons import FIELD_INDEX, FIELDS, MISSING, NO_LEVEL
from skiptrace.matching.records import RecordTable
from skiptrace.matching.weights import MatchModel

# indexed by [field, level + 1]: the first column, a missing field, is never a conflict
_CONFLICT = np.zeros((len(FIELDS), 17), dtype=bool)
for _i, _f in enumerate(FIELDS):
    for _level in _f.conflicts:
        _CONFLICT[_i, _level + 1] = True
_FIELD_ROWS = np.arange(len(FIELDS))


_FIRST, _DOB, _SSN = FIELD_INDEX["first_name"], FIELD_INDEX["dob"], FIELD_INDEX["ssn"]
_ADDRESS, _PHONE = FIELD_INDEX["address"], FIELD_INDEX["phone"]
_GENERATION, _MIDDLE = FIELD_INDEX["generation"], FIELD_INDEX["middle_name"]


def identity_conflict(levels: np.ndarray) -> np.ndarray:
    """Pairs where an identity field disagrees outright: another first name (not a
    nickname, initial, sound-alike or near spelling), another date of birth (not a swap,
    a one-digit typo or the same year), or Jr against Sr."""
    return _CONFLICT[_FIELD_ROWS, levels + 1].any(axis=1)


def household_shaped(levels: np.ndarray) -> np.ndarray:
    """Pairs a relative at the same address could produce: an identity conflict, and no
    agreement that a relative cannot have. Relatives never share an SSN (not even its last
    four); twins often hold consecutive SSNs, so a one-digit SSN difference rules a
    relative out only when the dates of birth are not the same. A father and son share a
    first name, twins a date of birth, never both: a Jr/Sr clash between records that
    agree on both is a keying error of the suffix."""
    return _HOUSEHOLD_SHAPED[_rule_key(levels)]


def _household_shaped_rule(levels: np.ndarray) -> np.ndarray:
    first, dob = levels[:, _FIRST], levels[:, _DOB]
    first_agrees = (first == 0) | (first == 2) | (first == 3)
    # "James Okafor Jr" against "James Okafor" with no date of birth to tell: the father
    # or the son, as likely as the same man with his suffix dropped
    father_or_son = (levels[:, _GENERATION] == 2) & first_agrees & (dob == MISSING)
    return (identity_conflict(levels) | father_or_son) & ~_one_person(levels)


def _one_person(levels: np.ndarray) -> np.ndarray:
    """Agreements no two people have: an SSN (or its last four; one digit apart only
    when the dates of birth differ: twins often hold consecutive SSNs), or a first name
    and a date of birth together."""
    first, dob, ssn = levels[:, _FIRST], levels[:, _DOB], levels[:, _SSN]
    anchor = (ssn == 0) | (ssn == 1) | ((ssn == 2) & (dob != 0))
    first_agrees = (first == 0) | (first == 2) | (first == 3)
    return anchor | (first_agrees & ((dob == 0) | (dob == 1) | (dob == 2)))


def two_people(levels: np.ndarray) -> np.ndarray:
    """Pairs of records that are two different people: an identity conflict (see
    ``identity_conflict``) and nothing only one person could share."""
    return _TWO_PEOPLE[_rule_key(levels)]


def _two_people_rule(levels: np.ndarray) -> np.ndarray:
    return identity_conflict(levels) & ~_one_person(levels)


# The two rules above read five identity fields alone. Their answers for every
# combination of those fields' levels (4,320) are worked out once and looked up by the
# combination's index: for a search's few pairs, two numpy calls instead of thirty.
_RULE_FIELDS = [_FIRST, _MIDDLE, _GENERATION, _DOB, _SSN]
_RULE_SIZES = [len(FIELDS[i].levels) + 1 for i in _RULE_FIELDS]  # MISSING as well
_RULE_WEIGHTS = np.zeros(len(FIELDS), dtype=np.intp)
_RULE_WEIGHTS[_RULE_FIELDS] = [math.prod(_RULE_SIZES[k + 1 :]) for k in range(len(_RULE_SIZES))]
_RULE_OFFSET = int(_RULE_WEIGHTS.sum())  # levels start at MISSING, -1


def _rule_key(levels: np.ndarray) -> np.ndarray:
    """Each pair's combination of the rule fields' levels, as an index (C order)."""
    return levels.astype(np.intp) @ _RULE_WEIGHTS + _RULE_OFFSET


def _every_combination() -> np.ndarray:
    """Level rows for every combination of the rule fields, in ``_rule_key`` order."""
    grid = np.indices(_RULE_SIZES).reshape(len(_RULE_SIZES), -1).T - 1
    out = np.full((len(grid), len(FIELDS)), MISSING, dtype=np.int8)
    out[:, _RULE_FIELDS] = grid
    return out


_HOUSEHOLD_SHAPED = _household_shaped_rule(_every_combination())
_TWO_PEOPLE = _two_people_rule(_every_combination())


def shares_contact(levels: np.ndarray) -> np.ndarray:
    """Pairs at one address (unit included) or with a phone number in common."""
    return (levels[:, _ADDRESS] == 0) | (levels[:, _PHONE] == 0)


@dataclass(frozen=True)
class ScoredRows:
    """Scores of row pairs: levels and bits per field, total log-odds (bits, prior
    included), probability, and how much of the positive contact evidence was set aside
    by the household rule (``held_back``, bits; ``household`` where it is more than 0).
    ``shaped``: which pairs are household-shaped (see ``household_shaped``), whether or
    not the rule was applied."""

    left: np.ndarray
    right: np.ndarray
    levels: np.ndarray
    bits: np.ndarray
    logit: np.ndarray
    probability: np.ndarray
    household: np.ndarray
    held_back: np.ndarray
    shaped: np.ndarray

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


def tf_mean(model: MatchModel, field: int, freqs: np.ndarray) -> float:
    """The average chance that two different people share a value of field ``field``
    (the sum of its squared known shares ``freqs``, or the model's u when they are too
    few to say), against which a given value is rarer or commoner."""
    spec = FIELDS[field]
    known = freqs[~np.isnan(freqs)]
    # (np.add.reduce: what ndarray.sum calls, without the cost of its wrapper)
    if np.add.reduce(known) > 0.5:
        return float(np.add.reduce(known**2))
    return model.u[spec.name][spec.tf_level]


def score_rows(
    model: MatchModel,
    left: RecordTable,
    right: RecordTable,
    li: np.ndarray,
    ri: np.ndarray,
    levels: np.ndarray,
    tf: Mapping[str, np.ndarray] | None = None,
    household_rule: bool = True,
    tf_means: Mapping[str, float] | None = None,
) -> ScoredRows:
    """Score row pairs ``li``/``ri`` whose agreement ``levels`` are already computed.

    An exact agreement on a field with a term-frequency column is adjusted by
    log2(mean share / share of this value): sharing "Smith" says less than sharing
    "Lindqvist".

    The household rule: when a pair is household-shaped (see ``household_shaped``), what
    it agrees on is what relatives share: a father and son their names and address,
    twins their date of birth and last name, a spouse the address and phone. So its
    positive evidence may lift the pair's log-odds no higher than ``model.household_bits``:
    the odds that such a pair is one person rather than two related people (estimated
    from the files by ``households.household_bits``; minus infinity, the live default,
    sets it aside altogether). Evidence against the pair always counts. With
    ``household_rule`` off (``--profile generic``) the cap is lifted. ``tf_means``
    (by column) stands in for ``tf_mean`` of ``tf``'s column: the mean of another
    vocabulary than the one ``tf`` is indexed by.
    """  # fmt: skip
    bits = model.level_bits()[_FIELD_ROWS, levels + 1]
    if tf is not None:
        _adjust_for_frequency(model, bits, levels, left.cols, li, tf, tf_means or {})
    full = bits.sum(axis=1) + model.prior_bits
    shaped = household_shaped(levels)
    held_back = np.zeros(len(full))
    if household_rule and shaped.any():  # else nothing to hold back
        lift = np.maximum(bits, 0.0).sum(axis=1)
        capped = np.maximum(full - lift, np.minimum(full, model.household_bits))
        held_back = np.where(shaped, full - capped, 0.0)
    logit = full - held_back
    return ScoredRows(li, ri, levels, bits.astype(np.float32), logit, probability_of(logit),
                      held_back > 1e-9, held_back.astype(np.float32), shaped)  # fmt: skip


def probability_of(logit: np.ndarray) -> np.ndarray:
    """The probability for log-odds in bits (clipped to +-60: beyond, it is 0 or 1)."""
    # np.clip's Python wrapper costs more than the two ufuncs on a search's few pairs
    return 1.0 / (1.0 + np.exp2(-np.minimum(np.maximum(logit, -60), 60)))


_TF_FIELDS = tuple((i, spec) for i, spec in enumerate(FIELDS) if spec.tf_column)


def _adjust_for_frequency(
    model: MatchModel,
    bits: np.ndarray,
    levels: np.ndarray,
    cols: Mapping[str, np.ndarray],
    li: np.ndarray,
    tf: Mapping[str, np.ndarray],
    tf_means: Mapping[str, float],
) -> None:
    """Add the term-frequency shift to ``bits`` of exact agreements (see ``score_rows``)."""
    for i, spec in _TF_FIELDS:
        freqs = tf.get(spec.tf_column)
        if freqs is None:
            continue
        hit = levels[:, i] == spec.tf_level
        if spec.tf_also != NO_LEVEL:
            hit |= levels[:, i] == spec.tf_also
        exact = hit.nonzero()[0]
        if not len(exact):
            continue
        mean = tf_means.get(spec.tf_column)
        mean = tf_mean(model, i, freqs) if mean is None else mean
        freq = freqs[cols[spec.tf_column][li[exact]]]
        shift = np.log2(max(mean, 1e-9) / np.maximum(freq, 1e-7))
        shift[np.isnan(freq)] = 0.0  # a value of unknown frequency: no shift
        bits[:, i][exact] += shift  # (through the column: cheaper than bits[exact, i])


def best_per_record(scored: ScoredRows, left: RecordTable, right: RecordTable) -> ScoredRows:
    """One row pair per record pair (records with several addresses give several rows):
    the one with the highest log-odds."""
    if len(scored.left) == 0:
        return scored
    le, re_ = left.entity[scored.left], right.entity[scored.right]
    key = le * np.int64(len(right.records) + 1) + re_
    if (key[1:] > key[:-1]).all():  # one row per record pair already, in order
        return scored
    order = np.lexsort((-scored.logit, key))
    first = np.ones(len(order), dtype=bool)
    first[1:] = key[order][1:] != key[order][:-1]
    return scored.take(order[first])
