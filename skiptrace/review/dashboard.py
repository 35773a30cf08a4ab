"""The review dashboard's figures: searches per collector per day, anomalies per rule and
per collector per week, reveals and contact attempts per day.

Plain numbers for a chart to draw (the review window with QPainter, the evidence pack
with fpdf2); counted in the database, never by reading every entry.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from skiptrace.review.query import ReviewFilter, scoped
from skiptrace.review.rule_types import Anomaly
from skiptrace.searchlog.events import CONTACT_ATTEMPT, PII_REVEALED, SEARCH_STARTED
from skiptrace.store import schema

L = schema.audit_log
MAX_DAYS = 92  # a chart of more days than this is unreadable: the last ones are shown


@dataclass(frozen=True)
class Dashboard:
    """The figures of one scope, day by day (``days`` are UTC calendar days)."""

    days: tuple[date, ...]
    searches: tuple[tuple[str, tuple[int, ...]], ...]  # collector, count per day
    reveals: tuple[int, ...]
    contacts: tuple[int, ...] | None  # None: the log holds no contact attempts
    anomalies_by_rule: tuple[tuple[str, int], ...]
    weeks: tuple[date, ...]  # the Monday of each week
    anomalies_by_collector: tuple[tuple[str, tuple[int, ...]], ...]  # collector, per week

    @property
    def total_searches(self) -> int:
        """Searches in scope."""
        return sum(sum(per_day) for _, per_day in self.searches)


def _span(f: ReviewFilter, first: str | None, last: str | None) -> tuple[date, ...]:
    lo = f.date_from or (date.fromisoformat(first[:10]) if first else None)
    hi = f.date_to or (date.fromisoformat(last[:10]) if last else None)
    if lo is None or hi is None or hi < lo:
        return ()
    lo = max(lo, hi - timedelta(days=MAX_DAYS - 1))
    return tuple(lo + timedelta(days=i) for i in range((hi - lo).days + 1))


def _per_day(conn: sa.Connection, f: ReviewFilter, event: str) -> dict[str, Counter[str]]:
    day = sa.func.substr(L.c.ts, 1, 10)
    query = (
        sa.select(L.c.user_name, day, sa.func.count())
        .where(scoped(conn, f), L.c.event == event)
        .group_by(L.c.user_name, day)
    )
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for user, text, n in conn.execute(query):
        out[str(user)][str(text)] = int(n)
    return out


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def dashboard(engine: sa.Engine, f: ReviewFilter, anomalies: Sequence[Anomaly]) -> Dashboard:
    """The dashboard of the entries a filter selects, with the anomalies found over them."""
    with engine.connect() as conn:
        first, last = conn.execute(
            sa.select(sa.func.min(L.c.ts), sa.func.max(L.c.ts)).where(scoped(conn, f))
        ).one()
        days = _span(f, first, last)
        searches = _per_day(conn, f, SEARCH_STARTED)
        reveals = _per_day(conn, f, PII_REVEALED)
        contacts = _per_day(conn, f, CONTACT_ATTEMPT)
    keys = [d.isoformat() for d in days]

    def total(per_user: dict[str, Counter[str]]) -> tuple[int, ...]:
        return tuple(sum(c[k] for c in per_user.values()) for k in keys)

    weeks = tuple(sorted({_monday(d) for d in days}))
    by_collector: dict[str, Counter[date]] = defaultdict(Counter)
    for a in anomalies:
        for user in a.user.split(", "):
            by_collector[user][_monday(date.fromisoformat(a.ts[:10]))] += 1
    return Dashboard(
        days=days,
        searches=tuple((user, tuple(c[k] for k in keys)) for user, c in sorted(searches.items())),
        reveals=total(reveals),
        contacts=total(contacts) if contacts else None,
        anomalies_by_rule=tuple(Counter(a.rule for a in anomalies).most_common()),
        weeks=weeks,
        anomalies_by_collector=tuple(
            (user, tuple(c[w] for w in weeks)) for user, c in sorted(by_collector.items())
        ),
    )
