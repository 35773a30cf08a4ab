"""What one account's search yielded, counted for the batch report: a new phone or address,
flags, verified leads found again, suppressed leads, each source's outcome."""

from __future__ import annotations

from skiptrace.batch.model import AccountResult
from skiptrace.candidate import LeadKind
from skiptrace.matching.lead_kinds import FLAG_KINDS
from skiptrace.matching.leads import Lead, known_to_debtor
from skiptrace.matching.live import DEFAULT_THRESHOLD
from skiptrace.model import DispositionKind
from skiptrace.research.findings import Findings
from skiptrace.sources.orchestrator import SearchResult


def is_new(lead: Lead, known: set[str]) -> bool:
    """A contact point the account lacked, on a record matched to the debtor, not worked."""
    return (
        lead.kind in (LeadKind.PHONE, LeadKind.ADDRESS)
        and lead.valid
        and lead.disposition is None
        and lead.identity >= DEFAULT_THRESHOLD
        and lead.key not in known
    )


def _sources(lead: Lead) -> set[str]:
    return {s.source for s in lead.sources if not s.about_query} or {s.source for s in lead.sources}


def account_result(result: SearchResult) -> AccountResult:
    """The counts of one finished search (the findings its ranking hook returned)."""
    findings = result.leads if isinstance(result.leads, Findings) else Findings((), ())
    known = known_to_debtor(result.request.debtor)
    phones: set[str] = set()
    addresses: set[str] = set()
    flags: dict[str, set[str]] = {}
    for lead in findings.leads:
        if is_new(lead, known):
            (phones if lead.kind is LeadKind.PHONE else addresses).update(_sources(lead))
        elif lead.kind in FLAG_KINDS and lead.prominent:
            flags.setdefault(lead.kind.value, set()).update(_sources(lead))
    return AccountResult(
        outcomes={o.connector_id: o.status.value for o in result.outcomes},
        new_phone_sources=tuple(sorted(phones)),
        new_address_sources=tuple(sorted(addresses)),
        flags=tuple(sorted(flags)),
        flag_sources={k: tuple(sorted(v)) for k, v in sorted(flags.items())},
        verified_again=sum(1 for x in findings.leads if x.disposition is DispositionKind.VERIFIED),
        suppressed=len(findings.suppressed),
        leads=len(findings.leads),
        rank_error=result.rank_error,
    )
