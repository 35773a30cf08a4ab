"""The contact panel: an account's phones with the local time there and whether each may
be called now (and if not, why and from when); the calls recorded; record a call; the
§1006.10 location-call script. All it knows comes from the core's ``ContactDesk``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from skiptrace.contact.attempts import ContactAttempt, SecondContact
from skiptrace.contact.calls import ContactNotAllowed
from skiptrace.contact.check import ContactVerdict
from skiptrace.contact.desk import CallablePhone, ContactDesk
from ui.contact.models import CallsModel, PhonesModel
from ui.contact.record_dialog import RecordCallDialog
from ui.tasks import TaskRunner

Clock = Callable[[], datetime]


def _table(model: PhonesModel | CallsModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class ScriptDialog(QDialog):
    """The location-call script, read-only, with the collector's name in it."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Location-Call Script (Reg F §1006.10)")
        self.text = QPlainTextEdit(text)
        self.text.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(620, 360)


class ContactPanel(QWidget):
    """One account's contact view (see the module docstring)."""

    recorded = Signal(object)  # the ContactAttempt as recorded
    message = Signal(str)

    def __init__(self, desk: ContactDesk, tasks: TaskRunner, clock: Clock | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.desk, self.tasks = desk, tasks
        self.clock = clock or (lambda: datetime.now(UTC))
        self.account_id = ""
        self.title = QLabel("No account open")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.phones = PhonesModel()
        self.calls = CallsModel()
        self.phone_view = _table(self.phones)
        self.call_view = _table(self.calls)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.record_button = QPushButton("&Record Call…")
        self.script_button = QPushButton("Location-Call &Script…")
        self.refresh_button = QPushButton("Re&check")
        buttons = QHBoxLayout()
        for b in (self.record_button, self.script_button, self.refresh_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.facts)
        layout.addWidget(QLabel("Phones — local time at the consumer, and whether a call is "
                                "allowed now (Reg F §1006.6, §1006.14):"))  # fmt: skip
        layout.addWidget(self.phone_view, 2)
        layout.addWidget(self.detail)
        layout.addLayout(buttons)
        layout.addWidget(QLabel("Calls recorded (each is a contact.attempt entry in the log):"))
        layout.addWidget(self.call_view, 2)
        self.record_button.clicked.connect(self.record_call)
        self.script_button.clicked.connect(self.show_script)
        self.refresh_button.clicked.connect(self.reload)
        self.phone_view.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        self._enable()

    def show_account(self, account_id: str, title: str = "") -> None:
        """Load an account's phones and calls (off the GUI thread)."""
        self.account_id = account_id
        self.title.setText(title or f"Contact — {account_id}")
        self.reload()

    def reload(self) -> None:
        """Recheck every phone at the current time and reload the calls."""
        if not self.account_id:
            return
        aid, at = self.account_id, self.clock()
        self.tasks.run(
            lambda: (self.desk.phones(aid, at), self.desk.attempts(aid),
                     self.desk.account_facts(aid, at)),
            self._loaded, lambda e: self.message.emit(str(e)),
        )  # fmt: skip

    def _loaded(self, result: tuple[list[CallablePhone], list[ContactAttempt], list[str]]) -> None:
        phones, calls, facts = result
        self.facts.setText("\n".join(facts))
        self.phones.set_rows(phones)
        self.calls.set_rows(calls)
        if phones:
            self.phone_view.selectRow(0)
        self._show_detail()
        self._enable()

    def current_phone(self) -> CallablePhone | None:
        """The phone selected in the table."""
        row = self.phone_view.currentIndex().row()
        return self.phones.rows[row] if 0 <= row < len(self.phones.rows) else None

    def _show_detail(self) -> None:
        phone = self.current_phone()
        if phone is None:
            self.detail.setText("No phone on this account.")
            return
        v = phone.verdict
        lines = [f"{phone.number}: {'allowed now' if v.allowed else 'not allowed now'} — "
                 f"{v.hours.local_text()}"]  # fmt: skip
        lines += [f"• {r.text}" for r in v.reasons]
        if v.next_allowed:
            lines.append(f"Allowed from {v.next_allowed.astimezone(UTC):%Y-%m-%d %H:%M} UTC")
        lines += [f"Note: {n}" for n in v.notes]
        self.detail.setText("\n".join(lines))

    def _enable(self) -> None:
        self.record_button.setEnabled(self.current_phone() is not None)
        self.script_button.setEnabled(bool(self.account_id))

    def record_call(self) -> None:
        """Ask what happened on a call to the selected phone, and record it."""
        phone = self.current_phone()
        if phone is None:
            return
        aid, at = self.account_id, self.clock()

        def recheck(third_party: str, exception: SecondContact) -> ContactVerdict:
            return self.desk.check(aid, phone.number, at, third_party, exception)

        dialog = RecordCallDialog(aid, phone.number, recheck("", SecondContact.NONE), recheck,
                                  self)  # fmt: skip
        self.dialog = dialog
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.save(dialog.attempt())

    def save(self, attempt: ContactAttempt) -> None:
        """Record a call in the background; the panel reloads when it is written."""

        def done(result: tuple[ContactAttempt, ContactVerdict | None]) -> None:
            self.recorded.emit(result[0])
            self.message.emit(f"Call recorded (log entry {result[0].log_seq})")
            self.reload()

        def failed(exc: Exception) -> None:
            text = str(exc) if isinstance(exc, ContactNotAllowed) else f"Not recorded: {exc}"
            self.message.emit(text)

        self.tasks.run(lambda: self.desk.record(attempt), done, failed, serial=True)

    def show_script(self) -> None:
        """Show the §1006.10 script with the collector's name (or say: attorney only)."""
        script = self.desk.script(self.account_id)
        text = (script.text() if script is not None else
                "The consumer has an attorney on file: call the attorney only.")  # fmt: skip
        self.script_dialog = ScriptDialog(text, self)
        self.script_dialog.show()
