"""An entry as a person reads it: labelled fields, masked inputs, each source's outcome.

The review window, the evidence pack and the CLI show entries through this, so a
reviewer never has to read a JSON document (the raw form stays one "copy as JSON" away).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from skiptrace.gate.purposes import purpose_table

_LABELS = {
    "search_id": "Search id",
    "started_seq": "Started in entry",
    "cancelled": "Cancelled",
    "connectors": "Sources asked",
    "reason": "Reason",
    "field": "Field revealed",
    "lead_kind": "Lead kind",
    "lead_key": "Lead",
    "disposition": "Disposition",
    "note": "Note",
    "text": "Note",
    "ranges": "Entries covered",
    "count": "Entries",
    "through_hash": "Through hash",
    "filters": "Period and filters",
    "users": "Whose entries",
    "open_anomalies": "Open anomalies at sign-off",
    "self_review": "Own entries signed off",
    "anomaly_id": "Anomaly",
    "rule": "Rule",
    "seqs": "Anomaly's entries",
    "key_source": "Keys held in",
    "fingerprint": "Key fingerprint",
}
_INPUT_LABELS = {"name": "Name", "ssn": "SSN", "dob": "Date of birth",
                 "addresses": "Addresses", "phones": "Phones"}  # fmt: skip


@dataclass(frozen=True)
class SourceOutcome:
    """What one source answered in a search."""

    source: str
    status: str
    candidates: str
    message: str


@dataclass(frozen=True)
class EntryView:
    """An entry laid out for reading."""

    fields: tuple[tuple[str, str], ...]
    inputs: tuple[tuple[str, str], ...]
    outcomes: tuple[SourceOutcome, ...]
    details: tuple[tuple[str, str], ...]


def purpose_label(code: str) -> str:
    """A purpose code with its title and citation, e.g. for a filter list or a report."""
    purpose = purpose_table().get(code)
    return f"{code}: {purpose.title} ({purpose.law})" if purpose else code


def label(key: str) -> str:
    """The label of a details key."""
    return _LABELS.get(key, key.replace("_", " ").capitalize())


def plain(value: Any) -> str:
    """A details value as text: lists joined, pairs as ranges, mappings as ``k: v``."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None or value == "" or value == [] or value == {}:
        return "-"
    if isinstance(value, Mapping):
        return "; ".join(f"{label(str(k)).lower()} {plain(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        if all(isinstance(v, list | tuple) and len(v) == 2 for v in value):
            return ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in value)
        return ", ".join(plain(v) for v in value)
    return str(value)


def outcome_rows(outcomes: Mapping[str, Any]) -> tuple[SourceOutcome, ...]:
    """Each source's outcome from a ``search.completed`` entry's details."""
    rows = []
    for source, o in sorted(outcomes.items()):
        o = o if isinstance(o, Mapping) else {"status": o}
        count = o.get("candidates", o.get("count", ""))
        rows.append(SourceOutcome(source, str(o.get("status", "")), str(count),
                                  str(o.get("message", ""))))  # fmt: skip
    return tuple(rows)


def entry_view(entry: Any) -> EntryView:
    """The view of an ``AuditEntry``."""
    purposes = ", ".join(purpose_label(p) for p in entry.purposes) or "-"
    if entry.purposes and entry.purpose_source:
        purposes += f" ({entry.purpose_source})"
    fields = (
        ("Entry", str(entry.seq)),
        ("Time (UTC)", entry.ts[:19].replace("T", " ")),
        ("Event", entry.event),
        ("By", f"{entry.user} at {entry.workstation} (skiptrace {entry.app_version})"),
        ("Account", entry.account_id or "-"),
        ("Subject", entry.subject_type or "-"),
        ("Purposes", purposes),
        ("Justification", entry.justification or "-"),
    )
    details = dict(entry.details)
    inputs = details.pop("inputs", None) or {}
    outcomes = details.pop("outcomes", None) or {}
    return EntryView(
        fields=fields,
        inputs=tuple((_INPUT_LABELS.get(k, label(k)), plain(v)) for k, v in inputs.items()),
        outcomes=outcome_rows(outcomes),
        details=tuple((label(k), plain(v)) for k, v in sorted(details.items())),
    )
