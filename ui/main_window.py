"""The main window: portfolio and account tabs, menus with a shortcut for every action."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from skiptrace import __version__
from skiptrace.demo.workspace import is_demo
from skiptrace.portfolio.importer import ImportReport
from skiptrace.portfolio.listing import PortfolioListing
from skiptrace.portfolio.reveal import PiiField, Revealed
from skiptrace.portfolio.same_debtor import SameDebtors
from skiptrace.research.desk import ResearchDesk
from skiptrace.research.lead_rows import warm_up_ranking
from skiptrace.workspace.workspace import Workspace
from ui.account.pane import AccountPane
from ui.actions import shortcut_table
from ui.menus import build_menus
from ui.portfolio.importer import PortfolioImporter, summary_text
from ui.portfolio.panel import PortfolioPanel
from ui.research.backend_choice import make_backend
from ui.research.controller import ResearchController
from ui.research.panel import ResearchPanel
from ui.research.rank_pool import RankPool
from ui.research.search_backend import SearchBackend
from ui.tasks import TaskRunner

if TYPE_CHECKING:  # the contact window is imported when first opened
    from ui.contact.window import ContactWindow


def workspace_title(display_url: str) -> str:
    """The window title: the workspace's file or database name ("demo.sqlite")."""
    return display_url.rstrip("/").split("/")[-1] or display_url


