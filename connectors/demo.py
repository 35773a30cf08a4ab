"""Demo: offline synthetic public records shipped with skiptrace (no network, no key).

Answers from ``resources/demo/records.json.gz`` (made by ``scripts/make_demo_data.py``):
records sharing the subject's last name (or a part of a hyphenated one) that agree on
the first initial, SSN last four, date of birth or a phone number. Like a real bureau it
returns decoys too: deciding who is the debtor is the matcher's job. Relatives are
returned only when a purpose in effect covers third parties.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import defaultdict
from functools import cache
from typing import Any

from skiptrace import connector_api as api

MAX_RESULTS = 25
_WORD = re.compile(r"[a-z']+")


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())[-10:]


def _name_keys(last_name: str) -> set[str]:
    words = set(_WORD.findall(last_name.lower().replace("-", " ")))
    return {w for w in words if len(w) > 1}


@cache
def _records() -> tuple[tuple[dict[str, Any], ...], dict[str, list[int]]]:
    with api.resource("demo/records.json.gz").open("rb") as fh:
        data = json.loads(gzip.decompress(fh.read()))
    records = tuple(data["records"])
    by_name: dict[str, list[int]] = defaultdict(list)
    for i, rec in enumerate(records):
        for key in _name_keys(rec.get("last_name", "")):
            by_name[key].append(i)
    return records, dict(by_name)


def _agrees(rec: dict[str, Any], query: api.Query) -> bool:
    first = rec.get("first_name", "")
    if first[:1].lower() and first[:1].lower() == query.first_name[:1].lower():
        return True
    if query.ssn_last4 and rec.get("ssn_last4") == query.ssn_last4:
        return True
    if query.dob and rec.get("dob") == query.dob.isoformat():
        return True
    wanted = {_digits(p) for p in query.phones}
    return any(_digits(p.get("number", "")) in wanted for p in rec.get("phones", []))


def to_candidate(rec: dict[str, Any]) -> api.Candidate:
    """A demo record as a candidate."""
    flags: list[api.Flag] = []
    if rec.get("deceased"):
        flags.append(api.Flag(api.LeadKind.DECEASED))
    bk = rec.get("bankruptcy")
    if bk:
        flags.append(api.bankruptcy(bk.get("filed"), bk.get("chapter"), bk.get("court")))
    return api.person_candidate(
        DemoRecords.manifest.id,
        rec["record_id"],
        rec,
        addresses=rec.get("addresses", []),
        phones=rec.get("phones", []),
        employers=rec.get("employer"),
        flags=flags,
        relationship="relative" if rec.get("relative_of") else "",
        raw=rec,
    )


class DemoRecords:
    """Offline synthetic public records: the default source, so the demo works anywhere."""

    manifest = api.Manifest(
        id="demo",
        display_name="Demo public records (synthetic, offline)",
        needs=(api.QueryField.NAME,),
        returns=(
            api.LeadKind.ADDRESS,
            api.LeadKind.PHONE,
            api.LeadKind.EMPLOYER,
            api.LeadKind.RELATIVE,
            api.LeadKind.DECEASED,
            api.LeadKind.BANKRUPTCY,
        ),
        cost_note="free; synthetic people only",
        network=False,
        enabled_by_default=True,
        description="Seeded synthetic records shipped in resources/demo/records.json.gz.",
    )

    def search(self, query: api.Query, context: api.Context) -> api.Outcome:
        records, by_name = _records()
        context.check()
        seen: set[int] = set()
        hits: list[api.Candidate] = []
        relatives_ok = api.SubjectType.THIRD_PARTY in query.covered_subjects
        for key in sorted(_name_keys(query.last_name)):
            for i in by_name.get(key, []):
                if i in seen:
                    continue
                seen.add(i)
                rec = records[i]
                if rec.get("relative_of") and not relatives_ok:
                    continue
                if _agrees(rec, query):
                    hits.append(to_candidate(rec))
        return api.found(self.manifest.id, hits[:MAX_RESULTS])
