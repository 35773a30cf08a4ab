"""The seam between the research view and whatever runs searches.

The view needs four things from a search backend: the connectors it will ask, a blocking
``run`` (called on a worker thread) that logs the search through the gate and reports each
connector's state as it changes, and a cancel flag it honours. ``SourcesBackend`` fans
out plain callables through the foundation's ``begin_search`` / ``end_search``; the
orchestrator's adapter (``ui.research.orchestrated``) takes over when it is installed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any, Protocol

from skiptrace.candidate import Candidate
from skiptrace.request import SearchRequest
from skiptrace.search import begin_search, end_search
from skiptrace.workspace import Workspace

# What a connector row can say. The first two are the view's own; the rest are outcomes.
WAITING = "waiting"
RUNNING = "running"
OUTCOMES = (
    "ok",
    "no_hit",
    "auth_failed",
    "rate_limited",
    "timeout",
    "bad_response",
    "unavailable",
    "error",
    "cancelled",
)


@dataclass(frozen=True, slots=True)
class ConnectorRef:
    """A connector the search will ask."""

    id: str
    name: str
    credentials: tuple[str, ...] = ()  # names of keychain secrets it needs


@dataclass(frozen=True)
class ConnectorReport:
    """A connector's state changed: running, or finished with an outcome and candidates."""

    connector_id: str
    state: str
    message: str = ""
    count: int = 0
    elapsed_ms: float = 0.0
    candidates: tuple[Candidate, ...] = field(default=())


@dataclass(frozen=True)
class SearchFinished:
    """The search is over (completed or cancelled) and its completion is logged."""

    search_id: str
    cancelled: bool
    reports: tuple[ConnectorReport, ...]


class Cancel(Protocol):
    """Set once to stop a search (the orchestrator's ``CancelToken`` is one)."""

    @property
    def cancelled(self) -> bool: ...

    def cancel(self) -> None: ...


class CancelFlag:
    """A plain cancel flag for backends without their own token."""

    def __init__(self) -> None:
        self._event = threading.Event()

    @property
    def cancelled(self) -> bool:
        """Whether cancel was asked for."""
        return self._event.is_set()

    def cancel(self) -> None:
        """Ask the search to stop."""
        self._event.set()

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``, waking on cancel; True when cancelled."""
        return self._event.wait(seconds)


class SearchSink(Protocol):
    """Where a backend reports; the Qt side turns each call into a signal."""

    def report(self, report: ConnectorReport) -> None: ...


class SearchBackend(Protocol):
    """Runs searches for the research view."""

    def connectors(self) -> list[ConnectorRef]: ...

    def new_cancel(self) -> Cancel: ...

    def run(self, request: SearchRequest, sink: SearchSink, cancel: Any) -> SearchFinished: ...


@dataclass(frozen=True)
class SourceAnswer:
    """What a plain source callable returns."""

    status: str
    candidates: tuple[Candidate, ...] = ()
    message: str = ""


Source = Callable[[SearchRequest, CancelFlag], SourceAnswer]


class SourcesBackend:
    """Fans plain source callables out in threads between ``begin_search`` and ``end_search``."""

    def __init__(self, workspace: Workspace, sources: Sequence[tuple[ConnectorRef, Source]]):
        self._workspace = workspace
        self._sources = list(sources)

    def connectors(self) -> list[ConnectorRef]:
        return [ref for ref, _ in self._sources]

    def new_cancel(self) -> CancelFlag:
        return CancelFlag()

    def run(self, request: SearchRequest, sink: SearchSink, cancel: CancelFlag) -> SearchFinished:
        started = begin_search(self._workspace.log, request, [r.id for r, _ in self._sources])
        reports: dict[str, ConnectorReport] = {}
        pool = ThreadPoolExecutor(max_workers=max(1, len(self._sources)))
        futures: dict[Future[SourceAnswer], tuple[ConnectorRef, float]] = {}
        for ref, source in self._sources:
            sink.report(ConnectorReport(ref.id, RUNNING))
            futures[pool.submit(source, request, cancel)] = (ref, time.perf_counter())
        pending = set(futures)
        while pending and not cancel.cancelled:
            done, pending = wait(pending, timeout=0.05, return_when=FIRST_COMPLETED)
            if cancel.cancelled:  # answers woken by the cancel itself are not results
                pending |= done
                break
            for fut in done:
                ref, t0 = futures[fut]
                reports[ref.id] = _report(ref, fut, (time.perf_counter() - t0) * 1000)
                sink.report(reports[ref.id])
        for fut in pending:  # cancelled: the rest are not waited for
            ref, t0 = futures[fut]
            reports[ref.id] = ConnectorReport(
                ref.id,
                "cancelled",
                "cancelled by the collector",
                0,
                (time.perf_counter() - t0) * 1000,
            )
            sink.report(reports[ref.id])
        pool.shutdown(wait=False, cancel_futures=True)
        cancelled = bool(pending)
        end_search(
            self._workspace.log,
            request,
            started,
            {
                cid: {"status": r.state, "count": r.count, "elapsed_ms": round(r.elapsed_ms, 1)}
                for cid, r in reports.items()
            },
            cancelled=cancelled,
        )
        return SearchFinished(request.search_id, cancelled, tuple(reports.values()))


def _report(ref: ConnectorRef, fut: Future[Any], elapsed_ms: float) -> ConnectorReport:
    try:
        answer: SourceAnswer = fut.result()
    except Exception as exc:  # one failing source must not spoil the search
        return ConnectorReport(ref.id, "error", f"{type(exc).__name__}: {exc}", 0, elapsed_ms)
    return ConnectorReport(
        ref.id,
        answer.status,
        answer.message,
        len(answer.candidates),
        elapsed_ms,
        tuple(answer.candidates),
    )
