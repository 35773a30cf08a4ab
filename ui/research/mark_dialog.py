"""Marking a lead: the lead named, an optional note, and for the dispositions that take
a lead away (wrong party, do not contact) a confirmation that defaults to Cancel."""

from __future__ import annotations

import html

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from skiptrace.model import CONFIRMED_DISPOSITIONS, DispositionKind, disposition_label
from skiptrace.research.lead_rows import LeadRow, display_value
from ui.widgets import ok_cancel, warning_label

_CONSEQUENCE = {
    DispositionKind.WRONG_PARTY: (
        "This says the {kind} does not reach the debtor: it drops to the bottom of the "
        "leads and is not offered as the debtor's again."
    ),
    DispositionKind.DO_NOT_CONTACT: (
        "Do not contact is a legal flag: this {kind} must not be used to contact anyone "
        "about the debt again. It is recorded in the search log."
    ),
}


class MarkDialog(QDialog):
    """Asks for a note (optional) and, where it matters, a confirmation; ``note`` holds
    the note when accepted."""

    def __init__(self, lead: LeadRow, kind: DispositionKind, parent: QWidget | None = None):
        super().__init__(parent)
        self.kind = kind
        label = disposition_label(kind, lead.kind)
        shown = display_value(lead.kind, lead.value)
        self.setWindowTitle(f"Mark {lead.kind}: {label}")
        self.confirming = kind in CONFIRMED_DISPOSITIONS
        question = QLabel(
            f"Mark the {html.escape(lead.kind)} <b>{html.escape(shown)}</b> as "
            f"<b>{html.escape(label)}</b>?"
        )
        question.setWordWrap(True)
        self.question = question
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        if self.confirming:
            warning = warning_label(_CONSEQUENCE[kind].format(kind=lead.kind))
            layout.addWidget(warning)
        layout.addWidget(QLabel("Note (optional): what you tried and what you learned"))
        self.note_edit = QPlainTextEdit()
        self.note_edit.setAccessibleName("Disposition note")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(self.fontMetrics().height() * 4)
        self.note_edit.setPlaceholderText("e.g. 'Spoke to a woman who said he moved out in May'")
        layout.addWidget(self.note_edit)
        buttons, self.ok_button = ok_cancel(self, f"Mark {label}")
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        # a legal flag is not set by a stray Enter: the default button is Cancel
        self.ok_button.setAutoDefault(not self.confirming)
        self.ok_button.setDefault(not self.confirming)
        self.cancel_button.setDefault(self.confirming)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())
        self.note_edit.setFocus()

    @property
    def note(self) -> str:
        """The note as written, spaces trimmed."""
        return self.note_edit.toPlainText().strip()
