"""Dates of birth: ISO, US and YYYYMMDD forms; day/month swaps and one-digit typos are
recognised as partial agreement, never as equality."""

from __future__ import annotations

import enum
import re
from datetime import date, datetime
from functools import lru_cache

_ISO = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})$")
_FORMATS = ("%Y-%m-%d", "%Y%m%d", "%m/%d/%Y", "%m-%d-%Y", "%m/%d/%y", "%Y/%m/%d", "%d.%m.%Y")


@lru_cache(maxsize=100_000)
def parse_dob(text: str) -> date | None:
    """A date of birth from the forms vendor and creditor files use, or ``None``.
    Two-digit years are taken as the most recent past century (a debtor is not unborn)."""
    value = (text or "").strip()
    if not value:
        return None
    value = re.sub(r"[T ].*$", "", value)  # "1980-01-02 00:00:00" from spreadsheets
    iso = _ISO.match(value)
    if iso:
        try:
            parsed = date(int(iso[1]), int(iso[2]), int(iso[3]))
        except ValueError:
            return None
        return parsed if 1900 <= parsed.year <= date.today().year else None
    for fmt in _FORMATS:
        try:
            parsed = datetime.strptime(value, fmt).date()
        except ValueError:
            continue
        if fmt.endswith("%y") and parsed > date.today():
            parsed = parsed.replace(year=parsed.year - 100)
        if 1900 <= parsed.year <= date.today().year:
            return parsed
    return None


def dob_key(value: date | None) -> str:
    """``YYYYMMDD`` or ``""``: the form compared digit by digit."""
    return value.strftime("%Y%m%d") if value else ""


class DobAgreement(enum.IntEnum):
    """How two dates of birth agree, best first."""

    EXACT = 0
    SWAPPED = 1  # day and month exchanged: 03/04 vs 04/03
    TYPO = 2  # one digit differs, or two adjacent digits transposed
    SAME_YEAR = 3  # year agrees, month and day do not
    DIFFERS = 4
    MISSING = -1


def compare_dob_keys(a: str, b: str) -> DobAgreement:
    """Compare two ``YYYYMMDD`` keys (see ``dob_key``)."""
    if len(a) != 8 or len(b) != 8:
        return DobAgreement.MISSING
    if a == b:
        return DobAgreement.EXACT
    if a[:4] == b[:4] and a[4:6] == b[6:8] and a[6:8] == b[4:6]:
        return DobAgreement.SWAPPED
    diffs = [i for i in range(8) if a[i] != b[i]]
    if len(diffs) == 1:
        return DobAgreement.TYPO
    if (
        len(diffs) == 2
        and diffs[1] == diffs[0] + 1
        and a[diffs[0]] == b[diffs[1]]
        and (a[diffs[1]] == b[diffs[0]])
    ):
        return DobAgreement.TYPO
    if a[:4] == b[:4]:
        return DobAgreement.SAME_YEAR
    return DobAgreement.DIFFERS
