"""Candidates to and from JSON: how they are stored with their search and printed."""

from __future__ import annotations

from datetime import date
from typing import Any

from skiptrace.candidate import About, Candidate, Flag, LeadKind, SeenAddress, SeenPhone
from skiptrace.model import Address


def _address(a: Address) -> dict[str, str]:
    return {"line1": a.line1, "line2": a.line2, "city": a.city, "state": a.state, "zip": a.zip}


def candidate_to_dict(c: Candidate) -> dict[str, Any]:
    """A JSON-ready dict of every field of a candidate."""
    return {
        "source": c.source,
        "record_id": c.record_id,
        "about": c.about.value,
        "first_name": c.first_name,
        "middle_name": c.middle_name,
        "last_name": c.last_name,
        "suffix": c.suffix,
        "dob": c.dob.isoformat() if c.dob else None,
        "ssn_last4": c.ssn_last4,
        "addresses": [
            {
                **_address(a.address),
                "first_seen": a.first_seen,
                "last_seen": a.last_seen,
                "status": a.status,
            }
            for a in c.addresses
        ],
        "phones": [
            {
                "number": p.number,
                "line_type": p.line_type,
                "first_seen": p.first_seen,
                "last_seen": p.last_seen,
                "status": p.status,
            }
            for p in c.phones
        ],
        "emails": list(c.emails),
        "employers": list(c.employers),
        "flags": [
            {"kind": f.kind.value, "date": f.date, "detail": dict(f.detail)} for f in c.flags
        ],
        "relationship": c.relationship,
        "raw": _jsonable(c.raw),
    }


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def candidate_from_dict(d: dict[str, Any]) -> Candidate:
    """The candidate ``candidate_to_dict`` described."""
    return Candidate(
        source=d["source"],
        record_id=d["record_id"],
        about=About(d.get("about", "person")),
        first_name=d.get("first_name", ""),
        middle_name=d.get("middle_name", ""),
        last_name=d.get("last_name", ""),
        suffix=d.get("suffix", ""),
        dob=date.fromisoformat(d["dob"]) if d.get("dob") else None,
        ssn_last4=d.get("ssn_last4", ""),
        addresses=tuple(
            SeenAddress(
                Address(a["line1"], a["line2"], a["city"], a["state"], a["zip"]),
                a.get("first_seen", ""),
                a.get("last_seen", ""),
                a.get("status", ""),
            )
            for a in d.get("addresses", [])
        ),
        phones=tuple(
            SeenPhone(
                p["number"],
                p.get("line_type", ""),
                p.get("first_seen", ""),
                p.get("last_seen", ""),
                p.get("status", ""),
            )
            for p in d.get("phones", [])
        ),
        emails=tuple(d.get("emails", [])),
        employers=tuple(d.get("employers", [])),
        flags=tuple(
            Flag(LeadKind(f["kind"]), f.get("date", ""), dict(f.get("detail", {})))
            for f in d.get("flags", [])
        ),
        relationship=d.get("relationship", ""),
        raw=d.get("raw", {}),
    )
