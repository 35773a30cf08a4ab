"""The portfolio view: filter-as-you-type, status filter with counts, a sortable table."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from skiptrace.portfolio.listing import (
    AccountSummary,
    PortfolioListing,
    PortfolioSlice,
    SortKey,
)
from ui.portfolio.model import BLOCK, COLUMNS, PortfolioModel
from ui.tasks import TaskRunner
from ui.widgets import EmptyState

DEBOUNCE_MS = 150
# every column fits a 1280-pixel window without sideways scrolling
_WIDTHS = (96, 170, 85, 30, 48, 104, 100, 80, 62, 150, 140, 86, 86)


class PortfolioPanel(QWidget):
    """Lists the workspace's accounts; emits ``account_chosen`` when one is opened."""

    account_chosen = Signal(str)  # Enter or double-click: open the account
    current_changed = Signal(str)  # selection moved
    loaded = Signal()  # a filter or sort result is on screen

    def __init__(
        self, listing: PortfolioListing, tasks: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._listing = listing
        self._tasks = tasks
        self._generation = 0
        self._sort = SortKey.ACCOUNT
        self._descending = False
        self._total = 0

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter by name, account, phone, ZIP or status")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Filter accounts")
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleName("Status")
        self.status_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.count_label = QLabel()
        self.count_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.model = PortfolioModel(listing, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate(_WIDTHS[: len(COLUMNS)]):
            self.table.setColumnWidth(col, width)
        vheader = self.table.verticalHeader()
        vheader.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vheader.setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.doubleClicked.connect(self._open_index)
        self.table.activated.connect(self._open_index)

        self.empty = EmptyState(
            "No accounts yet",
            "Import a portfolio with File ▸ Import Portfolio… (Ctrl+I), "
            "or open the demo workspace from the File menu to see the program at work.",
        )
        self.no_match = EmptyState("No accounts match", "Change the filter or clear it (Esc).")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.no_match)

        bar = QHBoxLayout()
        bar.addWidget(self.filter_edit, 1)
        bar.addWidget(self.status_combo)
        bar.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.reload)
        self.filter_edit.textChanged.connect(lambda _t: self._debounce.start())
        # Enter or Down in the filter moves into the table, on its first row
        self.filter_edit.returnPressed.connect(self.enter_table)
        self.filter_edit.installEventFilter(self)
        self._enter_when_loaded = False
        self.loaded.connect(self._entered_after_load)
        self.status_combo.activated.connect(lambda _i: self.reload())
        self.model.sort_requested.connect(self._sort_by)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self._set_status_items({}, "")

    # -- loading ----------------------------------------------------------------------

    def reload(self) -> None:
        """Query the filtered, sorted ids in a worker; the newest answer wins."""
        self._debounce.stop()
        self._generation += 1
        generation = self._generation
        text = self.filter_edit.text()
        status = self.status_combo.currentData() or ""
        sort, descending = self._sort, self._descending
        listing = self._listing

        def query() -> tuple[PortfolioSlice, list[AccountSummary]]:
            return listing.select(text, status, sort, descending, first_rows=BLOCK)

        self._tasks.run(query, lambda result: self._show(generation, status, result))

    def _show(
        self,
        generation: int,
        status: str,
        answer: tuple[PortfolioSlice, list[AccountSummary]],
    ) -> None:
        if generation != self._generation:
            return  # the user typed on; a newer query is coming
        result, first_rows = answer
        current = self.current_account()
        self.model.set_ids(result.ids, first_rows)
        self._total = result.total
        self._set_status_items(result.status_counts, status)
        shown = len(result.ids)
        self.count_label.setText(
            f"{shown:,} of {result.total:,} accounts"
            if shown != result.total
            else f"{result.total:,} accounts"
        )
        if result.total == 0:
            self.stack.setCurrentWidget(self.empty)
        elif shown == 0:
            self.stack.setCurrentWidget(self.no_match)
        else:
            self.stack.setCurrentWidget(self.table)
            self.select_account(current or result.ids[0], emit=current is None)
        self.loaded.emit()

    def _set_status_items(self, counts: dict[str, int], selected: str) -> None:
        self.status_combo.blockSignals(True)
        self.status_combo.clear()
        self.status_combo.addItem(f"All statuses ({sum(counts.values()):,})", "")
        for status in sorted(counts):
            self.status_combo.addItem(f"{status} ({counts[status]:,})", status)
        if selected and selected not in counts:
            self.status_combo.addItem(f"{selected} (0)", selected)
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(selected)))
        self.status_combo.blockSignals(False)

    def _sort_by(self, key: SortKey, descending: bool) -> None:
        self._sort, self._descending = key, descending
        self.reload()

    # -- selection --------------------------------------------------------------------

    def current_account(self) -> str | None:
        """The account on the selected row, if any."""
        index = self.table.currentIndex()
        return self.model.account_id(index.row()) if index.isValid() else None

    def select_account(self, account_id: str, emit: bool = True) -> bool:
        """Move the selection to an account if it is listed."""
        row = self.model.row_of(account_id)
        if row < 0:
            return False
        index = self.model.index(row, 0)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        if not emit:
            self.table.selectionModel().blockSignals(True)
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.selectionModel().blockSignals(False)
        self.table.scrollTo(index)
        return True

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.current_changed.emit(self.model.account_id(current.row()))

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.account_chosen.emit(self.model.account_id(index.row()))

    def _entered_after_load(self) -> None:
        if self._enter_when_loaded:
            self.enter_table()

    def enter_table(self) -> None:
        """Move the keyboard into the table, on the first row (if any account is shown)."""
        if self._debounce.isActive():
            # the rows of the filter typed last: go in once they are on screen
            self._enter_when_loaded = True
            self.reload()
            return
        self._enter_when_loaded = False
        if self.model.rowCount() == 0:
            return
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.table.setCurrentIndex(self.model.index(0, 0))
        self.table.selectRow(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.filter_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
        ):
            self.enter_table()
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.filter_edit.text():
            self.filter_edit.clear()
            return
        super().keyPressEvent(event)

    def focus_filter(self) -> None:
        """Put the cursor in the filter box, text selected."""
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()
