"""The fields compared and their agreement levels, best first, computed for arrays of
record pairs at once. Level -1 means a side has no value (weight 0)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

from skiptrace.matching.records import RecordTable
from skiptrace.matching.similarity import (
    are_nickname_codes,
    digit_matrix,
    edit_distance,
    first_letters,
    has_space,
    jaro_winkler,
    one_edit,
    phonetic_codes,
    squashed_codes,
    unique_pairs,
    word_lengths,
    words_of,
    workers_for,
)

MISSING = -1
NO_LEVEL = -2  # a level no pair has (not MISSING, which is a level of every field)


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """A compared field: its level names, whether it speaks to identity or to contact
    (household members share contact points), and which levels are identity conflicts."""

    name: str
    label: str
    levels: tuple[str, ...]
    group: str
    conflicts: frozenset[int] = frozenset()
    tf_column: str = ""  # whose value's frequency adjusts the weight of ...
    tf_level: int = 0  # ... this level
    # ... and this one (the surname swapped into the first-name field); MISSING must
    # never be adjusted
    tf_also: int = NO_LEVEL


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("first_name", "first name",
              ("exact", "swapped with last name", "nickname", "similar", "sounds alike",
               "initial", "loosely similar", "differs"), "identity", frozenset({7}),
              tf_column="first"),
    # a son named for his father shares the middle name too; other relatives seldom do
    FieldSpec("middle_name", "middle name", ("exact", "initial", "differs"), "identity",
              frozenset({2})),
    FieldSpec("last_name", "last name",
              ("exact", "swapped with first name", "shares a part", "similar", "sounds alike",
               "loosely similar", "differs", "in the first-name field"),
              "identity", tf_column="last", tf_also=1),
    FieldSpec("generation", "suffix", ("same", "differs", "on one side only"), "identity",
              frozenset({1})),
    FieldSpec("dob", "date of birth",
              ("exact", "day and month swapped", "one-digit typo", "same year", "differs"),
              "identity", frozenset({4})),
    # keying errors in an SSN are one digit or two swapped (a level of their own); an
    # SSN that differs beyond that is another person's, such as a father's or a twin's
    FieldSpec("ssn", "SSN", ("exact", "last four agree", "one-digit typo", "differs"),
              "identity", frozenset({3})),
    FieldSpec("address", "address",
              ("exact", "same building", "similar street", "same house number", "same ZIP",
               "same city", "same state", "differs"), "contact", tf_column="city", tf_level=5),
    FieldSpec("phone", "phone", ("shared", "differs"), "contact"),
)  # fmt: skip
FIELD_INDEX = {f.name: i for i, f in enumerate(FIELDS)}


def _levels(n: int, missing: np.ndarray, worst: int) -> np.ndarray:
    out = np.full(n, worst, dtype=np.int8)
    out[missing] = MISSING
    return out


def _name_levels(
    tl: RecordTable, tr: RecordTable, li: np.ndarray, ri: np.ndarray, column: str, first: bool
) -> np.ndarray:
    vocab = tl.vocab[column]
    a, b = tl.cols[column][li], tr.cols[column][ri]
    ua, ub, inverse = unique_pairs(a, b)
    worst = 7 if first else 6
    lv = _levels(len(ua), (ua == 0) | (ub == 0), worst)
    todo = lv != MISSING
    sims = jaro_winkler(vocab, ua, ub) if len(ua) else np.zeros(0)
    phon = vocab.derived("metaphone", phonetic_codes)
    same_sound = (phon[ua] == phon[ub]) & (phon[ua] != 0)
    if first:
        nick = are_nickname_codes(vocab, ua, ub)
        letters = vocab.derived("first-letter", first_letters)
        lengths = vocab.derived("length", word_lengths)
        initial = ((lengths[ua] == 1) | (lengths[ub] == 1)) & (letters[ua] == letters[ub])
        steps = [(sims >= 0.80, 6), (initial, 5), (same_sound, 4), (sims >= 0.92, 3), (nick, 2)]
    else:
        # single words share a part only when they are equal: look at the others alone
        spaced = vocab.derived("has-space", has_space)
        several = np.flatnonzero(spaced[ua] | spaced[ub])
        wa, wb = words_of(vocab, ua[several]), words_of(vocab, ub[several])
        part = np.zeros(len(ua), dtype=bool)
        part[several] = np.fromiter(
            (bool(set(x.split()) & set(y.split())) for x, y in zip(wa, wb, strict=True)),
            bool, len(wa),
        )  # fmt: skip
        steps = [(sims >= 0.80, 5), (same_sound, 4), (sims >= 0.92, 3), (part, 2)]
    squashed = vocab.derived("squashed", squashed_codes)
    squashed_equal = squashed[ua] == squashed[ub]
    steps.append((squashed_equal, 0))
    for mask, level in steps:  # later steps are better levels and overwrite
        lv[todo & mask] = level
    return lv[inverse]


def _cross_similar(
    tl: RecordTable, ca: str, tr: RecordTable, cb: str, a: np.ndarray, b: np.ndarray
) -> np.ndarray:
    """Whether column ``ca`` of one side is (nearly) column ``cb`` of the other."""
    if len(a) == 0:
        return np.zeros(0, dtype=bool)
    wa, wb = words_of(tl.vocab[ca], a), words_of(tr.vocab[cb], b)
    sims = np.asarray(
        process.cpdist(
            wa, wb, scorer=JaroWinkler.normalized_similarity, workers=workers_for(len(wa))
        )
    )
    return (sims >= 0.9) & (a != 0) & (b != 0)


def _crossed(
    tl: RecordTable, tr: RecordTable, li: np.ndarray, ri: np.ndarray, todo: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For the pairs in ``todo``: their rows, whether one side's first name is (nearly)
    the other's last name, and whether its last name is (nearly) the other's first."""
    idx = np.flatnonzero(todo)
    fa, lb = tl.cols["first"][li[idx]], tr.cols["last"][ri[idx]]
    la, fb = tl.cols["last"][li[idx]], tr.cols["first"][ri[idx]]
    first_as_last = _cross_similar(tl, "first", tr, "last", fa, lb)
    return idx, first_as_last, _cross_similar(tl, "last", tr, "first", la, fb)


