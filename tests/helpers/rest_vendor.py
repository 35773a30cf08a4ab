"""A people-search vendor's JSON, as the generic ``rest_json`` connector is set up to read
it in tests: the dotted-path field mapping, and a person written in that shape."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

FIELDS = {
    "record_id": "id",
    "first_name": "name.first",
    "last_name": "name.last",
    "dob": "dob",
    "addresses": {
        "path": "addresses",
        "line1": "street",
        "city": "city",
        "state": "state",
        "zip": "postal",
        "last_seen": "seen.last",
    },
    "phones": {"path": "phones", "number": "number", "line_type": "type"},
    "emails": "emails",
}


def vendor_person(
    record_id: str,
    name: tuple[str, str],
    dob: str,
    address: tuple[str, str, str, str],
    last_seen: str,
    phone: str,
    line_type: str = "",
    emails: Sequence[str] = (),
) -> dict[str, Any]:
    """One person as the vendor answers: ``name`` is (first, last), ``address`` is
    (street, city, state, postal code), seen there last on ``last_seen``."""
    street, city, state, postal = address
    answer: dict[str, Any] = {
        "id": record_id,
        "name": {"first": name[0], "last": name[1]},
        "dob": dob,
        "addresses": [
            {
                "street": street,
                "city": city,
                "state": state,
                "postal": postal,
                "seen": {"last": last_seen},
            }
        ],
        "phones": [{"number": phone, **({"type": line_type} if line_type else {})}],
    }
    if emails:
        answer["emails"] = list(emails)
    return answer
