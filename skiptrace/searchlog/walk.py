"""Walking a long search-log chain fast: raw cursor reads, split across processes.

The rules of the chain live in ``skiptrace.searchlog.rules``; this module only feeds
them rows quickly. A log of more than ``PARALLEL_FROM`` entries is cut into contiguous
sequence ranges, each checked in its own process; the links between ranges and the gaps
at their edges are then checked here, in order, so the first bad entry reported is the
same one a single walk would report.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from skiptrace.searchlog.encoding import ENTRY_COLUMNS
from skiptrace.searchlog.entry import Head
from skiptrace.searchlog.rules import ChainWalk, missing, unlinked, verify_rows
from skiptrace.store.engine import make_engine

PARALLEL_FROM = 200_000
_FETCH = 20_000


def scan_rows(engine: sa.Engine, lo: int, hi: int | None) -> Iterator[tuple[Any, ...]]:
    """Raw rows (``ENTRY_COLUMNS`` order) with ``lo <= seq < hi``, in order, streamed."""
    where = f"seq >= {int(lo)}" + ("" if hi is None else f" AND seq < {int(hi)}")
    sql = f"SELECT {', '.join(ENTRY_COLUMNS)} FROM audit_log WHERE {where} ORDER BY seq"
    raw = engine.raw_connection()
    try:
        driver: Any = raw.driver_connection
        if engine.dialect.name == "postgresql":
            cur = driver.cursor(name="skiptrace_chain_walk")  # server-side: constant memory
        else:
            cur = driver.cursor()
        cur.execute(sql)
        while rows := cur.fetchmany(_FETCH):
            yield from rows
        cur.close()
    finally:
        raw.close()


@dataclass(frozen=True)
class RangeWalk:
    """One range's walk, plus what the parent needs to join it to the previous range."""

    first_seq: int | None
    first_prev: str
    walk: ChainWalk


def walk_range(
    engine: sa.Engine, key: bytes, lo: int, hi: int | None, want: frozenset[int]
) -> RangeWalk:
    """Check the entries in ``[lo, hi)`` on their own, trusting the first one's link."""
    rows = scan_rows(engine, lo, hi)
    first = next(rows, None)
    if first is None:
        return RangeWalk(None, "", ChainWalk(0, Head(lo - 1, ""), None, "", {}))

    def again() -> Iterator[tuple[Any, ...]]:
        yield first
        yield from rows

    walk = verify_rows(again(), key, Head(first[0] - 1, first[12]), want)
    return RangeWalk(int(first[0]), str(first[12]), walk)


def _child(url: str, key: bytes, lo: int, hi: int | None, want: frozenset[int]) -> RangeWalk:
    engine = make_engine(url)
    try:
        return walk_range(engine, key, lo, hi, want)
    finally:
        engine.dispose()


def walk_chain(
    engine: sa.Engine, key: bytes, start: Head, want: frozenset[int], workers: int | None = None
) -> ChainWalk:
    """The whole chain after ``start``, checked with up to ``workers`` processes."""
    with engine.connect() as conn:
        last = conn.execute(sa.text("SELECT max(seq) FROM audit_log")).scalar()
    last = int(last or 0)
    count = last - start.seq
    n = workers or min(os.cpu_count() or 1, 4)
    if n < 2 or count < PARALLEL_FROM or engine.url.database in (None, "", ":memory:"):
        return verify_rows(scan_rows(engine, start.seq + 1, None), key, start, want)
    edges = [start.seq + 1 + count * i // n for i in range(n)]
    ends: list[int | None] = [*edges[1:], None]
    url = engine.url.render_as_string(hide_password=False)
    ctx = multiprocessing.get_context("spawn")  # never fork a process that may hold Qt
    with ProcessPoolExecutor(max_workers=n, mp_context=ctx) as pool:
        futures = [pool.submit(_child, url, key, edges[i], ends[i], want) for i in range(n)]
        parts = [f.result() for f in futures]
    return join(parts, start)


def join(parts: list[RangeWalk], start: Head) -> ChainWalk:
    """Join range walks in order, reporting the first problem a single walk would report."""
    prev = start
    total = 0
    hashes: dict[int, str] = {}
    for part in parts:
        if part.first_seq is None:
            continue
        if part.first_seq != prev.seq + 1:
            return ChainWalk(
                total, prev, prev.seq + 1, missing(prev.seq + 1, part.first_seq), hashes
            )
        if part.first_prev != prev.hash:
            return ChainWalk(total, prev, part.first_seq, unlinked(part.first_seq), hashes)
        hashes.update(part.walk.hashes)
        total += part.walk.entries
        if part.walk.first_bad is not None:
            return ChainWalk(total, part.walk.head, part.walk.first_bad, part.walk.problem, hashes)
        prev = part.walk.head
    return ChainWalk(total, prev, None, "", hashes)
