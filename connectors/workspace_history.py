"""Earlier leads and dispositions of the same account, from this workspace.

So a number a collector marked disconnected last month shows as disconnected today, and
a verified address shows as verified. Reads only through the context's read-only
``history`` callback: connectors never touch the store.
"""

from __future__ import annotations

from skiptrace.connector_api import (
    About,
    AccountHistory,
    Address,
    Candidate,
    Context,
    LeadKind,
    Manifest,
    Outcome,
    Query,
    QueryField,
    SeenAddress,
    SeenPhone,
    SourceFailure,
    Status,
)


def parse_one_line(value: str) -> Address:
    """An address written by ``Address.one_line`` ("street, city, ST ZIP") back in parts."""
    parts = [p.strip() for p in value.split(",")]
    if len(parts) >= 3:
        tail = parts[-1].split()
        state = tail[0] if tail else ""
        zip_code = tail[1] if len(tail) > 1 else ""
        return Address(", ".join(parts[:-2]), "", parts[-2], state, zip_code)
    return Address(value)


def _statuses(history: AccountHistory) -> dict[tuple[str, str], tuple[str, str]]:
    """Latest disposition per lead: (kind, value) -> (disposition, recorded_at)."""
    latest: dict[tuple[str, str], tuple[str, str]] = {}
    for d in history.dispositions:  # newest first: keep the first seen
        latest.setdefault((d.lead_kind, d.lead_value), (d.kind, d.recorded_at))
    return latest


class WorkspaceHistory:
    """What this workspace already learned about the account."""

    manifest = Manifest(
        id="workspace_history",
        display_name="Earlier searches and dispositions (this workspace)",
        needs=(QueryField.ACCOUNT,),
        returns=(LeadKind.ADDRESS, LeadKind.PHONE, LeadKind.EMAIL, LeadKind.EMPLOYER),
        cost_note="free; local",
        network=False,
        description="Earlier leads and the dispositions collectors recorded on them.",
    )

    def search(self, query: Query, context: Context) -> Outcome:
        if context.history is None:
            raise SourceFailure(Status.ERROR, "no workspace history is available to this search")
        history = context.history(query.account_id)
        statuses = _statuses(history)
        values: dict[tuple[str, str], str] = {}  # (kind, value) -> when last found
        for lead in history.leads:
            values.setdefault((lead.kind, lead.value), lead.found_at[:10])
        for d in history.dispositions:
            values.setdefault((d.lead_kind, d.lead_value), d.recorded_at[:10])
        if not values:
            return Outcome(
                self.manifest.id, Status.NO_HIT, "no earlier leads or dispositions for this account"
            )
        addresses: list[SeenAddress] = []
        phones: list[SeenPhone] = []
        emails: list[str] = []
        employers: list[str] = []
        raw: list[dict[str, str]] = []
        for (kind, value), seen in values.items():
            status, when = statuses.get((kind, value), ("earlier lead", seen))
            raw.append({"kind": kind, "value": value, "status": status, "when": when})
            if kind == LeadKind.PHONE:
                phones.append(SeenPhone(value, last_seen=when[:10], status=status))
            elif kind == LeadKind.ADDRESS:
                addresses.append(
                    SeenAddress(parse_one_line(value), last_seen=when[:10], status=status)
                )
            elif kind == LeadKind.EMAIL:
                emails.append(value)
            elif kind == LeadKind.EMPLOYER:
                employers.append(value)
        candidate = Candidate(
            source=self.manifest.id,
            record_id=f"history:{query.account_id}",
            about=About.QUERY,
            addresses=tuple(addresses),
            phones=tuple(phones),
            emails=tuple(emails),
            employers=tuple(employers),
            raw={"leads": raw},
        )
        n = len(raw)
        marked = sum(1 for r in raw if r["status"] != "earlier lead")
        return Outcome(
            self.manifest.id,
            Status.OK,
            f"{n} earlier lead(s), {marked} with a collector's disposition",
            (candidate,),
        )
