"""First run: no workspace yet, so offer to create one or open the demo in one click."""

from __future__ import annotations

import enum

from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class FirstRunChoice(enum.Enum):
    """What the person chose on the first-run dialog."""

    DEMO = "demo"
    CREATE = "create"
    OPEN = "open"
    QUIT = "quit"


class FirstRunDialog(QDialog):
    """Explains the choices; ``choice`` holds the answer."""

    def __init__(self, default_location: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to skiptrace")
        self.choice = FirstRunChoice.QUIT
        title = QLabel("<h2>Welcome to skiptrace</h2>")
        text = QLabel(
            "There is no workspace on this computer yet. A workspace holds your accounts, "
            "leads and the search log.<br><br>New here? Open the <b>demo workspace</b>: a "
            "synthetic portfolio and an offline demo data source, so you can try a search "
            "right away. No real people are in it."
        )
        text.setWordWrap(True)
        self.demo_button = QPushButton("Open the Demo Workspace")
        self.demo_button.setDefault(True)
        self.create_button = QPushButton("Create a New Workspace")
        self.create_button.setToolTip(f"Create an empty workspace at {default_location}")
        self.open_button = QPushButton("Open an Existing Workspace…")
        self.quit_button = QPushButton("Quit")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(text)
        for button, choice in (
            (self.demo_button, FirstRunChoice.DEMO),
            (self.create_button, FirstRunChoice.CREATE),
            (self.open_button, FirstRunChoice.OPEN),
            (self.quit_button, FirstRunChoice.QUIT),
        ):
            layout.addWidget(button)
            button.clicked.connect(lambda _c=False, ch=choice: self._choose(ch))
        self.setMinimumWidth(460)

    def _choose(self, choice: FirstRunChoice) -> None:
        self.choice = choice
        if choice is FirstRunChoice.QUIT:
            self.reject()
        else:
            self.accept()
