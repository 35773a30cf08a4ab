"""The fields compared and their agreement levels, best first, computed for arrays of
record pairs at once. Level -1 means a side has no value (weight 0)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

from skiptrace.matching.records import RecordTable, Vocabulary
from skiptrace.matching.similarity import (
    are_nickname_codes,
    digit_matrix,
    edit_distance,
    first_letters,
    has_space,
    jaro_winkler,
    jaro_winkler_distinct,
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


def _worst(n: int, worst: int) -> np.ndarray:
    out = np.empty(n, dtype=np.int8)
    out.fill(worst)  # (np.full's wrapper costs more than filling a search's few pairs)
    return out


def _levels(n: int, missing: np.ndarray, worst: int) -> np.ndarray:
    out = _worst(n, worst)
    out[missing] = MISSING
    return out


def _name_levels(
    tl: RecordTable, tr: RecordTable, li: np.ndarray, ri: np.ndarray, column: str, first: bool
) -> np.ndarray:
    a, b = tl.cols[column][li], tr.cols[column][ri]
    worst = 7 if first else 6
    # equal codes are one word, exact; only different words need measuring
    return _refined(_code_levels(a, b, worst), worst,
                    lambda r: _word_levels(tl.vocab[column], a[r], b[r], first, worst))  # fmt: skip


def _word_levels(
    vocab: Vocabulary, a: np.ndarray, b: np.ndarray, first: bool, worst: int
) -> np.ndarray:
    """Levels of pairs of different (coded) names, both present: each distinct pair
    measured once."""
    ua, ub, inverse = unique_pairs(a, b)
    return _distinct_word_levels(vocab, ua, ub, first, worst)[inverse]


def _distinct_word_levels(
    vocab: Vocabulary, ua: np.ndarray, ub: np.ndarray, first: bool, worst: int
) -> np.ndarray:
    """``_word_levels`` of distinct pairs."""
    lv = _worst(len(ua), worst)
    sims = jaro_winkler_distinct(vocab, ua, ub)
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
        several = (spaced[ua] | spaced[ub]).nonzero()[0]
        wa, wb = words_of(vocab, ua[several]), words_of(vocab, ub[several])
        part = np.zeros(len(ua), dtype=bool)
        part[several] = np.fromiter(
            (bool(set(x.split()) & set(y.split())) for x, y in zip(wa, wb, strict=True)),
            bool, len(wa),
        )  # fmt: skip
        steps = [(sims >= 0.80, 5), (same_sound, 4), (sims >= 0.92, 3), (part, 2)]
    squashed = vocab.derived("squashed", squashed_codes)
    steps.append((squashed[ua] == squashed[ub], 0))
    for mask, level in steps:  # later steps are better levels and overwrite
        lv[mask] = level
    return lv


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
    tl: RecordTable, tr: RecordTable, li: np.ndarray, ri: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Whether one side's first name is (nearly) the other's last name, and whether its
    last name is (nearly) the other's first."""
    fa, lb = tl.cols["first"][li], tr.cols["last"][ri]
    la, fb = tl.cols["last"][li], tr.cols["first"][ri]
    first_as_last = _cross_similar(tl, "first", tr, "last", fa, lb)
    return first_as_last, _cross_similar(tl, "last", tr, "first", la, fb)


def _swapped_names(
    tl: RecordTable, tr: RecordTable, li: np.ndarray, ri: np.ndarray, todo: np.ndarray
) -> np.ndarray:
    """Rows of ``todo`` where one side wrote the first name in the last-name field and
    vice versa."""
    idx = todo.nonzero()[0]
    if not len(idx):
        return idx
    first_as_last, last_as_first = _crossed(tl, tr, li[idx], ri[idx])
    return idx[first_as_last & last_as_first]


def _surname_as_first(
    tl: RecordTable, tr: RecordTable, li: np.ndarray, ri: np.ndarray, todo: np.ndarray
) -> np.ndarray:
    """Rows of ``todo`` where one side's last name is (nearly) the other side's first."""
    idx = todo.nonzero()[0]
    if not len(idx):
        return idx
    first_as_last, last_as_first = _crossed(tl, tr, li[idx], ri[idx])
    return idx[first_as_last | last_as_first]


