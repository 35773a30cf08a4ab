"""Which search backend the app uses: the orchestrator over the installed connectors,
built on first use so that the window opens before the connectors are imported."""

from __future__ import annotations

import threading
from typing import Any

from skiptrace.gate.request import SearchRequest
from skiptrace.workspace.workspace import Workspace
from ui.research.search_backend import (
    Cancel,
    ConnectorRef,
    SearchBackend,
    SearchFinished,
    SearchSink,
)


class LazyBackend:
    """Builds the orchestrator backend the first time it is needed (from any thread)."""

    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace
        self._lock = threading.Lock()
        self._backend: SearchBackend | None = None

    def get(self) -> SearchBackend:
        """The real backend, built once."""
        with self._lock:
            if self._backend is None:
                from ui.research.orchestrated import OrchestratorBackend

                self._backend = OrchestratorBackend(self._workspace)
            return self._backend

    @property
    def registry(self) -> Any:
        """The connector registry (for the settings dialog)."""
        return getattr(self.get(), "registry", None)

    def connectors(self) -> list[ConnectorRef]:
        return self.get().connectors()

    def new_cancel(self) -> Cancel:
        return self.get().new_cancel()

    def run(self, request: SearchRequest, sink: SearchSink, cancel: Any) -> SearchFinished:
        return self.get().run(request, sink, cancel)


def make_backend(workspace: Workspace) -> SearchBackend:
    """The backend for a workspace: the core orchestrator with the enabled connectors."""
    return LazyBackend(workspace)
