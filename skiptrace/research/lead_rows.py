"""Lead rows: leads as the research view lists them, ranked by the matcher, grouped by
kind, each with its match probability and the reasons behind its rank. No Qt here: the
view's tree model only formats these rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from skiptrace.candidate import Candidate
from skiptrace.model import Debtor, Disposition, DispositionKind

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

    @property
    def group(self) -> str:
        """The group heading it is listed under."""
        return group_of(self.kind)


def _row(lead: Lead, rank: int, by_record: dict[tuple[str, str], ScoredCandidate]) -> LeadRow:
    lines = [f"Rank score {lead.score:.2f}: " + ", ".join(lead.reasons)]
    best = max(lead.sources, key=lambda s: s.probability) if lead.sources else None
    for s in sorted(lead.sources, key=lambda s: -s.probability):
        scored = by_record.get((s.source, s.record_id))
        why = scored.explanation if scored else ""
        lines.append(f"{s.source} record {s.record_id}: {why or f'{s.probability:.2f}'}")
    sources = tuple(dict.fromkeys(s.source for s in lead.sources))
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
    )


def build_leads(
    debtor: Debtor, candidates: Sequence[Candidate], dispositions: Sequence[Disposition]
) -> list[LeadRow]:
    """Ranked leads for a debtor from what the sources returned so far."""
    if not candidates:
        return []
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
    return rows


def warm_up_ranking() -> None:
    """Rank one made-up lead, so the matcher's model and the numbering plan are loaded
    before the first search (loading them during one made its frames 20+ ms late)."""
    import importlib

    from skiptrace.candidate import SeenPhone
    from skiptrace.matching.phones import load_numbering_plan

    load_numbering_plan()
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
