"""How a search-log entry is written down and sealed: its fields, canonical bytes, HMAC.

* An entry's fields, in a fixed order, are ``ENTRY_FIELDS`` (as exported);
  ``ENTRY_COLUMNS`` are the same fields as the ``audit_log`` table names them.
* Its canonical form (``canonical``) is a compact JSON array of every field but
  ``details`` and ``hash`` (``prev_hash`` last), a newline, then ``details`` as compact
  JSON with sorted keys, in UTF-8. ``prev_hash`` is one of the fields, so each entry
  seals the one before it.
* ``hash`` is HMAC-SHA-256 of that encoding under the workspace's log key.
* Nothing shaped like a full SSN is ever written (``scrub_details``, ``pii.mask_ssns``).

The encoding is simple enough that ``skiptrace/verify.py`` re-implements it with the
standard library alone, for auditors; a test holds the two to the same bytes.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from skiptrace.pii import mask_ssns

FORMAT_VERSION = 1
GENESIS = "0" * 64

ENTRY_FIELDS = (
    "seq",
    "ts",
    "user",
    "workstation",
    "app_version",
    "event",
    "account_id",
    "subject_type",
    "purposes",
    "purpose_source",
    "justification",
    "details",
    "prev_hash",
    "hash",
)
# The table's names for the same fields, in the same order (``user`` is a reserved word).
ENTRY_COLUMNS = tuple("user_name" if f == "user" else f for f in ENTRY_FIELDS)

# One encoder object: json.dumps with options would build a new one for every entry.
compact_json = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode

# A SHA-256 / HMAC digest held as a value (a sign-off or archive pointing at an entry), or
# a search or batch id (32 hex digits): it may hold nine digits in a row but is never PII,
# and masking it would break the link to what it names.
_DIGEST = re.compile(r"[0-9a-f]{32}(?:[0-9a-f]{32})?")


def canonical_details(details: Mapping[str, Any]) -> str:
    """Compact JSON with sorted keys: the stored and hashed form of ``details``."""
    return json.dumps(details, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical_row(row: Sequence[Any]) -> bytes:
    """The bytes an entry's HMAC is computed over, from its stored row.

    ``row`` holds the fields in ``ENTRY_COLUMNS`` order (``hash``, last, is not read);
    ``details`` is its stored canonical JSON text.
    """
    head = compact_json(
        [FORMAT_VERSION, row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7],
         row[8], row[9], row[10], row[12]]
    )  # fmt: skip
    return (head + "\n" + row[11]).encode("utf-8")


def canonical(
    seq: int,
    ts: str,
    user: str,
    workstation: str,
    app_version: str,
    event: str,
    account_id: str,
    subject_type: str,
    purposes: str,
    purpose_source: str,
    justification: str,
    prev_hash: str,
    details_json: str,
) -> bytes:
    """The bytes an entry's HMAC is computed over (see the module docstring)."""
    return canonical_row(
        (seq, ts, user, workstation, app_version, event, account_id, subject_type, purposes,
         purpose_source, justification, details_json, prev_hash)
    )  # fmt: skip


def entry_hash(key: bytes, message: bytes) -> str:
    """Hex HMAC-SHA-256 of an encoded entry."""
    return hmac.digest(key, message, hashlib.sha256).hex()


def sealed_row(key: bytes, unsealed: Sequence[Any]) -> tuple[Any, ...]:
    """A full row (``ENTRY_COLUMNS`` order) from every field but ``hash``, with its HMAC."""
    return (*unsealed, entry_hash(key, canonical_row(unsealed)))


def scrub_details(value: Any) -> Any:
    """``value`` (details, or any part of them) with every SSN-shaped string masked: the
    log must never hold a full SSN.

    Digests are left alone: they are never PII, and masking one would break a link.
    """
    if isinstance(value, str):
        return value if _DIGEST.fullmatch(value) else mask_ssns(value)
    if isinstance(value, Mapping):
        return {str(k): scrub_details(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrub_details(v) for v in value]
    return value
