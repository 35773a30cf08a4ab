"""Recording a call: outcome, direction, whom the collector spoke to; the check at the
moment of the call is shown, and going ahead against it needs a reason (it is logged)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from skiptrace.contact.attempts import AttemptOutcome, ContactAttempt, Direction, SecondContact
from skiptrace.contact.check import ContactVerdict
from ui.widgets import ok_cancel

Recheck = Callable[[str, SecondContact], ContactVerdict]  # third party, exception -> check

_OUTCOMES = {
    AttemptOutcome.NO_ANSWER: "No answer",
    AttemptOutcome.LEFT_MESSAGE: "Left a message",
    AttemptOutcome.SPOKE_DEBTOR: "Spoke with the debtor",
    AttemptOutcome.SPOKE_THIRD_PARTY: "Spoke with a third party (location call)",
    AttemptOutcome.WRONG_NUMBER: "Wrong number",
    AttemptOutcome.REFUSED: "Refused to talk",
}
_EXCEPTIONS = {
    SecondContact.NONE: "None: first contact with this person",
    SecondContact.PERSON_ASKED: "The person asked to be contacted again",
    SecondContact.EARLIER_WRONG: "Their earlier answer was wrong or incomplete; they now know",
}


class RecordCallDialog(QDialog):
    """Asks what happened on a call and builds the ``ContactAttempt`` to record."""

    def __init__(self, account_id: str, phone: str, verdict: ContactVerdict,
                 recheck: Recheck, parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle(f"Record Call — {phone}")
        self.account_id, self.phone, self.verdict = account_id, phone, verdict
        self._recheck = recheck
        self.at = verdict.moment if verdict.moment.tzinfo else datetime.now(UTC)
        self.outcome = QComboBox()
        for value, text in _OUTCOMES.items():
            self.outcome.addItem(text, value)
        self.direction = QComboBox()
        self.direction.addItem("I called (out)", Direction.OUT)
        self.direction.addItem("The consumer called (in)", Direction.IN)
        self.requested = QCheckBox("Returned at the consumer's request (not counted in 7 in 7)")
        self.third_party = QLineEdit()
        self.third_party.setPlaceholderText("Name of the relative, neighbour or employer")
        self.exception = QComboBox()
        for exception, label in _EXCEPTIONS.items():
            self.exception.addItem(label, exception)
        self.note = QLineEdit()
        self.reasons = QLabel()
        self.reasons.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Why this call goes ahead although it is not allowed")
        form = QFormLayout()
        form.addRow("&Outcome:", self.outcome)
        form.addRow("&Direction:", self.direction)
        form.addRow("", self.requested)
        form.addRow("&Third party:", self.third_party)
        form.addRow("Second contact &exception:", self.exception)
        form.addRow("&Note:", self.note)
        form.addRow("Check:", self.reasons)
        form.addRow("&Reason to go ahead:", self.reason)
        self.buttons, _ok = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.outcome.currentIndexChanged.connect(self._outcome_changed)
        self.direction.currentIndexChanged.connect(self._update)
        self.third_party.editingFinished.connect(self._third_party_changed)
        self.exception.currentIndexChanged.connect(self._third_party_changed)
        self.reason.textChanged.connect(self._update)
        self._outcome_changed()

    # combo boxes hand back their data as plain strings: turn them into the enums again
    def _outcome(self) -> AttemptOutcome:
        return AttemptOutcome(self.outcome.currentData())

    def _direction(self) -> Direction:
        return Direction(self.direction.currentData())

    def _exception(self) -> SecondContact:
        return SecondContact(self.exception.currentData())

    def _outcome_changed(self) -> None:
        third = self._outcome() is AttemptOutcome.SPOKE_THIRD_PARTY
        self.third_party.setEnabled(third)
        self.exception.setEnabled(third)
        if not third and self.third_party.text():
            self.third_party.clear()
            self._third_party_changed()
        self._update()

    def _third_party_changed(self) -> None:
        self.verdict = self._recheck(self.third_party.text().strip(), self._exception())
        self._update()

    @property
    def needs_reason(self) -> bool:
        """A call the collector placed against a "not allowed" needs a reason."""
        return self._direction() is Direction.OUT and not self.verdict.allowed

    def _update(self) -> None:
        v = self.verdict
        text = (
            "Allowed"
            if v.allowed
            else "Not allowed:\n" + "\n".join(f"• {r.text}" for r in v.reasons)
        )
        self.reasons.setText(text)
        self.reason.setEnabled(self.needs_reason)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        third_missing = (self._outcome() is AttemptOutcome.SPOKE_THIRD_PARTY
                         and not self.third_party.text().strip())  # fmt: skip
        ok.setEnabled(
            not third_missing and (not self.needs_reason or bool(self.reason.text().strip()))
        )

    def attempt(self) -> ContactAttempt:
        """The call as entered."""
        return ContactAttempt(
            account_id=self.account_id,
            phone=self.phone,
            outcome=self._outcome(),
            called_at=self.at,
            direction=self._direction(),
            consumer_requested=self.requested.isChecked(),
            third_party=self.third_party.text().strip(),
            exception=self._exception() if self.third_party.text().strip()
            else SecondContact.NONE,
            note=self.note.text().strip(),
            override_reason=self.reason.text().strip() if self.needs_reason else "",
        )  # fmt: skip
