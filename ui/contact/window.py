"""The contact window: the contact panel for one account, beside the main window."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from skiptrace.contact.desk import ContactDesk
from ui.contact.panel import Clock, ContactPanel
from ui.tasks import TaskRunner


class ContactWindow(QDialog):
    """A non-modal window holding one account's contact panel."""

    def __init__(self, desk: ContactDesk, tasks: TaskRunner, clock: Clock | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle("Contact")
        self.panel = ContactPanel(desk, tasks, clock, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)
        self.resize(900, 620)

    def show_account(self, account_id: str, title: str = "") -> None:
        """Show the account and bring the window forward."""
        self.setWindowTitle(f"Contact — {title or account_id}")
        self.panel.show_account(account_id, title)
        self.show()
        self.activateWindow()
