"""Lead rows: leads as the research view lists them, ranked by the matcher, grouped by
kind, each with its match probability, the reasons behind its rank, when and where it
was seen and its time zone; and the records found, each with matching's verdict. No Qt
here: the view's models only format these rows."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from skiptrace.candidate import Candidate
from skiptrace.model import Debtor, Disposition, DispositionKind, disposition_label
from skiptrace.research.local_time import lead_time_zone
from skiptrace.research.records_found import RecordRow, record_rows

if TYPE_CHECKING:  # matching (numpy) loads on the first ranking, in a worker
    from skiptrace.matching import Lead, ScoredCandidate

# How leads are grouped on screen, in this order (the headings of matching's LEAD_GROUPS;
# a test keeps the two in step: importing matching here would load numpy at app start).
GROUPS: tuple[tuple[str, frozenset[str]], ...] = (
    ("Flags", frozenset({"deceased", "bankruptcy", "litigation"})),
    ("Addresses", frozenset({"address"})),
    ("Phones", frozenset({"phone"})),
    ("Emails", frozenset({"email"})),
    ("Employers", frozenset({"employer"})),
    ("Relatives", frozenset({"relative"})),
)


def group_of(kind: str) -> str:
    """The on-screen group a lead kind belongs to."""
    for name, kinds in GROUPS:
        if kind in kinds:
            return name
    return "Other"


@dataclass(frozen=True, slots=True)
class LeadRow:
    """One lead as shown: what it is, how sure, from where, why, and what was decided."""

    kind: str
    key: str
    value: str
    probability: float  # how likely the records carrying it are the debtor
    score: float  # the rank score (probability, corroboration, recency, dispositions)
    sources: tuple[str, ...]
    explanation: str  # one reason per line
    disposition: DispositionKind | None = None
    rank: int = 0
    first_seen: str = ""  # the earliest any source saw it (ISO date), or ""
    last_seen: str = ""
    line_type: str = ""  # a phone's line type where a source or the number plan knows
    time_zone: str = ""  # IANA name, from the phone's number plan or the address's ZIP

    @property
    def group(self) -> str:
        """The group heading it is listed under."""
        return group_of(self.kind)

    @property
    def disposition_text(self) -> str:
        """What was decided, as people say it of this kind of lead ("Wrong number")."""
        return disposition_label(self.disposition, self.kind) if self.disposition else ""

    @property
    def disputed(self) -> bool:
        """A collector found it is not the debtor's, whatever the records say."""
        return self.disposition is DispositionKind.WRONG_PARTY

    @property
    def conflict(self) -> str:
        """What is in conflict on a disputed lead, in a sentence ("" when nothing is)."""
        if not self.disputed:
            return ""
        return (
            f"The sources' records match the debtor {self.probability:.0%}, but a collector "
            f"marked this {self.kind} {self.disposition_text.lower()}: it is not ranked as "
            "the debtor's."
        )


@dataclass(frozen=True, slots=True)
class ResearchRows:
    """What the research view shows of one set of candidates: the ranked leads and every
    record found, with its verdict."""

    leads: list[LeadRow]
    records: list[RecordRow]


def _seen_dates(lead: Lead, by_record: dict[tuple[str, str], ScoredCandidate]) -> list[str]:
    """Every date a source gave for this lead (first and last seen) on its records."""
    from skiptrace.matching.leads import lead_value_key

    dates = [s.last_seen[:10] for s in lead.sources if s.last_seen]
    for s in lead.sources:
        scored = by_record.get((s.source, s.record_id))
        if scored is None:
            continue
        cand = scored.candidate
        seen: list[tuple[str, str, str]] = []
        if lead.kind.value == "address":
            seen = [(a.address.one_line(), a.first_seen, a.last_seen) for a in cand.addresses]
        elif lead.kind.value == "phone":
            seen = [(p.number, p.first_seen, p.last_seen) for p in cand.phones]
        for value, first, last in seen:
            if (first or last) and lead_value_key(lead.kind.value, value) == lead.key:
                dates += [d[:10] for d in (first, last) if d]
    return sorted(d for d in dates if d)


