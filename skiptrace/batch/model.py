"""The values of a batch: its state, each queued account's state, what an account yielded."""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


class BatchState(enum.StrEnum):
    """Where a batch stands (``interrupted``: running, but no live worker is on it)."""

    RUNNING = "running"
    PAUSED = "paused"
    DONE = "done"
    CANCELLED = "cancelled"
    INTERRUPTED = "interrupted"

    @property
    def finished(self) -> bool:
        """Whether no account of the batch will be searched any more."""
        return self in (BatchState.DONE, BatchState.CANCELLED)


class ItemState(enum.StrEnum):
    """Where one account of a batch stands."""

    PENDING = "pending"  # not yet claimed
    CLAIMED = "claimed"  # a worker is searching it
    DONE = "done"  # searched; its result is stored
    SKIPPED = "skipped"  # the purpose does not cover it (reason kept)
    INTERRUPTED = "interrupted"  # its worker died mid-search; its search was closed
    FAILED = "failed"  # its search could not run (the reason kept; nothing was asked)


class BatchKind(enum.StrEnum):
    """Where a batch's leads come from."""

    SEARCH = "search"  # the connectors are asked
    RETURN_FILE = "return"  # a vendor's return file was loaded


@dataclass(frozen=True)
class Batch:
    """A batch as the workspace keeps it."""

    batch_id: str
    kind: BatchKind
    user: str
    created_at: str
    state: BatchState
    subject_type: str
    purposes: tuple[str, ...]
    justification: str
    connectors: tuple[str, ...]
    selection: Mapping[str, Any]
    total: int
    started_seq: int | None
    completed_seq: int | None
    completed_at: str | None


@dataclass(frozen=True)
class AccountResult:
    """What one account's search yielded, as counts and flags (no lead values, no PII)."""

    outcomes: Mapping[str, str] = field(default_factory=dict)  # connector -> status
    new_phone_sources: tuple[str, ...] = ()  # sources of a new phone lead
    new_address_sources: tuple[str, ...] = ()  # sources of a new address lead
    flags: tuple[str, ...] = ()  # deceased, bankruptcy, litigation (matched records)
    flag_sources: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    verified_again: int = 0  # leads a collector verified, found again
    suppressed: int = 0  # leads marked wrong party, disconnected or do-not-contact
    leads: int = 0  # fresh leads stored
    rank_error: str = ""

    @property
    def new_phone(self) -> bool:
        """Whether the search found a phone the account did not have."""
        return bool(self.new_phone_sources)

    @property
    def new_address(self) -> bool:
        """Whether the search found an address the account did not have."""
        return bool(self.new_address_sources)

    def to_json(self) -> str:
        """The stored form."""
        return json.dumps(
            {
                "outcomes": dict(self.outcomes),
                "new_phone_sources": list(self.new_phone_sources),
                "new_address_sources": list(self.new_address_sources),
                "flags": list(self.flags),
                "flag_sources": {k: list(v) for k, v in self.flag_sources.items()},
                "verified_again": self.verified_again,
                "suppressed": self.suppressed,
                "leads": self.leads,
                "rank_error": self.rank_error,
            },
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> AccountResult:
        """The stored form read back (an empty result for ``{}``)."""
        d = json.loads(text or "{}")
        return cls(
            outcomes=dict(d.get("outcomes", {})),
            new_phone_sources=tuple(d.get("new_phone_sources", ())),
            new_address_sources=tuple(d.get("new_address_sources", ())),
            flags=tuple(d.get("flags", ())),
            flag_sources={k: tuple(v) for k, v in d.get("flag_sources", {}).items()},
            verified_again=int(d.get("verified_again", 0)),
            suppressed=int(d.get("suppressed", 0)),
            leads=int(d.get("leads", 0)),
            rank_error=str(d.get("rank_error", "")),
        )
