"""Writes that share a commit: many threads' small write transactions run as one.

A batch's searches each write a few rows and log entries; as separate transactions the
begin, lock and commit cost more than the rows. ``GroupCommit`` runs every piece of work
handed to it on one writer thread, as many as are waiting in one transaction, and each
caller's call returns only once its work is committed (or raises what the work raised):
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
import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

import sqlalchemy as sa

from skiptrace.store.engine import write_connection

T = TypeVar("T")
Work = Callable[[sa.Connection], Any]
Writer = Callable[[Callable[[sa.Connection], T]], T]  # runs work in a committed transaction

_log = logging.getLogger("skiptrace.store")
_STOP = object()


def in_own_transaction(engine: sa.Engine) -> Callable[[Callable[[sa.Connection], T]], T]:
    """A writer that runs each piece of work in a write transaction of its own."""

    def write(work: Callable[[sa.Connection], T]) -> T:
        with write_connection(engine) as conn, conn.begin():
            return work(conn)

    return write


class _Job:
    __slots__ = ("done", "error", "value", "work")

    def __init__(self, work: Work) -> None:
        self.work = work
        self.done = threading.Lock()  # held until the work is committed (cheaper than an Event)
        self.done.acquire()
        self.value: Any = None
        self.error: BaseException | None = None


class GroupCommit:
    """A writer (call it with work) whose concurrent callers share commits; ``close`` it."""

    def __init__(self, engine: sa.Engine, max_group: int = 64) -> None:
        self._engine = engine
        self._max = max(1, max_group)
        self._inbox: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._closed = False
        self._thread = threading.Thread(target=self._serve, name="group-commit", daemon=True)
        self._thread.start()

    def __call__(self, work: Callable[[sa.Connection], T]) -> T:
        if self._closed:
            raise RuntimeError("the group committer is closed")
        job = _Job(work)
        self._inbox.put(job)
        job.done.acquire()
        if job.error is not None:
            raise job.error
        value: T = job.value
        return value

    def close(self) -> None:
        """Finish the work handed in so far, then stop the writer thread."""
        if not self._closed:
            self._closed = True
            self._inbox.put(_STOP)
            self._thread.join()

    def __enter__(self) -> GroupCommit:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _serve(self) -> None:
        stopping = False
        while not stopping:
            first = self._inbox.get()
            if first is _STOP:
                return
            jobs = [first]
            while len(jobs) < self._max:
                try:
                    more = self._inbox.get_nowait()
                except queue.Empty:
                    break
                if more is _STOP:
                    stopping = True
                    break
                jobs.append(more)
            self._write(jobs)

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
                    job.done.release()
                return
        for job in jobs:
            try:
                with write_connection(self._engine) as conn, conn.begin():
                    job.value = job.work(conn)
            except BaseException as exc:  # handed to the caller, raised on its thread
                job.error = exc
            job.done.release()
