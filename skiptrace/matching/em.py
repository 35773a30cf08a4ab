"""Estimating m and u without labels: u from random record pairs (nearly all of which are
different people), then m and the prior by expectation–maximisation over blocked pairs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from skiptrace.matching.comparisons import FIELDS, MISSING, compare
from skiptrace.matching.records import RecordTable
from skiptrace.matching.weights import MatchModel


def level_frequencies(
    levels: np.ndarray, weights: np.ndarray | None = None, smoothing: float = 1.0
) -> dict[str, tuple[float, ...]]:
    """Per field, how often each level occurs among non-missing values (weighted)."""
    weights = np.ones(len(levels)) if weights is None else weights
    out: dict[str, tuple[float, ...]] = {}
    for i, spec in enumerate(FIELDS):
        k = len(spec.levels)
        col = levels[:, i]
        present = col != MISSING
        raw = np.bincount(col[present].astype(np.int64), weights=weights[present], minlength=k)
        tally = raw[:k].astype(float) + smoothing / k
        out[spec.name] = tuple((tally / tally.sum()).tolist())
    return out  # fmt: skip


def estimate_u(
    left: RecordTable,
    right: RecordTable,
    samples: int = 100_000,
    dedupe: bool = False,
    seed: int = 20240601,
) -> dict[str, tuple[float, ...]]:
    """u per field level from random row pairs."""
    rng = np.random.default_rng(seed)
    li = rng.integers(0, len(left), samples)
    ri = rng.integers(0, len(right), samples)
    keep = left.entity[li] != right.entity[ri] if dedupe else np.ones(samples, bool)
    return level_frequencies(compare(left, right, li[keep], ri[keep]))  # fmt: skip


def _patterns(levels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    # one integer per pattern (levels + 1 fit in a base-16 digit) sorts far faster
    # than rows
    shifted = levels.astype(np.int64) + 1
    code = np.zeros(len(levels), dtype=np.int64)
    for i in range(levels.shape[1]):
        code = code * 16 + shifted[:, i]
    _, first, counts = np.unique(code, return_index=True, return_counts=True)
    return levels[first], counts.astype(float)


# A true match rarely carries an outright identity conflict (another date of birth, first
# name, SSN, Jr against Sr): that takes a keying error beyond a typo. Without a ceiling,
# EM on a file rich in households (a skip-trace return: parents, twins, spouses at the
# debtor's address) takes "same household" for "same person" and learns that matches
# often conflict, so conflicts stop counting against a pair.
CONFLICT_M_CEILING = 0.05


def _cap_conflicts(m: np.ndarray, ceiling: float) -> None:
    """Hold m of each conflict level at or below ``ceiling``, in place, the other levels
    scaled up to keep the sum."""
    for i, spec in enumerate(FIELDS):
        if not spec.conflicts:
            continue
        k = len(spec.levels)
        levels = sorted(spec.conflicts)
        capped = np.minimum(m[i, levels], ceiling)
        rest = [x for x in range(k) if x not in spec.conflicts]
        free = m[i, rest].sum()
        if free <= 0:
            continue
        m[i, rest] *= (1.0 - capped.sum()) / free
        m[i, levels] = capped


def _pseudo_matches(matches: float, levels: int) -> float:
    """The pseudo-count added to each level's matches: up to one match per level, at
    most 1% of the matches in all. EM cannot tell a level no match fell into from one
    that a match or two did, and a level whose m is pushed to nothing never recovers
    (its pairs stop counting as matches); a file too small to spare 1% of its matches
    keeps a half match spread over the levels."""
    return max(0.5 / levels, min(1.0, 0.01 * matches / levels))


def run_em(
    levels: np.ndarray,
    u: Mapping[str, tuple[float, ...]],
    iterations: int = 60,
    prior: float = 0.01,
    tolerance: float = 1e-6,
    conflict_ceiling: float = CONFLICT_M_CEILING,
) -> EmResult:
    """m, u and the prior among the blocked pairs' ``levels`` (pairs x fields), starting
    from u of random pairs. u is re-estimated too: blocked non-matches agree far more
    often than random pairs (they were chosen for agreeing), and holding u at the random
    value would make EM take them for matches. Runs on the distinct agreement patterns,
    so millions of pairs cost no more than a few thousand."""
    patterns, counts = _patterns(levels)
    width = max(len(f.levels) for f in FIELDS)
    log_u = np.zeros((len(FIELDS), width + 1))
    m = np.zeros((len(FIELDS), width + 1))
    for i, spec in enumerate(FIELDS):
        k = len(spec.levels)
        log_u[i, :k] = np.log(np.maximum(u[spec.name], 1e-9))
        # start from "matches mostly agree": the best level takes most of the mass
        m[i, :k] = 0.1 / max(k - 1, 1)
        m[i, 0] = 0.9 if k > 1 else 1.0
    idx = np.where(patterns == MISSING, width, patterns).astype(np.int64)
    rows = np.arange(len(FIELDS))
    lam = prior
    for _ in range(iterations):
        log_m = np.log(np.maximum(m, 1e-12))
        log_m[:, width] = 0.0
        lu = log_u.copy()
        lu[:, width] = 0.0
        sm = log_m[rows, idx].sum(axis=1) + np.log(lam)
        su = lu[rows, idx].sum(axis=1) + np.log(1 - lam)
        post = 1.0 / (1.0 + np.exp(np.clip(su - sm, -700, 700)))
        weight = post * counts
        new_lam = float(weight.sum() / counts.sum())
        new_m = np.zeros_like(m)
        non_weight = (1.0 - post) * counts
        for i, spec in enumerate(FIELDS):
            k = len(spec.levels)
            present = idx[:, i] < width
            raw = np.bincount(idx[present, i], weights=weight[present], minlength=k)[:k]
            tally = raw.astype(float) + _pseudo_matches(float(raw.sum()), k)
            new_m[i, :k] = tally / tally.sum()
            raw_u = np.bincount(idx[present, i], weights=non_weight[present], minlength=k)[:k]
            other = raw_u.astype(float) + 0.5 / k
            log_u[i, :k] = np.log(other / other.sum())
        _cap_conflicts(new_m, conflict_ceiling)
        done = abs(new_lam - lam) < tolerance and np.abs(new_m - m).max() < tolerance
        m, lam = new_m, min(max(new_lam, 1e-9), 1 - 1e-9)
        if done:
            break
    m_out = {s.name: tuple(m[i, : len(s.levels)].tolist()) for i, s in enumerate(FIELDS)}
    u_blocked = {
        s.name: tuple(np.exp(log_u[i, : len(s.levels)]).tolist()) for i, s in enumerate(FIELDS)
    }
    return EmResult(m_out, u_blocked, lam, int(counts.sum()))


@dataclass(frozen=True)
class EmResult:
    """What EM found among blocked pairs: m, u of blocked non-matches, the match share."""

    m: dict[str, tuple[float, ...]]
    u_blocked: dict[str, tuple[float, ...]]
    share: float
    pairs: int

    def model(self, random_u: Mapping[str, tuple[float, ...]], total_pairs: float) -> MatchModel:
        """Weights for scoring: m from EM, u from random pairs (so fields used for blocking
        keep their full weight), and the prior among all possible pairs.

        Random pairs hold true matches too, one in 1/prior: for a rare agreement (the same
        SSN, the same date of birth) they are most of what the sample finds, and would
        make u far too high. Their expected share (prior x m) is taken out, at most down
        to a tenth of the sampled value, since the sample cannot tell finer."""
        matches = self.share * self.pairs
        prior = min(max(matches / max(total_pairs, 1.0), 1e-12), 0.5)
        u = {}
        for name, sampled in random_u.items():
            raw = np.asarray(sampled)
            m = np.asarray(self.m[name])
            clean = np.maximum((raw - prior * m) / (1.0 - prior), raw / 10.0)
            u[name] = tuple((clean / clean.sum()).tolist())
        return MatchModel(self.m, u, prior, random_u=dict(random_u))  # fmt: skip


def estimate_model(
    left: RecordTable,
    right: RecordTable,
    pair_levels: np.ndarray,
    dedupe: bool = False,
    conflict_ceiling: float = CONFLICT_M_CEILING,
) -> MatchModel:
    """u from random pairs of the two tables, m and the match count by EM over the
    blocked pairs' levels, the prior over every possible pair."""
    u = estimate_u(left, right, dedupe=dedupe)
    n_left, n_right = len(left.records), len(right.records)
    total = n_left * (n_left - 1) / 2 if dedupe else n_left * n_right
    return run_em(pair_levels, u, conflict_ceiling=conflict_ceiling).model(u, total)  # fmt: skip
