"""First run: no workspace yet, so offer to create one or open the demo in one click."""

from __future__ import annotations

import enum
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
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


class NoKeychainDialog(QDialog):
    """ "Create a new workspace" on a machine with no secure keychain: says so, and offers
    a key file (with what that means) or the way back to the welcome screen.
    ``key_file`` holds the chosen file on accept."""

    def __init__(self, default_location: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("No secure keychain")
        self.key_file: Path | None = None
        self._default = Path(default_location).with_suffix(".keys") if default_location else None
        title = QLabel("<h3>This computer has no secure keychain</h3>")
        self.text = text = QLabel(
            "A workspace keeps two keys: one seals the search log, one encrypts SSNs and "
            "dates of birth. skiptrace keeps them in the system's keychain (Windows "
            "Credential Manager, macOS Keychain, or a Secret Service on Linux), and none "
            "is available here: it may be locked, or not installed.<br><br>"
            "You can keep the keys in a <b>key file</b> instead. <b>A key file is not a "
            "secure keychain</b>: anyone who can read it and the workspace can read the "
            "SSNs and forge the search log. Keep it on an encrypted disk, readable by you "
            "only, and back it up: without it the workspace cannot be opened. Every "
            "verification of the search log names the key file.<br><br>"
            "Or go back, unlock or install a keychain, and create the workspace then."
        )
        text.setWordWrap(True)
        self.key_file_button = QPushButton("Choose a Key File…")
        self.back_button = QPushButton("Back to the Welcome Screen")
        self.back_button.setDefault(True)
        self.key_file_button.clicked.connect(self.choose_key_file)
        self.back_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(text)
        layout.addWidget(self.key_file_button)
        layout.addWidget(self.back_button)
        self.setMinimumWidth(520)

    def choose_key_file(self) -> None:
        """Ask where the key file goes; accept with it, or stay when cancelled."""
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Key File (not a secure keychain)",
            str(self._default or Path.home() / "skiptrace.keys"),
            "Key files (*.keys);;All files (*)",
        )
        if path:
            self.key_file = Path(path)
            self.accept()
