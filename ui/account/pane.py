"""The account pane: what is known of a debtor (PII masked, reveal on request with a
reason, logged), the account's earlier searches, worked leads, and its timeline with
research notes."""

from __future__ import annotations

import html
import textwrap

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from skiptrace.model import AccountStatus, Debtor, disposition_label
from skiptrace.pii import mask_dob, mask_ssn
from skiptrace.portfolio.reveal import PiiField, Revealed
from skiptrace.portfolio.same_debtor import SameDebtors
from skiptrace.research.desk import ResearchDesk
from skiptrace.research.lead_rows import display_value
from skiptrace.research.timeline import TimelineEntry
from ui.account.pii_row import PiiRow, selectable
from ui.account.reveal_dialog import RevealReasonDialog
from ui.portfolio.model import format_balance, format_phone
from ui.tasks import TaskRunner
from ui.widgets import WARNING_COLOUR, EmptyState

TIMELINE_WRAP = 44  # characters a line in the timeline's "What" column

_WARN = {
    AccountStatus.BANKRUPT,
    AccountStatus.DECEASED,
    AccountStatus.CEASE_CONTACT,
    AccountStatus.LITIGATION,
    AccountStatus.RECALLED,
    AccountStatus.CLOSED,
}


class AccountPane(QWidget):
    """Shows one account: what is known, earlier searches, worked leads."""

    revealed = Signal(object)  # Revealed
    include_linked_changed = Signal(bool)  # search with what the linked accounts know
    reveal_failed = Signal(str)
    note_added = Signal()

    def __init__(
        self,
        desk: ResearchDesk,
        tasks: TaskRunner,
        parent: QWidget | None = None,
        same_debtors: SameDebtors | None = None,
    ):
        super().__init__(parent)
        self._desk = desk
        self._same_debtors = same_debtors
        self._tasks = tasks
        self.debtor: Debtor | None = None

        self.name = QLabel()
        font = self.name.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.name.setFont(font)
        selectable(self.name)
        self.status = selectable(QLabel())
        # "the same debtor may also owe on ACC-2 to Metro Utilities": one line per account
        self.same_debtor = selectable(QLabel())
        self.same_debtor.setWordWrap(True)
        self.same_debtor.setAccessibleName("Other accounts of the same debtor")
        self.same_debtor.hide()
        self.include_linked = QCheckBox("Include what is known on these accounts in searches")
        self.include_linked.setToolTip(
            "Their addresses, phones and employer are added to this account's search; "
            "SSN and date of birth stay this account's own"
        )
        self.include_linked.toggled.connect(self.include_linked_changed)
        self.include_linked.hide()

        self.ssn = PiiRow(PiiField.SSN)
        self.dob = PiiRow(PiiField.DOB)
        self.ssn.reveal_requested.connect(self._reveal)
        self.dob.reveal_requested.connect(self._reveal)
        self.fields: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow("Account:", self._field("account"))
        form.addRow("SSN:", self.ssn)
        form.addRow("Date of birth:", self.dob)
        for key, label in (
            ("addresses", "Addresses:"),
            ("phones", "Phones:"),
            ("emails", "Emails:"),
            ("employer", "Employer:"),
            ("creditor", "Creditor:"),
            ("balance", "Balance:"),
            ("assigned", "Assigned to:"),
        ):
            form.addRow(label, self._field(key))

        self.searches = QTreeWidget()
        self.searches.setHeaderLabels(["When", "Who", "Purposes", "Outcome"])
        self.worked = QTreeWidget()
        self.worked.setHeaderLabels(["Lead", "Disposition", "Who", "When"])
        self.timeline = QTreeWidget()
        self.timeline.setHeaderLabels(["When", "Who", "What"])
        self.timeline.setAccessibleName("Account timeline")
        # the pane is narrow: short columns fit their values, the long one takes the rest
        # and wraps (its tooltip has it in full); no sideways scrolling
        _fit(self.searches, stretch=3)
        _fit(self.worked, stretch=0)
        _fit(self.timeline, stretch=2)
        self.note_edit = QLineEdit()
        self.note_edit.setAccessibleName("Research note")
        self.note_edit.setPlaceholderText("Research note: what you tried, what you found")
        self.note_button = QPushButton("Add Note")
        self.note_button.setToolTip("Log the note on this account (it cannot be edited)")
        self.note_button.clicked.connect(self.add_note)
        self.note_edit.returnPressed.connect(self.add_note)
        timeline_page = QWidget()
        tl = QVBoxLayout(timeline_page)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.timeline, 1)
        note_row = QHBoxLayout()
        note_row.addWidget(self.note_edit, 1)
        note_row.addWidget(self.note_button)
        tl.addLayout(note_row)

        head = QHBoxLayout()
        head.addWidget(self.name, 1)
        details = QWidget()
        layout = QVBoxLayout(details)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.status)
        layout.addWidget(self.same_debtor)
        layout.addWidget(self.include_linked)
        layout.addLayout(form)
        self.history_tabs = QTabWidget()
        self.history_tabs.addTab(self.searches, "Earlier searches")
        self.history_tabs.addTab(self.worked, "Worked leads")
        self.history_tabs.addTab(timeline_page, "Timeline")
        layout.addWidget(self.history_tabs, 1)

        self.empty = EmptyState(
            "No account open",
            "Choose an account in the Portfolio tab and press Enter to open it.",
        )
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(details)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        outer.addWidget(self.stack)

    def _field(self, key: str) -> QLabel:
        label = selectable(QLabel())
        label.setWordWrap(False)  # one line per address or phone; wrapping clips in a form
        self.fields[key] = label
        return label

    # -- showing an account -----------------------------------------------------------

    def show_account(self, account_id: str) -> Debtor | None:
        """Load an account (masked: no decryption happens here) and show it."""
        account = self._desk.masked_account(account_id)
        if account is None:
            self.debtor = None
            self.stack.setCurrentWidget(self.empty)
            return None
        debtor, year, full = account.debtor, account.birth_year, account.revealable
        self.debtor = debtor
        self.stack.setCurrentIndex(1)
        self.name.setText(debtor.full_name or debtor.account_id)
        warn = debtor.status in _WARN
        self.status.setText(
            f"<span style='color:{WARNING_COLOUR}'><b>Status: {debtor.status.value}</b></span>"
            if warn
            else f"Status: {debtor.status.value}"
        )
        self.ssn.set_masked(mask_ssn(debtor.ssn_last4), PiiField.SSN in full)
        self.dob.set_masked(f"**/**/{year}" if year else mask_dob(None), PiiField.DOB in full)
        f = self.fields
        f["account"].setText(debtor.account_id)
        f["addresses"].setText("\n".join(a.one_line() for a in debtor.addresses) or "—")
        f["phones"].setText(
            "\n".join(
                format_phone(p.number) + (f" ({p.label})" if p.label else "") for p in debtor.phones
            )
            or "—"
        )
        f["emails"].setText("\n".join(debtor.emails) or "—")
        f["employer"].setText(debtor.employer or "—")
        f["creditor"].setText(debtor.creditor or "—")
        f["balance"].setText(format_balance(str(debtor.balance)) if debtor.balance else "—")
        f["assigned"].setText(debtor.assigned_to or "—")
        self._show_same_debtor(debtor.account_id)
        self.refresh_history()
        return debtor

    def _show_same_debtor(self, account_id: str) -> None:
        linked = self._same_debtors.of(account_id) if self._same_debtors else []
        lines = [x.sentence() for x in linked]
        self.same_debtor.setText(
            "<br>".join(f"⚠ {html.escape(t[:1].upper() + t[1:])}" for t in lines)
        )
        self.same_debtor.setVisible(bool(lines))
        self.include_linked.blockSignals(True)
        self.include_linked.setChecked(False)  # a new account starts with its own details
        self.include_linked.blockSignals(False)
        self.include_linked.setVisible(bool(lines))

    def refresh_history(self) -> None:
        """Reload earlier searches, worked leads and the timeline from the store."""
        if self.debtor is None:
            return
        account_id = self.debtor.account_id
        searches = self._desk.past_searches(account_id)
        worked = self._desk.worked_leads(account_id)
        self.searches.clear()
        for s in searches:
            purposes = ", ".join(s.purposes) + (
                " (default)" if s.purpose_source == "default" else ""
            )
            # one source a line: the narrow pane shows every outcome whole
            outcome = "\n".join(_fold(line) for line in s.outcome_lines())
            when = s.started_at[:16].replace("T", "\n")  # date over time: a narrow column
            item = QTreeWidgetItem([when, s.user, purposes, outcome])
            for col in range(4):
                item.setToolTip(col, item.text(col))
            self.searches.addTopLevelItem(item)
        if not searches:
            self.searches.addTopLevelItem(QTreeWidgetItem(["No searches yet"]))
        self.worked.clear()
        for d in reversed(worked):
            row = QTreeWidgetItem(
                [
                    display_value(d.lead_kind, d.lead_value),
                    disposition_label(d.kind, d.lead_kind),
                    d.user,
                    d.recorded_at[:10],
                ]
            )
            row.setToolTip(0, f"{d.lead_kind}: {row.text(0)}")
            if d.note:
                row.setToolTip(1, d.note)
            self.worked.addTopLevelItem(row)
        if not worked:
            self.worked.addTopLevelItem(QTreeWidgetItem(["No leads worked yet"]))
        self.show_timeline(self._desk.timeline(account_id))

    def show_timeline(self, entries: list[TimelineEntry]) -> None:
        """List the account's timeline, newest first."""
        self.timeline.clear()
        for e in reversed(entries):
            # wrapped here: a tree row does not wrap itself, and the pane is narrow
            text = textwrap.fill(e.text, TIMELINE_WRAP)
            item = QTreeWidgetItem([e.at[:16].replace("T", " "), e.user, text])
            item.setToolTip(2, e.text)
            self.timeline.addTopLevelItem(item)
        if not entries:
            self.timeline.addTopLevelItem(QTreeWidgetItem(["Nothing logged on this account yet"]))

    def add_note(self) -> None:
        """Log the note written below the timeline on the open account."""
        text = self.note_edit.text().strip()
        if self.debtor is None or not text:
            return
        account_id, desk = self.debtor.account_id, self._desk
        self.note_button.setEnabled(False)
        self._tasks.run(
            lambda: desk.add_note(account_id, text),
            self._note_added,
            self._note_failed,
            serial=True,
        )

    def _note_added(self, _entry: object) -> None:
        self.note_button.setEnabled(True)
        self.note_edit.clear()
        self.note_added.emit()
        self.refresh_history()

    def _note_failed(self, exc: Exception) -> None:
        self.note_button.setEnabled(True)
        self.reveal_failed.emit(f"Note not recorded: {exc}")

    # -- revealing --------------------------------------------------------------------

    def _reveal(self, field: PiiField) -> None:
        """Ask why, then reveal (logged with the reason); nothing is decrypted before."""
        if self.debtor is None:
            return
        account_id = self.debtor.account_id
        dialog = RevealReasonDialog(field, account_id, self)
        accepted = dialog.exec() == RevealReasonDialog.DialogCode.Accepted
        reason = dialog.reason
        dialog.deleteLater()
        if not accepted:
            for row in (self.ssn, self.dob):
                row.button.setEnabled(True)
            return
        desk = self._desk
        self._tasks.run(
            lambda: desk.reveal(account_id, field, reason),
            self._show_revealed,
            self._reveal_error,
            serial=True,
        )

    def _show_revealed(self, revealed: Revealed) -> None:
        self.revealed.emit(revealed)
        if self.debtor is None or self.debtor.account_id != revealed.account_id:
            return  # the collector moved on: do not show it on another account
        row = self.ssn if revealed.field is PiiField.SSN else self.dob
        row.show_clear(revealed.value)

    def _reveal_error(self, exc: Exception) -> None:
        for row in (self.ssn, self.dob):
            row.button.setEnabled(True)
        self.reveal_failed.emit(str(exc))


def _fold(outcome: str, width: int = 18) -> str:
    """ "workspace_history no_hit" over two lines when it is too long for one."""
    source, _, status = outcome.rpartition(" ")
    return f"{source}\n  {status}" if source and len(outcome) > width else outcome


def _fit(tree: QTreeWidget, stretch: int) -> None:
    """Columns sized to their few rows; ``stretch`` fills the width and wraps; no
    sideways scroll."""
    tree.setRootIsDecorated(False)
    tree.setUniformRowHeights(False)
    tree.setWordWrap(True)
    header = tree.header()
    header.setStretchLastSection(False)
    for col in range(tree.columnCount()):
        fit = QHeaderView.ResizeMode.ResizeToContents
        mode = QHeaderView.ResizeMode.Stretch if col == stretch else fit
        header.setSectionResizeMode(col, mode)
    tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