def _row(lead: Lead, rank: int, by_record: dict[tuple[str, str], ScoredCandidate]) -> LeadRow:
    lines = [f"Rank score {lead.score:.2f}: {lead.explanation}"]
    best = max(lead.sources, key=lambda s: s.probability) if lead.sources else None
    for s in sorted(lead.sources, key=lambda s: -s.probability):
        scored = by_record.get((s.source, s.record_id))
        why = scored.explanation if scored else ""
        lines.append(f"{s.source} record {s.record_id}: {why or f'{s.probability:.2f}'}")
    sources = tuple(dict.fromkeys(s.source for s in lead.sources))
    dates = _seen_dates(lead, by_record)
    return LeadRow(
        kind=lead.kind.value,
        key=lead.key,
        value=lead.value,
        probability=lead.identity or (best.probability if best else 0.0),
        score=lead.score,
        sources=sources,
        explanation="\n".join(lines),
        disposition=lead.disposition,
        rank=rank,
        first_seen=dates[0] if dates else "",
        last_seen=dates[-1] if dates else "",
        line_type=lead.line_type if lead.line_type != "unknown" else "",
        time_zone=lead_time_zone(lead.kind.value, lead.value),
    )


def build_research(
    debtor: Debtor, candidates: Sequence[Candidate], dispositions: Sequence[Disposition]
) -> ResearchRows:
    """Ranked leads for a debtor from what the sources returned so far, and every record
    found with matching's verdict on it (one scoring serves both)."""
    if not candidates:
        return ResearchRows([], [])
    from skiptrace.matching import rank_leads, score_candidates

    scored = score_candidates(debtor, candidates)
    by_record = {(s.candidate.source, s.candidate.record_id): s for s in scored}
    ranked = rank_leads(debtor, scored, dispositions)
    place: dict[str, int] = {}
    rows = []
    for lead in ranked:  # ranks count within each on-screen group
        group = group_of(lead.kind.value)
        place[group] = place.get(group, 0) + 1
        rows.append(_row(lead, place[group], by_record))
    return ResearchRows(rows, record_rows(candidates, scored))


def build_leads(
    debtor: Debtor, candidates: Sequence[Candidate], dispositions: Sequence[Disposition]
) -> list[LeadRow]:
    """Ranked leads for a debtor from what the sources returned so far."""
    return build_research(debtor, candidates, dispositions).leads


def warm_up_ranking() -> None:
    """Rank one made-up lead, so the matcher's model and the numbering plan are loaded
    before the first search (loading them during one made its frames 20+ ms late)."""
    import importlib

    from skiptrace.candidate import SeenPhone
    from skiptrace.matching.phones import load_numbering_plan

    load_numbering_plan()
    lead_time_zone("address", "1 Main St, Charlotte NC 28202")  # loads the ZIP table (1 s)
    # requests imports netrc (and shlex) on its first request; import them now instead
    importlib.import_module("netrc")

    debtor = Debtor(account_id="warm-up", first_name="Ann", last_name="Lee")
    build_leads(
        debtor,
        [
            Candidate(
                "warm-up", "1", first_name="Ann", last_name="Lee", phones=(SeenPhone("2125550100"),)
            )
        ],
        [],
    )


_DIRECTIONS = frozenset({"N", "S", "E", "W", "NE", "NW", "SE", "SW", "PO"})
_ORDINAL = re.compile(r"^(\d+)(ST|ND|RD|TH)$")


def _word_case(word: str, keep_upper: bool) -> str:
    ordinal = _ORDINAL.match(word)
    if ordinal:
        return ordinal.group(1) + ordinal.group(2).lower()
    if keep_upper or word in _DIRECTIONS or any(ch.isdigit() for ch in word):
        return word
    return word.capitalize()


def address_in_normal_case(one_line: str) -> str:
    """A standardised address as people write it: "1420 Elm St Apt 4B, Charlotte NC
    28202" from "1420 ELM ST APT 4B, CHARLOTTE NC 28202" (state and directions kept)."""
    if one_line != one_line.upper():
        return one_line  # already in mixed case: as the source gave it
    parts = one_line.split(", ")
    out = []
    for i, part in enumerate(parts):
        words = part.split(" ")
        last = i == len(parts) - 1
        state_at = len(words) - 2 if last and len(words) >= 2 and words[-1][:1].isdigit() else -1
        out.append(
            " ".join(_word_case(w, j == state_at or (last and len(w) == 2 and j == len(words) - 1))
                     for j, w in enumerate(words))
        )  # fmt: skip
    return ", ".join(out)


def format_phone(number: str) -> str:
    """(704) 547-1596 for a US number (ten digits, or eleven starting 1); else as given."""
    digits = "".join(c for c in number if c.isdigit())
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) == 10:
        return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"
    return number


def display_value(kind: str, value: str) -> str:
    """A lead's value as people read it: phones as (704) 547-1596, addresses in normal
    case; anything else as stored."""
    if kind == "phone":
        return format_phone(value)
    if kind == "address":
        return address_in_normal_case(value)
    return value
