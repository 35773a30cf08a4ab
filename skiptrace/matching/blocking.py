"""Blocking: which record pairs are worth comparing. Several rules are joined so one typo
in one field does not lose a pair; each rule is an equi-join on a key, done with numpy."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from skiptrace.matching.records import RecordTable
from skiptrace.matching.similarity import phonetic_codes

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


@dataclass(frozen=True, slots=True)
class BlockingRule:
    """A named key; records with equal, non-missing keys are paired."""

    name: str
    key: KeyFunction


DEFAULT_RULES: tuple[BlockingRule, ...] = (
    BlockingRule("date of birth", lambda t: t.cols["dob"]),
    BlockingRule("SSN", lambda t: t.cols["ssn"]),
    BlockingRule("SSN last four + first initial",
                 lambda t: _combine(_col(t, "ssn4"), _initial(t, "first"))),
    BlockingRule("last name sound + first initial",
                 lambda t: _combine(_sound(t, "last"), _initial(t, "first"))),
    BlockingRule("first name sound + last initial",
                 lambda t: _combine(_sound(t, "first"), _initial(t, "last"))),
    BlockingRule("ZIP + house number", lambda t: _combine(_col(t, "zip5"), _col(t, "number"))),
    BlockingRule("street + house number",
                 lambda t: _combine(_col(t, "street"), _col(t, "number"))),
    BlockingRule("phone", lambda t: t.phones[:, 0]),
)  # fmt: skip


def _join(left: np.ndarray, right: np.ndarray, max_block: int) -> tuple[np.ndarray, np.ndarray]:
    """All (i, j) with left[i] == right[j] != 0, skipping keys with more than ``max_block``
    pairs (a key shared by thousands of records is a placeholder, not evidence)."""
    lo, ro = np.argsort(left, kind="stable"), np.argsort(right, kind="stable")
    lk, rk = left[lo], right[ro]
    lu, ls, lc = np.unique(lk, return_index=True, return_counts=True)
    ru, rs, rc = np.unique(rk, return_index=True, return_counts=True)
    common, il, ir = np.intersect1d(lu, ru, assume_unique=True, return_indices=True)
    keep = (common != 0) & (lc[il] * rc[ir] <= max_block)
    ls, lc, rs, rc = ls[il][keep], lc[il][keep], rs[ir][keep], rc[ir][keep]
    sizes = lc * rc
    total = int(sizes.sum())
    if total == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    block = np.repeat(np.arange(len(sizes)), sizes)
    local = np.arange(total) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    i = lo[ls[block] + local // rc[block]]
    j = ro[rs[block] + local % rc[block]]
    return i, j


def candidate_pairs(
    left: RecordTable,
    right: RecordTable,
    rules: tuple[BlockingRule, ...] = DEFAULT_RULES,
    dedupe: bool = False,
    max_block: int = 250_000,
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Distinct row pairs (as arrays of row indices) joined over all rules, in chunks so a
    large link never holds every pair at once. With ``dedupe`` (left is right) each
    unordered pair of different records comes once."""
    width = np.int64(len(right))
    codes = []
    for rule in rules:
        i, j = _join(rule.key(left), rule.key(right), max_block)
        if dedupe:
            keep = left.entity[i] < right.entity[j]
            i, j = i[keep], j[keep]
        codes.append(i * width + j)
    merged = np.unique(np.concatenate(codes)) if codes else np.zeros(0, dtype=np.int64)
    chunk = 2_000_000
    for start in range(0, len(merged), chunk):
        part = merged[start : start + chunk]
        yield part // width, part % width
