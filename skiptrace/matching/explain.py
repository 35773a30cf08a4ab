"""Explanations a collector can read: each field's contribution in bits, and one line
such as "last name exact (+6.1), first name nickname Bob≈Robert (+3.2), ZIP differs
(−1.4) → 0.97"."""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

import numpy as np

from skiptrace.matching.comparisons import FIELD_INDEX, FIELDS, MISSING
from skiptrace.matching.records import PersonRecord

# the last-name level that says first and last names were keyed into each other's fields
SWAPPED_LEVEL = FIELDS[FIELD_INDEX["last_name"]].levels.index("swapped with first name")


class Reason(enum.StrEnum):
    """Why a pair is or is not called a match (after MusicBrainz Picard's matcher)."""

    MATCH = "match"
    AMBIGUOUS = "ambiguous"  # the runner-up for the same debtor is too close to call
    BELOW_FLOOR = "below_floor"
    # below the threshold on its own, but both records are in one cluster of records
    # that, taken together, are one person (``clusters``)
    SAME_CLUSTER = "same_cluster"


@dataclass(frozen=True, slots=True)
class Contribution:
    """One field's weight of evidence: positive for, negative against, in bits."""

    field: str
    label: str
    level: str
    bits: float
    detail: str = ""
    counted: bool = True  # False: set aside by the household rule
    counted_bits: float | None = None  # when the household rule kept only part of it

    def text(self) -> str:
        sign = "+" if self.bits >= 0 else "−"
        detail = f" {self.detail}" if self.detail else ""
        note = ""
        if not self.counted:
            note = ", not counted: shared by relatives"
        elif self.counted_bits is not None:
            note = f", only {self.counted_bits:+.1f} counted: relatives share it"
        return f"{self.label} {self.level}{detail} ({sign}{abs(self.bits):.1f}{note})"


def _detail(name: str, level: str, left: PersonRecord | None, right: PersonRecord | None) -> str:
    if left is None or right is None:
        return ""
    if name == "first_name" and level in ("nickname", "similar", "sounds alike"):
        return f"{left.name.first.title()}≈{right.name.first.title()}"
    if name == "last_name" and level in ("shares a part", "similar", "sounds alike"):
        return f"{left.name.last.title()}≈{right.name.last.title()}"
    if name == "generation" and level == "differs":
        return f"{left.name.generation.title()}/{right.name.generation.title()}"
    return ""


def contributions(
    levels: np.ndarray,
    bits: np.ndarray,
    household: bool | float = False,
    left: PersonRecord | None = None,
    right: PersonRecord | None = None,
) -> tuple[Contribution, ...]:
    """The non-missing fields of one pair, strongest evidence first. ``household``: the
    bits of positive evidence the household rule held back (``True``: all of them),
    shared out over the agreeing fields in proportion and shown as not counted."""
    # as Python numbers: numpy's scalars cost more to read one by one than the whole row
    level_of, bits_of = levels.tolist(), bits.tolist()
    lift = sum(b for level, b in zip(level_of, bits_of, strict=True) if level != MISSING and b > 0)
    held = lift if household is True else min(float(household), lift)
    kept_share = 1.0 - held / lift if lift > 0 else 1.0
    out = []
    for spec, level, value in zip(FIELDS, level_of, bits_of, strict=True):
        if level == MISSING:
            continue
        name = spec.levels[level]
        counted, counted_bits = True, None
        if value > 0 and held > 0:
            counted_bits = value * kept_share
            counted = counted_bits >= 0.05
        label = spec.label
        if spec.name == "last_name" and level == SWAPPED_LEVEL:
            label, name = "first and last names", "swapped"
        out.append(
            Contribution(spec.name, label, name, value, _detail(spec.name, name, left, right),
                         counted, counted_bits if counted else None)
        )  # fmt: skip
    return tuple(
        sorted(out, key=lambda c: (not c.counted, -c.bits if c.bits >= 0 else 1e9 + c.bits))
    )


def _counted(c: Contribution) -> float:
    if not c.counted:
        return 0.0
    return c.bits if c.counted_bits is None else c.counted_bits


def explanation(
    parts: tuple[Contribution, ...],
    probability: float,
    decoy: str = "",
    logit: float | None = None,
) -> str:
    """One line that adds up: the decoy pattern the pair looks like, if any
    (``decoys``), the contributions in order; given the pair's total log-odds ``logit``,
    the starting odds (how rare a match is before any evidence) and the total in bits;
    then the probability."""
    shown = f"{probability:.2f}" if 0.005 < probability < 0.995 else f"{probability:.3f}"
    body = ", ".join(c.text() for c in parts) or "nothing to compare"
    lead = f"{decoy} — " if decoy else ""
    if logit is None or not math.isfinite(logit):
        return f"{lead}{body} → {shown}"
    start = logit - sum(_counted(c) for c in parts)
    return f"{lead}{body}; starting odds {_signed(start)}; in all {_signed(logit)} bits → {shown}"


def _signed(bits: float) -> str:
    return f"{'+' if bits >= 0 else '−'}{abs(bits):.1f}"
