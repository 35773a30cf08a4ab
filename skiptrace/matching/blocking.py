"""Blocking: which record pairs are worth comparing. Several rules are joined so one typo
in one field does not lose a pair; each rule is an equi-join on a key, done with numpy."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from skiptrace.matching.records import RecordTable, Vocabulary
from skiptrace.matching.similarity import metaphone, phonetic_codes

KeyFunction = Callable[[RecordTable], np.ndarray]


def _combine(*parts: tuple[np.ndarray, int]) -> np.ndarray:
    """One int64 key from several (codes, radix) columns; 0 (missing) when any part is
    missing. Radixes come from the shared vocabulary, so both sides build equal keys."""
    key = np.zeros(len(parts[0][0]), dtype=np.int64)
    missing = np.zeros(len(parts[0][0]), dtype=bool)
    for codes, radix in parts:
        key = key * np.int64(radix) + codes
        missing |= codes == 0
    key[missing] = 0
    return key


def _col(table: RecordTable, column: str) -> tuple[np.ndarray, int]:
    return table.cols[column], len(table.vocab[column].words)


def _initial(table: RecordTable, column: str) -> tuple[np.ndarray, int]:
    words = table.vocab[column].words
    first_letters = np.asarray([ord(w[0]) % 128 if w else 0 for w in words], dtype=np.int64)
    return first_letters[table.cols[column]], 128


def _sound(table: RecordTable, column: str) -> tuple[np.ndarray, int]:
    codes = table.vocab[column].derived("metaphone", phonetic_codes)
    return codes[table.cols[column]], len(codes)


def _digits(table: RecordTable, column: str, start: int, stop: int) -> tuple[np.ndarray, int]:
    """A slice of a digit column as a number (birth year, month and day, ZIP3); 0 when
    missing or not digits."""

    def compute(vocab: Vocabulary) -> np.ndarray:
        return np.asarray([int(w[start:stop]) if w[start:stop].isdigit() else 0
                           for w in vocab.words], dtype=np.int64)  # fmt: skip

    values = table.vocab[column].derived(f"digits{start}:{stop}", compute)
    return values[table.cols[column]], 10 ** (stop - start)


@dataclass(frozen=True, slots=True)
class BlockingRule:
    """A named key; records with equal, non-missing keys are paired. A key whose block
    is too large to compare (a common name) is joined again on each of ``narrower``
    (the key plus another field), so its pairs are thinned, not dropped: a pair is lost
    only when it disagrees on every narrower field as well."""

    name: str
    key: KeyFunction
    narrower: tuple[KeyFunction, ...] = ()
    # the key of the other side, when it is not ``key`` (a swapped-name join pairs one
    # side's first name with the other's last name); the same for the narrower keys
    other_key: KeyFunction | None = None
    other_narrower: tuple[KeyFunction, ...] = ()


def _narrowed(base: Callable[[RecordTable], tuple[np.ndarray, int]]) -> tuple[KeyFunction, ...]:
    """The base key plus birth year, plus month and day of birth, plus ZIP3."""
    return (
        lambda t: _combine(base(t), _digits(t, "dob", 0, 4)),
        lambda t: _combine(base(t), _digits(t, "dob", 4, 8)),
        lambda t: _combine(base(t), _digits(t, "zip5", 0, 3)),
    )


def _always_narrowed(
    name: str, base: Callable[[RecordTable], tuple[np.ndarray, int]]
) -> tuple[BlockingRule, ...]:
    """A key too common to join on alone, even in a small file (one name), joined with
    each of birth year, month and day of birth, ZIP3 and city."""
    suffixes = (" + birth year", " + birth month and day", " + ZIP3", " + city")
    keys = (*_narrowed(base), lambda t: _combine(base(t), _col(t, "city")))
    return tuple(BlockingRule(name + suffix, key)
                 for suffix, key in zip(suffixes, keys, strict=True))  # fmt: skip


def _word_sound(table: RecordTable, column: str) -> np.ndarray:
    """A column's Metaphone key as a number comparable across columns (first against
    last name), unlike vocabulary codes; 0 when missing."""

    def compute(vocab: Vocabulary) -> np.ndarray:
        return np.asarray([(zlib.crc32(metaphone(w).encode()) & 0x7FFFFFFF) + 1 if w else 0
                           for w in vocab.words], dtype=np.int64)  # fmt: skip

    return table.vocab[column].derived("sound-crc", compute)[table.cols[column]]


def _word_key(table: RecordTable, column: str) -> tuple[np.ndarray, int]:
    """A column's folded value as a number comparable across columns; 0 when missing."""

    def compute(vocab: Vocabulary) -> np.ndarray:
        return np.asarray([(zlib.crc32(w.encode()) & 0x7FFFFFFF) + 1 if w else 0
                           for w in vocab.words], dtype=np.int64)  # fmt: skip

    return table.vocab[column].derived("word-crc", compute)[table.cols[column]], 0


