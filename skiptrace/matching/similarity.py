"""Vectorised string measures over coded columns: each distinct pair of values is
measured once (``rapidfuzz.process.cpdist``), then spread back over the record pairs."""

from __future__ import annotations

from functools import lru_cache

import jellyfish
import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler, Levenshtein

from skiptrace.matching.names import are_nicknames, related_names
from skiptrace.matching.records import Vocabulary

# Below this many distinct pairs one thread is faster: ``workers=-1`` starts a thread pool
# on every call (about 0.3 ms), which dwarfs measuring a search's handful of pairs.
SERIAL_BELOW = 10_000
_FEW = 32  # pairs few enough to find the distinct ones in plain Python


def workers_for(n: int) -> int:
    """rapidfuzz's ``workers`` for measuring ``n`` pairs: 1 for few, every core for many."""
    return 1 if n < SERIAL_BELOW else -1


def unique_pairs(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct (a, b) code pairs and, for every input pair, the index of its distinct pair."""
    if len(a) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    if len(a) <= _FEW:  # np.unique's set-up costs more than sorting a handful
        pairs = list(zip(a.tolist(), b.tolist(), strict=True))
        distinct = sorted(set(pairs))  # (a, b) order: the order of np.unique's keys below
        where = {pair: i for i, pair in enumerate(distinct)}
        keys = np.asarray(distinct, dtype=np.int64).reshape(-1, 2)
        inverse = np.asarray([where[pair] for pair in pairs], dtype=np.intp)
        return keys[:, 0], keys[:, 1], inverse
    width = int(max(a.max(), b.max())) + 1
    keys, inverse = np.unique(a.astype(np.int64) * width + b, return_inverse=True)
    return keys // width, keys % width, inverse.reshape(-1)


def words_of(vocab: Vocabulary, codes: np.ndarray) -> list[str]:
    """The strings behind ``codes``."""
    words = vocab.words
    return [words[c] for c in codes.tolist()]


def jaro_winkler(vocab: Vocabulary, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Jaro–Winkler similarity (0..1) of each pair of coded values."""
    ua, ub, inverse = unique_pairs(a, b)
    return jaro_winkler_distinct(vocab, ua, ub)[inverse]


def jaro_winkler_distinct(vocab: Vocabulary, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``jaro_winkler`` of pairs already distinct (from ``unique_pairs``): each measured."""
    if len(a) == 0:
        return np.zeros(0)
    sims = process.cpdist(
        words_of(vocab, a), words_of(vocab, b), scorer=JaroWinkler.normalized_similarity,
        workers=workers_for(len(a)),
    )  # fmt: skip
    return np.asarray(sims)


def edit_distance(vocab: Vocabulary, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Levenshtein distance of each pair of coded values."""
    ua, ub, inverse = unique_pairs(a, b)
    if len(ua) == 0:
        return np.zeros(0, dtype=np.int64)
    dist = process.cpdist(
        words_of(vocab, ua),
        words_of(vocab, ub),
        scorer=Levenshtein.distance,
        workers=workers_for(len(ua)),
    )
    return np.asarray(dist)[inverse]


@lru_cache(maxsize=200_000)
def metaphone(word: str) -> str:
    """The Metaphone key of a folded word (spaces ignored); ``""`` for none."""
    return jellyfish.metaphone(word.replace(" ", "")) if word else ""


def phonetic_codes(vocab: Vocabulary) -> np.ndarray:
    """For every code of ``vocab``, an integer standing for its Metaphone key (0 = none)."""
    keys: dict[str, int] = {"": 0}
    return np.asarray(
        [keys.setdefault(metaphone(w), len(keys)) for w in vocab.words], dtype=np.int64
    )


def digit_matrix(vocab: Vocabulary, width: int) -> np.ndarray:
    """Every code's digits, right-aligned in ``width`` columns; 10 pads, 11 marks missing."""
    out = np.full((len(vocab.words), width), 10, dtype=np.int8)
    for code, word in enumerate(vocab.words):
        digits = [int(ch) for ch in word if ch.isdigit()][-width:]
        if not digits:
            out[code, :] = 11
        elif digits:
            out[code, width - len(digits) :] = digits
    return out


def one_edit(da: np.ndarray, db: np.ndarray) -> np.ndarray:
    """Rows of two digit matrices that differ in one digit or by one adjacent swap."""
    diff = da != db
    count = diff.sum(axis=1)
    two = count == 2
    if not two.any():
        return count == 1
    swap = (diff[:, :-1] & diff[:, 1:] & (da[:, :-1] == db[:, 1:]) & (da[:, 1:] == db[:, :-1])).any(
        axis=1
    )
    return (count == 1) | (two & swap)


def squashed_codes(vocab: Vocabulary) -> np.ndarray:
    """For every code, an integer standing for its word with spaces removed."""
    keys: dict[str, int] = {}
    return np.asarray(
        [keys.setdefault(w.replace(" ", ""), len(keys)) for w in vocab.words], dtype=np.int64
    )


def first_letters(vocab: Vocabulary) -> np.ndarray:
    """For every code, its word's first character as a number (0 for none)."""
    return np.asarray([ord(w[0]) if w else 0 for w in vocab.words], dtype=np.int64)


def word_lengths(vocab: Vocabulary) -> np.ndarray:
    """For every code, its word's length."""
    return np.asarray([len(w) for w in vocab.words], dtype=np.int64)


def has_space(vocab: Vocabulary) -> np.ndarray:
    """For every code, whether its word has more than one part."""
    return np.asarray([" " in w for w in vocab.words], dtype=bool)


def nickname_keys(vocab: Vocabulary) -> np.ndarray:
    """Sorted keys ``a * len(words) + b`` of every pair of codes whose words are the same
    name by nickname (``names.are_nicknames``), both orders."""
    width = len(vocab.words)
    keys = []
    for code, word in enumerate(vocab.words):
        if not word:
            continue
        for other in related_names(word):
            found = vocab.codes.get(other)
            if found is not None and found != code:
                keys.append(code * width + found)
                keys.append(found * width + code)
    return np.unique(np.asarray(keys, dtype=np.int64))


def are_nickname_codes(vocab: Vocabulary, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Whether each pair of coded first names is the same name by nickname."""
    if len(a) <= _FEW:  # a handful looked up costs less than every pair of the vocabulary
        pairs = zip(words_of(vocab, a), words_of(vocab, b), strict=True)
        return np.fromiter((are_nicknames(x, y) for x, y in pairs), bool, len(a))
    keys = vocab.derived("nickname-keys", nickname_keys)
    width = np.int64(len(vocab.words))
    return np.isin(a.astype(np.int64) * width + b, keys)
