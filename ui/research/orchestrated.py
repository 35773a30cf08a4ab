"""The research view's backend over the core search orchestrator and installed connectors."""

from __future__ import annotations

from skiptrace.gate.request import SearchRequest
from skiptrace.research.findings import research_orchestrator
from skiptrace.sources.connector_setup import ConnectorSetup
from skiptrace.sources.model import CancelToken, Outcome
from skiptrace.sources.registry import ConnectorRegistry
from skiptrace.workspace.workspace import Workspace
from ui.research.search_backend import (
    RUNNING,
    ConnectorRef,
    ConnectorReport,
    SearchFinished,
    SearchSink,
)


def to_report(outcome: Outcome) -> ConnectorReport:
    """An orchestrator outcome as the view's connector report."""
    message = outcome.message
    if outcome.retry_after is not None and "retry" not in message.lower():
        message = f"{message} (retry after {outcome.retry_after:g} s)"
    return ConnectorReport(
        outcome.connector_id,
        outcome.status.value,
        message,
        outcome.count,
        outcome.elapsed_ms,
        tuple(outcome.candidates),
    )


class OrchestratorBackend:
    """Asks every enabled connector through ``skiptrace.orchestrator``."""

    def __init__(self, workspace: Workspace, registry: ConnectorRegistry | None = None) -> None:
        self.workspace = workspace
        self.registry = registry or ConnectorRegistry.from_entry_points()
        self.orchestrator = research_orchestrator(workspace, self.registry)
        self._setup = ConnectorSetup(workspace)

    def connectors(self) -> list[ConnectorRef]:
        """The enabled connectors, as a search would ask them."""
        return [
            ConnectorRef(info.id, info.id)
            if info.manifest is None
            else ConnectorRef(info.id, info.manifest.display_name, info.manifest.credentials)
            for info in self._setup.enabled(self.registry)
        ]

    def new_cancel(self) -> CancelToken:
        return CancelToken()

    def run(self, request: SearchRequest, sink: SearchSink, cancel: CancelToken) -> SearchFinished:
        """Log, fan out, stream each outcome to ``sink``, log the end."""
        run = self.orchestrator.start(request, cancel)
        for planned in run.plan.to_run:
            sink.report(ConnectorReport(planned.id, RUNNING))
        for outcome in run:
            sink.report(to_report(outcome))
        result = run.result
        return SearchFinished(
            request.search_id, result.cancelled, tuple(to_report(o) for o in result.outcomes)
        )
