"""Clusters: which records are one person, from the pairs called a match.

Connected components of the called pairs would chain two people together through one
weak link (a record that looks a little like both). So each component is rebuilt by
average linkage over the scores of *every* pair of its records: two groups join only
when the evidence between all their members, taken together, says one person (the mean
log-odds reaches the threshold's). A record that links strongly to four of five
duplicates joins them although its pair with the fifth falls short; a record that links
weakly to one member of another person's group does not bring the groups together.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

# Per-pair evidence is clipped before averaging, so one pair with overwhelming evidence
# (an SSN agreement) cannot carry many that disagree, nor one outright clash veto a
# group whose other members agree.
CLIP_BITS = 20.0
# Components larger than this are first cut at a stricter bar, so the all-pairs
# scoring stays small; a real person's records are never this many.
MAX_COMPONENT = 150

Scorer = Callable[[np.ndarray, np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Clustering:
    """A cluster number (1, 2, ... in node order) for every node, and the log-odds of
    every pair scored within a cluster (``pair_bits``: (a, b) with a < b)."""

    ids: tuple[str, ...]
    cluster: np.ndarray
    pair_bits: dict[tuple[int, int], float]

    def assignments(self) -> Iterator[tuple[str, int]]:
        """(record id, cluster number) for every node, in node order."""
        for rid, c in zip(self.ids, self.cluster.tolist(), strict=True):
            yield rid, int(c)

    def members(self) -> list[list[int]]:
        """The nodes of each cluster, clusters in number order."""
        groups: list[list[int]] = [[] for _ in range(int(self.cluster.max(initial=0)))]
        for node, c in enumerate(self.cluster.tolist()):
            groups[c - 1].append(node)
        return groups


def _components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """A component label per node (union-find with path halving)."""
    parent = np.arange(n)
    par = parent.tolist()

    def root(x: int) -> int:
        while par[x] != x:
            par[x] = par[par[x]]
            x = par[x]
        return x

    for x, y in zip(a.tolist(), b.tolist(), strict=True):
        rx, ry = root(x), root(y)
        if rx != ry:
            par[max(rx, ry)] = min(rx, ry)
    return np.asarray([root(x) for x in range(n)], dtype=np.int64)


def _split_large(
    nodes: np.ndarray, a: np.ndarray, b: np.ndarray, bits: np.ndarray, bar: float
) -> list[np.ndarray]:
    """Cut a component too large to score in full at ever stricter bars (4 bits a step)
    until every piece fits."""
    pieces = [nodes]
    while any(len(p) > MAX_COMPONENT for p in pieces):
        bar += 4.0
        out = []
        for piece in pieces:
            if len(piece) <= MAX_COMPONENT:
                out.append(piece)
                continue
            inside = np.isin(a, piece) & np.isin(b, piece) & (bits >= bar)
            local = {int(x): k for k, x in enumerate(piece.tolist())}
            la = np.asarray([local[int(x)] for x in a[inside]], dtype=np.int64)
            lb = np.asarray([local[int(x)] for x in b[inside]], dtype=np.int64)
            labels = _components(len(piece), la, lb)
            out.extend(piece[labels == lab] for lab in np.unique(labels))
        pieces = out
    return pieces


def _average_linkage(w: np.ndarray, bar: float) -> list[list[int]]:
    """Groups of ``w``'s indices: start from singletons, join the two groups whose mean
    pair evidence is highest while it reaches ``bar``."""
    groups = [[k] for k in range(len(w))]
    sums = w.copy()
    np.fill_diagonal(sums, -np.inf)
    sizes = np.ones(len(w))
    alive = np.ones(len(w), dtype=bool)
    while True:
        mean = sums / np.outer(sizes, sizes)
        mean[~alive, :] = -np.inf
        mean[:, ~alive] = -np.inf
        x, y = np.unravel_index(int(np.argmax(mean)), mean.shape)
        if mean[x, y] < bar:
            return [g for g, keep in zip(groups, alive, strict=True) if keep]
        x, y = min(x, y), max(x, y)
        groups[x] += groups[y]
        sums[x, :] += sums[y, :]
        sums[:, x] += sums[:, y]
        sums[x, x] = -np.inf
        sizes[x] += sizes[y]
        alive[y] = False


def cluster(
    ids: tuple[str, ...],
    a: np.ndarray,
    b: np.ndarray,
    bits: np.ndarray,
    bar: float,
    score: Scorer,
) -> Clustering:
    """Cluster nodes ``0 .. len(ids)-1`` given the called pairs ``a``-``b`` with log-odds
    ``bits`` (all at or above ``bar``, the threshold's log-odds). ``score(x, y)`` gives
    the log-odds of any node pairs, and is asked for every pair within each component of
    three or more."""
    n = len(ids)
    labels = _components(n, a, b)
    order = np.argsort(labels, kind="stable")
    starts = np.flatnonzero(np.r_[True, labels[order][1:] != labels[order][:-1]])
    comps: list[np.ndarray] = np.split(order, starts[1:]) if n else []
    pieces: list[np.ndarray] = []
    for comp in comps:
        pieces.extend(_split_large(comp, a, b, bits, bar) if len(comp) > MAX_COMPONENT
                      else [comp])  # fmt: skip
    pair_bits: dict[tuple[int, int], float] = {}
    for x, y, v in zip(a.tolist(), b.tolist(), bits.tolist(), strict=True):
        pair_bits[(min(x, y), max(x, y))] = v
    big = [p for p in pieces if len(p) >= 3]
    if big:
        xs = np.concatenate([np.repeat(p, len(p)) for p in big])
        ys = np.concatenate([np.tile(p, len(p)) for p in big])
        upper = xs < ys
        xs, ys = xs[upper], ys[upper]
        got = score(xs, ys) if len(xs) else np.zeros(0)
        pair_bits.update(zip(zip(xs.tolist(), ys.tolist(), strict=True), got.tolist(),
                             strict=True))  # fmt: skip
    groups: list[list[int]] = []
    for piece in pieces:
        if len(piece) < 3:
            groups.append(piece.tolist())
            continue
        nodes = piece.tolist()
        w = np.zeros((len(nodes), len(nodes)))
        for i, x in enumerate(nodes):
            for j in range(i + 1, len(nodes)):
                v = pair_bits[(min(x, nodes[j]), max(x, nodes[j]))]
                w[i, j] = w[j, i] = np.clip(v, -CLIP_BITS, CLIP_BITS)
        groups.extend([nodes[k] for k in g] for g in _average_linkage(w, bar))
    number = np.zeros(n, dtype=np.int64)
    for k, g in enumerate(sorted(groups, key=min), start=1):
        number[g] = k
    kept = {k: v for k, v in pair_bits.items() if number[k[0]] == number[k[1]]}
    return Clustering(ids, number, kept)
