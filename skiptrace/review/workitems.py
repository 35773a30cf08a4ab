"""Anomalies worked to closure: acknowledged, resolved with a note, or escalated.

Each step is a new log entry (``review.anomaly_*``) naming the anomaly by its stable id
(rule + entries) and pointing at the anomaly's entries; nothing is edited. An anomaly's
state is the last step recorded for its id: open until someone acknowledges, escalates
or resolves it.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from skiptrace.gate.roles import MAY_REVIEW, require_role
from skiptrace.review.query import ReviewFilter, iter_entries
from skiptrace.review.rule_types import Anomaly
from skiptrace.searchlog.entry import AuditEntry
from skiptrace.searchlog.events import ANOMALY_ACKNOWLEDGED, ANOMALY_ESCALATED, ANOMALY_RESOLVED
from skiptrace.workspace.workspace import Workspace


class AnomalyState(enum.StrEnum):
    """Where an anomaly stands."""

    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    ESCALATED = "escalated"
    RESOLVED = "resolved"


class Action(enum.StrEnum):
    """What a reviewer does with an anomaly."""

    ACKNOWLEDGE = "acknowledge"
    RESOLVE = "resolve"
    ESCALATE = "escalate"


EVENT_OF = {
    Action.ACKNOWLEDGE: ANOMALY_ACKNOWLEDGED,
    Action.RESOLVE: ANOMALY_RESOLVED,
    Action.ESCALATE: ANOMALY_ESCALATED,
}
STATE_OF = {
    ANOMALY_ACKNOWLEDGED: AnomalyState.ACKNOWLEDGED,
    ANOMALY_RESOLVED: AnomalyState.RESOLVED,
    ANOMALY_ESCALATED: AnomalyState.ESCALATED,
}
NEEDS_NOTE = frozenset({Action.RESOLVE, Action.ESCALATE})


class WorkRefused(ValueError):
    """A step on an anomaly that cannot be recorded (no note, unknown action)."""


@dataclass(frozen=True)
class AnomalyStep:
    """One recorded step on an anomaly, as read back from the log."""

    seq: int
    ts: str
    reviewer: str
    anomaly_id: str
    state: AnomalyState
    note: str


def work_anomaly(
    ws: Workspace, anomaly: Anomaly, action: Action | str, note: str = ""
) -> AuditEntry:
    """Log a reviewer's step on an anomaly; resolve and escalate need a note."""
    require_role(ws.engine, ws.actor.user, MAY_REVIEW, "work the anomalies")
    try:
        act = Action(action)
    except ValueError:
        raise WorkRefused(
            f"unknown action {action!r}; use acknowledge, resolve or escalate"
        ) from None
    note = " ".join(note.split())
    if act in NEEDS_NOTE and not note:
        raise WorkRefused(f"to {act.value} an anomaly, write a note saying what was found or done")
    return ws.log.append(
        EVENT_OF[act],
        account_id=anomaly.account_id,
        justification=note,
        details={
            "anomaly_id": anomaly.id,
            "rule": anomaly.rule,
            "seqs": list(anomaly.seqs),
            "reason": anomaly.reason,
        },
    )


def steps(engine: sa.Engine) -> list[AnomalyStep]:
    """Every step recorded on any anomaly, oldest first."""
    f = ReviewFilter(events=tuple(STATE_OF))
    return [
        AnomalyStep(e.seq, e.ts, e.user, str(e.details.get("anomaly_id", "")),
                    STATE_OF[e.event], e.justification)
        for e in iter_entries(engine, f)
    ]  # fmt: skip


def states(engine: sa.Engine) -> dict[str, AnomalyStep]:
    """The last step of each anomaly that has one, by anomaly id."""
    return {s.anomaly_id: s for s in steps(engine)}


def state_of(anomaly: Anomaly, last: dict[str, AnomalyStep]) -> AnomalyState:
    """An anomaly's state given the last steps (``states``)."""
    step = last.get(anomaly.id)
    return step.state if step else AnomalyState.OPEN


def still_open(anomalies: Iterable[Anomaly], last: dict[str, AnomalyStep]) -> list[Anomaly]:
    """The anomalies not yet resolved."""
    return [a for a in anomalies if state_of(a, last) is not AnomalyState.RESOLVED]


def find(anomalies: Sequence[Anomaly], anomaly_id: str) -> Anomaly:
    """The anomaly with this id; ``WorkRefused`` naming the id if none has it."""
    for a in anomalies:
        if a.id == anomaly_id:
            return a
    raise WorkRefused(f"no anomaly {anomaly_id} over these dates (run log review --anomalies)")
