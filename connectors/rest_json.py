"""A generic JSON-over-HTTP connector, configured without code, for a licensed vendor's API.

Settings (``skiptrace-cli connectors set rest_json KEY VALUE``; JSON values may be given
inline):

* ``url``: URL template, e.g. ``https://api.vendor.example/v2/person``; ``{field}``
  placeholders are filled from the query (URL-encoded).
* ``method``: ``GET`` (default) or ``POST``; ``idempotent``: true when a POST only
  reads, so it may be retried.
* ``params``: JSON object of query parameters (GET) or body fields (POST) with the same
  placeholders: ``{"last": "{last_name}", "zip": "{zip}"}``.
* ``purpose_param`` and ``purpose_map``: the parameter that carries the purpose codes in
  effect (as Accurint and TLOxp expect), and an optional JSON map from skiptrace codes to
  the vendor's (``{"fcra-604a3a": "3"}``); several codes are joined with commas.
* ``auth_header`` and ``auth_prefix``: e.g. ``Authorization`` and ``Bearer`` (the prefix
  and the key are joined by one space; no prefix sends the key alone); the
  secret is the keychain credential ``api_key`` (set-secret rest_json api_key), which the
  manifest declares and a search needs once ``auth_header`` is set.
* ``results_path``: dotted path to the list of records (``data.people``; empty when the
  answer is the list itself).
* ``fields``: JSON mapping of candidate fields to dotted paths inside a record:
  ``record_id first_name middle_name last_name suffix dob ssn_last4 emails employers``, and
  for lists ``addresses``/``phones`` an object with ``path`` plus paths per part.

Placeholders: first_name middle_name last_name full_name dob ssn_last4 phone line1 city
state zip account_id. The full SSN is never sent by this connector.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

from skiptrace import connector_api as api

_PLACEHOLDER = re.compile(r"\{([a-z_0-9]+)\}")


def _values(query: api.Query) -> dict[str, str]:
    first = query.addresses[0] if query.addresses else api.Address("")
    return {
        "first_name": query.first_name,
        "middle_name": query.middle_name,
        "last_name": query.last_name,
        "full_name": query.full_name,
        "dob": query.dob.isoformat() if query.dob else "",
        "ssn_last4": query.ssn_last4,
        "phone": query.phones[0] if query.phones else "",
        "line1": first.line1,
        "city": first.city,
        "state": first.state,
        "zip": first.zip,
        "account_id": query.account_id,
    }


def fill(template: str, values: dict[str, str], encode: bool = False) -> str:
    """``template`` with ``{field}`` placeholders filled (unknown ones are an error)."""

    def one(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in values:
            raise api.SourceFailure(
                api.Status.ERROR,
                f"rest_json template uses {{{name}}}, which is not a known field; known: "
                f"{', '.join(sorted(values))}",
            )
        return quote(values[name], safe="") if encode else values[name]

    return _PLACEHOLDER.sub(one, template)


def _json_setting(context: api.Context, key: str, default: Any) -> Any:
    raw = context.setting(key)
    if not raw:
        return default
    try:
        return json.loads(raw)
    except ValueError:
        raise api.SourceFailure(
            api.Status.ERROR, f"rest_json setting '{key}' is not valid JSON; set it again"
        ) from None


def _parts(record: Any, spec: Any, where: str) -> list[Any]:
    """The items under ``spec["path"]``, each read into its parts through ``spec``."""
    if not (isinstance(spec, dict) and spec.get("path")):
        return []
    items = api.lookup(record, spec["path"]) or []
    out: list[Any] = []
    for i, item in enumerate(items if isinstance(items, list) else [items]):
        w = f"{where}.{spec['path']}[{i}]"
        if isinstance(item, str):
            out.append(item)  # a bare phone number
        else:
            out.append({k: api.text(item, p, where=w) for k, p in spec.items() if k != "path"})
    return out


def to_candidate(record: Any, fields: dict[str, Any], where: str) -> api.Candidate:
    """One vendor record as a candidate, through the ``fields`` mapping."""
    if not isinstance(record, dict):
        api.dig(record, "", dict, where=where)  # raises bad_response naming the record

    def one(key: str) -> str:
        path = fields.get(key)
        return api.text(record, path, where=where) if isinstance(path, str) and path else ""

    def many(key: str) -> Any:
        path = str(fields.get(key, ""))
        return api.lookup(record, path) if path else None

    return api.person_candidate(
        RestJson.manifest.id,
        one("record_id") or where,
        {key: one(key) for key in api.PERSON_FIELDS},
        addresses=[
            a for a in _parts(record, fields.get("addresses"), where) if isinstance(a, dict)
        ],
        phones=_parts(record, fields.get("phones"), where),
        emails=many("emails"),
        employers=many("employers"),
        raw=record,
    )


class RestJson:
    """Any JSON-over-HTTP people-search API, wired through settings alone."""

    manifest = api.Manifest(
        id="rest_json",
        display_name="Generic JSON API (configured)",
        needs=(api.QueryField.NAME,),
        returns=api.PERSON_LEADS,
        # the key is needed (and loaded) once an auth header is configured
        credentials=("api_key",),
        credential_settings={"api_key": "auth_header"},
        cost_note="as the vendor's contract says",
        network=True,
        enabled_by_default=False,
        defaults={
            "url": "",
            "method": "GET",
            "idempotent": "",
            "params": "",
            "purpose_param": "",
            "purpose_map": "",
            "auth_header": "",
            "auth_prefix": "",
            "results_path": "",
            "fields": "",
            "timeout": "15",
        },
        description="URL template, purpose parameter, auth header and dotted-path mappings.",
    )

    def search(self, query: api.Query, context: api.Context) -> api.Outcome:
        headers = {"Accept": "application/json"}
        auth_header = context.setting("auth_header")
        if auth_header:  # auth_failed before any request when the key is absent
            prefix = context.setting("auth_prefix").strip()  # settings are stored stripped
            key = context.secret("api_key")
            headers[auth_header] = f"{prefix} {key}" if prefix else key
        values = _values(query)
        template = context.require_setting("url")
        url = fill(template, values, encode=True)
        params_spec = _json_setting(context, "params", {})
        params = {k: fill(str(v), values) for k, v in params_spec.items()}
        purpose_param = context.setting("purpose_param")
        if purpose_param:
            pmap = _json_setting(context, "purpose_map", {})
            params[purpose_param] = ",".join(pmap.get(c, c) for c in query.purpose_codes)
        method = context.setting("method", "GET").upper()
        idem = context.setting("idempotent")
        answer = api.request(
            context,
            method,
            url,
            params=params if method == "GET" else None,
            json_body=params if method != "GET" else None,
            headers=headers,
            idempotent=(idem.lower() == "true") if idem else None,
            shown_as=api.where(template),  # the filled path may hold the subject's name
        )
        data = answer.json()
        path = context.setting("results_path")
        records = api.dig(data, path, list) if path else data
        if not isinstance(records, list):
            api.dig(data, "", list)  # bad_response: the top level is not a list
        fields = _json_setting(context, "fields", {})
        prefix = path or ""
        hits = [to_candidate(r, fields, f"{prefix}[{i}]") for i, r in enumerate(records)]
        return api.found(self.manifest.id, hits)
