"""The sign-off confirmation: the scope in plain words, and the administrator's reason
when their own entries are among those covered. The rules are the core's
(``review.scope``); this only shows them and asks."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from skiptrace.review.scope import SignOffScope
from ui.widgets import ok_cancel


class SignOffDialog(QDialog):
    """Confirm a sign-off having seen what it covers."""

    def __init__(self, scope: SignOffScope, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Confirm sign-off")
        self.scope = scope
        text = QLabel(scope.confirmation())
        text.setWordWrap(True)
        self.reason = QLineEdit(placeholderText="why you sign off entries of your own (recorded)")
        self.reason.setVisible(scope.self_review)
        buttons, self.ok = ok_cancel(self, f"Sign off {scope.count} entries")
        self.ok.setEnabled(not scope.self_review)
        self.reason.textChanged.connect(lambda t: self.ok.setEnabled(bool(t.strip())))
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.reason)
        layout.addWidget(buttons)


def confirm_with_dialog(scope: SignOffScope, parent: QWidget | None) -> tuple[bool, str]:
    """Ask; returns whether to go ahead and the self-review reason (may be empty)."""
    dialog = SignOffDialog(scope, parent)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    return accepted, dialog.reason.text()
