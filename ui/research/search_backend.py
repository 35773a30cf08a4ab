"""The seam between the research view and whatever runs searches.

The view needs four things from a search backend: the connectors it will ask, a blocking
``run`` (called on a worker thread) that logs the search through the gate and reports each
connector's state as it changes, and a cancel handle it honours. The app's backend is
``ui.research.orchestrated.OrchestratorBackend`` (the core orchestrator); tests may plug
in any other, e.g. ``tests.helpers.sources.SourcesBackend``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from skiptrace.candidate import Candidate
from skiptrace.gate.request import SearchRequest

# What a connector row can say besides its outcome (a ``skiptrace.sources.model.Status``).
WAITING = "waiting"
RUNNING = "running"


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


class SearchSink(Protocol):
    """Where a backend reports; the Qt side turns each call into a signal."""

    def report(self, report: ConnectorReport) -> None: ...


class SearchBackend(Protocol):
    """Runs searches for the research view."""

    def connectors(self) -> list[ConnectorRef]: ...

    def new_cancel(self) -> Cancel: ...

    def run(self, request: SearchRequest, sink: SearchSink, cancel: Any) -> SearchFinished: ...
