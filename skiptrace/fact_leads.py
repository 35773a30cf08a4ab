"""Leads beyond addresses and phones: emails, employers, relatives, and flags such as
deceased, bankruptcy and litigation, from the candidates matching did not rule out.

Matching ranks addresses and phones (``skiptrace.matching.rank_leads``); these other facts
are weighed more simply: by how sure we are the records carrying them are the debtor
(independent sources combined), and by what collectors already decided about them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

from skiptrace.candidate import Candidate, LeadKind
from skiptrace.matching import Lead, LeadSource, ScoredCandidate
from skiptrace.model import Disposition, DispositionKind

_FOLD = re.compile(r"[^a-z0-9@.]+")
_DISPOSITION_BITS = {
    DispositionKind.VERIFIED: 3.0,
    DispositionKind.WRONG_PARTY: -8.0,
    DispositionKind.DISCONNECTED: -8.0,
    DispositionKind.DO_NOT_CONTACT: -12.0,
}
FACT_KINDS = (
    LeadKind.EMAIL,
    LeadKind.EMPLOYER,
    LeadKind.RELATIVE,
    LeadKind.DECEASED,
    LeadKind.BANKRUPTCY,
    LeadKind.LITIGATION,
)


def fact_key(kind: str, value: str) -> str:
    """The merge key of a fact: its kind and its folded text."""
    return f"{kind}|{_FOLD.sub(' ', value.lower()).strip()}"


def _facts(c: Candidate) -> Iterable[tuple[LeadKind, str, str]]:
    for email in c.emails:
        yield LeadKind.EMAIL, email, ""
    for employer in c.employers:
        yield LeadKind.EMPLOYER, employer, ""
    if c.relationship:
        yield LeadKind.RELATIVE, f"{c.full_name} ({c.relationship})", ""
    for flag in c.flags:
        if flag.kind not in FACT_KINDS:
            continue
        detail = ", ".join(f"{k} {v}" for k, v in flag.detail.items() if v)
        label = flag.kind.value.capitalize()
        if flag.date:
            label += f" {flag.date}"
        if detail:
            label += f": {detail}"
        yield flag.kind, label, flag.date


def fact_leads(
    scored: Sequence[ScoredCandidate], dispositions: Sequence[Disposition] = ()
) -> list[Lead]:
    """Fact leads from candidates that are not below the floor, merged and ranked."""
    gathered: dict[tuple[LeadKind, str], tuple[str, list[LeadSource]]] = {}
    for item in scored:
        if item.reason.value == "below_floor":
            continue
        c = item.candidate
        for kind, value, seen in _facts(c):
            entry = gathered.setdefault((kind, fact_key(kind, value)), (value, []))
            entry[1].append(LeadSource(c.source, c.record_id, item.probability, seen))
    marks = {fact_key(d.lead_kind, d.lead_value): d.kind for d in dispositions}
    leads = []
    for (kind, key), (value, sources) in gathered.items():
        best: dict[str, float] = {}
        for s in sources:
            best[s.source] = max(best.get(s.source, 0.0), s.probability)
        belief = 1.0 - math.prod(1.0 - min(p, 0.999) for p in best.values())
        logit = math.log2(max(belief, 1e-6) / max(1.0 - belief, 1e-6))
        reasons = [f"identity {max(best.values()):.2f}"]
        if len(best) > 1:
            reasons.append(f"{len(best)} sources agree")
        disposition = marks.get(key)
        if disposition is not None:
            bits = _DISPOSITION_BITS[disposition]
            logit += bits
            reasons.append(
                f"marked {disposition.value} ({'+' if bits > 0 else '−'}{abs(bits):.1f})"
            )
        leads.append(
            Lead(
                kind=kind,
                value=value,
                key=key,
                sources=tuple(sources),
                score=1.0 / (1.0 + 2.0 ** (-logit)),
                reasons=tuple(reasons),
                disposition=disposition,
            )
        )
    return sorted(leads, key=lambda lead: (-lead.score, lead.kind, lead.value))
