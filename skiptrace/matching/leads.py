"""Leads: the addresses and phones of scored candidates, merged across sources when they
are the same place or number, and ranked with an explanation."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from skiptrace.candidate import LeadKind
from skiptrace.matching.addresses import standardise_address
from skiptrace.matching.live import ScoredCandidate
from skiptrace.matching.phones import normalise_phone
from skiptrace.model import Address, Debtor, Disposition, DispositionKind


@dataclass(frozen=True, slots=True)
class LeadSource:
    """One sighting of a lead: which source and record, how sure we are the record is the
    debtor, and when the source last saw the lead."""

    source: str
    record_id: str
    probability: float
    last_seen: str = ""
    status: str = ""


@dataclass(frozen=True, slots=True)
class Lead:
    """A contact point to work: the standardised value (``key`` is what merged it), every
    source that reported it, its score and the reasons for its rank."""

    kind: LeadKind
    value: str
    key: str
    sources: tuple[LeadSource, ...]
    score: float
    reasons: tuple[str, ...]
    line_type: str = ""
    valid: bool = True
    last_seen: str = ""
    disposition: DispositionKind | None = None

    @property
    def explanation(self) -> str:
        return f"{', '.join(self.reasons)} → {self.score:.2f}"


@dataclass
class _Gathered:
    kind: LeadKind
    value: str
    key: str
    sources: list[LeadSource]
    line_type: str = ""
    valid: bool = True


def gather_leads(scored: Iterable[ScoredCandidate]) -> list[_Gathered]:
    """Addresses and phones of candidates that are not below the floor, merged by key."""
    found: dict[tuple[LeadKind, str], _Gathered] = {}
    for item in scored:
        if item.reason.value == "below_floor":
            continue
        cand = item.candidate
        for seen in cand.addresses:
            norm = standardise_address(seen.address)
            if not norm.key:
                continue
            source = LeadSource(cand.source, cand.record_id, item.probability, seen.last_seen,
                                seen.status)  # fmt: skip
            entry = found.setdefault(
                (LeadKind.ADDRESS, norm.key),
                _Gathered(LeadKind.ADDRESS, norm.one_line(), norm.key, []),
            )
            entry.sources.append(source)
        for phone in cand.phones:
            p = normalise_phone(phone.number)
            if not p.key:
                continue
            line_type = phone.line_type or p.line_type
            source = LeadSource(cand.source, cand.record_id, item.probability, phone.last_seen,
                                phone.status)  # fmt: skip
            entry = found.setdefault(
                (LeadKind.PHONE, p.key),
                _Gathered(LeadKind.PHONE, p.e164 or p.raw, p.key, [], line_type, p.valid),
            )
            entry.sources.append(source)
    return list(found.values())


def lead_value_key(kind: str, value: str) -> str:
    """The merge key of a lead value as a collector recorded it (for dispositions)."""
    if kind == LeadKind.PHONE:
        return normalise_phone(value).key
    if "|" in value:  # already a key
        return value
    parts = [p.strip() for p in value.split(",")]
    tail = parts[-1].split() if len(parts) > 1 else []
    address = Address(
        line1=parts[0],
        city=parts[1] if len(parts) > 2 else "",
        state=tail[0] if tail else "",
        zip=tail[-1] if len(tail) > 1 else "",
    )
    return standardise_address(address).key


def known_to_debtor(debtor: Debtor) -> set[str]:
    """Keys of the contact points the account already has (leads repeat them, not add)."""
    keys = {standardise_address(a).key for a in debtor.addresses}
    keys |= {normalise_phone(p.number).key for p in debtor.phones}
    return keys - {""}


def dispositions_by_key(dispositions: Sequence[Disposition]) -> dict[str, DispositionKind]:
    """The latest disposition per lead key (the list is in the order recorded)."""
    out: dict[str, DispositionKind] = {}
    for d in dispositions:
        out[lead_value_key(d.lead_kind, d.lead_value)] = d.kind
    return out
