"""Ranking leads: identity probability of the records they came from, corroboration by
independent sources, recency, what the lead is, and what collectors already learned."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from skiptrace.candidate import Candidate
from skiptrace.matching.leads import (
    Lead,
    _Gathered,
    dispositions_by_key,
    gather_leads,
    known_to_debtor,
)
from skiptrace.matching.live import ScoredCandidate, score_candidates
from skiptrace.model import Debtor, Disposition, DispositionKind
from skiptrace.request import SearchRequest

_DISPOSITION_BITS = {
    DispositionKind.VERIFIED: 3.0,
    DispositionKind.WRONG_PARTY: -8.0,
    DispositionKind.DISCONNECTED: -8.0,
    DispositionKind.DO_NOT_CONTACT: -12.0,
}


# a number known to be mobile can take calls and texts anywhere the debtor went
_LINE_BITS = {"mobile": 1.5, "mobile-or-landline": 0.5, "voip": 0.5}


def _years_since(text: str, today: date) -> float | None:
    try:
        seen = date.fromisoformat(text[:10])
    except ValueError:
        return None
    return max((today - seen).days / 365.25, 0.0)


def _score(entry: _Gathered, known: set[str], dispositions: dict[str, object], today: date) -> Lead:
    reasons: list[str] = []
    # sources that agree are independent evidence: combine as noisy-or of the records'
    # identity probabilities, one per source (two records of one source count once)
    best_per_source: dict[str, float] = {}
    for s in entry.sources:
        best_per_source[s.source] = max(best_per_source.get(s.source, 0.0), s.probability)
    belief = 1.0 - math.prod(1.0 - min(p, 0.999) for p in best_per_source.values())
    logit = math.log2(max(belief, 1e-6) / max(1.0 - belief, 1e-6))
    reasons.append(f"identity {max(best_per_source.values()):.2f}")
    if len(best_per_source) > 1:
        reasons.append(f"{len(best_per_source)} sources agree")
    last_seen = max((s.last_seen for s in entry.sources), default="")
    age = _years_since(last_seen, today) if last_seen else None
    if age is not None:
        penalty = min(age, 10.0) * 0.5  # half a bit per year since last seen
        logit -= penalty
        reasons.append(f"last seen {last_seen[:10]} (−{penalty:.1f})")
    if entry.kind == "phone":
        if not entry.valid:
            logit -= 4.0
            reasons.append("invalid number (−4.0)")
        elif entry.line_type in _LINE_BITS:
            bits = _LINE_BITS[entry.line_type]
            logit += bits
            reasons.append(f"{entry.line_type} (+{bits:.1f})")
    if any(s.status.lower() in ("disconnected", "undeliverable") for s in entry.sources):
        logit -= 4.0
        reasons.append("source says disconnected/undeliverable (−4.0)")
    if entry.key in known:
        logit -= 1.0
        reasons.append("already on the account (−1.0)")
    disposition = dispositions.get(entry.key)
    if isinstance(disposition, DispositionKind):
        bits = _DISPOSITION_BITS[disposition]
        logit += bits
        reasons.append(f"marked {disposition.value} ({'+' if bits > 0 else '−'}{abs(bits):.1f})")
    score = 1.0 / (1.0 + 2.0 ** (-logit))
    return Lead(
        kind=entry.kind, value=entry.value, key=entry.key, sources=tuple(entry.sources),
        score=score, reasons=tuple(reasons), line_type=entry.line_type, valid=entry.valid,
        last_seen=last_seen, disposition=disposition if isinstance(disposition,
                                                                   DispositionKind) else None,
    )  # fmt: skip


def rank_leads(
    debtor: Debtor,
    scored: Sequence[ScoredCandidate],
    dispositions: Sequence[Disposition] = (),
    *,
    today: date | None = None,
) -> list[Lead]:
    """Merged address and phone leads from the candidates that are not below the floor,
    best first, each with its sources and the reasons for its score."""
    known = known_to_debtor(debtor)
    marks = dispositions_by_key([d for d in dispositions if d.account_id == debtor.account_id])
    day = today or date.today()
    leads = [_score(entry, known, dict(marks), day) for entry in gather_leads(scored)]
    return sorted(leads, key=lambda lead: (-lead.score, lead.kind, lead.value))


def rank_for_search(
    request: SearchRequest, candidates: Sequence[Candidate]
) -> tuple[list[ScoredCandidate], list[Lead]]:
    """The orchestrator's ranking hook (``RankLeads``): scored candidates and ranked
    leads for the request's debtor."""
    scored = score_candidates(request.debtor, candidates)
    return scored, rank_leads(request.debtor, scored)
