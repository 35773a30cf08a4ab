"""Searches that started and never completed: a ``search.started`` no later entry closes.

A search is closed by any later entry that names it (its ``started_seq`` or ``search_id``):
``search.completed`` normally, or an entry that records it as interrupted. One that
nothing closes means the program or its database went away between the two entries; the
sources may have been asked, so a reviewer must see it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from skiptrace.searchlog.events import SEARCH_STARTED
from skiptrace.store import schema

L = schema.audit_log
GRACE = timedelta(minutes=15)  # a search younger than this may still be running


def _names(details: str) -> tuple[object, object]:
    """The ``started_seq`` and ``search_id`` an entry's details name, if any."""
    try:
        data = json.loads(details) if details else {}
    except ValueError:
        return None, None
    if not isinstance(data, dict):
        return None, None
    return data.get("started_seq"), data.get("search_id")


def unfinished_searches(
    engine: sa.Engine, *, now: datetime | None = None, grace: timedelta | None = None
) -> Iterator[tuple[int, str]]:
    """``(seq, ts)`` of each ``search.started`` older than ``grace`` that nothing closed."""
    oldest = (now or datetime.now(UTC)) - (GRACE if grace is None else grace)
    cutoff = oldest.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    started: dict[int, tuple[str, object]] = {}
    closed_seqs: set[object] = set()
    closed_ids: set[object] = set()
    query = sa.select(L.c.seq, L.c.event, L.c.ts, L.c.details).where(
        L.c.event.like("search.%")
    ).order_by(L.c.seq)  # fmt: skip
    with engine.connect() as conn:
        for seq, event, ts, details in conn.execute(query):
            started_seq, search_id = _names(details or "")
            if event == SEARCH_STARTED:
                started[seq] = (ts, search_id)
                continue
            closed_seqs.add(started_seq)
            if search_id is not None:
                closed_ids.add(search_id)
    for seq, (ts, search_id) in started.items():
        if seq in closed_seqs or (search_id is not None and search_id in closed_ids):
            continue
        if ts < cutoff:
            yield seq, ts
