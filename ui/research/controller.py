"""One account's research session: runs searches off the GUI thread, gathers candidates,
ranks leads, and records dispositions; the panel only displays what it emits."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, Signal, Slot

from skiptrace.candidate import Candidate
from skiptrace.gate.request import SearchRequest
from skiptrace.model import Debtor, Disposition, DispositionKind, current_dispositions
from skiptrace.research.desk import ResearchDesk
from skiptrace.research.lead_rows import LeadRow, ResearchRows, build_research
from skiptrace.research.records_found import RecordRow
from ui.purpose_dialog import SessionDefault
from ui.research.rank_pool import RankPool
from ui.research.search_backend import Cancel, ConnectorReport, SearchBackend, SearchFinished
from ui.tasks import TaskRunner


class _Sink(QObject):
    """Created on the GUI thread; ``report`` is called from the worker and queued over."""

    reported = Signal(object)

    def report(self, report: ConnectorReport) -> None:
        self.reported.emit(report)


class ResearchController(QObject):
    """Searches, candidates, leads and dispositions for the open account."""

    account_opened = Signal(object)  # Debtor
    search_started = Signal(object)  # SearchRequest
    connector_reported = Signal(object)  # ConnectorReport
    leads_changed = Signal(list)  # list[LeadRow]
    records_changed = Signal(list)  # list[RecordRow]: every record found, with its verdict
    search_finished = Signal(object)  # SearchFinished
    search_failed = Signal(str)
    disposition_recorded = Signal(object)  # Disposition
    disposition_failed = Signal(str)

    def __init__(
        self,
        desk: ResearchDesk,
        backend: SearchBackend,
        tasks: TaskRunner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.backend = backend
        self.tasks = tasks
        self.debtor: Debtor | None = None
        self.candidates: list[Candidate] = []
        self.dispositions: list[Disposition] = []
        self.leads: list[LeadRow] = []
        self.records: list[RecordRow] = []
        self.session_default: SessionDefault | None = None
        self.request: SearchRequest | None = None
        self.last_search_at = ""  # when the search whose leads are shown started
        self._cancel: Cancel | None = None
        self._rank_generation = 0
        self._ranked_generation = 0
        self._ranking_in_flight = False
        self.rank_pool: RankPool | None = None  # the app ranks in a process of its own
        self._sink = _Sink(self)
        self._sink.reported.connect(self._on_report)

    @property
    def running(self) -> bool:
        """Whether a search is under way."""
        return self._cancel is not None

    def open_account(self, account_id: str) -> Debtor | None:
        """Start over on another account: its dispositions and its current leads.

        The debtor is held with full SSN and DOB decrypted, in memory only: the sources
        and the matcher need them; the screen shows only the masked forms.
        """
        opened = self.desk.open_account(account_id)
        self.request = None
        if opened is None:
            self.debtor = None
            self.candidates, self.dispositions, self.last_search_at = [], [], ""
            self._rank()
            return None
        debtor = self.debtor = opened.debtor
        self.dispositions = list(opened.dispositions)
        self.last_search_at, self.candidates = opened.last_search_at, list(opened.candidates)
        self.account_opened.emit(debtor)
        self._rank()
        return debtor

    # -- searching --------------------------------------------------------------------

    def start(self, request: SearchRequest) -> bool:
        """Run a search that passed the purpose gate; False if one is already running."""
        if self.running:
            return False
        if self.debtor is None or self.debtor.account_id != request.debtor.account_id:
            self.open_account(request.debtor.account_id)
        self.request = request
        self.candidates = []
        self._rank()
        cancel = self.backend.new_cancel()
        self._cancel = cancel
        backend, sink = self.backend, self._sink
        self.search_started.emit(request)
        self.tasks.run(
            lambda: backend.run(request, sink, cancel), self._on_finished, self._on_failed
        )
        return True

    def cancel(self) -> None:
        """Stop waiting for the connectors still running; the search is logged as cancelled."""
        if self._cancel is not None:
            self._cancel.cancel()

    @Slot(object)
    def _on_report(self, report: ConnectorReport) -> None:
        if self.request is None:
            return
        self.connector_reported.emit(report)
        if report.candidates:
            self.candidates.extend(report.candidates)
            self._rank()

    def _on_finished(self, finished: SearchFinished) -> None:
        self._cancel = None
        self.search_finished.emit(finished)

    def _on_failed(self, exc: Exception) -> None:
        self._cancel = None
        self.search_failed.emit(str(exc) or type(exc).__name__)

    # -- leads ------------------------------------------------------------------------

    def _rank(self) -> None:
        """Re-rank in a worker (matching is numpy work), one ranking at a time: reports
        that arrive meanwhile are folded into the next one."""
        self._rank_generation += 1
        if self._ranking_in_flight:
            return
        generation = self._rank_generation
        if self.debtor is None or not self.candidates:
            self._ranked(generation, ResearchRows([], []))
            return
        debtor, candidates, marks = self.debtor, list(self.candidates), list(self.dispositions)
        self._ranking_in_flight = True
        rank = self.rank_pool.rank if self.rank_pool is not None else build_research
        self.tasks.run(
            lambda: rank(debtor, candidates, marks),
            lambda rows: self._ranked(generation, rows),
            self._rank_failed,
        )

    def _ranked(self, generation: int, rows: ResearchRows) -> None:
        self._ranking_in_flight = False
        if generation != self._rank_generation:
            self._rank_generation -= 1  # _rank counts it again
            self._rank()
            return
        self.leads, self.records = rows.leads, rows.records
        self._ranked_generation = generation
        self.leads_changed.emit(self.leads)
        self.records_changed.emit(self.records)

    def _rank_failed(self, exc: Exception) -> None:
        self._ranking_in_flight = False
        self._ranked_generation = self._rank_generation
        self.search_failed.emit(f"ranking failed: {exc}")

    @property
    def ranking(self) -> bool:
        """Whether a newer ranking is still being computed."""
        return self._ranked_generation != self._rank_generation

    def mark(self, lead: LeadRow, kind: DispositionKind, note: str = "") -> None:
        """Record a disposition on a lead (stored and logged), then re-rank at once."""
        if self.debtor is None:
            return
        disposition = Disposition(
            account_id=self.debtor.account_id,
            lead_kind=lead.kind,
            lead_value=lead.value,
            kind=kind,
            user=self.desk.user,
            note=note,
            search_id=self.request.search_id if self.request else "",
        )
        desk, key = self.desk, lead.key
        self.tasks.run(
            lambda: desk.record_disposition(disposition, key),
            self._on_recorded,
            lambda exc: self.disposition_failed.emit(str(exc)),
            serial=True,
        )

    def undo(self, lead: LeadRow) -> bool:
        """Take back the disposition standing on a lead: a new ``undone`` entry, never an
        edit of the old one. False when nothing stands on it."""
        if lead.disposition is None:
            return False
        self.mark(lead, DispositionKind.UNDONE, f"undo of {lead.disposition.value}")
        return True

    def _on_recorded(self, disposition: Disposition) -> None:
        if self.debtor is not None and disposition.account_id == self.debtor.account_id:
            self.dispositions.append(disposition)
            marked = (disposition.lead_kind, disposition.lead_value)
            same = [d for d in self.dispositions if (d.lead_kind, d.lead_value) == marked]
            standing = current_dispositions(same, lambda _d: "lead").get("lead")
            # show the verdict at once; the re-ranking that follows moves the lead
            self.leads = [
                replace(lead, disposition=standing.kind if standing else None)
                if (lead.kind, lead.value) == marked
                else lead
                for lead in self.leads
            ]
            self.leads_changed.emit(self.leads)
            self._rank()
        self.disposition_recorded.emit(disposition)
