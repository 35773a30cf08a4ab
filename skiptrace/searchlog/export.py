"""Exports of the search log: JSONL (verifiable offline) and CSV."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from skiptrace.searchlog.log import AuditEntry

FIELDS = (
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


def entry_record(entry: AuditEntry) -> dict[str, object]:
    """An entry as exported: every hashed field, purposes comma-joined as stored."""
    return {
        "seq": entry.seq,
        "ts": entry.ts,
        "user": entry.user,
        "workstation": entry.workstation,
        "app_version": entry.app_version,
        "event": entry.event,
        "account_id": entry.account_id,
        "subject_type": entry.subject_type,
        "purposes": ",".join(entry.purposes),
        "purpose_source": entry.purpose_source,
        "justification": entry.justification,
        "details": dict(entry.details),
        "prev_hash": entry.prev_hash,
        "hash": entry.hash,
    }


def write_jsonl(entries: Iterable[AuditEntry], out: IO[str]) -> int:
    """One JSON object per line; returns how many entries were written."""
    n = 0
    for entry in entries:
        out.write(json.dumps(entry_record(entry), ensure_ascii=False, sort_keys=True) + "\n")
        n += 1
    return n


def write_csv(entries: Iterable[AuditEntry], out: IO[str]) -> int:
    """A CSV with one row per entry, details as JSON text."""
    writer = csv.writer(out)
    writer.writerow(FIELDS)
    n = 0
    for entry in entries:
        rec = entry_record(entry)
        rec["details"] = entry.details_json
        writer.writerow([rec[f] for f in FIELDS])
        n += 1
    return n


def export(entries: Iterable[AuditEntry], fmt: str, path: Path) -> int:
    """Write entries to ``path`` in ``fmt`` (jsonl or csv)."""
    writers = {"jsonl": write_jsonl, "csv": write_csv}
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r}; use jsonl or csv")
    with path.open("w", encoding="utf-8", newline="") as fh:
        return writers[fmt](entries, fh)
