"""A connector's rate limit kept in the team's database, so that every desktop working a
batch shares one limit: three desktops send at the source's rate, not three times it.

The limit is a generic cell rate algorithm over one row per connector (``rate_limits``):
``next_at`` is when the source would next be free if every request were spaced evenly. A
request reserves its slot by moving ``next_at`` on by one interval in a single ``UPDATE``
(the row lock orders desktops), and may go ``burst`` intervals ahead of it. Times are the
database's clock, so desktops whose clocks disagree still agree on the spacing.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from skiptrace.sources.context import TokenBucket
from skiptrace.sources.model import RateLimit
from skiptrace.store import schema
from skiptrace.store.db_clock import database_seconds

T = schema.rate_limits


class SharedTokenBucket(TokenBucket):
    """A ``TokenBucket`` whose state lives in PostgreSQL, shared by every process."""

    def __init__(self, engine: sa.Engine, connector_id: str, limit: RateLimit) -> None:
        super().__init__(limit)
        self._engine = engine
        self._id = connector_id
        self._interval = 1.0 / limit.per_second
        with engine.begin() as conn:
            conn.execute(
                insert(T).values(connector_id=connector_id, next_at=0.0).on_conflict_do_nothing()
            )

    def _reserve(self, deadline: float) -> tuple[bool, float]:
        ahead = max(1, self.limit.burst) * self._interval
        now_s = database_seconds(self._engine)
        with self._engine.begin() as conn:
            next_at, now = conn.execute(
                sa.update(T)
                .where(T.c.connector_id == self._id)
                .values(next_at=sa.func.greatest(T.c.next_at, now_s) + self._interval)
                .returning(T.c.next_at, now_s)
            ).one()
        wait = max(0.0, float(next_at) - ahead - float(now))
        if self._clock() + wait > deadline:
            self._give_back()
            return False, wait
        return True, wait

    def _give_back(self) -> None:
        with self._engine.begin() as conn:
            conn.execute(
                sa.update(T)
                .where(T.c.connector_id == self._id)
                .values(next_at=T.c.next_at - self._interval)
            )


def shared_buckets(engine: sa.Engine) -> Callable[[str, RateLimit], TokenBucket] | None:
    """The bucket factory for a batch on this database: shared through the database on
    PostgreSQL (a team's desktops), None (one process's own buckets) on SQLite."""
    if engine.dialect.name != "postgresql":
        return None
    return lambda connector_id, limit: SharedTokenBucket(engine, connector_id, limit)
