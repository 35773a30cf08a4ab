"""The review window: filter the search log, read entries, verify the chain, run the
anomaly rules and work them, see the dashboard, sign off, export evidence. Only reviewers
and administrators may open it (checked by the core), and it offers no way to search.
Every rule is the core's, reached through the ``LogReview`` facade."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from skiptrace.review.dashboard import Dashboard
from skiptrace.review.log_review import EXPORT_FORMATS, LogReview
from skiptrace.review.query import ReviewFilter
from skiptrace.review.rule_types import Anomaly
from skiptrace.review.scope import SignOffScope
from skiptrace.review.signoff import SignOff
from skiptrace.review.workitems import Action
from skiptrace.searchlog.verification import VerifyReport
from skiptrace.workspace.workspace import Workspace
from ui.review.anomalies_tab import AnomaliesTab
from ui.review.dashboard_tab import DashboardTab
from ui.review.details import DetailsPane
from ui.review.filters import FilterBar
from ui.review.models import AnomalyTableModel, LogTableModel
from ui.review.signoff_dialog import confirm_with_dialog
from ui.review.tables import fit_columns, review_table
from ui.tasks import TaskRunner

LOG_TAB, ANOMALIES_TAB, DASHBOARD_TAB = range(3)
Confirm = Callable[[SignOffScope], tuple[bool, str]]


class ReviewWindow(QMainWindow):
    """Compliance review of one workspace's search log."""

    anomalies_ready = Signal(int)
    anomaly_worked = Signal(str)
    signed_off = Signal(int)
    verified = Signal(object)
    dashboard_ready = Signal()
    exported = Signal(str)
    failed = Signal(str)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        review = LogReview.for_reviewer(workspace)
        super().__init__(parent)
        self.ws = workspace
        self.review = review
        self.setWindowTitle(f"Search log review - {workspace.display_url}")
        self.tasks = TaskRunner(self)
        self._signoffs: list[SignOff] = []
        self._anomalies: list[Anomaly] = []
        self.confirm: Confirm = lambda scope: confirm_with_dialog(scope, self)

        self.filters = FilterBar()
        self.log_model = LogTableModel(review, self)
        self.log_view = review_table(self.log_model)
        last = len(LogTableModel.HEADERS) - 1
        fit_columns(self.log_view, LogTableModel.SAMPLES, stretch=last)
        self.log_view.setSortingEnabled(True)
        self.log_view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.anomaly_model = AnomalyTableModel(self)
        self.anomaly_view = review_table(self.anomaly_model)
        fit_columns(self.anomaly_view, AnomalyTableModel.SAMPLES,
                          stretch=AnomalyTableModel.REASON_COLUMN)  # fmt: skip
        self.anomalies = AnomaliesTab(self.anomaly_view)
        self.find_button = self.anomalies.find_button
        self.anomaly_hint = self.anomalies.hint
        self.dashboard = DashboardTab()
        self.details = DetailsPane()
        self.count_label = QLabel()
        self.status = QLabel()
        self.status.setWordWrap(True)

        self.tabs = QTabWidget()
        self.tabs.addTab(self.log_view, "&Log")
        self.tabs.addTab(self.anomalies, "A&nomalies")
        self.tabs.addTab(self.dashboard, "&Dashboard")
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.tabs)
        split.addWidget(self.details)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([880, 400])

        self.note = QLineEdit(placeholderText="sign-off note: what you reviewed and found")
        self.signoff_rows = QPushButton("Sign &off selected")
        self.signoff_period = QPushButton("Sign off &filtered period")
        self.verify_button = QPushButton("&Verify chain")
        self.verify_progress = QProgressBar()
        self.verify_progress.setRange(0, 0)  # busy: the walk reports no steps of its own
        self.verify_progress.setMaximumWidth(120)
        self.verify_progress.setVisible(False)
        self.export_format = QComboBox()
        self.export_format.addItems(list(EXPORT_FORMATS))
        self.export_button = QPushButton("E&xport...")
        actions = QHBoxLayout()
        for w in (self.note, self.signoff_rows, self.signoff_period, self.verify_button,
                  self.verify_progress, self.export_format, self.export_button):  # fmt: skip
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
        self.log_model.modelReset.connect(self._log_reset)
        self.anomaly_view.selectionModel().currentRowChanged.connect(self._show_anomaly)
        self.anomaly_view.activated.connect(self.open_anomaly)
        self.anomaly_view.doubleClicked.connect(self.open_anomaly)
        self.anomaly_model.modelReset.connect(self._anomalies_reset)
        self.find_button.clicked.connect(self.find_anomalies)
        self.anomalies.show_combo.currentTextChanged.connect(self.anomaly_model.show_only)
        for action, button in self.anomalies.buttons.items():
            button.clicked.connect(lambda _c=False, a=action: self.work_selected(a))
        self.tabs.currentChanged.connect(self._tab_changed)
        self.signoff_rows.clicked.connect(self.sign_off_selected)
        self.signoff_period.clicked.connect(self.sign_off_period)
        self.verify_button.clicked.connect(self.verify_chain)
        self.export_button.clicked.connect(self._choose_export)
        self.apply_filters()

    # -- filtering and reading ----------------------------------------------------------

    def apply_filters(self) -> None:
        """Show the entries the filter bar selects, and the dashboard of them."""
        self.show_log(self.filters.current())

    def show_log(self, f: ReviewFilter, caption: str = "matching entries") -> None:
        """Show the entries a filter selects in the log tab."""
        self.log_model.set_filter(f)
        self._signoffs = self.review.signoffs()
        self.count_label.setText("counting...")
        review = self.review
        self._run(lambda: review.count(f), lambda n: self.count_label.setText(f"{n} {caption}"))
        self._refresh_dashboard()

    def _log_reset(self) -> None:
        # what was shown may have left the view: never keep the details of an entry not listed
        if self.tabs.currentIndex() == LOG_TAB:
            self.details.clear()

    def _show_entry(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        entry = self.log_model.entry_at(current.row()) if current.isValid() else None
        if entry is None:
            self.details.clear()
            return
        covering = [s for s in self._signoffs if s.covers(entry.seq)]
        self.details.show_entry(entry, covering)

    def _show_anomaly(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        a = self.anomaly_model.anomaly_at(current.row()) if current.isValid() else None
        state = self.anomaly_model.state_at(current.row()) if current.isValid() else None
        if a is None or state is None:
            self.details.clear()
            return
        self.details.show_anomaly(a, state, self.anomaly_model.step_for(a))

    def _anomalies_reset(self) -> None:
        if self.tabs.currentIndex() == ANOMALIES_TAB:
            self.details.clear()

    def _tab_changed(self, index: int) -> None:
        # the details pane follows the tab shown: never a log entry under the anomalies
        if index == ANOMALIES_TAB:
            self._show_anomaly(self.anomaly_view.currentIndex())
        elif index == LOG_TAB:
            self._show_entry(self.log_view.currentIndex())
        else:
            self.details.clear()

    # -- anomalies ----------------------------------------------------------------------

    def find_anomalies(self) -> None:
        """Run the anomaly rules over the filter's dates (default: the last 30 days)."""
        f = self.filters.current()
        start = f.date_from or self.filters.first_day()
        end = f.date_to or date.today()
        self.status.setText(f"running the anomaly rules over {start} to {end}...")
        review = self.review

        def work() -> tuple[list[Anomaly], dict[str, Any]]:
            return review.anomalies(start, end, users=f.users), review.anomaly_steps()

        self._run(work, self._show_anomalies)

    def _show_anomalies(self, result: tuple[list[Anomaly], dict[str, Any]]) -> None:
        found, steps = result
        self._anomalies = found
        self.anomaly_model.set_anomalies(found, steps)
        shown = self.anomaly_model.rowCount()
        self.anomaly_hint.setText(
            f"{len(found)} anomalies found by the last run of the rules ({shown} shown); select "
            "one for its reason, open it (Enter) for its entries."
            if found
            else "The rules found no anomalies over these dates."
        )
        self.tabs.setCurrentIndex(ANOMALIES_TAB)
        self.status.setText(f"{len(found)} anomalies")
        self._refresh_dashboard()
        self.anomalies_ready.emit(len(found))

    def open_anomaly(self, index: QModelIndex) -> None:
        """List the anomaly's entries in the log tab."""
        a = self.anomaly_model.anomaly_at(index.row())
        if a is None:
            return
        self.tabs.setCurrentIndex(LOG_TAB)
        self.show_log(
            ReviewFilter(seqs=a.seqs), f"entries of anomaly {a.id} (Apply filters to go back)"
        )

    def work_selected(self, action: Action) -> None:
        """Acknowledge, resolve or escalate the selected anomaly with the note typed."""
        a = self.anomaly_model.anomaly_at(self.anomaly_view.currentIndex().row())
        if a is None:
            self._fail("select an anomaly first")
            return
        try:
            entry = self.review.work_anomaly(a, action, self.anomalies.note.text())
        except (ValueError, PermissionError) as exc:
            self._fail(str(exc))
            return
        self.anomalies.note.clear()
        self.anomaly_model.set_steps(self.review.anomaly_steps())
        row = self.anomaly_model.row_of(a.id)
        if row >= 0:
            self.anomaly_view.selectRow(row)
        state = self.anomaly_model.state_at(row) if row >= 0 else None
        self.status.setText(
            f"anomaly {a.id} {state.value if state else action.value} in entry {entry.seq}"
        )
        self.anomaly_worked.emit(a.id)

    # -- dashboard ----------------------------------------------------------------------

    def _refresh_dashboard(self) -> None:
        f, found, review = self.log_model.current_filter, list(self._anomalies), self.review
        self._run(lambda: review.dashboard(f, found), self._show_dashboard)

    def _show_dashboard(self, fig: Dashboard) -> None:
        self.dashboard.show_figures(fig)
        self.dashboard_ready.emit()

    # -- sign-off -----------------------------------------------------------------------

    def sign_off_selected(self) -> None:
        """Sign off the selected log rows with the note, once the scope is confirmed."""
        rows = {i.row() for i in self.log_view.selectionModel().selectedRows()}
        seqs = [self.log_model.seq_at(r) for r in sorted(rows)]
        if not seqs:
            self._fail("select the entries to sign off first (or use Sign off filtered period)")
            return
        self._sign(seqs=seqs)

    def sign_off_period(self) -> None:
        """Sign off every entry the current filter selects, once the scope is confirmed."""
        self._sign(period=self.filters.current())

    def _sign(self, seqs: Sequence[int] = (), period: ReviewFilter | None = None) -> None:
        try:
            note = self.review.check_note(self.note.text())
            scope = self.review.signoff_scope(seqs=seqs, period=period)
            if scope.self_review:
                self.review.check_self_review(scope, "-")  # a reviewer is refused here
            go, reason = self.confirm(scope)
            if not go:
                self.status.setText("sign-off cancelled; nothing was recorded")
                return
            entry = self.review.sign_off(note, seqs=seqs, period=period,
                                         self_review_reason=reason)  # fmt: skip
        except (ValueError, PermissionError) as exc:
            self._fail(str(exc))
            return
        self.note.clear()
        flagged = " (own entries: flagged)" if "self_review" in entry.details else ""
        self.status.setText(
            f"signed off {entry.details['count']} entries as entry {entry.seq}{flagged}"
        )
        self.apply_filters()
        self.signed_off.emit(entry.seq)

    # -- verification -------------------------------------------------------------------

    def verify_chain(self) -> None:
        """Walk the chain in the background and report as ``log verify`` does."""
        self.verify_button.setEnabled(False)
        self.verify_progress.setVisible(True)
        self.status.setText("verifying the chain...")
        self._run(self.review.verify, self._verified, on_error=self._verify_failed)

    def _verified(self, report: VerifyReport) -> None:
        self.verify_button.setEnabled(True)
        self.verify_progress.setVisible(False)
        self.status.setText(report.summary())
        self.verified.emit(report)

    def _verify_failed(self, exc: Exception) -> None:
        self.verify_button.setEnabled(True)
        self.verify_progress.setVisible(False)
        self._fail(f"cannot check the log: {exc}")

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

    def _run(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        self.tasks.run(
            work, done, on_error or (lambda exc: self._fail(f"{type(exc).__name__}: {exc}"))
        )

    def _fail(self, message: str) -> None:
        self.status.setText(message)
        self.failed.emit(message)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.tasks.wait()
        super().closeEvent(event)