def _swapped_names(
    tl: RecordTable, tr: RecordTable, li: np.ndarray, ri: np.ndarray, todo: np.ndarray
) -> np.ndarray:
    """Pairs where one side wrote the first name in the last-name field and vice versa."""
    out = np.zeros(len(li), dtype=bool)
    idx, first_as_last, last_as_first = _crossed(tl, tr, li, ri, todo)
    out[idx] = first_as_last & last_as_first
    return out


def _surname_as_first(
    tl: RecordTable, tr: RecordTable, li: np.ndarray, ri: np.ndarray, todo: np.ndarray
) -> np.ndarray:
    """Pairs where one side's last name is (nearly) the other side's first name."""
    out = np.zeros(len(li), dtype=bool)
    idx, first_as_last, last_as_first = _crossed(tl, tr, li, ri, todo)
    out[idx] = first_as_last | last_as_first
    return out


def _code_levels(a: np.ndarray, b: np.ndarray, worst: int) -> np.ndarray:
    lv = _levels(len(a), (a == 0) | (b == 0), worst)
    lv[(lv != MISSING) & (a == b)] = 0
    return lv


def compare(tl: RecordTable, tr: RecordTable, li: np.ndarray, ri: np.ndarray) -> np.ndarray:
    """Agreement levels (pairs x fields, int8) for table rows ``li`` against ``ri``."""
    n = len(li)
    out = np.empty((n, len(FIELDS)), dtype=np.int8)
    c, d = tl.cols, tr.cols
    out[:, 0] = _name_levels(tl, tr, li, ri, "first", first=True)
    out[:, 2] = _name_levels(tl, tr, li, ri, "last", first=False)
    swapped = _swapped_names(tl, tr, li, ri, out[:, 0] >= 3)
    # one keying slip, weighed once: on the last-name field, the first name left out
    out[swapped, 0] = MISSING
    out[swapped, 2] = 1
    # the surname keyed into the first-name field (and the given name lost or elsewhere)
    one_way = ~swapped & (out[:, 0] >= 5) & (out[:, 2] >= 5)
    out[_surname_as_first(tl, tr, li, ri, one_way), 2] = 7

    ma, mb = c["middle"][li], d["middle"][ri]
    mid = _code_levels(ma, mb, 2)
    initials = tl.vocab["middle"].derived("first-letter", first_letters)
    mid[(mid == 2) & (initials[ma] == initials[mb])] = 1
    out[:, 1] = mid
    ga, gb = c["generation"][li], d["generation"][ri]
    gen = _code_levels(ga, gb, 1)
    gen[(ga == 0) != (gb == 0)] = 2
    out[:, 3] = gen

    dob_digits = tl.vocab["dob"].derived("digits8", lambda v: digit_matrix(v, 8))
    da, db = dob_digits[c["dob"][li]], dob_digits[d["dob"][ri]]
    dob = _levels(n, (c["dob"][li] == 0) | (d["dob"][ri] == 0), 4)
    has = dob != MISSING
    dob[has & (da[:, :4] == db[:, :4]).all(axis=1)] = 3
    dob[has & one_edit(da, db)] = 2
    swapped = (da[:, 4:6] == db[:, 6:8]).all(axis=1) & (da[:, 6:8] == db[:, 4:6]).all(axis=1)
    dob[has & swapped & (da[:, :4] == db[:, :4]).all(axis=1)] = 1
    dob[has & (c["dob"][li] == d["dob"][ri])] = 0
    out[:, 4] = dob

    out[:, 5] = _ssn_levels(tl, tr, li, ri)
    out[:, 6] = _address_levels(tl, tr, li, ri)
    pa, pb = tl.phones[li], tr.phones[ri]
    shared = ((pa[:, :, None] == pb[:, None, :]) & (pa[:, :, None] != 0)).any(axis=(1, 2))
    phone = _levels(n, (pa == 0).all(axis=1) | (pb == 0).all(axis=1), 1)
    phone[(phone != MISSING) & shared] = 0
    out[:, 7] = phone
    return out


