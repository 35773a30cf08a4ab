"""Research: a search whose candidates are matched to the debtor and turned into ranked
leads, with the collector's earlier dispositions weighed in and the leads stored.

This is the glue between the orchestrator (which asks the sources) and matching (which
decides who is the debtor); the CLI's ``search`` and the app's research view use it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import sqlalchemy as sa

from skiptrace.candidate import Candidate
from skiptrace.gate.request import SearchRequest
from skiptrace.matching import Lead, ScoredCandidate, rank_leads, score_candidates
from skiptrace.model import Disposition
from skiptrace.research.dispositions import SUPPRESSING, dispositions_for
from skiptrace.sources.orchestrator import Orchestrator
from skiptrace.sources.registry import ConnectorRegistry
from skiptrace.store import schema
from skiptrace.store.group_commit import Writer
from skiptrace.workspace.workspace import Workspace

_INSERT_LEADS = schema.leads.insert()  # built once (its compiled form is kept)


@dataclass(frozen=True)
class Findings:
    """What matching made of a search's candidates: who is the debtor, and the leads."""

    scored: tuple[ScoredCandidate, ...]
    leads: tuple[Lead, ...]
    # leads held back because a collector marked them wrong party, disconnected or
    # do-not-contact (only when asked for: see ``without_worked``)
    suppressed: tuple[Lead, ...] = ()


def find(
    request: SearchRequest,
    candidates: Sequence[Candidate],
    dispositions: Sequence[Disposition] = (),
) -> Findings:
    """Score every candidate against the debtor and rank the leads they carry."""
    scored = score_candidates(request.debtor, candidates)
    return Findings(tuple(scored), tuple(rank_leads(request.debtor, scored, dispositions)))


def without_worked(findings: Findings) -> Findings:
    """The findings with every lead already marked wrong party, disconnected or
    do-not-contact moved to ``suppressed``: such a lead never comes back as a fresh one."""
    fresh = tuple(lead for lead in findings.leads if lead.disposition not in SUPPRESSING)
    held = tuple(lead for lead in findings.leads if lead.disposition in SUPPRESSING)
    return replace(findings, leads=fresh, suppressed=findings.suppressed + held)


def save_leads(conn: sa.Connection, search_id: str, account_id: str, findings: Findings) -> None:
    """Store a search's ranked leads with its search id."""
    rows = [
        {
            "search_id": search_id,
            "account_id": account_id,
            "kind": lead.kind.value,
            "lead_key": lead.key,
            "value": lead.value,
            "score": lead.score,
            "payload": json.dumps(
                {
                    "sources": [
                        [s.source, s.record_id, round(s.probability, 4)] for s in lead.sources
                    ],
                    "reasons": list(lead.reasons),
                    "line_type": lead.line_type,
                    "valid": lead.valid,
                    "last_seen": lead.last_seen,
                    "bits": round(lead.bits, 3),
                    "identity": round(lead.identity, 4),
                    "group": lead.group,
                    "prominent": lead.prominent,
                }
            ),
        }
        for lead in findings.leads
    ]
    if rows:
        conn.execute(_INSERT_LEADS, rows)


def research_orchestrator(
    workspace: Workspace,
    registry: ConnectorRegistry,
    *,
    suppress_worked: bool = False,
    **kw: Any,
) -> Orchestrator:
    """An orchestrator whose searches end in matched candidates and stored, ranked leads.

    ``suppress_worked``: leads marked wrong party, disconnected or do-not-contact are held
    back (``Findings.suppressed``), never stored as fresh (a batch asks for this). Other
    keywords go to ``Orchestrator.for_workspace``.
    """
    engine = workspace.engine
    shared: Writer[list[Disposition]] | None = kw.get("writer")

    def marks_of(account_id: str) -> list[Disposition]:
        if shared is not None:  # a batch's shared commits: the read joins one of them
            return shared(lambda conn: dispositions_for(conn, account_id))
        with engine.connect() as conn:
            return dispositions_for(conn, account_id)

    def rank(request: SearchRequest, candidates: Sequence[Candidate]) -> Findings:
        findings = find(request, candidates, marks_of(request.debtor.account_id))
        return without_worked(findings) if suppress_worked else findings

    def store(conn: sa.Connection, search_id: str, account_id: str, leads: object) -> None:
        if isinstance(leads, Findings):
            save_leads(conn, search_id, account_id, leads)

    return Orchestrator.for_workspace(workspace, registry, rank=rank, save_leads=store, **kw)
