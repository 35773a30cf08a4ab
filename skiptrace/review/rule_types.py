"""What an anomaly rule is, what it sees and what it reports."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa

from skiptrace.json_form import json_fields
from skiptrace.review.profiles import CollectorProfile


@dataclass(frozen=True, slots=True)
class Search:
    """One ``search.started`` entry, reduced to what the rules look at."""

    seq: int
    ts: str
    user: str
    account_id: str
    subject_type: str
    purposes: tuple[str, ...]
    justification: str
    subject_name: str
    subject_addresses: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AccountFacts:
    """An account as it stands now in the portfolio."""

    account_id: str
    status: str
    assigned_to: str
    name: str
    addresses: tuple[str, ...]


@dataclass(frozen=True)
class ReviewContext:
    """Everything a rule may look at for one pass over a date range."""

    engine: sa.Engine
    date_from: date
    date_to: date
    searches: tuple[Search, ...]
    accounts: Mapping[str, AccountFacts]
    profiles: Mapping[str, CollectorProfile] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Anomaly:
    """A finding: which rule, why in plain words, and which log entries it is about."""

    rule: str
    title: str
    reason: str
    seqs: tuple[int, ...]
    user: str
    account_id: str
    ts: str

    @property
    def id(self) -> str:
        """A stable id from the rule and the entries: the same finding has it on every pass."""
        text = self.rule + ":" + ",".join(str(s) for s in sorted(self.seqs))
        return f"{self.rule}-{hashlib.sha256(text.encode()).hexdigest()[:8]}"

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return {"id": self.id, **json_fields(self)}


Check = Callable[[ReviewContext, Mapping[str, Any]], Iterable[Anomaly]]


@dataclass(frozen=True)
class Rule:
    """A named rule with a title, default parameters and the check itself."""

    name: str
    title: str
    defaults: Mapping[str, Any]
    check: Check

    def finding(self, search: Search, reason: str) -> Anomaly:
        """An anomaly about one search."""
        return Anomaly(
            self.name, self.title, reason, (search.seq,), search.user, search.account_id, search.ts
        )

    def group_finding(self, searches: list[Search], reason: str) -> Anomaly:
        """An anomaly about several searches at once."""
        users = sorted({s.user for s in searches})
        accounts = sorted({s.account_id for s in searches})
        return Anomaly(
            self.name,
            self.title,
            reason,
            tuple(s.seq for s in searches),
            ", ".join(users),
            accounts[0] if len(accounts) == 1 else "",
            searches[0].ts,
        )
