"""Responses shaped like the real services' documented answers (trimmed, synthetic values)."""

from __future__ import annotations

from typing import Any


def census_match(
    street: str = "12 N MAIN ST", city: str = "COLUMBUS", state: str = "OH", zip_code: str = "43215"
) -> dict[str, Any]:
    """``/geocoder/locations/address`` with one match (benchmark Public_AR_Current)."""
    return {
        "result": {
            "input": {
                "address": {
                    "street": "12 N Main St",
                    "city": "Columbus",
                    "state": "OH",
                    "zip": "43215",
                },
                "benchmark": {
                    "isDefault": True,
                    "benchmarkDescription": "Public Address Ranges - Current Benchmark",
                    "id": "4",
                    "benchmarkName": "Public_AR_Current",
                },
            },
            "addressMatches": [
                {
                    "tigerLine": {"side": "L", "tigerLineId": "128694529"},
                    "coordinates": {"x": -82.99881, "y": 39.96244},
                    "addressComponents": {
                        "zip": zip_code,
                        "streetName": "MAIN",
                        "preType": "",
                        "city": city,
                        "preDirection": "N",
                        "suffixDirection": "",
                        "fromAddress": "2",
                        "state": state,
                        "suffixType": "ST",
                        "toAddress": "98",
                        "suffixQualifier": "",
                        "preQualifier": "",
                    },
                    "matchedAddress": f"{street}, {city}, {state}, {zip_code}",
                }
            ],
        }
    }


def census_no_match() -> dict[str, Any]:
    """A Census answer with no match: an empty ``addressMatches``."""
    data = census_match()
    data["result"]["addressMatches"] = []
    return data


def courtlistener_dockets() -> dict[str, Any]:
    """``/api/rest/v4/search/?type=d``: a bankruptcy and a civil docket."""
    return {
        "count": 2,
        "next": None,
        "previous": None,
        "results": [
            {
                "assignedTo": "John E. Hoffman Jr.",
                "assigned_to_id": 1234,
                "caseName": "In re: Robert J. Kowalski",
                "case_name_full": "",
                "cause": "",
                "chapter": 7,
                "court": "United States Bankruptcy Court, S.D. Ohio",
                "court_citation_string": "Bankr. S.D. Ohio",
                "court_id": "ohsb",
                "dateArgued": None,
                "dateFiled": "2025-03-14",
                "dateTerminated": None,
                "docketNumber": "2:25-bk-51234",
                "docket_absolute_url": "/docket/69012345/in-re-robert-j-kowalski/",
                "docket_id": 69012345,
                "firm": [],
                "jurisdictionType": "",
                "juryDemand": "",
                "party": ["Robert J. Kowalski", "Jane Trustee"],
                "party_id": [1, 2],
                "pacer_case_id": "812345",
                "referredTo": "",
                "suitNature": "",
                "trustee_str": "Jane Trustee",
                "meta": {
                    "timestamp": "2025-03-15T01:02:03Z",
                    "date_created": "2025-03-15T01:02:03Z",
                    "score": {"bm25": 12.3},
                },
            },
            {
                "caseName": "Valley Medical Center v. Kowalski",
                "chapter": None,
                "court": "District Court, S.D. Ohio",
                "court_id": "ohsd",
                "dateFiled": "2024-06-02",
                "dateTerminated": "2024-11-30",
                "docketNumber": "2:24-cv-01234",
                "docket_absolute_url": "/docket/68000001/valley-medical-center-v-kowalski/",
                "docket_id": 68000001,
                "party": ["Valley Medical Center", "Robert Kowalski"],
                "trustee_str": None,
                "meta": {"timestamp": "2024-06-03T00:00:00Z", "score": {"bm25": 9.1}},
            },
        ],
    }
