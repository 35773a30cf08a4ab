"""Exports of the search log: JSONL (verifiable offline) and CSV."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from skiptrace.formula_safe import FormulaSafeWriter
from skiptrace.searchlog.encoding import ENTRY_FIELDS
from skiptrace.searchlog.entry import AuditEntry


def entry_record(entry: AuditEntry) -> dict[str, object]:
    """An entry as exported: every hashed field, purposes comma-joined as stored."""
    record: dict[str, object] = {f: getattr(entry, f) for f in ENTRY_FIELDS}
    record["purposes"] = ",".join(entry.purposes)
    record["details"] = dict(entry.details)
    return record


def write_jsonl(entries: Iterable[AuditEntry], out: IO[str]) -> int:
    """One JSON object per line; returns how many entries were written."""
    n = 0
    for entry in entries:
        out.write(json.dumps(entry_record(entry), ensure_ascii=False, sort_keys=True) + "\n")
        n += 1
    return n


def write_csv(entries: Iterable[AuditEntry], out: IO[str]) -> int:
    """A CSV with one row per entry, details as JSON text."""
    writer = FormulaSafeWriter(out)
    writer.writerow(ENTRY_FIELDS)
    n = 0
    for entry in entries:
        rec = entry_record(entry)
        rec["details"] = entry.details_json
        writer.writerow([rec[f] for f in ENTRY_FIELDS])
        n += 1
    return n


def export(entries: Iterable[AuditEntry], fmt: str, path: Path) -> int:
    """Write entries to ``path`` in ``fmt`` (jsonl or csv)."""
    writers = {"jsonl": write_jsonl, "csv": write_csv}
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r}; use jsonl or csv")
    with path.open("w", encoding="utf-8", newline="") as fh:
        return writers[fmt](entries, fh)
