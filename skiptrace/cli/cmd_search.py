"""``search``: one logged search of an account through the connectors, printed as it runs."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import Any

from skiptrace.candidate import Candidate
from skiptrace.candidate_json import candidate_to_dict
from skiptrace.cli.cmd_connectors import registry_from_args
from skiptrace.cli.common import CliError, Commands, command, open_from_args, print_json
from skiptrace.gate.request import SearchRequest
from skiptrace.matching import Lead, ScoredCandidate
from skiptrace.model import SubjectType
from skiptrace.research.findings import Findings, research_orchestrator
from skiptrace.research.records_found import verdict_text
from skiptrace.sources.model import Outcome
from skiptrace.sources.orchestrator import SearchResult
from skiptrace.store.accounts import load_debtor


def register(sub: Commands) -> None:
    p = command(
        sub, "search", cmd_search, "search an account through the connectors (logged)",
        "Run a logged search: the purpose and justification are recorded before any source "
        "is asked. Exit status 0 when the search ran, whatever each source answered; "
        "non-zero when it was refused or could not be logged.",
    )  # fmt: skip
    p.add_argument("account_id", metavar="ACCOUNT_ID")
    p.add_argument(
        "--purpose", action="append", required=True, metavar="CODE", help="purpose code (repeat)"
    )
    p.add_argument("--justification", required=True, metavar="TEXT")
    p.add_argument(
        "--subject", choices=[s.value for s in SubjectType], default=SubjectType.DEBTOR.value
    )
    p.add_argument(
        "--connector", action="append", default=[], metavar="ID", help="ask only these (repeat)"
    )
    p.add_argument("--json", action="store_true", help="print one JSON document")


def _outcome_line(o: Outcome) -> str:
    timing = f"{o.elapsed_ms:>7.0f} ms"
    return f"  {o.connector_id:<18} {o.status.value:<13} {o.count:>3}  {timing}  {o.message}"


def _candidate_dict(c: Candidate) -> dict[str, Any]:
    d = candidate_to_dict(c)
    d["dob"] = str(c.dob.year) if c.dob else None  # birth year only on screen
    d.pop("raw", None)
    return d


def _candidate_lines(c: Candidate) -> list[str]:
    who = c.full_name or "(facts about the account's own data)"
    extra = f", born {c.dob.year}" if c.dob else ""
    extra += f", SSN ***-**-{c.ssn_last4}" if c.ssn_last4 else ""
    extra += f" [{c.relationship}]" if c.relationship else ""
    lines = [f"  {c.source}:{c.record_id}  {who}{extra}"]
    for a in c.addresses:
        when = " to ".join(p for p in (a.first_seen, a.last_seen) if p)
        lines.append(f"      address {a.address.one_line()}  {when} {a.status}".rstrip())
    for p in c.phones:
        lines.append(f"      phone   {p.number}  {p.line_type} {p.status} {p.last_seen}".rstrip())
    for f in c.flags:
        detail = ", ".join(f"{k} {v}" for k, v in f.detail.items() if v)
        lines.append(f"      {f.kind.value:<7} {f.date} {detail}".rstrip())
    lines.extend(f"      email   {e}" for e in c.emails)
    lines.extend(f"      works   {e}" for e in c.employers)
    return lines


def _document(result: SearchResult) -> dict[str, Any]:
    return {
        "search_id": result.request.search_id,
        "account_id": result.request.debtor.account_id,
        "purposes": list(result.request.purpose_codes),
        "subject": result.request.subject.value,
        "cancelled": result.cancelled,
        "log": {"started_seq": result.started.seq, "completed_seq": result.completed.seq},
        "outcomes": [{"connector": o.connector_id, **o.summary()} for o in result.outcomes],
        "candidates": _scored_dicts(result),
        "leads": [_lead_dict(lead) for lead in _findings(result).leads],
        "rank_error": result.rank_error,
    }


def _findings(result: SearchResult) -> Findings:
    return result.leads if isinstance(result.leads, Findings) else Findings((), ())


def _scored_dicts(result: SearchResult) -> list[dict[str, Any]]:
    by_id = {(s.candidate.source, s.candidate.record_id): s for s in _findings(result).scored}
    out = []
    for c in result.candidates:
        d = _candidate_dict(c)
        s = by_id.get((c.source, c.record_id))
        if s is not None:
            d["match"] = {
                "probability": round(s.probability, 4),
                "reason": s.reason.value,
                "verdict": verdict_text(s.reason.value),
                "explanation": s.explanation,
            }
        out.append(d)
    return out


def _lead_dict(lead: Lead) -> dict[str, Any]:
    return {
        "kind": lead.kind.value,
        "value": lead.value,
        "score": round(lead.score, 4),
        "bits": round(lead.bits, 2),
        "identity": round(lead.identity, 4),
        "group": lead.group,
        "prominent": lead.prominent,
        "sources": [
            {
                "source": s.source,
                "record_id": s.record_id,
                "probability": round(s.probability, 4),
                "last_seen": s.last_seen,
                "status": s.status,
            }
            for s in lead.sources
        ],
        "line_type": lead.line_type,
        "valid": lead.valid,
        "last_seen": lead.last_seen,
        "disposition": lead.disposition.value if lead.disposition else None,
        "explanation": lead.explanation,
    }


def cmd_search(args: argparse.Namespace) -> int:
    registry = registry_from_args(args)
    with open_from_args(args) as ws:
        with ws.engine.connect() as conn:
            debtor = load_debtor(conn, args.account_id, ws.cipher)
        if debtor is None:
            raise CliError(f"no account {args.account_id!r} in {ws.display_url}")
        request = SearchRequest(
            debtor,
            tuple(args.purpose),
            args.justification,
            SubjectType(args.subject),
            connector_ids=tuple(args.connector),
        )
        orchestrator = research_orchestrator(ws, registry)
        show: Callable[[Outcome], None] | None = None
        if not args.json:
            print(f"search {request.search_id} of {debtor.account_id} ({debtor.full_name})")
            show = lambda o: print(_outcome_line(o), flush=True)  # noqa: E731
        result = orchestrator.run(request, on_outcome=show)
    if args.json:
        print_json(_document(result))
        return 0
    findings = _findings(result)
    scored = {(s.candidate.source, s.candidate.record_id): s for s in findings.scored}
    _print_candidates(result.candidates, scored)
    if result.rank_error:
        print(result.rank_error)
    print(f"{len(findings.leads)} ranked lead(s):")
    for lead in findings.leads:
        sources = ", ".join(sorted({s.source for s in lead.sources}))
        print(f"  {lead.score:4.2f}  {lead.group:<9} {lead.value}  [{sources}]")
        print(f"        why: {lead.explanation}")
    print(f"logged as entries {result.started.seq} and {result.completed.seq}")
    return 0


def _print_candidates(
    candidates: Sequence[Candidate], scored: dict[tuple[str, str], ScoredCandidate]
) -> None:
    print(f"{len(candidates)} candidate(s):")
    for c in candidates:
        lines = _candidate_lines(c)
        s = scored.get((c.source, c.record_id))
        if s is not None:
            lines[0] += f"  -> {verdict_text(s.reason.value)} ({s.probability:.2f})"
            lines.insert(1, f"      why: {s.explanation}")
        for line in lines:
            print(line)
