"""Leads: the addresses, phones, emails, employers, flags and relatives of scored
candidates, merged across sources when they are the same thing."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial

from skiptrace.candidate import About, LeadKind
from skiptrace.matching.addresses import standardise_address
from skiptrace.matching.lead_kinds import (
    FLAG_KINDS,
    email_key,
    email_valid,
    employer_key,
    flag_key,
    flag_value,
    lead_kind_key,
    relative_key,
    relative_value,
)
from skiptrace.matching.live import ScoredCandidate
from skiptrace.matching.phones import normalise_phone
from skiptrace.model import Address, Debtor, Disposition, DispositionKind, current_dispositions

# how the UI groups leads, in the order it shows the groups
LEAD_GROUPS: dict[LeadKind, str] = {
    LeadKind.DECEASED: "flags",
    LeadKind.BANKRUPTCY: "flags",
    LeadKind.LITIGATION: "flags",
    LeadKind.ADDRESS: "addresses",
    LeadKind.PHONE: "phones",
    LeadKind.EMAIL: "emails",
    LeadKind.EMPLOYER: "employers",
    LeadKind.RELATIVE: "relatives",
}


@dataclass(frozen=True, slots=True)
class LeadSource:
    """One sighting of a lead: which source and record, how sure we are the record is the
    debtor, when the source last saw the lead and what it says of it. ``about_query``:
    the source only checked the account's own details (it neither identifies nor
    corroborates)."""

    source: str
    record_id: str
    probability: float
    last_seen: str = ""
    status: str = ""
    about_query: bool = False


@dataclass(frozen=True, slots=True)
class Lead:
    """A lead to work: the standardised value (``key`` is what merged it), every source
    that reported it, its score (0-1), and the reasons for its rank. ``bits``: the
    evidence that the lead reaches the debtor, in log-odds, before the identity
    probability ``identity`` of its best record is applied; ``prominent``: a flag (such
    as deceased) on a record matched to the debtor, which comes before any contact
    point."""

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
    bits: float = 0.0
    identity: float = 0.0
    prominent: bool = False

    @property
    def group(self) -> str:
        """The group the UI lists the lead under: flags, addresses, phones, emails,
        employers or relatives."""
        return LEAD_GROUPS.get(self.kind, self.kind.value)

    @property
    def explanation(self) -> str:
        """The rank in words that add up: the evidence that the lead still reaches the
        debtor, summed in bits, as a likelihood, times the identity probability."""
        evidence = ", ".join(self.reasons[1:]) or "no evidence for or against"
        reach = 1.0 / (1.0 + 2.0 ** (-self.bits))
        total = f"{'+' if self.bits >= 0 else '−'}{abs(self.bits):.1f}"
        who = f"identity {self.identity:.2f}"
        if self.reasons and not self.reasons[0].startswith("identity"):
            who += f" ({self.reasons[0]})"
        return (
            f"{evidence}; in all {total} bits: {reach:.0%} likely to reach them; "
            f"× {who} = {self.score:.2f}"
        )


@dataclass
class Gathered:
    """A lead being gathered: its sightings so far."""

    kind: LeadKind
    value: str
    key: str
    sources: list[LeadSource]
    line_type: str = ""
    valid: bool = True


_Gathered = Gathered  # the name before it was public


class _Found:
    def __init__(self) -> None:
        self.leads: dict[tuple[LeadKind, str], Gathered] = {}

    def add(self, kind: LeadKind, key: str, value: str, source: LeadSource, **kw: object) -> None:
        if not key:
            return
        entry = self.leads.setdefault((kind, key), Gathered(kind, value, key, [], **kw))  # type: ignore[arg-type]
        entry.sources.append(source)


def _sighting(item: ScoredCandidate, last_seen: str = "", status: str = "") -> LeadSource:
    cand = item.candidate
    return LeadSource(cand.source, cand.record_id, item.probability, last_seen, status,
                      cand.about is not About.PERSON)  # fmt: skip


def gather_leads(scored: Iterable[ScoredCandidate]) -> list[Gathered]:
    """Leads of candidates that are not below the floor, merged by key; relatives come
    from candidates a source lists as the subject's relatives, trusted as far as the
    subject's own record of that source is the debtor."""
    scored = list(scored)
    found = _Found()
    subject_p: dict[str, float] = {}
    for item in scored:
        cand = item.candidate
        matched = item.reason.value != "below_floor"
        if cand.about is About.PERSON and not cand.relationship and matched:
            subject_p[cand.source] = max(subject_p.get(cand.source, 0.0), item.probability)
    for item in scored:
        cand = item.candidate
        if cand.relationship:
            if cand.source in subject_p:
                value = relative_value(cand)
                src = LeadSource(cand.source, cand.record_id, subject_p[cand.source])
                found.add(LeadKind.RELATIVE, relative_key(value), value, src)
            continue
        if item.reason.value == "below_floor":
            continue
        seen = partial(_sighting, item)
        for s in cand.addresses:
            norm = standardise_address(s.address)
            found.add(LeadKind.ADDRESS, norm.key, norm.one_line(), seen(s.last_seen, s.status))
        for phone in cand.phones:
            p = normalise_phone(phone.number)
            found.add(LeadKind.PHONE, p.key, p.e164 or p.raw, seen(phone.last_seen, phone.status),
                      line_type=phone.line_type or p.line_type, valid=p.valid)  # fmt: skip
        for email in cand.emails:
            found.add(LeadKind.EMAIL, email_key(email), email_key(email), seen(),
                      valid=email_valid(email))  # fmt: skip
        for employer in cand.employers:
            found.add(LeadKind.EMPLOYER, employer_key(employer), employer.strip(), seen())
        for flag in cand.flags:
            if flag.kind in FLAG_KINDS:
                found.add(flag.kind, flag_key(flag), flag_value(flag), seen(flag.date))
    return list(found.leads.values())


def lead_value_key(kind: str, value: str) -> str:
    """The merge key of a lead value as a collector recorded it (for dispositions)."""
    if kind == LeadKind.PHONE:
        return normalise_phone(value).key
    other = lead_kind_key(kind, value)
    if other is not None:
        return other
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
    """What stands on each lead key (the list is in the order recorded): the latest
    disposition, an undo taking back the one before it."""
    standing = current_dispositions(
        dispositions, lambda d: lead_value_key(d.lead_kind, d.lead_value)
    )
    return {k: d.kind for k, d in standing.items()}
