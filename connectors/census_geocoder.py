"""US Census Bureau geocoder: validates and standardises the account's addresses (no key).

``GET {base_url}/geocoder/locations/address?street=&city=&state=&zip=&benchmark=&format=json``
(or ``/geocoder/locations/onelineaddress?address=`` when the address is not in parts).
The answer's ``result.addressMatches[]`` carry ``matchedAddress``, ``coordinates``
(``x`` longitude, ``y`` latitude), ``addressComponents`` and ``tigerLine``; an empty
list means no match. Anything else is reported as ``bad_response`` naming the field.
"""

from __future__ import annotations

from typing import Any

from skiptrace.connector_api import (
    About,
    Address,
    Candidate,
    Context,
    Flag,
    LeadKind,
    Manifest,
    Outcome,
    Query,
    QueryField,
    RateLimit,
    SeenAddress,
    dig,
    found,
    get_json,
    text,
)

MAX_ADDRESSES = 3


def _params(address: Address, benchmark: str) -> tuple[str, dict[str, str]]:
    common = {"benchmark": benchmark, "format": "json"}
    if (address.city and address.state) or address.zip:
        return "/geocoder/locations/address", {
            "street": address.line1,  # the geocoder knows no unit numbers
            "city": address.city,
            "state": address.state,
            "zip": address.zip,
            **common,
        }
    return "/geocoder/locations/onelineaddress", {"address": address.one_line(), **common}


def _matched(match: Any, where: str, given: Address) -> Candidate:
    matched = dig(match, "matchedAddress", str, where=where)
    x = dig(match, "coordinates.x", float, where=where)
    y = dig(match, "coordinates.y", float, where=where)
    comps = dig(match, "addressComponents", dict, where=where)
    tiger = match.get("tigerLine") or {}
    parts = [p.strip() for p in matched.split(",")]
    if len(parts) >= 4:
        street, city, state, zip_code = parts[0], parts[1], parts[2], parts[3]
    else:  # keep the components when the one-line form is unusual
        street = matched
        city, state, zip_code = (text(comps, k, where=where) for k in ("city", "state", "zip"))
    standard = Address(street, given.line2, city, state, zip_code)
    record = f"tiger:{text(tiger, 'tigerLineId')}:{text(tiger, 'side')}:{street}"
    return Candidate(
        source=CensusGeocoder.manifest.id,
        record_id=record,
        about=About.QUERY,
        addresses=(SeenAddress(standard, status="matched"),),
        flags=(
            Flag(
                LeadKind.GEOCODE,
                detail={
                    "input": given.one_line(),
                    "matched_address": matched,
                    "longitude": str(x),
                    "latitude": str(y),
                },
            ),
        ),
        raw={
            "input": given.one_line(),
            "matchedAddress": matched,
            "coordinates": {"x": x, "y": y},
            "addressComponents": dict(comps),
            "tigerLine": dict(tiger) if isinstance(tiger, dict) else {},
        },
    )


class CensusGeocoder:
    """Validates and standardises addresses against the Census TIGER address ranges."""

    manifest = Manifest(
        id="census_geocoder",
        display_name="US Census geocoder",
        needs=(QueryField.ADDRESS,),
        returns=(LeadKind.ADDRESS, LeadKind.GEOCODE),
        rate_limit=RateLimit(per_second=5, burst=5),
        cost_note="free public service, no key",
        network=True,
        enabled_by_default=False,  # sends addresses off this machine: an admin turns it on
        defaults={
            "base_url": "https://geocoding.geo.census.gov",
            "timeout": "10",
            "benchmark": "Public_AR_Current",
        },
        description="Match / no match, the standardised address and its coordinates.",
    )

    def search(self, query: Query, context: Context) -> Outcome:
        base = context.require_setting("base_url").rstrip("/")
        benchmark = context.setting("benchmark", "Public_AR_Current")
        candidates: list[Candidate] = []
        addresses = [a for a in query.addresses if a.line1.strip()][:MAX_ADDRESSES]
        for address in addresses:
            path, params = _params(address, benchmark)
            data = get_json(context, base + path, params=params)
            matches = dig(data, "result.addressMatches", list)
            for i, match in enumerate(matches):
                candidates.append(_matched(match, f"result.addressMatches[{i}]", address))
        return found(
            self.manifest.id,
            candidates,
            no_hit_message=f"the Census geocoder matched none of the {len(addresses)} "
            "address(es) on file: they may be mistyped, too new for the TIGER data, or not "
            "deliverable",
        )
