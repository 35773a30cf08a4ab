"""Writes that share a commit: many threads' small write transactions run as one.

A batch's searches each write a few rows and log entries; as separate transactions the
begin, lock and commit cost more than the rows. ``GroupCommit`` writes the pieces of work
handed to it by callers at the same time in one transaction, and each caller's call
returns only once its work is committed (or raises what the work raised):
a caller that must not go on before its write is durable — a search whose
``search.started`` must be written before any source is asked — still waits for exactly
that.

If a shared transaction fails, it is rolled back and each piece runs again in a
transaction of its own, so one piece's failure is that piece's alone. Work must
therefore only write through the connection it is given (no other side effects): it
may run twice, the first time rolled back.

``in_own_transaction`` is the ungrouped form with the same signature.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from typing import Any, TypeVar

import sqlalchemy as sa

from skiptrace.store.engine import write_connection

T = TypeVar("T")
Work = Callable[[sa.Connection], Any]
Writer = Callable[[Callable[[sa.Connection], T]], T]  # runs work in a committed transaction

_log = logging.getLogger("skiptrace.store")


def in_own_transaction(engine: sa.Engine) -> Callable[[Callable[[sa.Connection], T]], T]:
    """A writer that runs each piece of work in a write transaction of its own."""

    def write(work: Callable[[sa.Connection], T]) -> T:
        with write_connection(engine) as conn, conn.begin():
            return work(conn)

    return write


class _Job:
    __slots__ = ("done", "error", "finished", "leads", "value", "work")

    def __init__(self, work: Work) -> None:
        self.work = work
        # held until the work is committed, or until its caller is handed the lead
        # (a lock is cheaper than an Event)
        self.done = threading.Lock()
        self.done.acquire()
        self.leads = False
        self.finished = False
        self.value: Any = None
        self.error: BaseException | None = None

    def finish(self) -> None:
        self.finished = True
        self.done.release()

    def result(self) -> Any:
        if self.error is not None:
            raise self.error
        return self.value


class GroupCommit:
    """A writer (call it with work) whose concurrent callers share commits.

    There is no writer thread: the caller who finds no write under way writes itself
    (with whatever else is waiting by then, in one transaction), and hands the lead to
    the first caller that queued meanwhile. A caller alone is never handed anything to
    another thread; callers that queue are woken once, when their work is committed or
    when it is their turn to lead.
    """

    def __init__(self, engine: sa.Engine, max_group: int = 64) -> None:
        self._engine = engine
        self._max = max(1, max_group)
        self._lock = threading.Lock()
        self._queue: deque[_Job] = deque()
        self._leading = False  # a caller is writing; while False, the queue is empty
        self._closed = False

    def __call__(self, work: Callable[[sa.Connection], T]) -> T:
        if self._closed:
            raise RuntimeError("the group committer is closed")
        job = _Job(work)
        with self._lock:
            self._queue.append(job)
            lead = not self._leading
            self._leading = True
        if not lead:
            job.done.acquire()
            lead = job.leads
        if lead:
            self._lead()
        value: T = job.result()
        return value

    def close(self) -> None:
        """Refuse new work (what was handed in is written by its callers)."""
        self._closed = True

    def __enter__(self) -> GroupCommit:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _lead(self) -> None:
        with self._lock:
            group = [self._queue.popleft() for _ in range(min(self._max, len(self._queue)))]
        try:
            self._write(group)
        finally:
            for job in group:  # only if writing itself broke off (an interrupt)
                if not job.finished:
                    job.error = RuntimeError("the shared write was interrupted")
                    job.finish()
            with self._lock:
                successor = self._queue[0] if self._queue else None
                if successor is None:
                    self._leading = False
                else:
                    successor.leads = True
            if successor is not None:
                successor.done.release()

    def _write(self, jobs: list[_Job]) -> None:
        if len(jobs) > 1:
            try:
                with write_connection(self._engine) as conn, conn.begin():
                    values = [job.work(conn) for job in jobs]
            except Exception:  # someone's work failed: each runs alone, and fails alone
                _log.debug("a shared commit failed; writing its %d parts one by one", len(jobs))
            else:
                for job, value in zip(jobs, values, strict=True):
                    job.value = value
                    job.finish()
                return
        for job in jobs:
            try:
                with write_connection(self._engine) as conn, conn.begin():
                    job.value = job.work(conn)
            except BaseException as exc:  # handed to the caller, raised on its thread
                job.error = exc
            job.finish()
