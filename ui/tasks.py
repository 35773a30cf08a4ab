"""Background work for the GUI: a parallel pool for reads and network, a serial one for writes.

Results come back through Qt signals, so callbacks run on the GUI thread; a worker never
touches a widget. One serial pool for database writes keeps SQLite writers from queueing
behind one another inside the lock (Anki's taskman does the same).
"""

from __future__ import annotations

import contextlib
import gc
import logging
import threading
from collections.abc import Callable, Iterator
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger("skiptrace.ui")


_gc_lock = threading.Lock()
_gc_pausers = 0


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a bulk job runs.

    A full collection over a heap that a 100,000-row import has grown holds the
    interpreter lock for 50-150 ms, freezing the window; the job's objects are freed by
    reference counting anyway. Nested and concurrent pauses are counted.
    """
    global _gc_pausers
    with _gc_lock:
        _gc_pausers += 1
        if _gc_pausers == 1:
            gc.disable()
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pausers -= 1
            if _gc_pausers == 0:
                # what survived the job moves out of the collector's sight, so the first
                # collection after it does not walk the whole heap with the lock held
                gc.freeze()
                gc.enable()


class _Relay(QObject):
    """Lives on the GUI thread; signals emitted from a worker are queued to its slots."""

    done = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        parent: QObject,
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[Exception], None],
        forget: Callable[[_Relay], None],
    ) -> None:
        super().__init__(parent)
        self._on_done = on_done
        self._on_error = on_error
        self._forget = forget
        self.done.connect(self._deliver_done)
        self.failed.connect(self._deliver_error)

    @Slot(object)
    def _deliver_done(self, value: Any) -> None:
        self._forget(self)
        if self._on_done is not None:
            self._on_done(value)

    @Slot(object)
    def _deliver_error(self, exc: Exception) -> None:
        self._forget(self)
        self._on_error(exc)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:  # handed to the GUI thread, which decides what to show
            log.info("background task failed: %s", type(exc).__name__)
            self._relay.failed.emit(exc)
            return
        self._relay.done.emit(result)


class TaskRunner(QObject):
    """Runs callables off the GUI thread and calls back on it."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.parallel = QThreadPool(self)
        self.parallel.setMaxThreadCount(max(4, QThreadPool.globalInstance().maxThreadCount()))
        self.serial = QThreadPool(self)
        self.serial.setMaxThreadCount(1)
        self._live: set[_Relay] = set()

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        *,
        serial: bool = False,
        bulk: bool = False,
    ) -> None:
        """Run ``fn`` in a worker; ``on_done(result)`` or ``on_error(exc)`` on the GUI thread.

        ``bulk`` marks a job that allocates a great deal (an import): garbage collection
        pauses while it runs.
        """
        if bulk:
            inner = fn

            def fn() -> Any:
                with gc_paused():
                    return inner()

        relay = _Relay(self, on_done, on_error or _log_error, self._forget)
        self._live.add(relay)
        (self.serial if serial else self.parallel).start(_Job(fn, relay))

    def _forget(self, relay: _Relay) -> None:
        self._live.discard(relay)
        relay.deleteLater()

    def busy(self) -> bool:
        """Whether any task is still queued or running."""
        return bool(self._live)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until every task has finished (for shutdown and tests)."""
        ok = self.parallel.waitForDone(msecs) and self.serial.waitForDone(msecs)
        return bool(ok)


def _log_error(exc: Exception) -> None:
    log.warning("background task failed: %s", type(exc).__name__)
