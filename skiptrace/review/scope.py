"""What a sign-off covers, stated before it is recorded, and the rules it must pass.

A sign-off names a selection of entries or a period (both ends of the date range): never
the whole log by accident. Its scope says how many entries it covers, whose they are and
which anomalies among them are still open. A reviewer may not sign off their own
entries; an administrator may, with a reason, and the sign-off is flagged as such. The
CLI and the review window both ask here, so they agree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from skiptrace.gate.roles import MAY_REVIEW, Role, require_role
from skiptrace.review.anomaly_pass import run_anomalies
from skiptrace.review.query import ReviewFilter, iter_entries
from skiptrace.review.rule_types import Anomaly
from skiptrace.review.workitems import states, still_open
from skiptrace.searchlog.events import REVIEW_SIGNOFF
from skiptrace.workspace.workspace import Workspace


class SignOffError(ValueError):
    """A sign-off that names nothing, or entries that do not exist, or has no note."""


class SelfReviewRefused(SignOffError):
    """A reviewer signing off their own entries, or an administrator without a reason."""


@dataclass(frozen=True)
class SignOffScope:
    """The entries a sign-off would cover, and what the reviewer should know first."""

    reviewer: str
    role: Role
    seqs: tuple[int, ...]
    by_user: tuple[tuple[str, int], ...]
    open_anomalies: tuple[Anomaly, ...]
    own_entries: int
    filters: dict[str, str]

    @property
    def count(self) -> int:
        """How many entries are covered."""
        return len(self.seqs)

    @property
    def self_review(self) -> bool:
        """Whether the reviewer's own entries are among those covered."""
        return self.own_entries > 0

    def confirmation(self) -> str:
        """What the reviewer is asked to confirm, in plain words."""
        whose = ", ".join(f"{u} ({n})" for u, n in self.by_user)
        lines = [
            f"Sign off {self.count} entries ({self.seqs[0]} to {self.seqs[-1]}) by {whose}.",
        ]
        if self.filters:
            lines.append("Period: " + "; ".join(f"{k} {v}" for k, v in self.filters.items()))
        if self.open_anomalies:
            rules = Counter(a.rule for a in self.open_anomalies)
            lines.append(
                f"{len(self.open_anomalies)} open anomalies among them: "
                + ", ".join(f"{r} ({n})" for r, n in sorted(rules.items()))
            )
        else:
            lines.append("No open anomalies among them.")
        if self.self_review:
            lines.append(
                f"{self.own_entries} of these entries are your own: only an administrator "
                "may sign them off, with a reason, and the sign-off is flagged."
            )
        return "\n".join(lines)


def check_note(note: str) -> str:
    """The sign-off note, white space folded; ``SignOffError`` if there is none."""
    note = " ".join(note.split())
    if not note:
        raise SignOffError("a sign-off needs a note saying what was reviewed and found")
    return note


def _days(entries_ts: Sequence[str]) -> tuple[date, date]:
    return date.fromisoformat(min(entries_ts)[:10]), date.fromisoformat(max(entries_ts)[:10])


def signoff_scope(
    ws: Workspace, *, seqs: Sequence[int] = (), period: ReviewFilter | None = None
) -> SignOffScope:
    """The scope of a sign-off of these entries or this period; ``SignOffError`` if empty."""
    role = require_role(ws.engine, ws.actor.user, MAY_REVIEW, "sign off the search log")
    if period is not None and not period.has_period:
        raise SignOffError(
            "a period sign-off needs both a From and a To date: set them (or select entries)"
        )
    if not seqs and period is None:
        raise SignOffError("nothing to sign off: select entries or set a period")
    wanted: dict[int, tuple[str, str]] = {}
    if seqs:
        for e in iter_entries(ws.engine, ReviewFilter(seqs=tuple(seqs))):
            wanted[e.seq] = (e.user, e.ts)
        missing = sorted(set(seqs) - set(wanted))
        if missing:
            raise SignOffError(f"entry {missing[0]} is not in the live log")
    if period is not None:
        for e in iter_entries(ws.engine, period):
            if e.event != REVIEW_SIGNOFF:
                wanted[e.seq] = (e.user, e.ts)
    if not wanted:
        raise SignOffError("nothing to sign off: the period holds no entries")
    ordered = tuple(sorted(wanted))
    users = Counter(u for u, _ in wanted.values())
    start, end = _days([ts for _, ts in wanted.values()])
    found = run_anomalies(ws.engine, start, end)
    covered = set(ordered)
    open_ones = tuple(a for a in still_open(found, states(ws.engine)) if covered & set(a.seqs))
    return SignOffScope(
        reviewer=ws.actor.user,
        role=role,
        seqs=ordered,
        by_user=tuple(sorted(users.items(), key=lambda kv: (-kv[1], kv[0]))),
        open_anomalies=open_ones,
        own_entries=users.get(ws.actor.user, 0),
        filters=period.describe() if period is not None else {},
    )


def check_self_review(scope: SignOffScope, reason: str) -> str:
    """The administrator's reason for signing off their own entries; refuses a reviewer."""
    if not scope.self_review:
        return ""
    if scope.role is not Role.ADMINISTRATOR:
        raise SelfReviewRefused(
            f"{scope.own_entries} of these entries are your own ({scope.reviewer}); a reviewer "
            "may not sign off their own entries: ask another reviewer"
        )
    reason = " ".join(reason.split())
    if not reason:
        raise SelfReviewRefused(
            f"{scope.own_entries} of these entries are your own: as administrator you may sign "
            "them off, but give the reason (it is recorded and flagged)"
        )
    return reason
