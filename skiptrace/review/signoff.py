"""Reviewer sign-off: a new ``review.signoff`` entry naming the entries reviewed.

Nothing is edited. The entry lists the reviewed sequence numbers as ranges and the hash
of the last one; since every entry seals the one before it, that hash pins the content
of everything reviewed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from skiptrace.gate.roles import MAY_REVIEW, require_role
from skiptrace.review.query import ReviewFilter, iter_entries
from skiptrace.searchlog.entry import AuditEntry
from skiptrace.searchlog.events import REVIEW_SIGNOFF
from skiptrace.workspace.workspace import Workspace


class SignOffError(ValueError):
    """A sign-off that names nothing, or entries that do not exist, or has no note."""


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
) -> AuditEntry:
    """Record that the actor reviewed the named entries (or a filtered period) with a note."""
    require_role(ws.engine, ws.actor.user, MAY_REVIEW, "sign off the search log")
    note = " ".join(note.split())
    if not note:
        raise SignOffError("a sign-off needs a note saying what was reviewed and found")
    wanted = to_ranges([*seqs, *(s for a, b in ranges for s in range(a, b + 1))])
    filters: dict[str, str] = {}
    if period is not None:
        filters = period.describe()
        wanted = to_ranges(
            [*(s for a, b in wanted for s in range(a, b + 1)), *_seqs_of(ws, period)]
        )
    if not wanted:
        raise SignOffError("nothing to sign off: name entries or a period that holds some")
    head = ws.log.head()
    if wanted[-1][1] > head.seq:
        raise SignOffError(f"entry {wanted[-1][1]} does not exist; the log ends at {head.seq}")
    last = ws.log.get(wanted[-1][1])
    if last is None:
        raise SignOffError(f"entry {wanted[-1][1]} is not in the live log (archived?)")
    count = sum(b - a + 1 for a, b in wanted)
    return ws.log.append(
        REVIEW_SIGNOFF,
        justification=note,
        details={
            "ranges": [[a, b] for a, b in wanted],
            "count": count,
            "through_hash": last.hash,
            "filters": filters,
        },
    )


def _seqs_of(ws: Workspace, period: ReviewFilter) -> list[int]:
    return [e.seq for e in iter_entries(ws.engine, period) if e.event != REVIEW_SIGNOFF]


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
            )
        )
    return out