def _crossed_names(
    tl: RecordTable, tr: RecordTable, li: np.ndarray, ri: np.ndarray, out: np.ndarray
) -> None:
    """First and last names keyed into each other's fields, set in ``out``'s levels."""
    swapped = _swapped_names(tl, tr, li, ri, out[:, 0] >= 3)
    if len(swapped):  # one keying slip, weighed once: on the last name, the first left out
        out[swapped, 0] = MISSING
        out[swapped, 2] = 1
    # the surname keyed into the first-name field (and the given name lost or elsewhere;
    # not the swapped pairs, whose first names are now MISSING)
    one_way = (out[:, 0] >= 5) & (out[:, 2] >= 5)
    out[_surname_as_first(tl, tr, li, ri, one_way), 2] = 7


def _code_levels(a: np.ndarray, b: np.ndarray, worst: int) -> np.ndarray:
    """MISSING where a side has no value, 0 where the codes are equal, else ``worst``."""
    lv = _worst(len(a), worst)
    lv[a == b] = 0
    lv[(a == 0) | (b == 0)] = MISSING
    return lv


def _refined(lv: np.ndarray, worst: int, refine: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """``lv`` with its ``worst`` levels replaced by ``refine`` of their rows: the finer
    levels of pairs present on both sides and not equal, left unmeasured when none is."""
    # (ndarray.nonzero: np.flatnonzero's wrapper costs more than a search's few pairs)
    rows = (lv == worst).nonzero()[0]
    if len(rows):
        lv[rows] = refine(rows)
    return lv


def compare(tl: RecordTable, tr: RecordTable, li: np.ndarray, ri: np.ndarray) -> np.ndarray:
    """Agreement levels (pairs x fields, int8) for table rows ``li`` against ``ri``."""
    n = len(li)
    out = np.empty((n, len(FIELDS)), dtype=np.int8)
    c, d = tl.cols, tr.cols
    out[:, 0] = _name_levels(tl, tr, li, ri, "first", first=True)
    out[:, 2] = _name_levels(tl, tr, li, ri, "last", first=False)
    _crossed_names(tl, tr, li, ri, out)
    ma, mb = c["middle"][li], d["middle"][ri]
    out[:, 1] = _refined(_code_levels(ma, mb, 2), 2,
                         lambda r: _middle_levels(tl.vocab["middle"], ma[r], mb[r]))  # fmt: skip
    ga, gb = c["generation"][li], d["generation"][ri]
    gen = _code_levels(ga, gb, 1)
    gen[(ga == 0) != (gb == 0)] = 2
    out[:, 3] = gen
    da, db = c["dob"][li], d["dob"][ri]
    out[:, 4] = _refined(_code_levels(da, db, 4), 4,
                         lambda r: _dob_levels(tl.vocab["dob"], da[r], db[r]))  # fmt: skip
    out[:, 5] = _ssn_levels(tl, tr, li, ri)
    out[:, 6] = _address_levels(tl, tr, li, ri)
    out[:, 7] = _phone_levels(tl.phones[li], tr.phones[ri])
    return out


def _phone_levels(pa: np.ndarray, pb: np.ndarray) -> np.ndarray:
    """Whether two rows of phone codes share a number (MISSING: a side has none)."""
    lv = _levels(len(pa), ~((pa != 0).any(axis=1) & (pb != 0).any(axis=1)), 1)
    lv[((pa[:, :, None] == pb[:, None, :]) & (pa[:, :, None] != 0)).any(axis=(1, 2))] = 0
    return lv


def _middle_levels(vocab: Vocabulary, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Levels of middle names present on both sides and not equal: the initial agrees."""
    initials = vocab.derived("first-letter", first_letters)
    return np.where(initials[a] == initials[b], 1, 2)


def _dob_levels(vocab: Vocabulary, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Levels of dates of birth present on both sides and not equal."""
    digits = vocab.derived("digits8", lambda v: digit_matrix(v, 8))
    da, db = digits[a], digits[b]
    dob = _worst(len(a), 4)
    same_year = (da[:, :4] == db[:, :4]).all(axis=1)
    dob[same_year] = 3
    dob[one_edit(da, db)] = 2
    swapped = (da[:, 4:6] == db[:, 6:8]).all(axis=1) & (da[:, 6:8] == db[:, 4:6]).all(axis=1)
    dob[swapped & same_year] = 1
    return dob


def _ssn_levels(tl: RecordTable, tr: RecordTable, li: np.ndarray, ri: np.ndarray) -> np.ndarray:
    """Full SSNs where both sides have one (last four agreeing then counts for nothing),
    else their last four."""
    c, d = tl.cols, tr.cols
    lv = _code_levels(c["ssn4"][li], d["ssn4"][ri], 3)
    lv[lv == 0] = 1
    sa, sb = c["ssn"][li], d["ssn"][ri]
    full = ((sa != 0) & (sb != 0)).nonzero()[0]
    if len(full):
        sa, sb = sa[full], sb[full]
        lv[full] = _refined(_code_levels(sa, sb, 3), 3,
                            lambda r: _ssn_slips(tl.vocab["ssn"], sa[r], sb[r]))  # fmt: skip
    return lv


def _ssn_slips(vocab: Vocabulary, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Levels of full SSNs that differ: a keying slip (a digit, or two swapped) or not."""
    digits = vocab.derived("digits9", lambda v: digit_matrix(v, 9))
    return np.where(one_edit(digits[a], digits[b]), 2, 3)


def _address_levels(tl: RecordTable, tr: RecordTable, li: np.ndarray, ri: np.ndarray) -> np.ndarray:
    """One field for the whole address: its parts move together (a debtor who moved
    changes street, ZIP and city at once), so counting them apart would punish a move
    three or four times over."""
    c, d = tl.cols, tr.cols
    nothing_a = (c["street"][li] == 0) & (c["zip5"][li] == 0) & (c["city"][li] == 0)
    nothing_b = (d["street"][ri] == 0) & (d["zip5"][ri] == 0) & (d["city"][ri] == 0)
    return _refined(_levels(len(li), nothing_a | nothing_b, 7), 7,
                    lambda r: _place_levels(tl, tr, li[r], ri[r]))  # fmt: skip


def _measured(mask: np.ndarray, test: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """``test`` of the rows in ``mask``, False elsewhere: a string measure run only on
    the pairs whose level it can change."""
    out = np.zeros(len(mask), dtype=bool)
    rows = mask.nonzero()[0]
    if len(rows):
        out[rows] = test(rows)
    return out


def _place_levels(tl: RecordTable, tr: RecordTable, li: np.ndarray, ri: np.ndarray) -> np.ndarray:
    """Address levels of pairs with something of an address on both sides."""
    c, d = tl.cols, tr.cols
    sa, sb = c["street"][li], d["street"][ri]
    na, nb = c["number"][li], d["number"][ri]
    za, zb = c["zip5"][li], d["zip5"][ri]
    ca, cb = c["city"][li], d["city"][ri]
    ta, tb = c["state"][li], d["state"][ri]
    lv = _worst(len(li), 7)
    zip_digits = tl.vocab["zip5"].derived("digits5", lambda v: digit_matrix(v, 5))
    same_zip = (za == zb) & (za != 0)
    near_zip = same_zip | _measured(
        (za != 0) & (zb != 0) & (za != zb), lambda r: one_edit(zip_digits[za[r]], zip_digits[zb[r]])
    )
    same_city = (ca == cb) & (ca != 0)
    near_city = same_city | _measured(
        (ca != 0) & (cb != 0) & (ca != cb),
        lambda r: jaro_winkler(tl.vocab["city"], ca[r], cb[r]) >= 0.9,
    )
    place = near_zip | near_city | ((za == 0) | (zb == 0)) & ((ca == 0) | (cb == 0))
    streets = (sa != 0) & (sb != 0)
    same_street = streets & (sa == sb) & (na == nb)
    # the same street with the number or the street's name slightly off (a street or a
    # number measured against itself is similar: equal ones are not measured)
    similar = (
        same_street
        | _measured(streets & (na == nb) & (sa != sb),
                 lambda r: jaro_winkler(tl.vocab["street"], sa[r], sb[r]) >= 0.88)
        | _measured(streets & (sa == sb) & (na != 0) & (na != nb),
                 lambda r: edit_distance(tl.vocab["number"], na[r], nb[r]) <= 1)
    )  # fmt: skip
    # the street left out or garbled, the number kept, in the same place
    same_number = (na == nb) & (na != 0) & (near_zip | near_city)
    steps = [
        ((ta == tb) & (ta != 0), 6),
        (near_city, 5),  # a misspelt city is the same city
        (same_zip, 4),
        (same_number, 3),
        # the same street and number in another town is another address
        (similar & place, 2),
        (same_street & place, 1),
        (same_street & place & (c["unit"][li] == d["unit"][ri]), 0),
    ]
    for mask, level in steps:
        lv[mask] = level
    return lv
