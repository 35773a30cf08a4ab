"""Reviewer sign-off: a new ``review.signoff`` entry naming the entries reviewed.

Nothing is edited. The entry lists the reviewed sequence numbers as ranges and the hash
of the last one; since every entry seals the one before it, that hash pins the content
of everything reviewed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa

from skiptrace.review.query import ReviewFilter, iter_entries
from skiptrace.review.scope import SignOffError, check_note, check_self_review, signoff_scope
from skiptrace.searchlog.entry import AuditEntry
from skiptrace.searchlog.events import REVIEW_SIGNOFF
from skiptrace.workspace.workspace import Workspace


def to_ranges(seqs: Iterable[int]) -> list[tuple[int, int]]:
    """Sorted, merged inclusive ranges covering the given sequence numbers."""
    ranges: list[tuple[int, int]] = []
    for seq in sorted(set(seqs)):
        if ranges and seq == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], seq)
        else:
            ranges.append((seq, seq))
    return ranges


def parse_ranges(text: str) -> list[tuple[int, int]]:
    """``"1-100,205"`` as ranges; a clear error for anything else."""
    out: list[tuple[int, int]] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        lo, _, hi = part.partition("-")
        try:
            a, b = int(lo), int(hi or lo)
        except ValueError:
            raise SignOffError(f"not a sequence range: {part!r} (use e.g. 1-100,205)") from None
        if a < 1 or b < a:
            raise SignOffError(f"not a sequence range: {part!r} (use e.g. 1-100,205)")
        out.append((a, b))
    return to_ranges(s for a, b in out for s in range(a, b + 1))


@dataclass(frozen=True)
class SignOff:
    """A sign-off as read back from the log."""

    seq: int
    ts: str
    reviewer: str
    note: str
    ranges: tuple[tuple[int, int], ...]
    count: int
    filters: dict[str, str]
    users: dict[str, int] = field(default_factory=dict)
    open_anomalies: tuple[str, ...] = ()
    self_review_reason: str = ""

    @property
    def self_review(self) -> bool:
        """Whether an administrator signed off entries of their own here (flagged)."""
        return bool(self.self_review_reason)

    def covers(self, seq: int) -> bool:
        """Whether this sign-off names the entry."""
        return any(a <= seq <= b for a, b in self.ranges)


def sign_off(
    ws: Workspace,
    note: str,
    *,
    seqs: Sequence[int] = (),
    ranges: Sequence[tuple[int, int]] = (),
    period: ReviewFilter | None = None,
    self_review_reason: str = "",
) -> AuditEntry:
    """Record that the actor reviewed the named entries (or a period) with a note.

    The scope rules (``review.scope``) apply: a selection or a bounded period, no
    reviewer signing off their own entries, an administrator only with a reason.
    """
    note = check_note(note)
    named = [*seqs, *(s for a, b in ranges for s in range(a, b + 1))]
    head = ws.log.head()
    if named and max(named) > head.seq:
        raise SignOffError(f"entry {max(named)} does not exist; the log ends at {head.seq}")
    scope = signoff_scope(ws, seqs=named, period=period)
    reason = check_self_review(scope, self_review_reason)
    wanted = to_ranges(scope.seqs)
    last = ws.log.get(wanted[-1][1])
    if last is None:
        raise SignOffError(f"entry {wanted[-1][1]} is not in the live log (archived?)")
    details: dict[str, object] = {
        "ranges": [[a, b] for a, b in wanted],
        "count": scope.count,
        "through_hash": last.hash,
        "filters": scope.filters,
        "users": dict(scope.by_user),
        "open_anomalies": [a.id for a in scope.open_anomalies],
    }
    if reason:
        details["self_review"] = {"entries": scope.own_entries, "reason": reason}
    return ws.log.append(REVIEW_SIGNOFF, justification=note, details=details)


def signoffs(engine: sa.Engine, span: tuple[int, int] | None = None) -> list[SignOff]:
    """Sign-offs in the log, oldest first; with ``span`` only those naming an entry in it."""
    out: list[SignOff] = []
    for e in iter_entries(engine, ReviewFilter(events=(REVIEW_SIGNOFF,))):
        ranges = tuple((int(a), int(b)) for a, b in e.details.get("ranges", []))
        if span is not None and not any(a <= span[1] and b >= span[0] for a, b in ranges):
            continue
        out.append(
            SignOff(
                e.seq,
                e.ts,
                e.user,
                e.justification,
                ranges,
                int(e.details.get("count", 0)),
                dict(e.details.get("filters", {})),
                {str(k): int(v) for k, v in e.details.get("users", {}).items()},
                tuple(e.details.get("open_anomalies", [])),
                str((e.details.get("self_review") or {}).get("reason", "")),
            )
        )
    return out
