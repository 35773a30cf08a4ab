"""The batch window: one purpose for the portfolio's filtered accounts, progress with time
left and live hit rates, pause / resume / cancel, and the report with its chart.

The batch runs in a worker thread through the batch desk; progress comes back as Qt
signals, so no widget is touched off the GUI thread.
"""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from skiptrace.batch.desk import BatchDesk
from skiptrace.batch.model import Batch, BatchState
from skiptrace.batch.progress import Progress
from skiptrace.batch.report import COLUMNS, BatchReport, report_rows
from skiptrace.batch.runner import Control, RunSummary
from skiptrace.batch.selection import Selection
from skiptrace.gate.purposes import purpose_table
from ui.batch.chart import SERIES, ReportChart
from ui.batch.source_picker import SourcePicker


class _Relay(QObject):
    progress = Signal(object)
    finished = Signal(object)  # (RunSummary, BatchReport) or an Exception


def _time_left(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    minutes, secs = divmod(int(seconds + 0.5), 60)
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


def progress_text(p: Progress) -> str:
    """The line under the progress bar: done, left, rate, time left, hit rates."""
    hits = ", ".join(f"{cid} {p.hit_rate(cid):.0%}" for cid in sorted(p.asked))
    line = (
        f"{p.done} of {p.total} done, {p.left} left · {p.rate:.1f} accounts/s · "
        f"time left {_time_left(p.seconds_left)}"
    )
    return f"{line} · hits: {hits}" if hits else line


class BatchWindow(QWidget):
    """A batch over ``selection`` (described as ``what``), run through ``desk``."""

    state_changed = Signal(str)

    def __init__(
        self,
        desk: BatchDesk,
        selection: Selection,
        what: str,
        connectors: list[str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Batch skip trace")
        self.desk = desk
        self.selection = selection
        self.batch: Batch | None = None
        self.control: Control | None = None
        self.report: BatchReport | None = None
        self._relay = _Relay(self)
        self._relay.progress.connect(self._show_progress)
        self._relay.finished.connect(self._finished)

        self.what = QLabel(f"Accounts: {what}")
        self.purpose = QComboBox()
        for p in purpose_table().values():
            self.purpose.addItem(f"{p.citation}: {p.title}", p.id)
        self.justification = QLineEdit()
        self.justification.setPlaceholderText("Why these accounts need a search now")
        self.justification.setAccessibleName("Justification")
        self.sources = SourcePicker(desk.sources(), connectors or ())
        self.start_button = QPushButton("&Start")
        self.pause_button = QPushButton("&Pause")
        self.resume_button = QPushButton("&Resume")
        self.cancel_button = QPushButton("&Cancel batch")
        self.bar = QProgressBar()
        self.status = QLabel("Not started")
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS) + 1)
        self.table.setHorizontalHeaderLabels(["Source", *(t for _k, t in COLUMNS)])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.chart = ReportChart()
        self.summary = QLabel("")
        self.summary.setWordWrap(True)

        form = QFormLayout()
        form.addRow("Purpose", self.purpose)
        form.addRow("Justification", self.justification)
        form.addRow("Sources", self.sources)
        buttons = QHBoxLayout()
        for b in (self.start_button, self.pause_button, self.resume_button, self.cancel_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.what)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.chart)
        layout.addWidget(self.summary)

        self.start_button.clicked.connect(self.start)
        self.pause_button.clicked.connect(self.pause)
        self.resume_button.clicked.connect(self.resume)
        self.cancel_button.clicked.connect(self.cancel)
        QShortcut(QKeySequence("Esc"), self, self.pause)
        self._set_buttons(running=False)

    def _set_buttons(self, running: bool) -> None:
        finished = self.batch is not None and self.batch.state.finished
        self.start_button.setEnabled(self.batch is None)
        self.pause_button.setEnabled(running)
        self.resume_button.setEnabled(not running and self.batch is not None and not finished)
        self.cancel_button.setEnabled(self.batch is not None and not finished)

    def start(self) -> None:
        """Queue the batch (the gate checks the purpose) and start working it."""
        chosen = self.sources.chosen()
        if not chosen:
            self.status.setText("Tick at least one source to ask.")
            return
        try:
            self.batch = self.desk.start(
                self.selection,
                [self.purpose.currentData()],
                self.justification.text(),
                connectors=chosen,
            )
        except Exception as exc:  # a refusal says what to fix; nothing was queued
            self.status.setText(str(exc))
            return
        self._work()

    def _work(self) -> None:
        assert self.batch is not None
        self.control = Control()
        control, batch_id, relay = self.control, self.batch.batch_id, self._relay

        def run() -> None:
            try:
                summary = self.desk.work(batch_id, control, relay.progress.emit)
                relay.finished.emit((summary, self.desk.report(batch_id)))
            except Exception as exc:
                relay.finished.emit(exc)

        self._set_buttons(running=True)
        self.status.setText("Starting…")
        self.state_changed.emit(BatchState.RUNNING.value)
        threading.Thread(target=run, name="batch-window", daemon=True).start()

    def pause(self) -> None:
        """Finish the searches in flight and stop."""
        if self.control is not None:
            self.control.pause()
            self.status.setText("Pausing after the searches in flight…")

    def resume(self) -> None:
        """Continue a paused batch."""
        if self.batch is not None and self.control is None:
            self.batch = self.desk.resume(self.batch.batch_id)
            self._work()

    def cancel(self) -> None:
        """Cancel the rest of the batch (searches in flight are cancelled too)."""
        if self.control is not None:
            self.control.cancel()
        elif self.batch is not None:
            self.desk.cancel(self.batch.batch_id)
            self.batch = self.desk.batch(self.batch.batch_id)
            self.show_report(self.desk.report(self.batch.batch_id))
            self._set_buttons(running=False)
            self.state_changed.emit(self.batch.state.value)

    def _show_progress(self, p: Progress) -> None:
        self.bar.setMaximum(max(1, p.total))
        self.bar.setValue(p.done)
        self.status.setText(progress_text(p))

    def _finished(self, outcome: Any) -> None:
        self.control = None
        if isinstance(outcome, Exception):
            self.status.setText(f"The batch stopped: {outcome}")
            self._set_buttons(running=False)
            return
        summary, report = outcome
        assert isinstance(summary, RunSummary)
        self.batch = summary.batch
        self._show_progress(summary.progress)
        self.status.setText(f"Batch {summary.state.value}. {self.status.text()}")
        if summary.error:
            self.status.setText(f"{self.status.text()} {summary.error}")
        self.show_report(report)
        self._set_buttons(running=False)
        self.state_changed.emit(summary.state.value)

    def show_report(self, report: BatchReport) -> None:
        """Fill the table and the chart from a report."""
        self.report = report
        rows = report_rows(report)
        self.table.setRowCount(len(rows))
        for r, (name, tally) in enumerate(rows):
            self.table.setItem(r, 0, QTableWidgetItem(name))
            for c, (key, _title) in enumerate(COLUMNS, start=1):
                item = QTableWidgetItem(str(getattr(tally, key)))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.chart.set_groups([(n, {k: getattr(t, k) for k, _l, _c in SERIES}) for n, t in rows])
        o = report.overall
        self.summary.setText(
            f"Verified leads found again on {o.verified_again} account(s); {o.suppressed} "
            "lead(s) suppressed (marked wrong party, disconnected or do-not-contact)."
        )
