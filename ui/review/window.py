"""The review window: filter the search log, read entries, run the anomaly rules, sign off,
export evidence. Only reviewers and administrators may open it (checked by the core), and
it offers no way to search."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from skiptrace.review.log_review import EXPORT_FORMATS, LogReview
from skiptrace.review.rule_types import Anomaly
from skiptrace.review.signoff import SignOff
from skiptrace.searchlog.entry import AuditEntry
from skiptrace.workspace.workspace import Workspace
from ui.review.filters import FilterBar
from ui.review.models import AnomalyTableModel, LogTableModel


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(str)


class _Task(QRunnable):
    """Core work off the GUI thread; the result comes back through a signal."""

    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__()
        self.work = work
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as exc:  # shown to the reviewer as a reason, never a traceback
            self.signals.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.signals.done.emit(result)


class ReviewWindow(QMainWindow):
    """Compliance review of one workspace's search log."""

    anomalies_ready = Signal(int)
    exported = Signal(str)
    failed = Signal(str)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        review = LogReview.for_reviewer(workspace)
        super().__init__(parent)
        self.ws = workspace
        self.review = review
        self.setWindowTitle(f"Search log review - {workspace.display_url}")
        self._pool = QThreadPool(self)
        self._tasks: set[_Task] = set()
        self._signoffs: list[SignOff] = []

        self.filters = FilterBar()
        self.log_model = LogTableModel(review, self)
        self.log_view = self._table(self.log_model)
        last = len(LogTableModel.COLUMNS) - 1
        self._fit_columns(self.log_view, LogTableModel.SAMPLES, stretch=last)
        self.log_view.setSortingEnabled(True)
        self.log_view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.anomaly_model = AnomalyTableModel(self)
        self.anomaly_view = self._table(self.anomaly_model)
        self._fit_columns(self.anomaly_view, AnomalyTableModel.SAMPLES, stretch=4)
        self.details = QPlainTextEdit(readOnly=True)
        self.details.setPlaceholderText(
            "Select an entry in the log, or an anomaly, to see it here in full: who, when, "
            "the purpose and justification, the details and the hashes that chain it."
        )
        self.count_label = QLabel()
        self.status = QLabel()

        self.find_button = QPushButton("Find &anomalies")
        anomalies_tab = QWidget()
        a_layout = QVBoxLayout(anomalies_tab)
        self.anomaly_hint = QLabel(
            "The anomaly rules have not been run yet: Find anomalies runs them over the "
            "filter's dates (the last 30 days when none is set)."
        )
        self.anomaly_hint.setWordWrap(True)
        find_row = QHBoxLayout()
        find_row.addWidget(self.find_button)
        find_row.addWidget(self.anomaly_hint, 1)
        a_layout.addLayout(find_row)
        a_layout.addWidget(self.anomaly_view)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.log_view, "&Log")
        self.tabs.addTab(anomalies_tab, "A&nomalies")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.tabs)
        split.addWidget(self.details)
        split.setStretchFactor(0, 3)

        self.note = QLineEdit(placeholderText="sign-off note: what you reviewed and found")
        self.signoff_rows = QPushButton("Sign &off selected")
        self.signoff_period = QPushButton("Sign off &filtered period")
        self.export_format = QComboBox()
        self.export_format.addItems(list(EXPORT_FORMATS))
        self.export_button = QPushButton("E&xport...")
        actions = QHBoxLayout()
        for w in (self.note, self.signoff_rows, self.signoff_period, self.export_format,
                  self.export_button):  # fmt: skip
            actions.addWidget(w)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.filters)
        layout.addWidget(self.count_label)
        layout.addWidget(split, 1)
        layout.addLayout(actions)
        layout.addWidget(self.status)
        self.setCentralWidget(central)
        self.resize(1200, 760)

        self.filters.applied.connect(self.apply_filters)
        self.log_view.selectionModel().currentRowChanged.connect(self._show_entry)
        self.anomaly_view.selectionModel().currentRowChanged.connect(self._show_anomaly)
        self.find_button.clicked.connect(self.find_anomalies)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.signoff_rows.clicked.connect(self.sign_off_selected)
        self.signoff_period.clicked.connect(self.sign_off_period)
        self.export_button.clicked.connect(self._choose_export)
        self.apply_filters()

    def _table(self, model: QAbstractItemModel) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.verticalHeader().setVisible(False)
        view.verticalHeader().setDefaultSectionSize(22)
        view.horizontalHeader().setStretchLastSection(True)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        return view

    @staticmethod
    def _fit_columns(view: QTableView, samples: tuple[str, ...], stretch: int) -> None:
        """Columns as wide as their longest likely value (measured on a sample, never by
        reading a million rows), the ``stretch`` column taking the rest; all resizable."""
        header = view.horizontalHeader()
        metrics = view.fontMetrics()
        head_metrics = header.fontMetrics()
        model = view.model()
        for column, sample in enumerate(samples):
            if column == stretch:
                continue
            title = str(model.headerData(column, Qt.Orientation.Horizontal))
            # room for the cell margins and the header's sort arrow
            width = max(metrics.horizontalAdvance(sample) + 16,
                        head_metrics.horizontalAdvance(title) + 28)  # fmt: skip
            header.resizeSection(column, width)
        header.setStretchLastSection(stretch == len(samples) - 1)
        if stretch != len(samples) - 1:
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)

    # -- filtering and reading ----------------------------------------------------------

    def apply_filters(self) -> None:
        """Show the entries the filter bar selects."""
        f = self.filters.current()
        self.log_model.set_filter(f)
        self._signoffs = self.review.signoffs()
        self.count_label.setText("counting...")
        review = self.review
        self._run(lambda: review.count(f), self._show_count)

    def _show_count(self, n: int) -> None:
        self.count_label.setText(f"{n} matching entries")

    def _show_entry(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        entry = self.log_model.entry_at(current.row()) if current.isValid() else None
        self.details.setPlainText(self.describe(entry) if entry else "")

    def describe(self, entry: AuditEntry) -> str:
        """An entry as the details pane shows it, with the sign-offs that cover it."""
        lines = [
            f"Entry {entry.seq}  {entry.ts}  {entry.event}",
            f"By {entry.user} at {entry.workstation} (skiptrace {entry.app_version})",
            f"Account {entry.account_id or '-'}   subject {entry.subject_type or '-'}",
            f"Purposes {', '.join(entry.purposes) or '-'} ({entry.purpose_source or '-'})",
            f"Justification: {entry.justification or '-'}",
            "Details:",
            json.dumps(dict(entry.details), indent=2, ensure_ascii=False),
            f"Hash {entry.hash}",
            f"Previous {entry.prev_hash}",
        ]
        covering = [s for s in self._signoffs if s.covers(entry.seq)]
        for s in covering:
            lines.append(f"Signed off in entry {s.seq} by {s.reviewer} ({s.ts[:10]}): {s.note}")
        if not covering:
            lines.append("Not yet signed off.")
        return "\n".join(lines)

    def _show_anomaly(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        a = self.anomaly_model.anomaly_at(current.row()) if current.isValid() else None
        if a is not None:
            seqs = ", ".join(map(str, a.seqs))
            self.details.setPlainText(f"{a.title}\n\n{a.reason}\n\nEntries: {seqs}")
        else:
            self.details.clear()

    def _tab_changed(self, index: int) -> None:
        # the details pane follows the tab shown: never a log entry under the anomalies
        if index == 1:
            self._show_anomaly(self.anomaly_view.currentIndex())
        else:
            self._show_entry(self.log_view.currentIndex())

    # -- anomalies ----------------------------------------------------------------------

    def find_anomalies(self) -> None:
        """Run the anomaly rules over the filter's dates (default: the last 30 days)."""
        f = self.filters.current()
        start = f.date_from or self.filters.first_day()
        end = f.date_to or date.today()
        self.status.setText(f"running the anomaly rules over {start} to {end}...")
        review = self.review
        self._run(lambda: review.anomalies(start, end, users=f.users), self._show_anomalies)

    def _show_anomalies(self, found: list[Anomaly]) -> None:
        self.anomaly_model.set_anomalies(found)
        self.anomaly_hint.setText(
            f"{len(found)} anomalies found by the last run of the rules; select one for its "
            "reason and entries."
            if found
            else "The rules found no anomalies over these dates."
        )
        self.tabs.setCurrentIndex(1)
        self.status.setText(f"{len(found)} anomalies")
        self.anomalies_ready.emit(len(found))

    # -- sign-off -----------------------------------------------------------------------

    def sign_off_selected(self) -> None:
        """Sign off the selected log rows with the note."""
        rows = {i.row() for i in self.log_view.selectionModel().selectedRows()}
        seqs = [self.log_model.seq_at(r) for r in sorted(rows)]
        self._sign(lambda: self.review.sign_off(self.note.text(), seqs=seqs))

    def sign_off_period(self) -> None:
        """Sign off every entry the current filter selects with the note."""
        f = self.filters.current()
        self._sign(lambda: self.review.sign_off(self.note.text(), period=f))

    def _sign(self, work: Callable[[], AuditEntry]) -> None:
        try:
            entry = work()
        except (ValueError, PermissionError) as exc:
            self._fail(str(exc))
            return
        self.note.clear()
        self.status.setText(f"signed off {entry.details['count']} entries as entry {entry.seq}")
        self.apply_filters()

    # -- export -------------------------------------------------------------------------

    def _choose_export(self) -> None:
        fmt = self.export_format.currentText()
        name, _ = QFileDialog.getSaveFileName(
            self, "Export evidence", f"evidence.{fmt}", f"{fmt.upper()} (*.{fmt})"
        )
        if name:
            self.export_to(Path(name), fmt)

    def export_to(self, path: Path, fmt: str) -> None:
        """Write the filtered entries (csv, jsonl) or an evidence pack (pdf) in the background."""
        f, review = self.filters.current(), self.review
        self.status.setText(f"exporting to {path}...")
        self._run(lambda: str(review.export(f, fmt, path)), self._exported)

    def _exported(self, path: str) -> None:
        self.status.setText(f"exported to {path}")
        self.exported.emit(path)

    # -- plumbing -----------------------------------------------------------------------

    def _run(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        task = _Task(work)
        self._tasks.add(task)
        task.signals.done.connect(done)
        task.signals.failed.connect(self._fail)
        task.signals.done.connect(lambda _r, t=task: self._tasks.discard(t))
        task.signals.failed.connect(lambda _m, t=task: self._tasks.discard(t))
        task.setAutoDelete(False)
        self._pool.start(task)

    def _fail(self, message: str) -> None:
        self.status.setText(message)
        self.failed.emit(message)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._pool.waitForDone()
        super().closeEvent(event)
