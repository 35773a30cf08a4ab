"""A vendor's batch return file (CSV) answered from as if it were a live source.

Skip-trace bureaus send back a CSV for the accounts an agency submitted. Point the
``path`` setting at it; the ``mapping`` setting names a JSON mapping of candidate fields
to the file's column headers (default: the generic layout shipped in
``resources/vendor/generic_mapping.json``). Rows are found by the account number, or by
last name and SSN last four when the file has no account column. A mapping naming a
column the file lacks is reported with the column's name.
"""

from __future__ import annotations

import csv
import io
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from skiptrace import connector_api as api


def _fail(message: str) -> api.SourceFailure:
    return api.SourceFailure(api.Status.ERROR, message)


def load_mapping(spec: str) -> dict[str, Any]:
    """A mapping from a setting: inline JSON, a file path, or '' for the generic layout."""
    spec = spec.strip()
    try:
        if not spec:
            return dict(json.loads(api.resource("vendor/generic_mapping.json").read_text("utf-8")))
        if spec.startswith("{"):
            return dict(json.loads(spec))
        return dict(json.loads(Path(spec).expanduser().read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        raise _fail(
            f"the vendor_file mapping cannot be read ({type(exc).__name__}); set "
            "'mapping' to a JSON object or a JSON file"
        ) from None


@lru_cache(maxsize=4)
def _rows(path: str, mtime: float) -> tuple[tuple[str, ...], tuple[dict[str, str], ...]]:
    raw = Path(path).read_bytes()
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8-sig", errors="replace")))
    rows = tuple({k.strip(): (v or "").strip() for k, v in r.items() if k} for r in reader)
    return tuple(h.strip() for h in reader.fieldnames or ()), rows


def _columns(mapping: dict[str, Any]) -> set[str]:
    cols: set[str] = set()
    for key, value in mapping.items():
        if key == "description":
            continue
        if isinstance(value, str):
            cols.add(value)
        elif isinstance(value, list):
            for item in value:
                cols.update(item.values() if isinstance(item, dict) else [item])
    return {c for c in cols if c}


def to_candidate(row: dict[str, str], m: dict[str, Any], index: int) -> api.Candidate:
    """One return-file row as a candidate, through the mapping."""

    def get(key: str) -> str:
        col = m.get(key)
        return row.get(col, "") if isinstance(col, str) else ""

    def parts(specs: list[dict[str, str]]) -> list[dict[str, str]]:
        return [{part: row.get(col, "") for part, col in spec.items()} for spec in specs]

    flags: list[api.Flag] = []
    deceased = get("deceased")
    try:
        is_deceased = bool(deceased) and api.parse_bool(deceased)
    except ValueError:
        is_deceased = deceased.upper() in ("D", "DECEASED")
    if is_deceased:
        flags.append(api.Flag(api.LeadKind.DECEASED, api.iso_date(get("deceased_date"))))
    if get("bankruptcy_chapter") or get("bankruptcy_filed"):
        flags.append(
            api.bankruptcy(
                get("bankruptcy_filed"), get("bankruptcy_chapter"), get("bankruptcy_court")
            )
        )
    return api.person_candidate(
        VendorFile.manifest.id,
        get("record_id") or f"row:{index + 2}",  # +2: header line, 1-based
        {key: get(key) for key in api.PERSON_FIELDS},
        addresses=parts(m.get("addresses", [])),
        phones=parts(m.get("phones", [])),
        emails=[row.get(c, "") for c in m.get("emails", [])],
        employers=[row.get(c, "") for c in m.get("employers", [])],
        flags=flags,
        raw=row,
    )


class VendorFile:
    """Answers from a vendor's batch return CSV through a column mapping."""

    manifest = api.Manifest(
        id="vendor_file",
        display_name="Vendor batch return file",
        needs=(api.QueryField.ACCOUNT,),
        returns=(*api.PERSON_LEADS, api.LeadKind.DECEASED, api.LeadKind.BANKRUPTCY),
        cost_note="already paid for with the batch",
        network=False,
        enabled_by_default=False,
        defaults={"path": "", "mapping": ""},
        description="Reads a CSV a skip-trace bureau sent back; mapping is JSON.",
    )

    def search(self, query: api.Query, context: api.Context) -> api.Outcome:
        path = os.path.expanduser(context.require_setting("path"))
        mapping = load_mapping(context.setting("mapping"))
        try:
            headers, rows = _rows(path, os.stat(path).st_mtime)
        except OSError as exc:
            raise _fail(
                f"the vendor return file cannot be read ({exc.strerror or exc}); "
                "check the 'path' setting"
            ) from None
        missing = sorted(_columns(mapping) - set(headers))
        if missing:
            raise _fail(
                f"the vendor return file has no column {missing[0]!r} that the mapping "
                f"names ({len(missing)} missing); fix the mapping or the file"
            )
        account_col = mapping.get("account_id", "")
        hits = []
        for i, row in enumerate(rows):
            if account_col:
                if row.get(account_col, "") != query.account_id:
                    continue
            else:
                same_last = (
                    row.get(mapping.get("last_name", ""), "").lower() == query.last_name.lower()
                )
                ssn4 = row.get(mapping.get("ssn_last4", ""), "")[-4:]
                if not (same_last and ssn4 and ssn4 == query.ssn_last4):
                    continue
            hits.append(to_candidate(row, mapping, i))
        return api.found(self.manifest.id, hits)
