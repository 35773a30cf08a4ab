"""Which search backend the app uses: the orchestrator's when installed, else none."""

from __future__ import annotations

from skiptrace.workspace import Workspace
from ui.research.backend import SearchBackend, SourcesBackend


def make_backend(workspace: Workspace) -> SearchBackend:
    """The backend for a workspace: the core orchestrator with the enabled connectors."""
    try:
        from ui.research.orchestrated import OrchestratorBackend
    except ImportError:  # the orchestrator is not part of this build
        return SourcesBackend(workspace, [])
    return OrchestratorBackend(workspace)
