"""§1006.14(b)(2) at its edges: the 7th and 8th attempt, day 7 and day 8 after a talk."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from skiptrace.contact.attempts import AttemptOutcome, ContactAttempt, Direction
from skiptrace.contact.frequency import frequency_verdict

AZ = ZoneInfo("America/Phoenix")
MONDAY = datetime(2026, 6, 1, 10, 0, tzinfo=AZ)


def call(
    day: int, outcome: AttemptOutcome = AttemptOutcome.NO_ANSWER, **kw: object
) -> ContactAttempt:
    return ContactAttempt("P-1", "+16025550143", outcome, MONDAY + timedelta(days=day), **kw)  # type: ignore[arg-type]


def codes(verdict) -> list[str]:  # type: ignore[no-untyped-def]
    return [c for c, _ in verdict.problems]


def test_seventh_attempt_allowed_eighth_not() -> None:
    six = [call(d) for d in range(6)]
    seventh = MONDAY + timedelta(days=6, hours=1)
    assert frequency_verdict(six, seventh, "America/Phoenix").problems == ()
    seven = [*six, call(6)]
    eighth = MONDAY + timedelta(days=6, hours=2)
    verdict = frequency_verdict(seven, eighth, "America/Phoenix")
    assert codes(verdict) == ["seven-in-seven"]
    assert "7 call attempts in the 7 days 2026-06-01 to 2026-06-07" in verdict.problems[0][1]
    # the first attempt (June 1) leaves the window on June 8
    assert verdict.next_allowed == datetime(2026, 6, 8, tzinfo=AZ)
    assert (
        frequency_verdict(seven, datetime(2026, 6, 8, 9, 0, tzinfo=AZ), "America/Phoenix").problems
        == ()
    )


def test_calls_the_consumer_placed_or_asked_for_do_not_count() -> None:
    attempts = [call(d) for d in range(5)]
    attempts += [call(5, direction=Direction.IN), call(6, consumer_requested=True)]
    attempts += [call(6, third_party="Ann Kowalski")]  # a location call to someone else
    verdict = frequency_verdict(attempts, MONDAY + timedelta(days=6, hours=3), "America/Phoenix")
    assert verdict.attempts_in_window == 5 and verdict.problems == ()


def test_day_seven_after_a_conversation_blocked_day_eight_allowed() -> None:
    talk = [call(0, AttemptOutcome.SPOKE_DEBTOR)]
    day7 = datetime(2026, 6, 7, 20, 0, tzinfo=AZ)
    verdict = frequency_verdict(talk, day7, "America/Phoenix")
    assert codes(verdict) == ["conversation-within-7-days"]
    assert "today is day 7 of 7" in verdict.problems[0][1]
    assert verdict.next_allowed == datetime(2026, 6, 8, tzinfo=AZ)
    day8 = datetime(2026, 6, 8, 8, 0, tzinfo=AZ)
    assert frequency_verdict(talk, day8, "America/Phoenix").problems == ()


def test_a_conversation_the_consumer_started_still_counts_as_a_conversation() -> None:
    talk = [call(0, AttemptOutcome.SPOKE_DEBTOR, direction=Direction.IN)]
    verdict = frequency_verdict(talk, MONDAY + timedelta(days=2), "America/Phoenix")
    assert codes(verdict) == ["conversation-within-7-days"]


def test_days_are_the_consumers_local_days() -> None:
    # 23:30 in Phoenix on June 1 is June 2 in UTC: the talk day is June 1 in Phoenix
    talk = [
        ContactAttempt(
            "P-1", "x", AttemptOutcome.SPOKE_DEBTOR, datetime(2026, 6, 1, 23, 30, tzinfo=AZ)
        )
    ]
    assert (
        frequency_verdict(talk, datetime(2026, 6, 8, 8, 0, tzinfo=AZ), "America/Phoenix").problems
        == ()
    )
    assert frequency_verdict(talk, datetime(2026, 6, 8, 8, 0, tzinfo=AZ), "UTC").problems != ()