def _names_in_order(t: RecordTable) -> tuple[np.ndarray, int]:
    return _combine((_word_sound(t, "first"), 0), (_word_sound(t, "last"), 2**31)), 0


def _names_swapped(t: RecordTable) -> tuple[np.ndarray, int]:
    return _combine((_word_sound(t, "last"), 0), (_word_sound(t, "first"), 2**31)), 0


def _hashed(parts: tuple[np.ndarray, int], extra: tuple[np.ndarray, int]) -> np.ndarray:
    """A key joined with another field, kept within int64 by hashing (wide keys)."""
    key, missing = parts[0], (parts[0] == 0) | (extra[0] == 0)
    mixed = np.bitwise_and(
        key.astype(np.int64) * np.int64(1_000_003) + extra[0] * np.int64(7_919), 2**62 - 1
    )
    return np.where(missing, 0, mixed + 1)


def _narrowed_wide(
    base: Callable[[RecordTable], tuple[np.ndarray, int]],
) -> tuple[KeyFunction, ...]:
    return (
        lambda t: _hashed(base(t), _digits(t, "dob", 0, 4)),
        lambda t: _hashed(base(t), _digits(t, "dob", 4, 8)),
        lambda t: _hashed(base(t), _digits(t, "zip5", 0, 3)),
    )


def _street_number(t: RecordTable) -> tuple[np.ndarray, int]:
    (a, ra), (b, rb) = _col(t, "street"), _col(t, "number")
    return _combine((a, ra), (b, rb)), ra * rb


def _last_sound_year(t: RecordTable) -> tuple[np.ndarray, int]:
    (a, ra), (b, rb) = _sound(t, "last"), _digits(t, "dob", 0, 4)
    return _combine((a, ra), (b, rb)), ra * rb


def _last_sound_first_initial(t: RecordTable) -> tuple[np.ndarray, int]:
    (a, ra), (b, rb) = _sound(t, "last"), _initial(t, "first")
    return _combine((a, ra), (b, rb)), ra * rb


def _first_sound_last_initial(t: RecordTable) -> tuple[np.ndarray, int]:
    (a, ra), (b, rb) = _sound(t, "first"), _initial(t, "last")
    return _combine((a, ra), (b, rb)), ra * rb


DEFAULT_RULES: tuple[BlockingRule, ...] = (
    BlockingRule("date of birth", lambda t: t.cols["dob"]),
    BlockingRule("SSN", lambda t: t.cols["ssn"]),
    BlockingRule("SSN last four + first initial",
                 lambda t: _combine(_col(t, "ssn4"), _initial(t, "first"))),
    BlockingRule("last name sound + first initial", lambda t: _last_sound_first_initial(t)[0],
                 _narrowed(_last_sound_first_initial)),
    BlockingRule("first name sound + last initial", lambda t: _first_sound_last_initial(t)[0],
                 _narrowed(_first_sound_last_initial)),
    BlockingRule("ZIP + house number", lambda t: _combine(_col(t, "zip5"), _col(t, "number"))),
    # a typo in the date of birth and another in a name: the address still meets them;
    # a large building's block is thinned by initial and sound of the names
    BlockingRule("street + house number", lambda t: _street_number(t)[0], (
        lambda t: _combine(_street_number(t), _initial(t, "first")),
        lambda t: _combine(_street_number(t), _sound(t, "last")),
        lambda t: _combine(_street_number(t), _digits(t, "dob", 0, 4)),
    )),
    BlockingRule("phone", lambda t: t.phones[:, 0]),
    # a misspelt first name and a typo in the day or month of birth
    BlockingRule("last name sound + birth year", lambda t: _last_sound_year(t)[0],
                 (lambda t: _combine(_last_sound_year(t), _initial(t, "first")),
                  lambda t: _combine(_last_sound_year(t), _digits(t, "zip5", 0, 3)))),
    # one name keyed wrong or left out, the other whole: as Splink blocks on each name
    *_always_narrowed("last name sound", lambda t: _sound(t, "last"))[1:],  # year: above
    *_always_narrowed("first name", lambda t: _col(t, "first")),
    # one name keyed into the other's field (the other name lost or misspelt)
    BlockingRule("last name as the first", lambda t: _word_key(t, "last")[0],
                 _narrowed_wide(lambda t: _word_key(t, "last")),
                 other_key=lambda t: _word_key(t, "first")[0],
                 other_narrower=_narrowed_wide(lambda t: _word_key(t, "first"))),
    BlockingRule("first name as the last", lambda t: _word_key(t, "first")[0],
                 _narrowed_wide(lambda t: _word_key(t, "first")),
                 other_key=lambda t: _word_key(t, "last")[0],
                 other_narrower=_narrowed_wide(lambda t: _word_key(t, "last"))),
    # the house number left out or mistyped
    BlockingRule("ZIP + street", lambda t: _combine(_col(t, "zip5"), _col(t, "street"))),
    # first and last name swapped by data entry, whatever else is wrong
    BlockingRule("first and last names swapped", lambda t: _names_in_order(t)[0],
                 _narrowed_wide(_names_in_order), other_key=lambda t: _names_swapped(t)[0],
                 other_narrower=_narrowed_wide(_names_swapped)),
)  # fmt: skip


