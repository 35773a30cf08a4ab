"""Daemon threads that are kept for the next connector call instead of started anew.

Each connector call runs on a thread of its own, so that a connector that hangs delays
nothing but itself. Starting a thread per call costs more than the call's own work in a
batch of thousands of accounts, so a finished call's thread waits a while for the next
one. A new thread is started whenever none is idle: a hung connector holds its thread
and never makes another call wait, as with a thread per call. Threads are daemons (a
hung source must not keep the program from exiting) and leave after ``idle_seconds``.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

_log = logging.getLogger("skiptrace.orchestrator")


class DaemonThreads:
    """Run each call on an idle kept thread, or on a new daemon thread when none is."""

    def __init__(self, name: str = "connector", idle_seconds: float = 30.0) -> None:
        self._name = name
        self._idle_seconds = idle_seconds
        self._jobs: queue.SimpleQueue[tuple[Callable[..., Any], tuple[Any, ...]]] = (
            queue.SimpleQueue()
        )
        self._idle = 0  # threads waiting for a job that no one has promised them
        self._lock = threading.Lock()
        self._started = 0

    def run(self, fn: Callable[..., Any], *args: Any) -> None:
        """Call ``fn(*args)`` on another thread, now."""
        with self._lock:
            if self._idle:
                self._idle -= 1
                self._jobs.put((fn, args))  # under the lock: see _next
                return
            self._started += 1
            name = f"{self._name}-{self._started}"
        threading.Thread(target=self._loop, args=(fn, args), name=name, daemon=True).start()

    def _loop(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        job: tuple[Callable[..., Any], tuple[Any, ...]] | None = (fn, args)
        while job is not None:
            try:
                job[0](*job[1])
            except Exception:  # the call reports its own faults; this keeps the thread
                _log.exception("a call on a kept thread raised")
            job = self._next()

    def _next(self) -> tuple[Callable[..., Any], tuple[Any, ...]] | None:
        with self._lock:
            self._idle += 1
        try:
            return self._jobs.get(timeout=self._idle_seconds)
        except queue.Empty:
            with self._lock:
                # a job put after the wait ran out was promised to an idle thread: this
                # one can take it, and the count stays true
                try:
                    return self._jobs.get_nowait()
                except queue.Empty:
                    self._idle -= 1
                    return None
