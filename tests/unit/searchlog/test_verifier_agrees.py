"""The auditor's stand-alone verifier and the core seal entries the same way.

``skiptrace/verify.py`` keeps its own copy of the encoding (standard library only); these
tests hold that copy to the core's: the same field list, the same canonical bytes and
hashes for entries with awkward content, the same archive event name.
"""

from __future__ import annotations

import pytest

from skiptrace import verify
from skiptrace.searchlog.encoding import (
    ENTRY_COLUMNS,
    ENTRY_FIELDS,
    FORMAT_VERSION,
    GENESIS,
    canonical_row,
)
from skiptrace.searchlog.events import LOG_ARCHIVED
from skiptrace.searchlog.export import entry_record
from skiptrace.workspace.keys import LOG_KEY, require_key

AWKWARD = [
    {},
    {"name": "Zoë Ünal", "note": "café — naïve ✓", "emoji": "📞"},
    {"nested": {"b": [1, 2.5, None, True], "a": {"z": "", "y": '"quoted" \\ back'}}},
    {"ssn": "***-**-1234", "digest": "ab" * 32, "big": 10**20, "neg": -0.125},
    {"line": "two\nlines\tand a tab", "control": "\u0001\u001f"},
]


def test_the_verifier_lists_the_same_fields_in_the_same_order() -> None:
    assert verify.FIELDS == ENTRY_FIELDS
    assert (verify.FORMAT_VERSION, verify.GENESIS) == (FORMAT_VERSION, GENESIS)
    assert verify.ARCHIVED_EVENT == LOG_ARCHIVED


@pytest.mark.parametrize("details", AWKWARD)
def test_the_verifier_seals_every_entry_as_the_core_does(workspace, details) -> None:  # type: ignore[no-untyped-def]
    entry = workspace.log.append(
        "search.started",
        account_id="A-ü-1",
        subject_type="debtor",
        purposes=["fcra-604a3a", "glba-6802e3"],
        purpose_source="chosen",
        justification="Letter returned — «address unknown»",
        details=details,
    )
    key = require_key(workspace.keys, LOG_KEY)
    record = entry_record(entry)
    row = [record[f] for f in ENTRY_FIELDS]
    row[ENTRY_FIELDS.index("details")] = entry.details_json
    assert verify.canonical(record) == canonical_row(row)
    assert verify.entry_digest(key, record) == entry.hash


def test_the_log_table_holds_the_entry_columns_in_their_order() -> None:
    from skiptrace.store import schema

    assert tuple(c.name for c in schema.audit_log.columns) == ENTRY_COLUMNS
