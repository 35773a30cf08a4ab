"""Call frequency: Regulation F §1006.14(b)(2)'s presumption, per account (one debt).

A collector is presumed to comply when they place no more than 7 call attempts within 7
consecutive days about a particular debt, and none within 7 days after a telephone
conversation about it; the conversation's day is day 1, so the first call allowed again
is on day 8. Calls the consumer placed, or that were returned at their request, do not
count (``ContactAttempt.counts_toward_frequency``). Days are the consumer's local days
(the first of their zones).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from skiptrace.contact.attempts import ContactAttempt

CITATION = "Reg F §1006.14(b)(2)"
MAX_ATTEMPTS = 7
WINDOW_DAYS = 7


@dataclass(frozen=True, slots=True)
class FrequencyVerdict:
    """What the frequency rule says of one more call: problems, and the first day allowed."""

    attempts_in_window: int
    last_conversation: date | None
    problems: tuple[tuple[str, str], ...] = ()  # (code, reason)
    next_allowed: datetime | None = None  # the start of the first allowed local day (UTC)


def _day(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def frequency_verdict(
    attempts: Sequence[ContactAttempt], moment: datetime, zone: str = "UTC"
) -> FrequencyVerdict:
    """Whether one more call attempt at ``moment`` keeps within §1006.14(b)(2)."""
    tz = ZoneInfo(zone)
    today = _day(moment, tz)
    first = today - timedelta(days=WINDOW_DAYS - 1)
    before = [a for a in attempts if a.called_at <= moment]
    counted = sorted(_day(a.called_at, tz) for a in before if a.counts_toward_frequency)
    in_window = [d for d in counted if first <= d <= today]
    talks = [_day(a.called_at, tz) for a in before if a.is_conversation]
    last_talk = max(talks, default=None)
    problems: list[tuple[str, str]] = []
    allowed_from: list[date] = []
    if len(in_window) >= MAX_ATTEMPTS:
        # the window frees up the day after the oldest of the last 7 attempts leaves it
        oldest = in_window[-MAX_ATTEMPTS]
        allowed_from.append(oldest + timedelta(days=WINDOW_DAYS))
        problems.append((
            "seven-in-seven",
            f"{len(in_window)} call attempts in the 7 days {first} to {today} already "
            f"({CITATION}: at most {MAX_ATTEMPTS})",
        ))  # fmt: skip
    if last_talk is not None and (today - last_talk).days < WINDOW_DAYS:
        day_number = (today - last_talk).days + 1
        allowed_from.append(last_talk + timedelta(days=WINDOW_DAYS))
        problems.append((
            "conversation-within-7-days",
            f"a telephone conversation on {last_talk}: today is day {day_number} of 7 "
            f"({CITATION}: no call until day 8, {last_talk + timedelta(days=WINDOW_DAYS)})",
        ))  # fmt: skip
    nxt = None
    if allowed_from:
        nxt = datetime.combine(max(allowed_from), time(0, 0), tzinfo=tz)
    return FrequencyVerdict(len(in_window), last_talk, tuple(problems), nxt)
