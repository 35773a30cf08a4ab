"""The research view: connector statuses, ranked leads by kind, the "why?", dispositions."""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from skiptrace.gate.purposes import get_purpose
from skiptrace.gate.request import SearchRequest
from skiptrace.model import (
    Disposition,
    DispositionKind,
    disposition_label,
    dispositions_for_lead,
)
from skiptrace.research.lead_rows import LeadRow, display_value
from skiptrace.research.records_found import RecordRow
from ui.purpose_dialog import PurposeDialog
from ui.research.controller import ResearchController
from ui.research.delegates import ProbabilityDelegate
from ui.research.lead_text import (
    IDLE_EMPTY,
    SEARCHING_EMPTY,
    WHY_PLACEHOLDER,
    explanation_html,
    no_leads_text,
)
from ui.research.leads_model import MATCH_HELP, SCORE_HELP, LeadsModel, lead_text
from ui.research.mark_dialog import MarkDialog
from ui.research.records_view import RecordsView
from ui.research.search_backend import ConnectorReport, SearchFinished
from ui.research.status_model import ConnectorStatusModel, state_label
from ui.widgets import WARNING_COLOUR, EmptyState

# Ctrl+Alt+letter: no typing produces these, so a word typed into the leads list marks
# nothing (single letters once marked an employer do-not-contact while typing "NEW-")
DISPOSITION_KEYS: dict[DispositionKind, str] = {
    DispositionKind.VERIFIED: "Ctrl+Alt+V",
    DispositionKind.WRONG_PARTY: "Ctrl+Alt+W",
    DispositionKind.DISCONNECTED: "Ctrl+Alt+D",
    DispositionKind.DO_NOT_CONTACT: "Ctrl+Alt+N",
    DispositionKind.BAD_ADDRESS: "Ctrl+Alt+B",
    DispositionKind.MOVED: "Ctrl+Alt+M",
    DispositionKind.NO_LONGER_THERE: "Ctrl+Alt+G",
}


