"""One record is one person: when two candidates for the same record are themselves two
different people (a father and his son at one address, twins), the record can be at
most one of them, and their probabilities are shared out between the two.

Each pair is scored alone, as if it were the only candidate: "James Okafor at 12 Elm St"
against a vendor record of the same name and address is a match at good odds. When the
vendor also returned another James Okafor at that address whose date of birth is 27
years off the first's, the hypotheses "the debtor is the first", "the debtor is the
second" and "the debtor is neither" exclude each other. With log-odds ``l_c`` for each
alone, the share of candidate ``c`` among the candidates it excludes, ``E``, is
``2**l_c / (1 + sum(2**l_e for e in E + [c]))``: a strong candidate takes nearly all,
a weaker one keeps what the stronger leaves, and two equal ones split it (neither is
then called). Candidates that are one person seen twice do not exclude each other.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

TwoPeople = Callable[[np.ndarray, np.ndarray], np.ndarray]


def exclusive_logit(
    groups: np.ndarray, others: np.ndarray, logit: np.ndarray, floor: float, two_people: TwoPeople
) -> np.ndarray:
    """The log-odds of every pair once the candidates it excludes are taken into account.

    ``groups`` says whose candidates compete (the left record), ``others`` which record
    each pair points at; pairs under ``floor`` log-odds are left alone.
    ``two_people(a, b)`` says, for arrays of ``others`` values, which pairs of
    candidates are different people."""
    out = logit.astype(float).copy()
    live = np.flatnonzero(logit >= floor)
    if len(live) < 2:
        return out
    order = live[np.lexsort((-logit[live], groups[live]))]
    g = groups[order]
    starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
    sizes = np.diff(np.r_[starts, len(order)])
    xs, ys = [], []
    for start, size in zip(starts[sizes >= 2].tolist(), sizes[sizes >= 2].tolist(), strict=True):
        members = order[start : start + size]
        for k, a in enumerate(members.tolist()):
            for b in members[k + 1 :].tolist():
                xs.append(a)
                ys.append(b)
    if not xs:
        return out
    a, b = np.asarray(xs, dtype=np.int64), np.asarray(ys, dtype=np.int64)
    apart = two_people(others[a], others[b])
    a, b = a[apart], b[apart]
    if not len(a):
        return out
    # p = 2^l / (1 + 2^l + sum of 2^rival), so the odds are 2^l / (1 + sum of 2^rival)
    rivals = np.full(len(logit), -np.inf)
    np.logaddexp2.at(rivals, a, logit[b].astype(float))
    np.logaddexp2.at(rivals, b, logit[a].astype(float))
    touched = np.isfinite(rivals)
    out[touched] = logit[touched] - np.logaddexp2(0.0, rivals[touched])
    return out
