"""How much shared addresses and phones may count for a pair that relatives could
produce, estimated from the files themselves.

A son at his father's address, twins, a spouse: another person at the debtor's address
shares its address and phone but conflicts on a first name or date of birth. Whether
such a pair is one person with a badly keyed record or two people living together
depends on the data: a vendor file holds relatives, a synthetic benchmark holds none.
The files say which. Within one file, two records are never one person's two versions
in the way a link pair is, so household-shaped pairs *within* a file that share an
address or phone count relatives; the m weights say how often a true link carries a
conflict. The ratio is the odds that a household-shaped link pair is one person.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from skiptrace.matching.blocking import DEFAULT_RULES, candidate_pairs
from skiptrace.matching.comparisons import FIELD_INDEX, FIELDS, MISSING, compare
from skiptrace.matching.matcher import household_shaped, shares_contact
from skiptrace.matching.records import RecordTable
from skiptrace.matching.weights import MatchModel

_CONTACT_RULES = tuple(r for r in DEFAULT_RULES if r.name in ("street + house number", "phone"))


# Files with at least one relative per 200 records hold households (a vendor return,
# a debtor list); there a household-shaped pair gets at most odds of 1 to 2.
HOUSEHOLD_FILE = 0.005
HOUSEHOLD_FILE_BITS = -1.0


@dataclass(frozen=True, slots=True)
class HouseholdEstimate:
    """Relatives per record found within the files, the share of true links expected to
    carry an identity conflict, and the resulting cap in bits."""

    relatives_per_record: float
    conflicting_links: float
    bits: float

    def describe(self) -> str:
        """One line for the progress output."""
        return (f"households: {self.relatives_per_record:.4f} other people per record share "
                f"an address or phone; {self.conflicting_links:.4f} of links expected to "
                f"conflict → what relatives share lifts such pairs to at most "
                f"{self.bits:+.1f} bits")  # fmt: skip


def relatives_within(table: RecordTable) -> float:
    """Household-shaped pairs within one file that share an address or phone, per record
    (each pair gives two people one relative)."""
    n = len(table.records)
    if n < 2:
        return 0.0
    found = 0
    for li, ri in candidate_pairs(table, table, _CONTACT_RULES, dedupe=True):
        levels = compare(table, table, li, ri)
        found += int((household_shaped(levels) & shares_contact(levels)).sum())
    return 2.0 * found / n


def relatives_in(left: RecordTable, right: RecordTable, dedupe: bool) -> float:
    """Relatives per record within the file (a dedupe) or, on average, within each of
    the two files of a link."""
    if dedupe:
        return relatives_within(left)
    return (relatives_within(left) + relatives_within(right)) / 2


def holds_households(relatives: float) -> bool:
    """Whether files with ``relatives`` per record hold households (see HOUSEHOLD_FILE)."""
    return relatives >= HOUSEHOLD_FILE


def conflict_rate(model: MatchModel, levels: np.ndarray) -> float:
    """The share of true links expected to be household-shaped: some conflicting field
    (first name, suffix, date of birth; as often as it is present in ``levels``) and no
    SSN agreement to rule a relative out."""
    keep = 1.0
    for i, spec in enumerate(FIELDS):
        if not spec.conflicts:
            continue
        present = float((levels[:, i] != MISSING).mean()) if len(levels) else 0.0
        m_conflict = sum(model.m[spec.name][c] for c in spec.conflicts)
        keep *= 1.0 - m_conflict * present
    ssn = FIELD_INDEX["ssn"]
    ssn_present = float((levels[:, ssn] != MISSING).mean()) if len(levels) else 0.0
    anchored = sum(model.m["ssn"][:3]) * ssn_present
    return (1.0 - keep) * (1.0 - anchored)


def household_bits(
    model: MatchModel,
    left: RecordTable,
    right: RecordTable,
    levels: np.ndarray,
    dedupe: bool,
    relatives: float | None = None,
) -> HouseholdEstimate:
    """The cap for ``model.household_bits`` in a link of ``left`` and ``right`` whose
    blocked pairs have ``levels``: log2 of (expected links with a conflict per record) over
    (relatives per record; ``relatives_in`` unless given). With no relatives found, half
    a relative in the larger file stands in, so the cap stays finite but far above any
    threshold."""
    if relatives is None:
        relatives = relatives_in(left, right, dedupe)
    n = max(len(left.records), len(right.records), 1)
    found = holds_households(relatives)
    relatives = max(relatives, 0.5 / n)
    n_left, n_right = len(left.records), len(right.records)
    links = model.prior * (n_left * (n_left - 1) / 2 if dedupe else n_left * n_right)
    linked_share = min(links / max(min(n_left, n_right), 1), 1.0)
    rate = conflict_rate(model, levels)
    expected = max(linked_share * rate, 1e-9)
    bits = math.log2(expected / relatives)
    if found:
        # the rate rests on m of conflicting levels, which EM can overstate in a file
        # full of relatives; where relatives are found, what they share never makes a
        # pair one person on its own
        bits = min(bits, HOUSEHOLD_FILE_BITS)
    return HouseholdEstimate(relatives, rate, bits)
