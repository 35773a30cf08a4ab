"""Leads as the research view shows them, built from candidates by the core's matcher.

``build_leads`` is an adapter: it calls ``skiptrace.matching`` (scoring and ranking) when
that is installed; until then it lists each distinct lead once, unscored, so the view
still shows what the sources found.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from skiptrace.candidate import About, Candidate, LeadKind
from skiptrace.dispositions import latest_by_lead, lead_key
from skiptrace.model import Debtor, Disposition, DispositionKind

# How leads are grouped on screen, in this order.
GROUPS: tuple[tuple[str, frozenset[str]], ...] = (
    ("Flags", frozenset({"deceased", "bankruptcy", "litigation"})),
    ("Addresses", frozenset({"address"})),
    ("Phones", frozenset({"phone"})),
    ("Emails", frozenset({"email"})),
    ("Employers", frozenset({"employer"})),
    ("Relatives", frozenset({"relative"})),
    ("Checks", frozenset({"geocode"})),
)
_SINK = {DispositionKind.WRONG_PARTY, DispositionKind.DISCONNECTED, DispositionKind.DO_NOT_CONTACT}


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
    probability: float | None
    sources: tuple[str, ...]
    explanation: str
    disposition: DispositionKind | None = None
    rank: int = 0

    @property
    def group(self) -> str:
        """The group heading it is listed under."""
        return group_of(self.kind)


def _leads_of(c: Candidate) -> Iterable[tuple[str, str]]:
    for a in c.addresses:
        yield LeadKind.ADDRESS.value, a.address.one_line()
    for p in c.phones:
        yield LeadKind.PHONE.value, p.number
    for e in c.emails:
        yield LeadKind.EMAIL.value, e
    for emp in c.employers:
        yield LeadKind.EMPLOYER.value, emp
    for f in c.flags:
        detail = ", ".join(f"{k} {v}" for k, v in f.detail.items())
        yield f.kind.value, " ".join(p for p in (f.kind.value, f.date, detail) if p)


def _unscored(
    candidates: Sequence[Candidate], dispositions: Sequence[Disposition]
) -> list[LeadRow]:
    merged: dict[tuple[str, str], tuple[str, list[str]]] = {}
    for c in candidates:
        for kind, value in _leads_of(c):
            k = (kind, lead_key(kind, value))
            first, sources = merged.setdefault(k, (value, []))
            if c.source not in sources:
                sources.append(c.source)
    decided = latest_by_lead(list(dispositions))
    rows = []
    for (kind, key), (value, sources) in merged.items():
        d = decided.get((kind, key))
        rows.append(
            LeadRow(
                kind=kind,
                key=key,
                value=value,
                probability=None,
                sources=tuple(sources),
                explanation=(
                    f"Not scored: the matcher is not installed. Seen in {len(sources)} "
                    f"source(s): {', '.join(sources)}."
                ),
                disposition=d.kind if d else None,
            )
        )
    rows.sort(key=lambda r: (r.disposition in _SINK, -len(r.sources), r.value))
    return [_with_rank(r, i + 1) for i, r in enumerate(rows)]


def _with_rank(row: LeadRow, rank: int) -> LeadRow:
    return LeadRow(
        row.kind, row.key, row.value, row.probability, row.sources, row.explanation,
        row.disposition, rank,
    )


def build_leads(
    debtor: Debtor, candidates: Sequence[Candidate], dispositions: Sequence[Disposition]
) -> list[LeadRow]:
    """Ranked leads for a debtor from what the sources returned so far."""
    people = [c for c in candidates if c.about is About.PERSON or c.about == "person"]
    others = [c for c in candidates if c not in people]
    try:
        from ui.research import matching_adapter
    except ImportError:
        return _unscored(list(people) + others, dispositions)
    return matching_adapter.ranked(debtor, people, others, dispositions)
