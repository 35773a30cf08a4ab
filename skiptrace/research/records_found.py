"""Records found: every record each source returned for a search, with the verdict of
matching on it ("is the debtor", "is not", "too close to call") and why, so a collector
sees the namesake that was rejected and the relative at the same address. The CLI's
``search`` prints these verdicts; the app's records-found view lists these rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from skiptrace.candidate import About, Candidate

if TYPE_CHECKING:  # matching loads numpy; it is imported by whoever scored
    from skiptrace.matching import ScoredCandidate

# matching's verdicts (``Reason`` values) as a collector says them
VERDICTS = {
    "match": "is the debtor",
    "ambiguous": "too close to call",
    "below_floor": "is not",
}
QUERY_VERDICT = "checks the account's own details"


def verdict_text(reason: str) -> str:
    """A matching verdict in words: "is the debtor", "is not", "too close to call"."""
    return VERDICTS.get(reason, reason)


@dataclass(frozen=True, slots=True)
class RecordRow:
    """One record a source returned, as the records-found view lists it."""

    source: str
    record_id: str
    who: str  # the name on the record ("" for facts about the account's own details)
    born: int | None
    ssn_last4: str
    relationship: str  # "mother", "spouse": a source listed this record as a relative
    verdict: str
    probability: float | None
    why: str  # the matcher's explanation, one line
    carries: tuple[str, ...]  # what the record holds: addresses, phones, employers

    @property
    def summary(self) -> str:
        """Who the record is, in one line: "Ann Lee, born 1980, SSN ***-**-1234"."""
        parts = [self.who or "(facts about the account's own details)"]
        if self.born:
            parts.append(f"born {self.born}")
        if self.ssn_last4:
            parts.append(f"SSN ***-**-{self.ssn_last4}")
        if self.relationship:
            parts.append(f"listed as the subject's {self.relationship}")
        return ", ".join(parts)


def _carries(c: Candidate) -> tuple[str, ...]:
    out = [f"address {a.address.one_line()}" for a in c.addresses]
    out += [f"phone {p.number}" + (f" ({p.line_type})" if p.line_type else "") for p in c.phones]
    out += [f"email {e}" for e in c.emails]
    out += [f"works at {e}" for e in c.employers]
    out += [f"{f.kind.value} {f.date}".rstrip() for f in c.flags]
    return tuple(out)


def record_rows(
    candidates: Sequence[Candidate], scored: Sequence[ScoredCandidate]
) -> list[RecordRow]:
    """Every candidate in the order the sources returned them, each with its verdict."""
    by_id = {(s.candidate.source, s.candidate.record_id): s for s in scored}
    rows = []
    for c in candidates:
        s = by_id.get((c.source, c.record_id))
        if c.about is not About.PERSON:
            verdict, probability, why = QUERY_VERDICT, None, ""
        elif s is None:
            verdict, probability, why = "not compared", None, ""
        else:
            verdict, probability, why = verdict_text(s.reason.value), s.probability, s.explanation
        rows.append(
            RecordRow(
                source=c.source,
                record_id=c.record_id,
                who=c.full_name,
                born=c.dob.year if c.dob else None,
                ssn_last4=c.ssn_last4,
                relationship=c.relationship,
                verdict=verdict,
                probability=probability,
                why=why,
                carries=_carries(c),
            )
        )
    return rows
