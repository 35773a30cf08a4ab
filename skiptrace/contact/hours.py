"""Convenient hours: may the consumer be called at this moment, and if not, from when.

Regulation F §1006.6(b)(1)(i): absent knowledge of circumstances to the contrary, a time
before 8:00 a.m. or after 9:00 p.m. local time at the consumer's location is
inconvenient. So 8:00 and 21:00 themselves are convenient, 7:59 and 21:01 are not. Where
the consumer may be in more than one zone, a moment must be convenient in every one. A
consumer's stated inconvenient times (recorded on the account, in their local time) are
that knowledge to the contrary, and take precedence over the default window.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

EARLIEST = time(8, 0)
LATEST = time(21, 0)
CITATION = "Reg F §1006.6(b)(1)(i)"
_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_ALL_DAYS = frozenset(range(7))


class BadInconvenientTime(ValueError):
    """A stated inconvenient time that cannot be read (names the text)."""


@dataclass(frozen=True, slots=True)
class InconvenientTime:
    """A time the consumer said is inconvenient, in their local time; may span midnight."""

    start: time
    end: time
    days: frozenset[int] = _ALL_DAYS  # Monday is 0

    def covers(self, local: datetime) -> bool:
        """Whether a local moment falls in this stated period."""
        t = local.time().replace(tzinfo=None)
        if self.start <= self.end:
            return local.weekday() in self.days and self.start <= t < self.end
        # spans midnight: the evening belongs to the day named, the morning to the next
        if t >= self.start:
            return local.weekday() in self.days
        return t < self.end and (local.weekday() - 1) % 7 in self.days

    def text(self) -> str:
        """As written on the account, e.g. ``Mon-Fri 09:00-17:00``."""
        return f"{_days_text(self.days)} {self.start:%H:%M}-{self.end:%H:%M}".strip()


def _days_text(days: frozenset[int]) -> str:
    if days == _ALL_DAYS:
        return ""
    ordered = sorted(days)
    if len(ordered) > 1 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{_DAY_NAMES[ordered[0]]}-{_DAY_NAMES[ordered[-1]]}"
    return ",".join(_DAY_NAMES[d] for d in ordered)


def _parse_days(text: str) -> frozenset[int]:
    days: set[int] = set()
    for part in text.split(","):
        bounds = [p.strip().title()[:3] for p in part.split("-")]
        try:
            idx = [_DAY_NAMES.index(b) for b in bounds]
        except ValueError:
            raise BadInconvenientTime(f"{part!r} is not a day or range of days (Mon-Fri)") from None
        if len(idx) == 1:
            days.add(idx[0])
        else:
            d = idx[0]
            while True:
                days.add(d)
                if d == idx[-1]:
                    break
                d = (d + 1) % 7
    return frozenset(days)


def parse_inconvenient(text: str) -> InconvenientTime:
    """``[DAYS] HH:MM-HH:MM``, e.g. ``Mon-Fri 09:00-17:00`` or ``22:00-07:00``."""
    words = text.split()
    if not words or len(words) > 2:
        raise BadInconvenientTime(f"{text!r}: write it as [Mon-Fri] HH:MM-HH:MM")
    try:
        days = _parse_days(words[0]) if len(words) == 2 else _ALL_DAYS
    except BadInconvenientTime as exc:
        raise BadInconvenientTime(f"{text!r}: {exc}") from None
    span = words[-1].split("-")
    try:
        start, end = (time.fromisoformat(s) for s in span)
    except ValueError:
        raise BadInconvenientTime(f"{text!r}: write it as [Mon-Fri] HH:MM-HH:MM") from None
    if start == end:
        raise BadInconvenientTime(f"{text!r}: the period is empty")
    return InconvenientTime(start, end, days)


@dataclass(frozen=True, slots=True)
class HoursVerdict:
    """Whether a moment is convenient for the consumer, their local clock(s), and when next."""

    allowed: bool
    local_times: tuple[tuple[str, datetime], ...]
    reasons: tuple[str, ...] = ()
    next_allowed: datetime | None = None  # UTC; None when allowed now (or never found)

    def local_text(self) -> str:
        """The consumer's local time(s), e.g. ``07:59 AKST (America/Anchorage)``."""
        return "; ".join(f"{t:%a %H:%M %Z} ({zone})" for zone, t in self.local_times)


def _problems(moment: datetime, zones: Sequence[str],
              stated: Sequence[InconvenientTime]) -> list[str]:  # fmt: skip
    problems: list[str] = []
    for zone in zones:
        local = moment.astimezone(ZoneInfo(zone))
        t = local.time().replace(tzinfo=None)
        if t < EARLIEST or t > LATEST:
            problems.append(
                f"{local:%H:%M} in {zone} is outside 08:00-21:00 local time ({CITATION})"
            )
        for period in stated:
            if period.covers(local):
                problems.append(
                    f"{local:%H:%M} in {zone} is within the consumer's stated inconvenient "
                    f"time {period.text()} ({CITATION})"
                )
    return problems


def _candidates(moment: datetime, zones: Iterable[str],
                stated: Sequence[InconvenientTime]) -> list[datetime]:  # fmt: skip
    """Moments at which a call may become allowed: each 08:00 and each stated period's end."""
    found: list[datetime] = []
    for zone in zones:
        tz = ZoneInfo(zone)
        day = moment.astimezone(tz).date()
        for offset in range(0, 9):
            d = day + timedelta(days=offset)
            marks = [EARLIEST, *(p.end for p in stated)]
            found += [datetime.combine(d, m, tzinfo=tz).astimezone(UTC) for m in marks]
    return sorted(m for m in found if m > moment)


def call_hours(moment: datetime, zones: Sequence[str],
               stated: Sequence[InconvenientTime] = ()) -> HoursVerdict:  # fmt: skip
    """Whether ``moment`` (aware) is a convenient time in every zone, and if not, from when."""
    if moment.tzinfo is None:
        raise ValueError("the moment of a call needs a time zone (give UTC or an offset)")
    moment = moment.astimezone(UTC)
    local = tuple((z, moment.astimezone(ZoneInfo(z))) for z in zones)
    problems = _problems(moment, zones, stated)
    if not problems:
        return HoursVerdict(True, local)
    nxt = next((c for c in _candidates(moment, zones, stated)
                if not _problems(c, zones, stated)), None)  # fmt: skip
    return HoursVerdict(False, local, tuple(problems), nxt)