class ResearchPanel(QWidget):
    """Shows one account's searches as they run and the leads they produce."""

    status_message = Signal(str)

    def __init__(self, controller: ResearchController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.purpose_label = QLabel("No search yet.")
        self.purpose_label.setWordWrap(True)
        self.purpose_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.search_button = QPushButton("Search…")
        self.cancel_button = QPushButton("Cancel Search")
        self.cancel_button.setEnabled(False)

        self.statuses = ConnectorStatusModel(self)
        self.status_view = QTableView()
        self.status_view.setModel(self.statuses)
        self.status_view.verticalHeader().hide()
        self.status_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.status_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.status_view.setWordWrap(False)
        self.status_view.setAlternatingRowColors(True)
        sh = self.status_view.horizontalHeader()
        sh.setStretchLastSection(True)
        for col, w in enumerate((190, 95, 50, 60)):
            self.status_view.setColumnWidth(col, w)

        self.status_view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)

        self.leads = LeadsModel(self)
        self.lead_view = QTreeView()
        self.lead_view.setModel(self.leads)
        self.lead_view.setItemDelegateForColumn(1, ProbabilityDelegate(self.lead_view))
        self.lead_view.setItemDelegateForColumn(2, ProbabilityDelegate(self.lead_view))
        self.lead_view.setUniformRowHeights(True)
        self.lead_view.setAlternatingRowColors(True)
        self.lead_view.setAccessibleName("Leads")
        lh = self.lead_view.header()
        lh.setStretchLastSection(False)
        lh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, w in ((1, 58), (2, 58), (3, 116), (4, 200), (5, 92), (6, 96)):
            lh.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.lead_view.setColumnWidth(col, w)
        self.lead_empty = EmptyState(*IDLE_EMPTY)
        self.lead_stack = QStackedWidget()
        self.lead_stack.addWidget(self.lead_empty)
        self.lead_stack.addWidget(self.lead_view)
        self.legend = QLabel(f"<small>{html.escape(SCORE_HELP)} {html.escape(MATCH_HELP)}</small>")
        self.legend.setWordWrap(True)
        self.legend.setAccessibleName("Score and Match legend")
        self.why = QTextBrowser()
        self.why.setAccessibleName("Why this lead")
        self.why.setHtml(WHY_PLACEHOLDER)
        self.records_view = RecordsView()

        self.actions_by_kind: dict[DispositionKind, QAction] = {}
        self.mark_buttons: dict[DispositionKind, QToolButton] = {}
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel("Mark lead:"))
        for kind, key in DISPOSITION_KEYS.items():
            action = QAction(disposition_label(kind), self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setEnabled(False)
            action.triggered.connect(lambda _c=False, k=kind: self.mark_current(k))
            self.addAction(action)
            self.actions_by_kind[kind] = action
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            self.mark_buttons[kind] = button
            buttons.addWidget(button)
        self.undo_action = QAction("&Undo Mark", self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.undo_action.setToolTip(
            "Take back the selected lead's disposition (logged as a new entry)"
        )
        self.undo_action.setEnabled(False)
        self.undo_action.triggered.connect(self.undo_current)
        self.addAction(self.undo_action)
        undo_button = QToolButton()
        undo_button.setDefaultAction(self.undo_action)
        buttons.addWidget(undo_button)
        self.copy_action = QAction("&Copy Lead", self)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.copy_action.setEnabled(False)
        self.copy_action.triggered.connect(self.copy_current)
        self.lead_view.addAction(self.copy_action)
        self.why_action = QAction("&Why This Rank?", self)
        self.why_action.setShortcut(QKeySequence("?"))
        self.why_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.why_action.setToolTip("Show why the selected lead is ranked where it is (?)")
        self.why_action.triggered.connect(self.show_why)
        self.addAction(self.why_action)
        buttons.addStretch(1)
        self._show_mark_actions(None)

        top = QHBoxLayout()
        top.addWidget(self.purpose_label, 1)
        top.addWidget(self.search_button)
        top.addWidget(self.cancel_button)
        leads_page = QSplitter(Qt.Orientation.Vertical)
        leads_box = QWidget()
        lb = QVBoxLayout(leads_box)
        lb.setContentsMargins(0, 0, 0, 0)
        lb.addWidget(self.lead_stack, 1)
        lb.addWidget(self.legend)
        leads_page.addWidget(leads_box)
        leads_page.addWidget(self.why)
        leads_page.setStretchFactor(0, 3)
        leads_page.setStretchFactor(1, 2)
        leads_page.setChildrenCollapsible(False)
        self.tabs = QTabWidget()
        self.tabs.addTab(leads_page, "&Leads")
        self.tabs.addTab(self.records_view, "Records &found")
        self.records_tab = 1
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.status_view)
        holder = QWidget()
        hl = QVBoxLayout(holder)
        hl.setContentsMargins(0, 0, 0, 0)
        hl.addWidget(self.tabs, 1)
        hl.addLayout(buttons)
        split.addWidget(holder)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 4)
        split.setSizes([130, 620])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(split, 1)

        c = controller
        c.search_started.connect(self._started)
        c.connector_reported.connect(self._reported)
        c.leads_changed.connect(self._show_leads)
        c.records_changed.connect(self._show_records)
        c.search_finished.connect(self._finished)
        c.search_failed.connect(self._failed)
        c.disposition_recorded.connect(self._recorded)
        c.disposition_failed.connect(lambda m: self.status_message.emit(f"Not recorded: {m}"))
        self.search_button.clicked.connect(self.ask_and_search)
        self.cancel_button.clicked.connect(c.cancel)
        self.lead_view.selectionModel().currentChanged.connect(self._current_changed)
        c.account_opened.connect(self._account_opened)

    # -- starting a search ------------------------------------------------------------

    def purpose_dialog(self) -> PurposeDialog | None:
        """The purpose dialog for the open account (None when no account is open)."""
        debtor = self.controller.debtor
        if debtor is None:
            return None
        ids = tuple(r.id for r in self.controller.backend.connectors())
        return PurposeDialog(debtor, self.controller.session_default, ids, self)

    def ask_and_search(self) -> bool:
        """Ask for the purpose; search only if the gate let the request through."""
        if self.controller.running:
            self.status_message.emit("A search is already running; cancel it first.")
            return False
        dialog = self.purpose_dialog()
        if dialog is None:
            self.status_message.emit("Open an account first.")
            return False
        accepted = dialog.exec() == PurposeDialog.DialogCode.Accepted
        request, new_default = dialog.request, dialog.new_default
        dialog.deleteLater()
        if not accepted or request is None:
            self.status_message.emit("Search cancelled: no purpose given, nothing searched.")
            return False
        self.controller.session_default = new_default
        return self.controller.start(request)

    def _account_opened(self, _debtor: object) -> None:
        self.statuses.reset([])
        self.lead_empty.set_text(*IDLE_EMPTY)
        when = self.controller.last_search_at
        if when:
            self.purpose_label.setText(
                f"Leads from the search of {when[:16].replace('T', ' ')} UTC. "
                "Search again (Ctrl+R) for fresh results."
            )
        else:
            self.purpose_label.setText(
                "No search on this account yet. Press Search… (Ctrl+R) and state a purpose."
            )

    def _started(self, request: SearchRequest) -> None:
        refs = self.controller.backend.connectors()
        self.statuses.reset(refs)
        self._fit_sources([r.name for r in refs])
        codes = ", ".join(f"{get_purpose(c).title} ({c})" for c in request.purpose_codes)
        source = " — session default" if request.purpose_is_default else ""
        self.purpose_label.setText(
            f"<b>Searching</b> under {codes}{source}. <i>{request.justification}</i>"
        )
        self.cancel_button.setEnabled(True)
        self.search_button.setEnabled(False)
        self.lead_empty.set_text(*SEARCHING_EMPTY)
        self.status_message.emit("Search started and logged.")

    def _fit_sources(self, names: list[str]) -> None:
        """The source column as wide as the longest name, once per search: measured here
        rather than by ResizeToContents, which re-measures on every status update."""
        metrics = self.status_view.fontMetrics()
        widest = max((metrics.horizontalAdvance(n) for n in names), default=0)
        self.status_view.setColumnWidth(0, max(190, widest + 16))

    def _reported(self, report: ConnectorReport) -> None:
        self.statuses.update(report)

    def _finished(self, finished: SearchFinished) -> None:
        self.cancel_button.setEnabled(False)
        self.search_button.setEnabled(True)
        found = sum(r.count or 0 for r in finished.reports)
        self.lead_empty.set_text(
            *(IDLE_EMPTY if finished.cancelled else ("No leads found", no_leads_text(found)))
        )
        text = self.purpose_label.text().replace("<b>Searching</b>", "<b>Searched</b>", 1)
        self.purpose_label.setText(text)
        problems = [r for r in finished.reports if r.state not in ("ok", "no_hit")]
        verdict = "cancelled" if finished.cancelled else "complete"
        extra = (
            "; " + ", ".join(f"{r.connector_id} {state_label(r.state)}" for r in problems)
            if problems
            else ""
        )
        self.status_message.emit(f"Search {verdict}{extra}.")

    def _failed(self, message: str) -> None:
        self.cancel_button.setEnabled(False)
        self.search_button.setEnabled(True)
        self.lead_empty.set_text(*IDLE_EMPTY)
        self.purpose_label.setText(
            f"<span style='color:{WARNING_COLOUR}'>Search not run: {message}</span>"
        )
        self.status_message.emit(f"Search not run: {message}")

    # -- leads ------------------------------------------------------------------------

    def _show_leads(self, leads: list[LeadRow]) -> None:
        current = self.current_lead()
        self.leads.set_leads(leads)
        self.lead_view.expandAll()
        self.lead_stack.setCurrentWidget(self.lead_view if leads else self.lead_empty)
        if current is not None:
            index = self.leads.index_of(current.kind, current.key)
            if index.isValid():
                self.lead_view.setCurrentIndex(index)
                return
        self._current_changed(QModelIndex(), QModelIndex())

    def current_lead(self) -> LeadRow | None:
        """The selected lead."""
        return self.leads.lead_at(self.lead_view.currentIndex())

    def _current_changed(self, _cur: QModelIndex, _prev: QModelIndex) -> None:
        lead = self.current_lead()
        self._show_mark_actions(lead)
        self.copy_action.setEnabled(lead is not None)
        self.undo_action.setEnabled(lead is not None and lead.disposition is not None)
        self.why.setHtml(explanation_html(lead) if lead else WHY_PLACEHOLDER)

    def _show_mark_actions(self, lead: LeadRow | None) -> None:
        """Offer the dispositions that fit the selected lead's kind, worded for it."""
        fits = dispositions_for_lead(lead.kind) if lead else tuple(DISPOSITIONS_SHOWN)
        for kind, action in self.actions_by_kind.items():
            fit = kind in fits
            action.setVisible(fit)
            self.mark_buttons[kind].setVisible(fit)
            action.setEnabled(fit and lead is not None)
            label = disposition_label(kind, lead.kind if lead else "")
            action.setText(label)
            key = DISPOSITION_KEYS[kind]
            what = f"this {lead.kind}" if lead else "the selected lead"
            action.setToolTip(f"Mark {what} {label.lower()} ({key}); you can add a note")

    def _show_records(self, records: list[RecordRow]) -> None:
        self.records_view.set_records(records)
        self.tabs.setTabText(self.records_tab, f"Records &found ({len(records)})")

    def show_why(self) -> None:
        """Bring the explanation of the selected lead into view."""
        self.tabs.setCurrentIndex(0)
        self.why.show()
        self.why.verticalScrollBar().setValue(0)

    def copy_current(self) -> None:
        """Put the selected lead on the clipboard as one line of text."""
        lead = self.current_lead()
        if lead is None:
            return
        QGuiApplication.clipboard().setText(lead_text(lead))
        self.status_message.emit("Lead copied to the clipboard.")

    def mark_current(self, kind: DispositionKind) -> bool:
        """Record a disposition on the selected lead, after the mark dialog (the lead
        named, a note, a confirmation for wrong party and do not contact)."""
        lead = self.current_lead()
        if lead is None or kind not in dispositions_for_lead(lead.kind):
            return False
        dialog = MarkDialog(lead, kind, self)
        accepted = dialog.exec() == MarkDialog.DialogCode.Accepted
        note = dialog.note
        dialog.deleteLater()
        if not accepted:
            self.status_message.emit("Not marked.")
            return False
        self.controller.mark(lead, kind, note)
        return True

    def undo_current(self) -> bool:
        """Take back the selected lead's disposition (a new logged entry)."""
        lead = self.current_lead()
        return lead is not None and self.controller.undo(lead)

    def _recorded(self, d: Disposition) -> None:
        shown = display_value(d.lead_kind, d.lead_value)
        if d.kind is DispositionKind.UNDONE:
            self.status_message.emit(f"Took back the mark on {shown}.")
        else:
            self.status_message.emit(f"Marked {shown}: {disposition_label(d.kind, d.lead_kind)}")


# what the bar shows before a lead is chosen (greyed): a phone's set, the usual case
DISPOSITIONS_SHOWN = dispositions_for_lead("phone")
