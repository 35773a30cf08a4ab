"""CourtListener (Free Law Project) REST API v4: bankruptcy and civil dockets by party name.

``GET {base_url}/api/rest/v4/search/?type=d&q=...`` with ``Authorization: Token <token>``.
The answer is ``{"count", "next", "previous", "results": [...]}``; each docket result
has ``docket_id``, ``caseName``, ``docketNumber``, ``court``, ``court_id``,
``dateFiled``, ``dateTerminated``, ``chapter`` (bankruptcy), ``trustee_str``, ``party``
and ``docket_absolute_url``. Bankruptcy courts' ids end in ``b`` (``ohsb``, ``nysb``).
"""

from __future__ import annotations

from typing import Any

from skiptrace import connector_api as api


def _is_bankruptcy(court_id: str, chapter: str) -> bool:
    return bool(chapter) or court_id.endswith("b") or court_id.endswith("bk")


def _party_name(parties: list[Any], query: api.Query) -> tuple[str, str, str]:
    """The party entry naming the subject, split into first, middle, last."""
    last = query.last_name.lower()
    for party in parties:
        if isinstance(party, str) and last and last in party.lower():
            words = party.replace(",", " ").split()
            if len(words) >= 2:
                return words[0], " ".join(words[1:-1]), words[-1]
    return "", "", ""


def _docket(result: Any, where: str, query: api.Query, base: str) -> api.Candidate:
    docket_id = api.text(result, "docket_id", where=where)
    case_name = api.dig(result, "caseName", str, where=where)
    court_id = api.text(result, "court_id", where=where)
    chapter = api.text(result, "chapter", where=where)
    filed = api.text(result, "dateFiled", where=where)
    parties = api.lookup(result, "party", []) or []
    if not isinstance(parties, list):
        parties = []
    first, middle, last = _party_name(parties, query)
    kind = api.LeadKind.BANKRUPTCY if _is_bankruptcy(court_id, chapter) else api.LeadKind.LITIGATION
    detail = {
        "court": api.text(result, "court", where=where),
        "court_id": court_id,
        "case_number": api.text(result, "docketNumber", where=where),
        "case_name": case_name,
        "date_filed": filed,
        "date_terminated": api.text(result, "dateTerminated", where=where),
        "url": base + api.text(result, "docket_absolute_url", where=where),
    }
    if chapter:
        detail["chapter"] = chapter
    return api.Candidate(
        source=CourtListener.manifest.id,
        record_id=f"docket:{docket_id or detail['case_number']}",
        first_name=first,
        middle_name=middle,
        last_name=last,
        flags=(api.Flag(kind, filed, detail),),
        raw={k: v for k, v in result.items() if k != "meta"} if isinstance(result, dict) else {},
    )


class CourtListener:
    """Federal bankruptcy and civil dockets naming the subject as a party."""

    manifest = api.Manifest(
        id="courtlistener",
        display_name="CourtListener dockets (bankruptcy, civil)",
        needs=(api.QueryField.NAME,),
        returns=(api.LeadKind.BANKRUPTCY, api.LeadKind.LITIGATION),
        credentials=("token",),
        rate_limit=api.RateLimit(per_second=1, burst=3),
        cost_note="free account token; 5,000 requests a day",
        network=True,
        enabled_by_default=False,
        defaults={
            "base_url": "https://www.courtlistener.com",
            "timeout": "15",
            "courts": "",  # space-separated court ids to limit the search, e.g. "ohsb ohnb"
            "search_type": "d",
        },
        description="Docket hits for the subject's name, with court, case number, filing "
        "date and chapter.",
    )

    def search(self, query: api.Query, context: api.Context) -> api.Outcome:
        token = context.secret("token")  # auth_failed before any request when absent
        base = context.require_setting("base_url").rstrip("/")
        name = " ".join(p for p in (query.first_name, query.last_name) if p)
        params = {
            "type": context.setting("search_type", "d"),
            "q": f'"{name}"',
            "party_name": name,
            "order_by": "dateFiled desc",
        }
        if context.setting("courts"):
            params["court"] = context.setting("courts")
        data = api.get_json(
            context,
            f"{base}/api/rest/v4/search/",
            params=params,
            headers={"Authorization": f"Token {token}", "Accept": "application/json"},
        )
        results = api.dig(data, "results", list)
        hits = [_docket(r, f"results[{i}]", query, base) for i, r in enumerate(results)]
        total = api.lookup(data, "count")
        shown = f"the {len(hits)} most recent are shown"
        more = isinstance(total, int) and total > len(hits)
        message = f"{total} dockets name this person; {shown}" if more else ""
        return api.found(self.manifest.id, hits, message=message)
