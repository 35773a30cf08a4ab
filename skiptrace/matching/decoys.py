"""Naming the decoy a pair looks like: when the household rule holds a pair's shared
evidence back, the explanation says which relative it resembles ("same name, same
address, birth years 27 apart: father and son?"), so a collector sees why."""

from __future__ import annotations

import numpy as np

from skiptrace.matching.comparisons import FIELD_INDEX, MISSING
from skiptrace.matching.matcher import household_shaped
from skiptrace.matching.records import PersonRecord

# Father and son are a generation apart; closer than this, a same-named pair is more
# likely a namesake (or a keying error of the year).
GENERATION_YEARS = 14

_FIRST, _LAST = FIELD_INDEX["first_name"], FIELD_INDEX["last_name"]
_GEN, _DOB, _ADDRESS = FIELD_INDEX["generation"], FIELD_INDEX["dob"], FIELD_INDEX["address"]
_FIRST_AGREES = (0, 2, 3)  # exact, nickname, similar
_DOB_AGREES = (0, 1, 2)  # exact, day and month swapped, one-digit typo


def _years_apart(left: PersonRecord, right: PersonRecord) -> int | None:
    if len(left.dob) != 8 or len(right.dob) != 8:
        return None
    return abs(int(left.dob[:4]) - int(right.dob[:4]))


def decoy_pattern(
    levels: np.ndarray, left: PersonRecord, right: PersonRecord, shaped: bool | None = None
) -> str:
    """The relative (or namesake) a household-shaped pair looks like, in a few words;
    ``""`` when the pair is not household-shaped (``shaped``: whether it is, when the
    caller has worked that out for many pairs at once)."""
    if shaped is None:
        shaped = bool(household_shaped(levels[None, :])[0])
    if not shaped:
        return ""
    first, dob, gen = int(levels[_FIRST]), int(levels[_DOB]), int(levels[_GEN])
    home = int(levels[_ADDRESS]) in (0, 1)
    where = ", same address" if home else ""
    same_last = int(levels[_LAST]) in (0, 2, 3)
    if first in _FIRST_AGREES and same_last:
        gap = _years_apart(left, right)
        if gen == 1:
            return f"same name{where}, {left.name.generation.title()} and "\
                   f"{right.name.generation.title()}: father and son?"  # fmt: skip
        if gap is not None and gap >= GENERATION_YEARS:
            return f"same name{where}, birth years {gap} apart: father and son?"
        if gap is None and gen == 2:
            return f"same name{where}, Jr or Sr on one side only: father or son?"
        if not home:
            return "same name, another date of birth: a namesake?"
    if dob in _DOB_AGREES and first != MISSING and first not in _FIRST_AGREES and same_last:
        return f"same date of birth{where}, first names differ: twins?"
    if home:
        return "same address, names or dates of birth conflict: a relative or co-resident?"
    return "names or dates of birth conflict: another person?"
