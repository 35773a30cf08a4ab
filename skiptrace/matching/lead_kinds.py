"""Leads beyond addresses and phones: emails, employers, flags (deceased, bankruptcy,
litigation) and relatives, each with the key that merges the same thing reported by
several sources."""

from __future__ import annotations

import re

from skiptrace.candidate import Candidate, Flag, LeadKind
from skiptrace.matching.text import fold

FLAG_KINDS = frozenset({LeadKind.DECEASED, LeadKind.BANKRUPTCY, LeadKind.LITIGATION})

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")
# words that name a company's legal form, not the company: "Acme, Inc." is "Acme"
_COMPANY_FORMS = frozenset(
    {"inc", "incorporated", "llc", "llp", "ltd", "co", "corp", "corporation", "company", "the"}
)


def email_key(value: str) -> str:
    """An email address compared without case or surrounding space."""
    return value.strip().lower()


def email_valid(value: str) -> bool:
    """Whether an email address has the shape of one (a local part, a domain with a dot)."""
    return bool(_EMAIL.match(email_key(value)))


def employer_key(value: str) -> str:
    """An employer's name folded, without its legal form: "ACME Corp." = "Acme"."""
    words = [w for w in fold(value).split() if w not in _COMPANY_FORMS]
    return " ".join(words)


def flag_value(flag: Flag) -> str:
    """A flag as a collector reads it: ``bankruptcy, filed 2023-05-01, chapter 7``."""
    parts = [flag.kind.value]
    if flag.date:
        parts.append(("filed " if flag.kind is LeadKind.BANKRUPTCY else "") + flag.date)
    parts.extend(f"{k} {v}" for k, v in sorted(flag.detail.items()) if v)
    return ", ".join(parts)


def flag_key(flag: Flag) -> str:
    """One flag from several sources is one lead when kind and case (or date) agree; a
    flag that gives neither merges with every other of its kind."""
    case = flag.detail.get("case_number") or flag.detail.get("case") or ""
    return f"{flag.kind.value}|{fold(case) or flag.date}"


def relative_value(candidate: Candidate) -> str:
    """A relative as listed: name, year of birth when known, and the relationship."""
    born = f", born {candidate.dob.year}" if candidate.dob else ""
    return f"{candidate.full_name}{born} ({candidate.relationship})"


def relative_key(value: str) -> str:
    """A relative is the same one across sources when name and year of birth agree (the
    relationship, in brackets at the end of the value, may be worded differently)."""
    return fold(value.rsplit(" (", 1)[0])


def lead_kind_key(kind: str, value: str) -> str | None:
    """The merge key of a value of the kinds above (``None`` for addresses and phones)."""
    if kind == LeadKind.EMAIL:
        return email_key(value)
    if kind == LeadKind.EMPLOYER:
        return employer_key(value)
    if kind == LeadKind.RELATIVE:
        return relative_key(value)
    if kind in FLAG_KINDS:
        return value if "|" in value else fold(value)
    return None
