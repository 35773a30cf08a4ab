"""The contact check combines every rule with its reason; recording a call against it
needs a logged reason."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from skiptrace.contact.attempts import (
    AttemptOutcome,
    ContactAttempt,
    Direction,
    SecondContact,
    attempts_for,
)
from skiptrace.contact.calls import ContactNotAllowed, record_call
from skiptrace.contact.check import AccountUnknown, contact_check
from skiptrace.contact.profile import update_profile
from skiptrace.searchlog.events import CONTACT_ATTEMPT
from skiptrace.workspace.workspace import Workspace
from tests.unit.contact.conftest import PHONE

AZ = ZoneInfo("America/Phoenix")
NOON = datetime(2026, 6, 3, 12, 0, tzinfo=AZ)


def check(ws: Workspace, moment: datetime = NOON, **kw):  # type: ignore[no-untyped-def]
    with ws.engine.connect() as conn:
        return contact_check(conn, "P-1", PHONE, moment, **kw)


def codes(verdict) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.code for r in verdict.reasons]


def test_allowed_at_noon_with_local_time(desk: Workspace) -> None:
    verdict = check(desk)
    assert verdict.allowed and verdict.reasons == ()
    assert verdict.zones.zones == ("America/Phoenix",)
    assert verdict.hours.local_text().startswith("Wed 12:00 MST")


def test_outside_hours_says_from_when(desk: Workspace) -> None:
    verdict = check(desk, datetime(2026, 6, 3, 7, 0, tzinfo=AZ))
    assert codes(verdict) == ["outside-hours"]
    assert verdict.next_allowed == datetime(2026, 6, 3, 8, 0, tzinfo=AZ)


def test_stated_inconvenient_times_on_the_account(desk: Workspace) -> None:
    update_profile(desk, "P-1", inconvenient=("Mon-Fri 09:00-17:00",))
    verdict = check(desk)
    assert codes(verdict) == ["outside-hours"]
    assert "stated inconvenient time Mon-Fri 09:00-17:00" in verdict.reasons[0].text
    assert verdict.next_allowed == datetime(2026, 6, 3, 17, 0, tzinfo=AZ)


def test_cease_contact_and_attorney_block_without_a_later_time(desk: Workspace) -> None:
    update_profile(
        desk, "P-1", cease_contact=True, attorney="Dana Ruiz, Esq.", attorney_phone="+16025550999"
    )
    verdict = check(desk)
    assert codes(verdict) == ["cease-contact", "attorney"]
    assert "Dana Ruiz, Esq." in verdict.reasons[1].text
    assert verdict.next_allowed is None
    with desk.engine.connect() as conn:
        to_attorney = contact_check(conn, "P-1", "(602) 555-0999", NOON)
    assert codes(to_attorney) == ["cease-contact"]


def test_recording_against_the_check_needs_a_reason_and_logs_it(desk: Workspace) -> None:
    early = datetime(2026, 6, 3, 7, 30, tzinfo=AZ)
    call = ContactAttempt("P-1", PHONE, AttemptOutcome.NO_ANSWER, early)
    with pytest.raises(ContactNotAllowed, match="07:30 in America/Phoenix is outside"):
        record_call(desk, call)
    with desk.engine.connect() as conn:
        assert attempts_for(conn, "P-1") == []
    before = desk.log.count()
    reason = "consumer asked on the 2nd to be called at 7:30 before work"
    done, verdict = record_call(
        desk, ContactAttempt("P-1", PHONE, AttemptOutcome.NO_ANSWER, early, override_reason=reason)
    )
    assert verdict is not None and not verdict.allowed
    entry = desk.log.get(done.log_seq or 0)
    assert entry is not None and desk.log.count() == before + 1
    assert entry.event == CONTACT_ATTEMPT and entry.justification == reason
    assert entry.details["called_at"] == "2026-06-03T14:30:00Z"  # the time given
    assert entry.details["recorded_at"] == done.recorded_at != entry.details["called_at"]
    assert entry.details["check"]["reasons"][0]["code"] == "outside-hours"


def test_eighth_attempt_and_conversation(desk: Workspace) -> None:
    start = datetime(2026, 6, 1, 10, 0, tzinfo=AZ)
    for day in range(7):
        record_call(
            desk,
            ContactAttempt("P-1", PHONE, AttemptOutcome.NO_ANSWER, start + timedelta(days=day)),
        )
    eighth = check(desk, start + timedelta(days=6, hours=2))
    assert codes(eighth) == ["seven-in-seven"]
    assert eighth.attempts_in_window == 7
    # the consumer calls back and talks: no call for 7 days from that day
    record_call(
        desk,
        ContactAttempt(
            "P-1",
            PHONE,
            AttemptOutcome.SPOKE_DEBTOR,
            datetime(2026, 6, 8, 11, 0, tzinfo=AZ),
            Direction.IN,
        ),
    )
    assert codes(check(desk, datetime(2026, 6, 14, 12, 0, tzinfo=AZ))) == [
        "conversation-within-7-days"
    ]
    assert check(desk, datetime(2026, 6, 15, 12, 0, tzinfo=AZ)).allowed


def test_third_party_once_only_unless_an_exception(desk: Workspace) -> None:
    neighbour = "+16025550177"
    first = ContactAttempt(
        "P-1", neighbour, AttemptOutcome.SPOKE_THIRD_PARTY, NOON, third_party="Ann Lee"
    )
    record_call(desk, first)
    with desk.engine.connect() as conn:
        again = contact_check(
            conn, "P-1", neighbour, NOON + timedelta(days=1), third_party="ann  lee"
        )
        excused = contact_check(
            conn,
            "P-1",
            neighbour,
            NOON + timedelta(days=1),
            third_party="Ann Lee",
            exception=SecondContact.PERSON_ASKED,
        )
    assert codes(again) == ["third-party-contacted"]
    assert "Ann Lee was already contacted for location information on 2026-06-03" in (
        again.reasons[0].text
    )
    assert excused.allowed
    second = ContactAttempt(
        "P-1",
        neighbour,
        AttemptOutcome.SPOKE_THIRD_PARTY,
        NOON + timedelta(days=1),
        third_party="Ann Lee",
        exception=SecondContact.EARLIER_WRONG,
    )
    done, _ = record_call(desk, second)
    assert desk.log.get(done.log_seq or 0).details["exception"] == "earlier-wrong"  # type: ignore[union-attr]


def test_wrong_number_is_remembered(desk: Workspace) -> None:
    record_call(desk, ContactAttempt("P-1", PHONE, AttemptOutcome.WRONG_NUMBER, NOON))
    assert codes(check(desk, NOON + timedelta(days=1))) == ["wrong-number"]


def test_unknown_account(desk: Workspace) -> None:
    with desk.engine.connect() as conn, pytest.raises(AccountUnknown, match="no account NOPE"):
        contact_check(conn, "NOPE", PHONE, NOON)
