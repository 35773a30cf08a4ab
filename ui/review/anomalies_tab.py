"""The anomalies tab: run the rules, show all / open / resolved, and work the selected
anomaly (acknowledge, resolve with a note, escalate) through the review facade."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from skiptrace.review.workitems import Action


class AnomaliesTab(QWidget):
    """The anomaly table with its controls; the window wires the actions."""

    def __init__(self, view: QTableView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.find_button = QPushButton("Find &anomalies")
        self.show_combo = QComboBox()
        self.show_combo.addItems(["all", "open", "resolved"])
        self.hint = QLabel(
            "The anomaly rules have not been run yet: Find anomalies runs them over the "
            "filter's dates (the last 30 days when none is set)."
        )
        self.hint.setWordWrap(True)
        self.note = QLineEdit(
            placeholderText="note: what you found or did (needed to resolve or escalate)"
        )
        self.buttons = {
            Action.ACKNOWLEDGE: QPushButton("Ac&knowledge"),
            Action.RESOLVE: QPushButton("&Resolve"),
            Action.ESCALATE: QPushButton("Escala&te"),
        }
        top = QHBoxLayout()
        top.addWidget(self.find_button)
        caption = QLabel("S&how")
        caption.setBuddy(self.show_combo)
        top.addWidget(caption)
        top.addWidget(self.show_combo)
        top.addWidget(self.hint, 1)
        work = QHBoxLayout()
        work.addWidget(self.note, 1)
        for button in self.buttons.values():
            work.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(view, 1)
        layout.addLayout(work)
