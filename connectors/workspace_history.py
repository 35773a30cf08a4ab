"""Earlier leads and dispositions of the same account, from this workspace.

So a number a collector marked disconnected last month shows as disconnected today, and
a verified address shows as verified. Reads only through the context's read-only
``history`` callback: connectors never touch the store.
"""

from __future__ import annotations

from skiptrace import connector_api as api


def one_line_parts(value: str) -> dict[str, str]:
    """An address written by ``Address.one_line`` ("street, city, ST ZIP") back in parts."""
    parts = [p.strip() for p in value.split(",")]
    if len(parts) < 3:
        return {"line1": value}
    tail = parts[-1].split()
    return {
        "line1": ", ".join(parts[:-2]),
        "city": parts[-2],
        "state": tail[0] if tail else "",
        "zip": tail[1] if len(tail) > 1 else "",
    }


def _statuses(history: api.AccountHistory) -> dict[tuple[str, str], tuple[str, str]]:
    """Latest disposition per lead: (kind, value) -> (disposition, recorded_at)."""
    latest: dict[tuple[str, str], tuple[str, str]] = {}
    for d in history.dispositions:  # newest first: keep the first seen
        latest.setdefault((d.lead_kind, d.lead_value), (d.kind, d.recorded_at))
    return latest


class WorkspaceHistory:
    """What this workspace already learned about the account."""

    manifest = api.Manifest(
        id="workspace_history",
        display_name="Earlier searches and dispositions (this workspace)",
        needs=(api.QueryField.ACCOUNT,),
        returns=api.PERSON_LEADS,
        cost_note="free; local",
        network=False,
        description="Earlier leads and the dispositions collectors recorded on them.",
    )

    def search(self, query: api.Query, context: api.Context) -> api.Outcome:
        if context.history is None:
            raise api.SourceFailure(
                api.Status.ERROR, "no workspace history is available to this search"
            )
        history = context.history(query.account_id)
        statuses = _statuses(history)
        values: dict[tuple[str, str], str] = {}  # (kind, value) -> when last found
        for lead in history.leads:
            values.setdefault((lead.kind, lead.value), lead.found_at[:10])
        for d in history.dispositions:
            values.setdefault((d.lead_kind, d.lead_value), d.recorded_at[:10])
        if not values:
            return api.found(
                self.manifest.id,
                [],
                no_hit_message="no earlier leads or dispositions for this account",
            )
        addresses: list[dict[str, str]] = []
        phones: list[dict[str, str]] = []
        by_kind: dict[str, list[str]] = {api.LeadKind.EMAIL: [], api.LeadKind.EMPLOYER: []}
        raw: list[dict[str, str]] = []
        for (kind, value), seen in values.items():
            status, when = statuses.get((kind, value), ("earlier lead", seen))
            raw.append({"kind": kind, "value": value, "status": status, "when": when})
            marks = {"last_seen": when, "status": status}
            if kind == api.LeadKind.PHONE:
                phones.append({"number": value, **marks})
            elif kind == api.LeadKind.ADDRESS:
                addresses.append({**one_line_parts(value), **marks})
            elif kind in by_kind:
                by_kind[kind].append(value)
        candidate = api.person_candidate(
            self.manifest.id,
            f"history:{query.account_id}",
            {},
            about=api.About.QUERY,
            addresses=addresses,
            phones=phones,
            emails=by_kind[api.LeadKind.EMAIL],
            employers=by_kind[api.LeadKind.EMPLOYER],
            raw={"leads": raw},
        )
        n = len(raw)
        marked = sum(1 for r in raw if r["status"] != "earlier lead")
        return api.found(
            self.manifest.id,
            [candidate],
            message=f"{n} earlier lead(s), {marked} with a collector's disposition",
        )
