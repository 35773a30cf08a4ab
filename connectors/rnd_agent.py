"""A reassigned-number check through an authorised FCC RND agent's JSON API.

The FCC Reassigned Numbers Database (47 CFR 64.1200(m)) answers a number plus a date
(the consent date, or the last date the caller could reasonably be sure the number
reached the consumer) with yes / no / no data; only "no" on the latest data gives the
safe harbour, and the caller must be able to show the query. Agents' APIs have the
common shape ``GET {base_url}/RNDBasic?phoneNumber=NXXNXXXXXX&date=YYYYMMDD`` answering
``{"PhoneNumber": "...", "IsReassigned": true | false | null, "HasSafeHarbor": bool}``,
with the API key in a header (``loginId`` by default: the ``auth_header`` setting).

The date comes from the lead's history: a ``verified`` disposition's date, else the
account's consent date, else its placement date; a number with none is not asked (a
query dated today would prove nothing). Query and answer go into ``Outcome.evidence``,
kept in the search log.
"""

from __future__ import annotations

from typing import Any

from skiptrace.connector_api import (
    REASSIGNED_STATUS,
    About,
    BadResponse,
    Candidate,
    Context,
    LeadKind,
    Manifest,
    Outcome,
    PhoneAnswer,
    Query,
    QueryField,
    RateLimit,
    SeenPhone,
    Status,
    dig,
    get_json,
    lookup,
    phone_asked_date,
    us_phone,
)


class RndAgent:
    """Whether each phone was reassigned since the consent date, from an RND agent."""

    manifest = Manifest(
        id="rnd_agent",
        display_name="Reassigned Numbers Database (authorised agent)",
        needs=(QueryField.PHONE,),
        returns=(LeadKind.PHONE,),
        credentials=("api_key",),
        rate_limit=RateLimit(per_second=5, burst=5),
        cost_note="paid per query through the agent's subscription",
        network=True,
        enabled_by_default=False,
        defaults={"base_url": "", "timeout": "10", "auth_header": "loginId"},
        description="FCC RND answers (reassigned since the consent date: yes / no / no "
        "data) with the safe-harbour flag, kept as evidence in the search log.",
    )

    def search(self, query: Query, context: Context) -> Outcome:
        key = context.secret("api_key")
        base = context.require_setting("base_url").rstrip("/")
        header = context.setting("auth_header", "loginId")
        candidates: list[Candidate] = []
        evidence: list[dict[str, Any]] = []
        undated = 0
        for number in dict.fromkeys(query.phones):
            e164, ten = us_phone(number)
            asked = phone_asked_date(context, query.account_id, e164)
            if not asked:
                undated += 1
                continue
            data = get_json(
                context,
                f"{base}/RNDBasic",
                params={"phoneNumber": ten, "date": asked.replace("-", "")},
                headers={header: key, "Accept": "application/json"},
            )
            safe = dig(data, "HasSafeHarbor", bool)
            if "IsReassigned" not in data:
                raise BadResponse("IsReassigned", "missing")
            answer = data["IsReassigned"]
            said: bool | None = answer if isinstance(answer, bool) else None
            evidence.append(PhoneAnswer(
                "reassigned-number", e164, asked, said,
                answer={True: "yes", False: "no", None: "no data"}[said],
                safe_harbor=bool(safe and said is False),
            ).evidence())  # fmt: skip
            candidates.append(Candidate(
                source=self.manifest.id,
                record_id=f"rnd:{e164}:{asked}",
                about=About.QUERY,
                phones=(SeenPhone(e164, status=REASSIGNED_STATUS if said else ""),),
                raw={"PhoneNumber": lookup(data, "PhoneNumber"), "IsReassigned": said,
                     "HasSafeHarbor": safe, "date": asked},
            ))  # fmt: skip
        if not candidates:
            why = "no consent, placement or verified date on the account to ask about"
            return Outcome(self.manifest.id, Status.NO_HIT, f"nothing asked: {why}")
        no_data = sum(1 for e in evidence if e["reassigned"] is None)
        message = f"{len(candidates)} number(s) checked"
        if no_data:
            message += f"; {no_data} with no data in the database (no safe harbour)"
        if undated:
            message += f"; {undated} not asked (no date on the account)"
        return Outcome(self.manifest.id, Status.OK, message, tuple(candidates),
                       evidence=tuple(evidence))  # fmt: skip
