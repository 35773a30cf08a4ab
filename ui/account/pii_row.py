"""A masked SSN or date of birth on the account pane, with the button that asks to reveal it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from skiptrace.portfolio.reveal import PiiField


def selectable(label: QLabel) -> QLabel:
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


class PiiRow(QWidget):
    """A masked value and a Reveal/Hide button."""

    reveal_requested = Signal(object)  # PiiField

    def __init__(self, field: PiiField, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.value = selectable(QLabel())
        self.button = QPushButton("Reveal")
        self.button.setToolTip(
            f"Show the full {field.value.upper()}; every reveal is recorded in the search log"
        )
        self.button.setAccessibleName(f"Reveal {field.value.upper()}")
        self._masked = ""
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.value, 1)
        layout.addWidget(self.button)
        self.button.clicked.connect(self._clicked)

    def set_masked(self, masked: str, revealable: bool) -> None:
        """Show the masked form; the button is there only when a full value exists."""
        self._masked = masked
        self.value.setText(masked or "—")
        self.button.setText("Reveal")
        self.button.setVisible(revealable)
        self.button.setEnabled(True)

    def show_clear(self, value: str) -> None:
        """Show the revealed value until hidden or another account opens."""
        self.value.setText(value)
        self.button.setText("Hide")
        self.button.setEnabled(True)

    @property
    def revealed(self) -> bool:
        """Whether the clear value is on screen."""
        return self.button.text() == "Hide"

    def _clicked(self) -> None:
        if self.revealed:
            self.set_masked(self._masked, True)
            return
        self.button.setEnabled(False)
        self.reveal_requested.emit(self.field)
