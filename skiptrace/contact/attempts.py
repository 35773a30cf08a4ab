"""Contact attempts: each call a collector made or took, stored with its log entry.

A ``contact.attempt`` entry records both the time the collector gave for the call
(``called_at``, which may be earlier: a call recorded after the fact) and the time of entry
(the entry's own timestamp, and ``recorded_at``). The row in ``contact_attempts`` and the
entry are written in one transaction, so neither exists without the other.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from skiptrace.clock import utc_now
from skiptrace.searchlog.events import CONTACT_ATTEMPT
from skiptrace.store import schema
from skiptrace.store.engine import write_connection
from skiptrace.workspace.workspace import Workspace

T = schema.contact_attempts


class AttemptOutcome(enum.StrEnum):
    """How a call ended."""

    NO_ANSWER = "no-answer"
    LEFT_MESSAGE = "left-message"
    SPOKE_DEBTOR = "spoke-debtor"
    SPOKE_THIRD_PARTY = "spoke-third-party"
    WRONG_NUMBER = "wrong-number"
    REFUSED = "refused"


class Direction(enum.StrEnum):
    """Who placed the call: the collector (out) or the consumer (in)."""

    OUT = "out"
    IN = "in"


class SecondContact(enum.StrEnum):
    """The two reasons §1006.10(c) allows a location call to the same person again."""

    NONE = ""
    PERSON_ASKED = "person-asked"  # the person asked to be contacted again
    EARLIER_WRONG = "earlier-wrong"  # the earlier answer was reasonably believed wrong or
    # incomplete, and the person now has correct or complete information


@dataclass(frozen=True, slots=True)
class ContactAttempt:
    """One call about one account's debt."""

    account_id: str
    phone: str
    outcome: AttemptOutcome
    called_at: datetime  # aware
    direction: Direction = Direction.OUT
    consumer_requested: bool = False  # returned at the consumer's request: not counted
    third_party: str = ""  # whom the collector spoke to, for a location call
    exception: SecondContact = SecondContact.NONE
    note: str = ""
    user: str = ""
    recorded_at: str = ""
    override_reason: str = ""  # why the call went ahead against a "not allowed"
    log_seq: int | None = None

    @property
    def counts_toward_frequency(self) -> bool:
        """§1006.14(b)(2) counts calls to the consumer: not those the consumer placed or asked
        to be returned, nor location calls to a third party."""
        return (
            self.direction is Direction.OUT and not self.consumer_requested and not self.third_party
        )

    @property
    def is_conversation(self) -> bool:
        """A telephone conversation with the consumer about the debt, whoever called."""
        return self.outcome is AttemptOutcome.SPOKE_DEBTOR

    def __repr__(self) -> str:
        return f"ContactAttempt(account_id={self.account_id!r}, outcome={self.outcome.value!r})"


def iso_utc(moment: datetime) -> str:
    """An aware moment as the UTC ISO text the contact tables and entries hold."""
    if moment.tzinfo is None:
        raise ValueError("a call time needs a time zone (give UTC or an offset)")
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def parse_moment(text: str) -> datetime:
    """ISO 8601 text (``Z`` or an offset); a time without one is refused, not guessed."""
    moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"{text!r} has no time zone: add Z or an offset such as -07:00")
    return moment


def record_attempt(
    workspace: Workspace, attempt: ContactAttempt, check: Mapping[str, Any] | None = None
) -> ContactAttempt:
    """Store one attempt and its ``contact.attempt`` entry; ``check`` is the contact check's
    verdict at the time of the call, kept in the entry as evidence."""
    now = utc_now()
    called = iso_utc(attempt.called_at)
    details: dict[str, Any] = {
        "phone": attempt.phone,
        "outcome": attempt.outcome.value,
        "direction": attempt.direction.value,
        "consumer_requested": attempt.consumer_requested,
        "called_at": called,
        "recorded_at": now,
        "third_party": attempt.third_party,
        "exception": attempt.exception.value,
        "note": attempt.note,
        "override_reason": attempt.override_reason,
        "check": dict(check or {}),
    }
    with write_connection(workspace.engine) as conn, conn.begin():
        entry = workspace.log.append(
            CONTACT_ATTEMPT,
            account_id=attempt.account_id,
            justification=attempt.override_reason,
            details=details,
            user=attempt.user or None,
            conn=conn,
        )
        conn.execute(
            T.insert().values(
                account_id=attempt.account_id,
                phone=attempt.phone,
                outcome=attempt.outcome.value,
                direction=attempt.direction.value,
                consumer_requested=attempt.consumer_requested,
                third_party=attempt.third_party,
                exception=attempt.exception.value,
                called_at=called,
                recorded_at=now,
                user_name=entry.user,
                note=attempt.note,
                override_reason=attempt.override_reason,
                log_seq=entry.seq,
            )
        )
    return ContactAttempt(
        attempt.account_id, attempt.phone, attempt.outcome, attempt.called_at,
        attempt.direction, attempt.consumer_requested, attempt.third_party, attempt.exception,
        attempt.note, entry.user, now, attempt.override_reason, entry.seq,
    )  # fmt: skip


def attempts_for(conn: sa.Connection, account_id: str) -> list[ContactAttempt]:
    """Every attempt recorded on an account, in the order the calls were made."""
    rows = conn.execute(
        sa.select(T).where(T.c.account_id == account_id).order_by(T.c.called_at, T.c.id)
    )
    return [
        ContactAttempt(
            account_id=r.account_id,
            phone=r.phone,
            outcome=AttemptOutcome(r.outcome),
            called_at=parse_moment(r.called_at),
            direction=Direction(r.direction),
            consumer_requested=bool(r.consumer_requested),
            third_party=r.third_party,
            exception=SecondContact(r.exception),
            note=r.note,
            user=r.user_name,
            recorded_at=r.recorded_at,
            override_reason=r.override_reason,
            log_seq=r.log_seq,
        )
        for r in rows
    ]