class MainWindow(QMainWindow):
    """One workspace's window. It wires panels together; the panels do the work."""

    open_workspace_requested = Signal(str)  # a path or URL, or "" to choose
    open_demo_requested = Signal()
    settings_requested = Signal()
    # made by ui.menus.build_menus
    import_action: QAction
    search_action: QAction
    cancel_action: QAction
    review_action: QAction
    contact_action: QAction
    contact_window: ContactWindow | None = None
    batch_action: QAction

    def __init__(
        self,
        workspace: Workspace,
        backend: SearchBackend | None = None,
        tasks: TaskRunner | None = None,
        settings: QSettings | None = None,
        rank_in_process: bool = False,
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self.tasks = tasks or TaskRunner(self)
        self.qsettings = settings or QSettings()
        # the application's display name ("skiptrace") is added by Qt: not here again
        self.demo = is_demo(workspace)
        place = workspace_title(workspace.display_url)
        self.setWindowTitle(f"{place} (demo workspace)" if self.demo else place)

        # the panels ask the core's facades over this workspace, never the database
        self.desk = ResearchDesk(workspace)
        self.portfolio = PortfolioPanel(PortfolioListing(workspace), self.tasks)
        self.same_debtors = SameDebtors(workspace)
        self.account = AccountPane(self.desk, self.tasks, same_debtors=self.same_debtors)
        self.account.include_linked_changed.connect(self._include_linked)
        self.controller = ResearchController(
            self.desk, backend or make_backend(workspace), self.tasks, self
        )
        if rank_in_process:  # the app does; tests rank in a thread and skip the spawn
            self.controller.rank_pool = RankPool()
        self.research = ResearchPanel(self.controller)
        self.importer = PortfolioImporter(workspace, self.tasks, self)

        self.account_split = QSplitter(Qt.Orientation.Horizontal)
        self.account_split.addWidget(self.account)
        self.account_split.addWidget(self.research)
        self.account_split.setStretchFactor(0, 2)
        self.account_split.setStretchFactor(1, 3)
        self.account_split.setChildrenCollapsible(False)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.portfolio, "&Portfolio")
        self.tabs.addTab(self.account_split, "&Account")
        self.demo_banner = QLabel(
            "<b>Demo workspace</b>: synthetic people and an offline demo source. Nothing "
            "here is a real debtor; searches reach no real data source."
        )
        self.demo_banner.setObjectName("demoBanner")
        self.demo_banner.setWordWrap(True)
        self.demo_banner.setStyleSheet(
            "#demoBanner { background: #fff4ce; color: #3b2f00; padding: 4px 8px; }"
        )
        self.demo_banner.setVisible(self.demo)
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.demo_banner)
        central_layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        where = str(workspace.path) if workspace.path else workspace.display_url
        who = QLabel(f"{workspace.actor.user} · {where}")
        who.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusBar().addPermanentWidget(who)

        self._build_menus()
        self.portfolio.account_chosen.connect(self.open_account)
        self.account.revealed.connect(self._revealed)
        self.account.reveal_failed.connect(lambda m: self._warn("Not revealed", m))
        self.research.status_message.connect(lambda m: self.statusBar().showMessage(m, 8000))
        self.controller.search_finished.connect(lambda _f: self.account.refresh_history())
        self.controller.search_started.connect(lambda _r: self._searching(True))
        self.controller.search_finished.connect(lambda _f: self._searching(False))
        self.controller.search_failed.connect(lambda _m: self._searching(False))
        self.controller.disposition_recorded.connect(lambda _d: self.account.refresh_history())
        self.account.note_added.connect(lambda: self.statusBar().showMessage("Note logged.", 6000))
        self.importer.finished.connect(self._imported)
        self.importer.failed.connect(lambda m: self.statusBar().showMessage(m, 10000))
        self.tabs.currentChanged.connect(self._tab_changed)
        self._restore_geometry()
        self.portfolio.reload()
        # load the connectors and the matcher off the GUI thread once the window is up
        QTimer.singleShot(200, self._warm_up)

    # -- menus ------------------------------------------------------------------------

    def _build_menus(self) -> None:
        self.menus = build_menus(self)

    # -- actions ----------------------------------------------------------------------

    def focus_filter(self) -> None:
        """Go to the portfolio and put the cursor in the filter."""
        self.tabs.setCurrentIndex(0)
        self.portfolio.focus_filter()

    def refresh(self) -> None:
        """Reload the portfolio and the open account."""
        self.portfolio.model.refresh_rows()
        self.portfolio.reload()
        self.account.refresh_history()

    def open_selected(self) -> None:
        """Open the account selected in the portfolio."""
        account_id = self.portfolio.current_account()
        if account_id:
            self.open_account(account_id)

    def open_account(self, account_id: str) -> None:
        """Show an account and make it the subject of the research view."""
        if self.controller.running:
            self.statusBar().showMessage("A search is running; cancel it before switching.", 6000)
            self.tabs.setCurrentIndex(1)
            return
        if self.account.show_account(account_id) is not None:
            self.controller.open_account(account_id)
            self.tabs.setCurrentIndex(1)
            self.research.lead_view.setFocus()

    def _include_linked(self, on: bool) -> None:
        debtor = self.controller.debtor
        if debtor is None or self.controller.running:
            return
        if on:
            self.controller.debtor = self.same_debtors.with_others(debtor)
        else:
            self.controller.open_account(debtor.account_id)  # back to its own details

    def open_contact(self) -> None:
        """The contact window for the open account (or the one selected in the portfolio)."""
        from skiptrace.contact.desk import ContactDesk
        from ui.contact.window import ContactWindow

        debtor = self.controller.debtor
        account_id = debtor.account_id if debtor else self.portfolio.current_account()
        if not account_id:
            self.statusBar().showMessage("Open or select an account first.", 6000)
            return
        if self.contact_window is None:
            self.contact_window = ContactWindow(ContactDesk(self.workspace), self.tasks,
                                                parent=self)  # fmt: skip
            self.contact_window.panel.message.connect(
                lambda m: self.statusBar().showMessage(m, 8000)
            )
        name = debtor.full_name if debtor and debtor.account_id == account_id else ""
        self.contact_window.show_account(account_id, f"{account_id} · {name}" if name else "")

    def search(self) -> None:
        """Search on the open account (or the one selected in the portfolio)."""
        if self.controller.debtor is None or self.tabs.currentIndex() == 0:
            self.open_selected()
        self.tabs.setCurrentIndex(1)
        self.research.ask_and_search()

    def _searching(self, running: bool) -> None:
        self.cancel_action.setEnabled(running)
        self.search_action.setEnabled(not running)

    def reveal(self, field: PiiField) -> None:
        """Reveal a masked field of the open account (logged)."""
        row = self.account.ssn if field is PiiField.SSN else self.account.dob
        if self.account.debtor is not None and row.button.isVisible() and not row.revealed:
            row.button.click()

    def _revealed(self, revealed: Revealed) -> None:
        self.statusBar().showMessage(
            f"{revealed.field.value.upper()} revealed; recorded as search-log entry "
            f"{revealed.log_seq}",
            8000,
        )

    def import_portfolio(self) -> None:
        """Choose a file and import it in the background."""
        start = self.qsettings.value("import/last_dir", str(Path.home()))
        path, _ = QFileDialog.getOpenFileName(
            self, "Import Portfolio", str(start), "Portfolios (*.csv *.xlsx *.xlsm);;All files (*)"
        )
        if path:
            self.qsettings.setValue("import/last_dir", str(Path(path).parent))
            self.importer.choose_and_start(Path(path))

    def _imported(self, report: ImportReport) -> None:
        self.statusBar().showMessage(summary_text(report), 15000)
        self.portfolio.reload()  # its answer replaces every row, updated ones included

    def open_review(self) -> None:
        """Open the compliance review window (reviewers only; the core enforces roles)."""
        from ui.review.window import ReviewWindow  # the window loads the review rules

        try:
            window = ReviewWindow(self.workspace, self)
        except Exception as exc:  # e.g. a collector without the reviewer role
            self._warn("Compliance review", str(exc))
            return
        window.show()

    def open_batch(self) -> QWidget:
        """Open the batch window over the portfolio's current filter (all accounts if none)."""
        from skiptrace.batch.desk import BatchDesk
        from skiptrace.batch.selection import Selection
        from skiptrace.sources.registry import ConnectorRegistry
        from ui.batch.window import BatchWindow

        text = self.portfolio.filter_edit.text().strip()
        selection = Selection(query=text) if text else Selection(everything=True)
        what = f"those matching the filter “{text}”" if text else "every account"
        desk = BatchDesk(self.workspace, ConnectorRegistry.from_entry_points())
        window = BatchWindow(desk, selection, what, parent=self)
        window.resize(820, 640)
        window.show()
        return window

    def show_shortcuts(self) -> None:
        """List every shortcut by menu."""
        rows = "".join(
            f"<tr><td>{m}</td><td>{a}</td><td><b>{k}</b></td></tr>"
            for m, a, k in shortcut_table(self.menus)
        )
        QMessageBox.information(
            self,
            "Keyboard Shortcuts",
            f"<table cellspacing=6>{rows}</table><p>In the portfolio, Enter opens the "
            "selected account and Esc clears the filter.</p>",
        )

    def about(self) -> None:
        QMessageBox.about(
            self,
            "About skiptrace",
            f"<b>skiptrace {__version__}</b><p>Skip-tracing research with a stated purpose "
            "for every search and a tamper-evident search log.</p>",
        )

    def _warn(self, title: str, message: str) -> None:
        QMessageBox.warning(self, title, message)

    def _tab_changed(self, index: int) -> None:
        if index == 0:
            self.portfolio.table.setFocus()

    def _warm_up(self) -> None:
        if self.controller.rank_pool is not None:
            self.controller.rank_pool.start()

        def load() -> None:
            self.controller.backend.connectors()
            warm_up_ranking()

        self.tasks.run(load)

    # -- window state -----------------------------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = self.qsettings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1200, 760)
        split = self.qsettings.value("window/account_split")
        if split is None or not self.account_split.restoreState(split):
            self.account_split.setSizes([360, 920])

    def closeEvent(self, event: QCloseEvent) -> None:
        self.controller.cancel()
        self.qsettings.setValue("window/geometry", self.saveGeometry())
        self.qsettings.setValue("window/account_split", self.account_split.saveState())
        self.tasks.wait()
        if self.controller.rank_pool is not None:
            self.controller.rank_pool.close()
        super().closeEvent(event)
