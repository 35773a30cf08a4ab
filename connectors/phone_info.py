"""Phone facts, offline, from ``phonenumbers``: validity, E.164, region, time zones, line type.

For US and Canadian numbers the numbering plan does not tell mobile from landline, so the
line type is reported as unknown with that reason, never guessed.
"""

from __future__ import annotations

import phonenumbers
from phonenumbers import PhoneNumberType, geocoder, timezone

from skiptrace import connector_api as api

_TYPES = {
    PhoneNumberType.MOBILE: "mobile",
    PhoneNumberType.FIXED_LINE: "landline",
    PhoneNumberType.VOIP: "voip",
    PhoneNumberType.TOLL_FREE: "toll-free",
    PhoneNumberType.PREMIUM_RATE: "premium-rate",
    PhoneNumberType.PAGER: "pager",
    PhoneNumberType.PERSONAL_NUMBER: "personal",
    PhoneNumberType.UAN: "uan",
    PhoneNumberType.SHARED_COST: "shared-cost",
}
NANP_NOTE = (
    "the North American numbering plan does not say whether a number is mobile or landline; "
    "a carrier lookup is needed to know"
)


def describe(number: str, region: str = "US") -> api.Candidate:
    """What the numbering plan says about one phone number."""
    record = f"phone:{number}"
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException as exc:
        return api.Candidate(
            source=PhoneInfo.manifest.id,
            record_id=record,
            about=api.About.QUERY,
            phones=(api.SeenPhone(number, "unknown", status="invalid"),),
            raw={"input": number, "valid": False, "problem": str(exc)},
        )
    valid = phonenumbers.is_valid_number(parsed)
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    kind = phonenumbers.number_type(parsed)
    region_code = phonenumbers.region_code_for_number(parsed) or ""
    note = ""
    if kind == PhoneNumberType.FIXED_LINE_OR_MOBILE:
        line_type, note = "unknown", NANP_NOTE
    else:
        line_type = _TYPES.get(kind, "unknown")
    return api.Candidate(
        source=PhoneInfo.manifest.id,
        record_id=f"phone:{e164}",
        about=api.About.QUERY,
        phones=(api.SeenPhone(e164, line_type, status="valid" if valid else "invalid"),),
        raw={
            "input": number,
            "e164": e164,
            "valid": valid,
            "possible": phonenumbers.is_possible_number(parsed),
            "region": region_code,
            "location": geocoder.description_for_number(parsed, "en"),
            "time_zones": list(timezone.time_zones_for_number(parsed)),
            "line_type": line_type,
            "line_type_note": note,
        },
    )


class PhoneInfo:
    """Validates and describes the account's phone numbers without any network call."""

    manifest = api.Manifest(
        id="phone_info",
        display_name="Phone number facts (offline)",
        needs=(api.QueryField.PHONE,),
        returns=(api.LeadKind.PHONE,),
        cost_note="free; offline",
        network=False,
        defaults={"default_region": "US"},
        description="Validity, E.164 form, region, time zones and line type where known.",
    )

    def search(self, query: api.Query, context: api.Context) -> api.Outcome:
        region = context.setting("default_region", "US").upper()
        return api.found(self.manifest.id, [describe(p, region) for p in query.phones])
