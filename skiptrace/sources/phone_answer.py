"""What a phone check answered about one number, as the search log keeps it.

A connector that asks about a number (line type, the FCC Reassigned Numbers Database:
``twilio_lookup``, ``rnd_agent``) returns each answer as ``Outcome.evidence``; the
search log keeps it in ``search.completed``. That entry is the safe-harbour evidence 47
CFR 64.1200(m) asks a caller to be able to show: the number, the date asked about
(consent or last verified contact) and the answer. ``PhoneAnswer`` is that record's one
shape: connectors write it with ``evidence()``, the contact check reads it back with
``from_evidence``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class PhoneAnswer:
    """One number's answer from a phone check."""

    kind: str  # what was asked: "reassigned-number", "phone-lookup"
    number: str  # E.164
    date: str  # the date the reassigned query was about (YYYY-MM-DD); "" when none
    reassigned: bool | None  # None: not asked, or the database had no data
    answer: str  # the source's own word: "yes", "no", "no data"...
    safe_harbor: bool  # "no" on the latest data: the caller may rely on it
    line_type: str = ""  # as the source said (mobile, landline, voip...); "" when not asked
    carrier: str = ""
    asked_at: str = field(default_factory=_now)
    more: Mapping[str, Any] = field(default_factory=dict)  # the source's own extras

    def evidence(self) -> dict[str, Any]:
        """The record as ``Outcome.evidence`` holds it."""
        out: dict[str, Any] = {"kind": self.kind, "number": self.number, "date": self.date}
        if self.line_type:
            out.update(line_type=self.line_type, carrier=self.carrier)
        out.update(
            reassigned=self.reassigned,
            answer=self.answer,
            safe_harbor=self.safe_harbor,
            asked_at=self.asked_at,
            **self.more,
        )
        return out

    @classmethod
    def from_evidence(cls, item: Mapping[str, Any]) -> PhoneAnswer:
        """A record read back from a search's evidence (missing fields left empty)."""
        said = item.get("reassigned")
        return cls(
            kind=str(item.get("kind", "")),
            number=str(item.get("number", "")),
            date=str(item.get("date", "")),
            reassigned=said if isinstance(said, bool) else None,
            answer=str(item.get("answer", "")),
            safe_harbor=bool(item.get("safe_harbor", False)),
            line_type=str(item.get("line_type", "")),
            carrier=str(item.get("carrier", "")),
            asked_at=str(item.get("asked_at", "")),
        )
