"""Calling each pair: ``match``, ``ambiguous`` (the runner-up for the same record is too
close, and is another person) or ``below_floor``, in the manner of Picard's matcher."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from skiptrace.matching.explain import Reason

# Two candidates whose odds are within a factor of 8 (3 bits) are too close to call.
DEFAULT_MARGIN_BITS = 3.0


def assign_reasons(
    groups: np.ndarray,
    others: np.ndarray,
    logit: np.ndarray,
    probability: np.ndarray,
    threshold: float,
    margin: float = DEFAULT_MARGIN_BITS,
    same_person: Callable[[int, int], bool] | None = None,
) -> list[Reason]:
    """A reason per pair. ``groups`` says whose candidates compete (the debtor, or the
    left record), ``others`` which record each pair points at. When the best two are close
    but ``same_person(a, b)`` says they are one person seen twice, neither is ambiguous."""
    reasons = [Reason.MATCH if p >= threshold else Reason.BELOW_FLOOR
               for p in probability.tolist()]  # fmt: skip
    if len(groups) < 2:
        return reasons
    order = np.lexsort((-logit, groups))
    g = groups[order]
    # (np.concatenate: np.r_ costs more than the rest on a search's few candidates)
    starts = np.concatenate(([True], g[1:] != g[:-1])).nonzero()[0]
    has_second = np.concatenate((starts[1:], [len(g)])) - starts >= 2
    top, second = order[starts[has_second]], order[starts[has_second] + 1]
    close = (probability[top] >= threshold) & (logit[top] - logit[second] < margin)
    for a, b in zip(top[close].tolist(), second[close].tolist(), strict=True):
        if same_person is not None and same_person(int(others[a]), int(others[b])):
            continue
        reasons[a] = Reason.AMBIGUOUS
        if probability[b] >= threshold:
            reasons[b] = Reason.AMBIGUOUS
    return reasons
