"""Ranking leads: how sure we are the record is the debtor, times the evidence that the
lead still reaches them: corroboration by independent sources, recency, what the lead
is, what the sources say of it, and what collectors already learned. Flags on a record
matched to the debtor (deceased, bankruptcy, litigation) come before everything else."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from skiptrace.candidate import (
    REASSIGNED_STATUS,
    REASSIGNED_TEXT,
    WIRELESS_TEXT,
    Candidate,
    LeadKind,
)
from skiptrace.matching.lead_kinds import FLAG_KINDS
from skiptrace.matching.leads import (
    Gathered,
    Lead,
    dispositions_by_key,
    gather_leads,
    known_to_debtor,
)
from skiptrace.matching.live import DEFAULT_THRESHOLD, ScoredCandidate, score_candidates
from skiptrace.model import Debtor, Disposition, DispositionKind

if TYPE_CHECKING:  # annotations only: the store and matching sit below the gate
    from skiptrace.gate.request import SearchRequest

_DISPOSITION_BITS = {
    DispositionKind.VERIFIED: 3.0,
    DispositionKind.WRONG_PARTY: -8.0,
    DispositionKind.DISCONNECTED: -8.0,
    DispositionKind.DO_NOT_CONTACT: -12.0,
    DispositionKind.BAD_ADDRESS: -8.0,
    DispositionKind.MOVED: -6.0,
    DispositionKind.NO_LONGER_THERE: -6.0,
}
# a number known to be mobile can take calls and texts anywhere the debtor went
_LINE_BITS = {"mobile": 1.5, "mobile-or-landline": 0.5, "voip": 0.5}
# what a source may say of a contact point that means it no longer reaches anyone
_DEAD_STATUSES = frozenset({"disconnected", "undeliverable", "vacant", "invalid",
                            "not in service", "returned", "bad"})  # fmt: skip
_DEAD_BITS = -6.0
# 47 CFR 64.1200(m): a number the reassigned-numbers database says changed hands since
# the consent date reaches someone else; TCPA: a wireless number needs consent to autodial
_REASSIGNED_BITS = -12.0
# where a lead starts before its own evidence: a flag is as sure as its record; a
# relative is a way to reach the debtor, not the debtor
_BASE_BITS = {LeadKind.RELATIVE: -1.0, **{k: 3.0 for k in FLAG_KINDS}}
_CORROBORATION_BITS = 1.0  # per independent source beyond the first
_FRESH_BITS, _BITS_PER_YEAR = 1.0, 0.75  # seen this year: +1; each year since: -0.75


def _years_since(text: str, today: date) -> float | None:
    try:
        seen = date.fromisoformat(text[:10])
    except ValueError:
        return None
    return max((today - seen).days / 365.25, 0.0)


def _signed(bits: float) -> str:
    return f"{'+' if bits >= 0 else '−'}{abs(bits):.1f}"


def _identity(entry: Gathered) -> tuple[float, dict[str, float]]:
    """Noisy-or of the best identity probability per source, over the sources that
    identify people (a check of the account's own phone says nothing of who answers)."""
    best: dict[str, float] = {}
    for s in entry.sources:
        if not s.about_query:
            best[s.source] = max(best.get(s.source, 0.0), s.probability)
    if not best:  # only the account's own details, checked: as sure as the account
        return 1.0, best
    return 1.0 - math.prod(1.0 - min(p, 0.999) for p in best.values()), best


def _score(entry: Gathered, known: set[str], dispositions: dict[str, DispositionKind],
           today: date) -> Lead:  # fmt: skip
    identity, per_source = _identity(entry)
    reasons = [f"identity {identity:.2f}" if per_source else "the account's own details"]
    bits = _BASE_BITS.get(entry.kind, 0.0)
    if bits:
        reasons.append(f"{entry.kind.value} ({_signed(bits)})")
    if len(per_source) > 1:
        extra = _CORROBORATION_BITS * (len(per_source) - 1)
        bits += extra
        reasons.append(f"{len(per_source)} sources agree ({_signed(extra)})")
    # when a check of the account's own details (or an earlier search) ran is not when
    # anyone saw the debtor there
    sightings = [s for s in entry.sources if not s.about_query] or entry.sources
    last_seen = max((s.last_seen for s in sightings), default="")
    age = _years_since(last_seen, today) if last_seen else None
    if age is not None and entry.kind in (LeadKind.ADDRESS, LeadKind.PHONE):
        recency = max(_FRESH_BITS - _BITS_PER_YEAR * max(age - 1.0, 0.0), -5.0)
        bits += recency
        reasons.append(f"last seen {last_seen[:10]} ({_signed(recency)})")
    if not entry.valid:
        bits -= 4.0
        reasons.append(f"invalid {entry.kind.value} (−4.0)")
    elif entry.kind is LeadKind.PHONE and entry.line_type in _LINE_BITS:
        line = _LINE_BITS[entry.line_type]
        bits += line
        reasons.append(f"{entry.line_type} ({_signed(line)})")
    dead = sorted({(s.source, s.status.lower()) for s in entry.sources
                   if s.status.lower() in _DEAD_STATUSES})  # fmt: skip
    if dead:
        bits += _DEAD_BITS
        said = "; ".join(f"{source} says {status}" for source, status in dead)
        reasons.append(f"{said} ({_signed(_DEAD_BITS)})")
    if any(s.status.lower() == REASSIGNED_STATUS for s in entry.sources):
        bits += _REASSIGNED_BITS
        reasons.append(f"{REASSIGNED_TEXT} ({_signed(_REASSIGNED_BITS)})")
    elif entry.kind is LeadKind.PHONE and entry.line_type == "mobile":
        reasons.append(WIRELESS_TEXT)
    if entry.key in known:
        bits -= 1.0
        reasons.append("already on the account (−1.0)")
    disposition = dispositions.get(entry.key)
    if disposition is not None:
        mark = _DISPOSITION_BITS[disposition]
        bits += mark
        reasons.append(f"marked {disposition.value} ({_signed(mark)})")
    # the score is a probability (the record is the debtor and the lead reaches them),
    # so leads of one sure record still differ by their own evidence
    score = identity / (1.0 + 2.0 ** (-bits))
    return Lead(
        kind=entry.kind, value=entry.value, key=entry.key, sources=tuple(entry.sources),
        score=score, reasons=tuple(reasons), line_type=entry.line_type, valid=entry.valid,
        last_seen=last_seen, disposition=disposition, bits=bits, identity=identity,
        prominent=entry.kind in FLAG_KINDS and identity >= DEFAULT_THRESHOLD,
    )  # fmt: skip


def rank_leads(
    debtor: Debtor,
    scored: Sequence[ScoredCandidate],
    dispositions: Sequence[Disposition] = (),
    *,
    today: date | None = None,
) -> list[Lead]:
    """Merged leads (addresses, phones, emails, employers, flags, relatives) from the
    candidates that are not below the floor, best first, each with its sources and the
    reasons for its score; flags on a matched record first of all."""
    known = known_to_debtor(debtor)
    marks = dispositions_by_key([d for d in dispositions if d.account_id == debtor.account_id])
    day = today or date.today()
    leads = [_score(entry, known, marks, day) for entry in gather_leads(scored)]
    return sorted(leads, key=lambda lead: (not lead.prominent, -lead.score, -lead.bits,
                                           lead.kind, lead.value))  # fmt: skip


def rank_for_search(
    request: SearchRequest, candidates: Sequence[Candidate]
) -> tuple[list[ScoredCandidate], list[Lead]]:
    """The orchestrator's ranking hook (``RankLeads``): scored candidates and ranked
    leads for the request's debtor."""
    scored = score_candidates(request.debtor, candidates)
    return scored, rank_leads(request.debtor, scored)
