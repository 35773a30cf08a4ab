"""Small widgets shared by several views."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

# The one colour of a warning, a refusal or a problem, wherever the app shows one.
WARNING_COLOUR = "#b00020"


def ok_cancel(dialog: QDialog, ok_text: str = "") -> tuple[QDialogButtonBox, QPushButton]:
    """OK and Cancel for ``dialog``, wired to accept and reject; OK says ``ok_text`` (what
    it will do) when given. Returns the box and its OK button."""
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    if ok_text:
        ok.setText(ok_text)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box, ok


def warning_label(text: str = "") -> QLabel:
    """A wrapping label in the warning colour: what went wrong, or what a step will do."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {WARNING_COLOUR}")
    return label


class EmptyState(QWidget):
    """A centred title and a sentence saying what to do next."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(title)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.text = QLabel(text)
        self.text.setWordWrap(True)
        for label in (self.title, self.text):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        # no alignment flags on the items: with one, a layout ignores a wrapping label's
        # height for its width and shows only its first line
        layout.setContentsMargins(40, 0, 40, 0)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addStretch(2)

    def set_text(self, title: str, text: str) -> None:
        """Change what the empty state says."""
        self.title.setText(title)
        self.text.setText(text)
