"""US Census Bureau geocoder: validates and standardises the account's addresses (no key).

``GET {base_url}/geocoder/locations/address?street=&city=&state=&zip=&benchmark=&format=json``
(or ``/geocoder/locations/onelineaddress?address=`` when the address is not in parts).
The answer's ``result.addressMatches[]`` carry ``matchedAddress``, ``coordinates``
(``x`` longitude, ``y`` latitude), ``addressComponents`` and ``tigerLine``; an empty
list means no match. Anything else is reported as ``bad_response`` naming the field.
"""

from __future__ import annotations

from typing import Any

from skiptrace import connector_api as api

MAX_ADDRESSES = 3


def _params(address: api.Address, benchmark: str) -> tuple[str, dict[str, str]]:
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


def _matched(match: Any, where: str, given: api.Address) -> api.Candidate:
    matched = api.dig(match, "matchedAddress", str, where=where)
    x = api.dig(match, "coordinates.x", float, where=where)
    y = api.dig(match, "coordinates.y", float, where=where)
    comps = api.dig(match, "addressComponents", dict, where=where)
    tiger = match.get("tigerLine") or {}
    parts = [p.strip() for p in matched.split(",")]
    if len(parts) >= 4:
        street, city, state, zip_code = parts[0], parts[1], parts[2], parts[3]
    else:  # keep the components when the one-line form is unusual
        street = matched
        city, state, zip_code = (api.text(comps, k, where=where) for k in ("city", "state", "zip"))
    standard = api.Address(street, given.line2, city, state, zip_code)
    record = f"tiger:{api.text(tiger, 'tigerLineId')}:{api.text(tiger, 'side')}:{street}"
    return api.Candidate(
        source=CensusGeocoder.manifest.id,
        record_id=record,
        about=api.About.QUERY,
        addresses=(api.SeenAddress(standard, status="matched"),),
        flags=(
            api.Flag(
                api.LeadKind.GEOCODE,
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

    manifest = api.Manifest(
        id="census_geocoder",
        display_name="US Census geocoder",
        needs=(api.QueryField.ADDRESS,),
        returns=(api.LeadKind.ADDRESS, api.LeadKind.GEOCODE),
        rate_limit=api.RateLimit(per_second=5, burst=5),
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

    def search(self, query: api.Query, context: api.Context) -> api.Outcome:
        base = context.require_setting("base_url").rstrip("/")
        benchmark = context.setting("benchmark", "Public_AR_Current")
        candidates: list[api.Candidate] = []
        addresses = [a for a in query.addresses if a.line1.strip()][:MAX_ADDRESSES]
        for address in addresses:
            path, params = _params(address, benchmark)
            data = api.get_json(context, base + path, params=params)
            matches = api.dig(data, "result.addressMatches", list)
            for i, match in enumerate(matches):
                candidates.append(_matched(match, f"result.addressMatches[{i}]", address))
        return api.found(
            self.manifest.id,
            candidates,
            no_hit_message=f"the Census geocoder matched none of the {len(addresses)} "
            "address(es) on file: they may be mistyped, too new for the TIGER data, or not "
            "deliverable",
        )
