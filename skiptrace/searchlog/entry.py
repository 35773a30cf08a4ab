"""One search-log entry as stored, and the heads that say where a chain ends."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from skiptrace.searchlog.encoding import canonical_details


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One entry of the search log, as stored."""

    seq: int
    ts: str
    user: str
    workstation: str
    app_version: str
    event: str
    account_id: str
    subject_type: str
    purposes: tuple[str, ...]
    purpose_source: str
    justification: str
    details: Mapping[str, Any]
    prev_hash: str
    hash: str

    @property
    def details_json(self) -> str:
        """The details as stored (canonical JSON)."""
        return canonical_details(self.details)


def row_to_entry(row: Any) -> AuditEntry:
    """An entry from a stored row, its columns in ``ENTRY_COLUMNS`` order."""
    return AuditEntry(
        seq=row[0],
        ts=row[1],
        user=row[2],
        workstation=row[3],
        app_version=row[4],
        event=row[5],
        account_id=row[6],
        subject_type=row[7],
        purposes=tuple(p for p in row[8].split(",") if p),
        purpose_source=row[9],
        justification=row[10],
        details=json.loads(row[11]),
        prev_hash=row[12],
        hash=row[13],
    )


@dataclass(frozen=True, slots=True)
class Head:
    """The last entry of a chain: its sequence number and hash."""

    seq: int
    hash: str


@dataclass(frozen=True, slots=True)
class Anchor:
    """A head recorded somewhere else (an export, the head row), to catch a cut tail."""

    seq: int
    hash: str
    source: str