def _join(
    left: np.ndarray, right: np.ndarray, max_block: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """All (i, j) with left[i] == right[j] != 0 in blocks of at most ``max_block`` pairs,
    and the rows of both sides whose key's block was larger (left out, to be narrowed)."""
    lo, ro = np.argsort(left, kind="stable"), np.argsort(right, kind="stable")
    lk, rk = left[lo], right[ro]
    lu, ls, lc = np.unique(lk, return_index=True, return_counts=True)
    ru, rs, rc = np.unique(rk, return_index=True, return_counts=True)
    common, il, ir = np.intersect1d(lu, ru, assume_unique=True, return_indices=True)
    nonzero = common != 0
    small = nonzero & (lc[il] * rc[ir] <= max_block)
    big = common[nonzero & ~small]
    ls, lc, rs, rc = ls[il][small], lc[il][small], rs[ir][small], rc[ir][small]
    sizes = lc * rc
    total = int(sizes.sum())
    over_left, over_right = np.isin(left, big), np.isin(right, big)
    if total == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, over_left, over_right
    block = np.repeat(np.arange(len(sizes)), sizes)
    local = np.arange(total) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    i = lo[ls[block] + local // rc[block]]
    j = ro[rs[block] + local % rc[block]]
    return i, j, over_left, over_right


def rule_pairs(
    rule: BlockingRule, left: RecordTable, right: RecordTable, max_block: int
) -> tuple[np.ndarray, np.ndarray, int]:
    """The row pairs one rule joins (oversized blocks narrowed), and how many left rows
    stayed in too large a block under every narrower key (left to the other rules)."""
    other = rule.other_key or rule.key
    i, j, over_l, over_r = _join(rule.key(left), other(right), max_block)
    parts_i, parts_j = [i], [j]
    unreached = over_l.copy()
    if over_l.any():
        others = rule.other_narrower if rule.other_key else rule.narrower
        for narrower, other_narrower in zip(rule.narrower, others, strict=True):
            a = np.where(over_l, narrower(left), 0)
            b = np.where(over_r, other_narrower(right), 0)
            ni, nj, still_l, _ = _join(a, b, max_block)
            parts_i.append(ni)
            parts_j.append(nj)
            unreached &= still_l
    return np.concatenate(parts_i), np.concatenate(parts_j), int(unreached.sum())


def candidate_pairs(
    left: RecordTable,
    right: RecordTable,
    rules: tuple[BlockingRule, ...] = DEFAULT_RULES,
    dedupe: bool = False,
    max_block: int = 20_000,
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Distinct row pairs (as arrays of row indices) joined over all rules, in chunks so a
    large link never holds every pair at once. With ``dedupe`` (left is right) each
    unordered pair of different records comes once."""
    width = np.int64(len(right))
    codes = []
    for rule in rules:
        i, j, _ = rule_pairs(rule, left, right, max_block)
        if dedupe:
            if rule.other_key is not None:  # not symmetric: put each pair in order
                flip = left.entity[i] > right.entity[j]
                i, j = np.where(flip, j, i), np.where(flip, i, j)
            keep = left.entity[i] < right.entity[j]
            i, j = i[keep], j[keep]
        codes.append(i * width + j)
    merged = np.concatenate(codes) if codes else np.zeros(0, dtype=np.int64)
    # sort and drop repeats: faster than np.unique's hashing on tens of millions
    merged.sort()
    if len(merged):
        merged = merged[np.r_[True, merged[1:] != merged[:-1]]]
    chunk = 2_000_000
    for start in range(0, len(merged), chunk):
        part = merged[start : start + chunk]
        yield part // width, part % width
