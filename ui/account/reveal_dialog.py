"""Asking why before a full SSN or date of birth is shown: a reason picked from a short
list or written, logged with the reveal. Nothing is decrypted until it is given."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from skiptrace.portfolio.reveal import MIN_REVEAL_REASON, REVEAL_REASONS, PiiField
from ui.widgets import ok_cancel, warning_label

OTHER = "Another reason (write it below)"
_NAMES = {PiiField.SSN: "SSN", PiiField.DOB: "date of birth"}


class RevealReasonDialog(QDialog):
    """A reason for one reveal; ``reason`` holds it when accepted."""

    def __init__(self, field: PiiField, account_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        name = _NAMES[field]
        self.setWindowTitle(f"Reveal {name}")
        intro = QLabel(
            f"Why do you need the full {name} of account {account_id}? The reason is "
            "recorded in the search log with the reveal."
        )
        intro.setWordWrap(True)
        self.choice = QComboBox()
        self.choice.setAccessibleName("Reason for the reveal")
        self.choice.addItems([*REVEAL_REASONS, OTHER])
        # nothing chosen at first: one Enter must not reveal under a boilerplate reason
        self.choice.setPlaceholderText("Choose a reason…")
        self.choice.setCurrentIndex(-1)
        self.written = QLineEdit()
        self.written.setAccessibleName("Written reason")
        self.written.setPlaceholderText("e.g. 'Consumer disputes identity; comparing to ID'")
        self.error = warning_label()
        self.error.setWordWrap(True)
        self.error.hide()
        buttons, self.ok_button = ok_cancel(self, f"Reveal {name}")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.choice)
        layout.addWidget(self.written)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.choice.currentTextChanged.connect(self._chosen)
        self._chosen(self.choice.currentText())
        self.resize(480, self.sizeHint().height())

    def _chosen(self, text: str) -> None:
        self.written.setEnabled(text == OTHER)
        if text == OTHER:
            self.written.setFocus()

    @property
    def reason(self) -> str:
        """The reason picked, or the one written."""
        text = self.choice.currentText() if self.choice.currentIndex() >= 0 else ""
        return " ".join(self.written.text().split()) if text == OTHER else text

    def accept(self) -> None:
        if len(self.reason) < MIN_REVEAL_REASON:
            self.error.setText(
                f"Choose a reason, or write one (at least {MIN_REVEAL_REASON} characters): "
                "what on this account needs the full value."
            )
            self.error.show()
            return
        super().accept()
