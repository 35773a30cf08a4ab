"""The batch desk: what the batch window asks of a workspace.

Start a batch over the portfolio's filter or selection, work it (in the caller's worker
thread) with progress, pause, resume or cancel it, and read its report. The window asks
these methods and never touches the database itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from skiptrace.batch.model import Batch, BatchState
from skiptrace.batch.progress import Progress
from skiptrace.batch.queue import create_batch, load_batch
from skiptrace.batch.report import BatchReport, build_report
from skiptrace.batch.runner import Control, RunSummary, pause_or_cancel, resume_batch, run_batch
from skiptrace.batch.selection import Selection
from skiptrace.model import SubjectType
from skiptrace.sources.connector_setup import ConnectorSetup
from skiptrace.sources.registry import ConnectorRegistry
from skiptrace.workspace.workspace import Workspace


class BatchDesk:
    """The batch window's questions, answered from one workspace and its connectors."""

    def __init__(self, workspace: Workspace, registry: ConnectorRegistry) -> None:
        self._workspace = workspace
        self._registry = registry

    def sources(self) -> list[tuple[str, str]]:
        """The connectors a batch can ask (every enabled one, in registry order): each id
        with the name a collector reads."""
        infos = ConnectorSetup(self._workspace).enabled(self._registry)
        return [(i.id, i.manifest.display_name if i.manifest else i.id) for i in infos]

    def start(
        self,
        selection: Selection,
        purposes: Sequence[str],
        justification: str,
        subject: SubjectType = SubjectType.DEBTOR,
        connectors: Sequence[str] = (),
    ) -> Batch:
        """Queue a batch (the gate checks the purpose; ``batch.started`` is logged)."""
        return create_batch(
            self._workspace, selection, purposes, justification, subject, connectors
        )

    def work(
        self,
        batch_id: str,
        control: Control,
        on_progress: Callable[[Progress], None] | None = None,
        workers: int = 8,
    ) -> RunSummary:
        """Search the batch's accounts until done, paused or cancelled (call it off the GUI
        thread)."""
        return run_batch(
            self._workspace,
            self._registry,
            batch_id,
            workers=workers,
            control=control,
            on_progress=on_progress,
        )

    def resume(self, batch_id: str) -> Batch:
        """Set a paused or interrupted batch running again (logged)."""
        return resume_batch(self._workspace, batch_id)

    def cancel(self, batch_id: str) -> None:
        """Cancel a batch that no one is working on here."""
        pause_or_cancel(self._workspace, batch_id, BatchState.CANCELLED)

    def batch(self, batch_id: str) -> Batch:
        """A batch as stored."""
        return load_batch(self._workspace.engine, batch_id)

    def report(self, batch_id: str) -> BatchReport:
        """The batch's report: per source and overall."""
        return build_report(self._workspace, batch_id)