def _ssn_levels(tl: RecordTable, tr: RecordTable, li: np.ndarray, ri: np.ndarray) -> np.ndarray:
    c, d = tl.cols, tr.cols
    sa, sb = c["ssn"][li], d["ssn"][ri]
    fa, fb = c["ssn4"][li], d["ssn4"][ri]
    full = (sa != 0) & (sb != 0)
    four = ~full & (fa != 0) & (fb != 0)
    lv = _levels(len(li), ~full & ~four, 3)
    digits = tl.vocab["ssn"].derived("digits9", lambda v: digit_matrix(v, 9))
    lv[full & one_edit(digits[sa], digits[sb])] = 2
    lv[full & (sa == sb)] = 0
    lv[four & (fa == fb)] = 1
    return lv


def _address_levels(tl: RecordTable, tr: RecordTable, li: np.ndarray, ri: np.ndarray) -> np.ndarray:
    """One field for the whole address: its parts move together (a debtor who moved
    changes street, ZIP and city at once), so counting them apart would punish a move
    three or four times over."""
    c, d = tl.cols, tr.cols
    sa, sb = c["street"][li], d["street"][ri]
    na, nb = c["number"][li], d["number"][ri]
    za, zb = c["zip5"][li], d["zip5"][ri]
    ca, cb = c["city"][li], d["city"][ri]
    ta, tb = c["state"][li], d["state"][ri]
    nothing_a = (sa == 0) & (za == 0) & (ca == 0)
    nothing_b = (sb == 0) & (zb == 0) & (cb == 0)
    lv = _levels(len(li), nothing_a | nothing_b, 7)
    has = lv != MISSING
    zip_digits = tl.vocab["zip5"].derived("digits5", lambda v: digit_matrix(v, 5))
    same_zip = (za == zb) & (za != 0)
    near_zip = same_zip | ((za != 0) & (zb != 0) & one_edit(zip_digits[za], zip_digits[zb]))
    same_city = (ca == cb) & (ca != 0)
    near_city = same_city | (
        (ca != 0) & (cb != 0) & (jaro_winkler(tl.vocab["city"], ca, cb) >= 0.9)
    )
    place = near_zip | near_city | ((za == 0) | (zb == 0)) & ((ca == 0) | (cb == 0))
    streets = (sa != 0) & (sb != 0)
    same_street = streets & (sa == sb) & (na == nb)
    similar = streets & (
        ((na == nb) & (jaro_winkler(tl.vocab["street"], sa, sb) >= 0.88))
        | ((sa == sb) & (na != 0) & (edit_distance(tl.vocab["number"], na, nb) <= 1))
    )
    # the street left out or garbled, the number kept, in the same place
    same_number = (na == nb) & (na != 0) & (near_zip | near_city)
    steps = [
        ((ta == tb) & (ta != 0), 6),
        (near_city, 5),  # a misspelt city is the same city
        (same_zip, 4),
        (same_number, 3),
        # the same street and number in another town is another address
        ((similar | same_street) & place, 2),
        (same_street & place, 1),
        (same_street & place & (c["unit"][li] == d["unit"][ri]), 0),
    ]
    for mask, level in steps:
        lv[has & mask] = level
    return lv
