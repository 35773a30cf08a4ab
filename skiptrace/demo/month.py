"""A seeded month of demo activity, so the first look at the review window has something
to review: four collectors searching their accounts in office hours, revealing SSNs,
marking leads and writing notes, a reviewer who signed off the first week and worked two
anomalies, and a handful of planted anomalies of different rules.

The same seed gives the same month (relative to the day it ends). Entries are sealed by
``searchlog.backdated`` exactly as ``SearchLog.append`` seals them, in one transaction.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from skiptrace.gate.search_entries import masked_inputs
from skiptrace.model import AccountStatus, Debtor
from skiptrace.review.anomaly_pass import run_anomalies
from skiptrace.review.settings import save_params
from skiptrace.review.signoff import to_ranges
from skiptrace.review.workitems import EVENT_OF, Action
from skiptrace.searchlog.backdated import DatedEntry, append_dated
from skiptrace.searchlog.events import (
    ACCOUNT_NOTE,
    LEAD_DISPOSITION,
    PII_REVEALED,
    REVIEW_SIGNOFF,
    SEARCH_COMPLETED,
    SEARCH_STARTED,
)  # fmt: skip
from skiptrace.store.accounts import all_debtors
from skiptrace.workspace.keys import LOG_KEY, require_key
from skiptrace.workspace.workspace import Workspace

COLLECTORS = ("alice", "bruno", "chen", "dana")
REVIEWER = "rita"
ZONE = "America/Chicago"  # the demo floor's office hours, for the off-hours rule
DAYS = 30
# left untouched, so a first search on it starts from a clean history (the guided tour
# and the tests of a first search use it)
FRESH = frozenset({"DEMO-10001"})
SOURCES = ("demo", "phone_info", "workspace_history")
REASONS = (
    "Letters to {street} in {city} came back undeliverable; need a current address for the "
    "{creditor} balance.",
    "Phone on file for {account} is disconnected; looking for a working number before the "
    "next payment reminder.",
    "Debtor on {account} stopped answering after the {creditor} payment plan lapsed; "
    "confirming where they live now.",
    "Returned mail from {city}; checking whether the debtor moved before we send the "
    "validation notice for {account}.",
    "Employer on file no longer confirms employment; looking for current contact details on "
    "{account}.",
)
PURPOSES = ("fcra-604a3a", "fcra-604a3a", "fcra-604a3a", "glba-6802e1", "dppa-2721b3")
NOTES = (
    "Called the number on file, no answer, left a voicemail asking for a call back.",
    "Neighbour at the old address says the debtor moved out last spring.",
    "Sent a validation notice to the verified address.",
    "Employer HR confirms employment; no contact details given out.",
)


def _ts(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass
class _Month:
    rng: random.Random
    zone: ZoneInfo
    entries: list[DatedEntry] = field(default_factory=list)
    counter: int = 0

    def at(self, day: date, hour: int, minute: int) -> datetime:
        return datetime.combine(day, time(hour, minute), self.zone)

    def search(
        self, when: datetime, user: str, d: Debtor, *, purposes: tuple[str, ...] | None = None,
        subject: str = "debtor", justification: str = "", completed: bool = True,
        disposed: bool | None = None,
    ) -> None:  # fmt: skip
        self.counter += 1
        sid = f"demo-{self.counter:05d}"
        address = d.addresses[0] if d.addresses else None
        why = justification or self.rng.choice(REASONS).format(
            street=address.line1 if address else "the last address",
            city=address.city if address else "town",
            creditor=d.creditor or "the creditor",
            account=d.account_id,
        )
        inputs: dict[str, Any] = masked_inputs(d)
        about: dict[str, Any] = {"account_id": d.account_id, "subject_type": subject,
                 "purposes": purposes or (self.rng.choice(PURPOSES),),
                 "purpose_source": "chosen"}  # fmt: skip
        self.entries.append(DatedEntry(
            _ts(when), user, SEARCH_STARTED, **about, justification=why,
            details={"search_id": sid, "inputs": inputs, "connectors": list(SOURCES)},
        ))  # fmt: skip
        if not completed:
            return
        hits = self.rng.choice((0, 1, 2, 3))
        outcomes = {
            "demo": {"status": "ok" if hits else "no_hit", "count": hits,
                     "message": "" if hits else "no record matches"},
            "phone_info": {"status": "ok", "count": 1, "message": ""},
            "workspace_history": {"status": "no_hit", "count": 0, "message": ""},
        }  # fmt: skip
        self.entries.append(DatedEntry(
            _ts(when + timedelta(seconds=self.rng.randint(2, 9))), user, SEARCH_COMPLETED,
            **about, details={"search_id": sid, "cancelled": False, "outcomes": outcomes},
        ))  # fmt: skip
        later = when + timedelta(minutes=self.rng.randint(3, 20))
        if disposed if disposed is not None else self.rng.random() < 0.8:
            phone = d.phones[0].number if d.phones else ""
            kind, value = (
                ("phone", phone)
                if phone and self.rng.random() < 0.5
                else ("address", address.one_line() if address else "")
            )
            self.entries.append(DatedEntry(
                _ts(later), user, LEAD_DISPOSITION, account_id=d.account_id,
                details={"lead_kind": kind, "lead_key": value.casefold(), "search_id": sid,
                         "disposition": self.rng.choice(("verified", "verified", "wrong-party",
                                                         "disconnected")), "note": ""},
            ))  # fmt: skip
        elif disposed is None:
            self.entries.append(DatedEntry(
                _ts(later), user, ACCOUNT_NOTE, account_id=d.account_id,
                details={"text": self.rng.choice(NOTES)},
            ))  # fmt: skip
        if self.rng.random() < 0.12:
            self.entries.append(DatedEntry(
                _ts(later + timedelta(minutes=1)), user, PII_REVEALED, account_id=d.account_id,
                details={"field": self.rng.choice(("ssn", "dob")),
                         "reason": "confirming identity with the consumer on the phone"},
            ))  # fmt: skip


def _workdays(end: date) -> Iterator[date]:
    for offset in range(DAYS, 0, -1):
        day = end - timedelta(days=offset - 1)
        if day.weekday() < 5:
            yield day


def _clean(month: _Month, end: date, mine: dict[str, list[Debtor]]) -> None:
    turn = dict.fromkeys(COLLECTORS, 0)
    for day in _workdays(end):
        for user in COLLECTORS:
            accounts = mine[user]
            for slot in range(month.rng.randint(4, 7)):
                d = accounts[turn[user] % len(accounts)]
                turn[user] += 1
                when = month.at(day, 8 + slot, month.rng.randint(30, 59))
                month.search(when, user, d)


def _plant(month: _Month, end: date, debtors: list[Debtor], mine: dict[str, list[Debtor]]) -> None:
    """A handful of anomalies, each a different rule, in the middle of the month."""
    by_status = {s: [d for d in debtors if d.status is s] for s in AccountStatus}
    days = list(_workdays(end))
    mid, late = days[len(days) // 2], days[-4]
    saturday = next(d for d in (end - timedelta(days=i) for i in range(3, 10)) if d.weekday() == 5)
    at, search = month.at, month.search
    search(at(mid, 10, 12), "alice", by_status[AccountStatus.CLOSED][0])  # account-standing
    search(at(late, 11, 5), "bruno", mine["chen"][5])  # someone else's account
    search(at(saturday, 11, 20), "dana", mine["dana"][3])  # off-hours: a weekend
    search(at(mid, 21, 40), "chen", mine["chen"][7])  # off-hours: late evening
    repeat = mine["bruno"][11]
    for hour in (9, 13, 16):  # repeat-no-disposition
        search(at(late, hour, 50), "bruno", repeat, disposed=False)
    search(at(mid, 14, 30), "alice", mine["alice"][9], purposes=("dppa-2721b4",))  # no litigation
    search(
        at(late, 15, 10),
        "chen",
        mine["chen"][12],
        purposes=("fcra-604a3a",),
        justification="Collection of an account, skip trace",
    )  # weak-justification
    search(at(mid, 16, 5), "dana", mine["dana"][14], completed=False)  # never-completed
    search(
        at(late, 10, 25), "dana", mine["dana"][15], subject="third-party", purposes=("fcra-604a3a",)
    )  # purpose-subject


def _review_steps(ws: Workspace, month: _Month, end: date, first_seq: int) -> list[DatedEntry]:
    """A reviewer's work already done: the first week signed off, two anomalies worked."""
    found = run_anomalies(ws.engine, end - timedelta(days=DAYS - 1), end)
    steps: list[DatedEntry] = []
    when = datetime.combine(end, time(16, 30), month.zone)
    for anomaly, action, note in zip(
        found,
        (Action.RESOLVE, Action.ACKNOWLEDGE),
        ("Closed account searched by mistake from an old worklist; collector retrained.",
         "Asked the collector why; waiting for the answer."),
        strict=False,
    ):  # fmt: skip
        when += timedelta(minutes=7)
        steps.append(DatedEntry(
            _ts(when), REVIEWER, EVENT_OF[action], account_id=anomaly.account_id,
            justification=note,
            details={"anomaly_id": anomaly.id, "rule": anomaly.rule,
                     "seqs": list(anomaly.seqs), "reason": anomaly.reason},
        ))  # fmt: skip
    first_week_end = _ts(datetime.combine(end - timedelta(days=DAYS - 7), time(23, 59), month.zone))
    week = [(first_seq + i, e) for i, e in enumerate(month.entries) if e.ts <= first_week_end]
    if week:
        last = ws.log.get(week[-1][0])
        users: dict[str, int] = {}
        for _, e in week:
            users[e.user] = users.get(e.user, 0) + 1
        steps.append(DatedEntry(
            _ts(when + timedelta(minutes=5)), REVIEWER, REVIEW_SIGNOFF,
            justification="First week reviewed: purposes and justifications fit the accounts.",
            details={"ranges": [list(r) for r in to_ranges(s for s, _ in week)],
                     "count": len(week), "through_hash": last.hash if last else "", "filters": {},
                     "users": users, "open_anomalies": []},
        ))  # fmt: skip
    return steps


def seed_month(ws: Workspace, end: date | None = None, seed: int = 2026) -> int:
    """Write a month of demo activity ending ``end`` (default: yesterday, UTC); returns how
    many entries were written."""
    end = end or (datetime.now(UTC).date() - timedelta(days=1))
    save_params(ws.engine, "off-hours", {"timezone": ZONE})
    with ws.engine.connect() as conn:
        debtors = all_debtors(conn)
    debtors = [d for d in debtors if d.account_id not in FRESH]
    mine = {
        u: [d for d in debtors if d.assigned_to == u and d.status is AccountStatus.OPEN]
        for u in COLLECTORS
    }
    month = _Month(random.Random(seed), ZoneInfo(ZONE))
    _clean(month, end, mine)
    _plant(month, end, debtors, mine)
    month.entries.sort(key=lambda e: e.ts)
    key = require_key(ws.keys, LOG_KEY)
    first_seq = ws.log.head().seq + 1
    append_dated(ws.engine, key, month.entries)
    steps = _review_steps(ws, month, end, first_seq)
    append_dated(ws.engine, key, steps)
    return len(month.entries) + len(steps)
