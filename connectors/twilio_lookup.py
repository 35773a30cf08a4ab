"""Twilio Lookup v2: line type, carrier, and the reassigned-number answer for each phone.

``GET {base_url}/v2/PhoneNumbers/{E164}?Fields=line_type_intelligence,reassigned_number
&LastVerifiedDate=YYYYMMDD`` with HTTP basic auth (account SID, auth token). The answer
(Twilio's documented JSON) has ``phone_number``, ``valid``, ``validation_errors``,
``line_type_intelligence: {type, carrier_name, mobile_country_code, mobile_network_code,
error_code}`` (``type``: mobile, landline, fixedVoip, nonFixedVoip, tollFree, ...) and
``reassigned_number: {last_verified_date, is_number_reassigned, error_code}``
(``is_number_reassigned``: "yes", "no", or no data).

The date asked about is the lead's last verified date from the account history (a
``verified`` disposition), else the consent or placement date (47 CFR 64.1200(m)). The
query and the answer are returned as ``Outcome.evidence``, which the search log keeps:
the safe-harbour evidence a caller must be able to show. Line type matters for the TCPA:
an autodialer or prerecorded voice to a wireless number needs prior express consent.
"""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import quote

from skiptrace.connector_api import (
    REASSIGNED_STATUS,
    About,
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
    get_json,
    lookup,
    phone_asked_date,
    text,
    us_phone,
)

# Twilio's line types, in the words ranking and the desk use
LINE_TYPES = {"mobile": "mobile", "landline": "landline", "fixedvoip": "voip",
              "nonfixedvoip": "voip", "tollfree": "toll-free", "pager": "pager",
              "voicemail": "voicemail", "personal": "personal", "premium": "premium-rate",
              "sharedcost": "shared-cost", "uan": "uan"}  # fmt: skip


def reassigned_answer(raw: Any) -> bool | None:
    """True for "yes", False for "no", None for no data (anything else)."""
    said = str(raw).strip().lower() if raw is not None else ""
    return {"yes": True, "true": True, "no": False, "false": False}.get(said)


class TwilioLookup:
    """Line type, carrier and reassigned-number answers from Twilio Lookup v2."""

    manifest = Manifest(
        id="twilio_lookup",
        display_name="Twilio Lookup (line type, reassigned numbers)",
        needs=(QueryField.PHONE,),
        returns=(LeadKind.PHONE,),
        credentials=("account_sid", "auth_token"),
        rate_limit=RateLimit(per_second=5, burst=5),
        cost_note="paid per lookup: line type intelligence and reassigned number packages",
        network=True,
        enabled_by_default=False,
        defaults={"base_url": "https://lookups.twilio.com", "timeout": "10"},
        description="Whether each phone is wireless, landline or VoIP, its carrier, and "
        "whether it was reassigned since the consent date (FCC RND through Twilio).",
    )

    def search(self, query: Query, context: Context) -> Outcome:
        sid = context.secret("account_sid")
        token = context.secret("auth_token")
        base = context.require_setting("base_url").rstrip("/")
        auth = base64.b64encode(f"{sid}:{token}".encode()).decode("ascii")
        candidates: list[Candidate] = []
        evidence: list[dict[str, Any]] = []
        for number in dict.fromkeys(us_phone(p)[0] for p in query.phones):
            asked = phone_asked_date(context, query.account_id, number)
            params = {"Fields": "line_type_intelligence"}
            if asked:
                params = {"Fields": "line_type_intelligence,reassigned_number",
                          "LastVerifiedDate": asked.replace("-", "")}  # fmt: skip
            data = get_json(
                context,
                f"{base}/v2/PhoneNumbers/{quote(number)}",
                params=params,
                headers={"Authorization": f"Basic {auth}", "Accept": "application/json"},
            )
            candidate, item = self._read(data, number, asked)
            candidates.append(candidate)
            evidence.append(item)
        if not candidates:
            return Outcome(self.manifest.id, Status.NO_HIT, "the account has no phone to look up")
        unknown = sum(1 for e in evidence if e.get("reassigned") is None)
        message = f"{len(candidates)} number(s) looked up"
        if unknown:
            message += f"; {unknown} without a reassigned-number answer (no data or no date)"
        return Outcome(self.manifest.id, Status.OK, message, tuple(candidates),
                       evidence=tuple(evidence))  # fmt: skip

    def _read(self, data: Any, number: str, asked: str) -> tuple[Candidate, dict[str, Any]]:
        e164 = lookup(data, "phone_number") or number
        valid = lookup(data, "valid", True) is not False
        line = lookup(data, "line_type_intelligence") or {}
        raw_type = str(lookup(line, "type") or "") if isinstance(line, dict) else ""
        line_type = LINE_TYPES.get(raw_type.lower(), raw_type.lower() or "unknown")
        carrier = str(lookup(line, "carrier_name") or "") if isinstance(line, dict) else ""
        rn = lookup(data, "reassigned_number")
        said = text(rn, "is_number_reassigned", where="reassigned_number") if rn else None
        reassigned = reassigned_answer(said) if asked else None
        status = "invalid" if not valid else (REASSIGNED_STATUS if reassigned else "")
        error = lookup(rn, "error_code") if rn else None
        item = PhoneAnswer(
            "phone-lookup", e164, asked, reassigned, "" if said is None else str(said),
            safe_harbor=reassigned is False, line_type=line_type, carrier=carrier,
            more={"error_code": error} if error is not None else {},
        ).evidence()  # fmt: skip
        candidate = Candidate(
            source=self.manifest.id,
            record_id=f"lookup:{e164}",
            about=About.QUERY,
            phones=(SeenPhone(e164, line_type, status=status),),
            raw={"line_type_intelligence": line, "reassigned_number": rn, "valid": valid},
        )
        return candidate, item
