"""The research view: connector statuses, ranked leads by kind, the "why?", dispositions."""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTextBrowser,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from skiptrace.gate.purposes import get_purpose
from skiptrace.gate.request import SearchRequest
from skiptrace.model import DispositionKind
from skiptrace.research.lead_rows import LeadRow
from ui.purpose_dialog import PurposeDialog
from ui.research.controller import ResearchController
from ui.research.delegates import ProbabilityDelegate
from ui.research.leads_model import LeadsModel
from ui.research.search_backend import ConnectorReport, SearchFinished
from ui.research.status_model import ConnectorStatusModel, state_label
from ui.widgets import EmptyState

DISPOSITION_KEYS = (
    (DispositionKind.VERIFIED, "&Verified", "V"),
    (DispositionKind.WRONG_PARTY, "&Wrong Party", "W"),
    (DispositionKind.DISCONNECTED, "&Disconnected", "D"),
    (DispositionKind.DO_NOT_CONTACT, "Do &Not Contact", "N"),
)


def explanation_html(lead: LeadRow) -> str:
    """The "why?" text for a lead."""
    lines = lead.explanation.split("\n")
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines[1:])
    decided = f"<p>Disposition: <b>{lead.disposition.value}</b></p>" if lead.disposition else ""
    return (
        f"<p><b>{html.escape(lead.value)}</b><br>{lead.kind} lead #{lead.rank}; match "
        f"{lead.probability:.0%}; seen in {html.escape(', '.join(lead.sources))}</p>"
        f"<p>{html.escape(lines[0])}</p><p>Why the records are the debtor:</p><ul>{items}</ul>"
        f"{decided}"
    )


IDLE_EMPTY = ("No leads yet", "Press Search… (Ctrl+R), state a purpose, and leads appear here.")
SEARCHING_EMPTY = ("Searching…", "Leads appear here as the sources answer.")


def no_leads_text(found: int) -> str:
    """What the lead area says after a search that gave no leads, ``found`` records in."""
    if found:
        return (
            f"The sources returned {found} record(s), but none matches this account closely "
            "enough to be a lead."
        )
    return (
        "No source returned anything for this account. The table above says what each one answered."
    )


class LeadView(QTreeView):
    """The leads tree; its single-letter action keys win over type-ahead search."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        pressed = QKeySequence(event.keyCombination())
        for act in self.actions():
            keys = act.shortcuts()
            exact = any(k.matches(pressed) == QKeySequence.SequenceMatch.ExactMatch for k in keys)
            typed = bool(event.text()) and any(k.toString() == event.text() for k in keys)
            if act.isEnabled() and (exact or typed):
                act.trigger()
                event.accept()
                return
        super().keyPressEvent(event)


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
        self.lead_view = LeadView()
        self.lead_view.setModel(self.leads)
        self.lead_view.setItemDelegateForColumn(1, ProbabilityDelegate(self.lead_view))
        self.lead_view.setItemDelegateForColumn(2, ProbabilityDelegate(self.lead_view))
        self.lead_view.setUniformRowHeights(True)
        self.lead_view.setAlternatingRowColors(True)
        self.lead_view.setAccessibleName("Leads")
        lh = self.lead_view.header()
        lh.setStretchLastSection(False)
        lh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, w in ((1, 85), (2, 85), (3, 105), (4, 95)):
            lh.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.lead_view.setColumnWidth(col, w)
        self.lead_empty = EmptyState(*IDLE_EMPTY)
        self.lead_stack = QStackedWidget()
        self.lead_stack.addWidget(self.lead_empty)
        self.lead_stack.addWidget(self.lead_view)
        self.why = QTextBrowser()
        self.why.setAccessibleName("Why this lead")
        self.why.setPlaceholderText("Select a lead to see why it is ranked where it is.")

        self.actions_by_kind: dict[DispositionKind, QAction] = {}
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel("Mark lead:"))
        for kind, text, key in DISPOSITION_KEYS:
            action = QAction(text, self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setToolTip(f"Mark the selected lead {kind.value.replace('-', ' ')} ({key})")
            action.setEnabled(False)
            action.triggered.connect(lambda _c=False, k=kind: self.mark_current(k))
            self.lead_view.addAction(action)
            self.actions_by_kind[kind] = action
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            buttons.addWidget(button)
        self.why_action = QAction("&Why This Rank?", self)
        self.why_action.setShortcuts([QKeySequence("?"), QKeySequence("Shift+/")])
        self.why_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.why_action.setCheckable(True)
        self.why_action.setChecked(True)
        self.why_action.toggled.connect(self.why.setVisible)
        self.lead_view.addAction(self.why_action)
        why_button = QToolButton()
        why_button.setDefaultAction(self.why_action)
        buttons.addStretch(1)
        buttons.addWidget(why_button)

        top = QHBoxLayout()
        top.addWidget(self.purpose_label, 1)
        top.addWidget(self.search_button)
        top.addWidget(self.cancel_button)
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.lead_stack)
        lower.addWidget(self.why)
        lower.setStretchFactor(0, 3)
        lower.setStretchFactor(1, 1)
        lower.setSizes([640, 240])
        lower.setChildrenCollapsible(False)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.status_view)
        holder = QWidget()
        hl = QVBoxLayout(holder)
        hl.setContentsMargins(0, 0, 0, 0)
        hl.addWidget(lower, 1)
        hl.addLayout(buttons)
        split.addWidget(holder)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 4)
        split.setSizes([150, 600])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(split, 1)

        c = controller
        c.search_started.connect(self._started)
        c.connector_reported.connect(self._reported)
        c.leads_changed.connect(self._show_leads)
        c.search_finished.connect(self._finished)
        c.search_failed.connect(self._failed)
        c.disposition_recorded.connect(
            lambda d: self.status_message.emit(f"Marked {d.lead_value}: {d.kind.value}")
        )
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
        self.purpose_label.setText(f"<span style='color:#b00020'>Search not run: {message}</span>")
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
        for action in self.actions_by_kind.values():
            action.setEnabled(lead is not None)
        self.why.setHtml(explanation_html(lead) if lead else "")

    def mark_current(self, kind: DispositionKind) -> None:
        """Record a disposition on the selected lead."""
        lead = self.current_lead()
        if lead is not None:
            self.controller.mark(lead, kind)
