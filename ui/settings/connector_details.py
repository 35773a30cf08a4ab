"""The selected connector's own settings (a JSON source's URL template and mappings, a
vendor file's path and mapping), where its data goes, and "Test Connection"."""

from __future__ import annotations

import threading
from html import escape

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from skiptrace.sources.connector_setup import ConnectorSetup
from skiptrace.sources.health import Health
from skiptrace.sources.model import Manifest, Status
from skiptrace.sources.registry import ConnectorRegistry
from skiptrace.sources.settings import SettingError
from ui.widgets import WARNING_COLOUR

_LABELS = {"url": "URL template", "fields": "Field mappings", "mapping": "Column mapping"}
# settings that hold JSON or long text get a box, not a line
_LONG = ("mapping", "fields", "params", "purpose_map", "headers", "body")


def off_machine_warning(manifest: Manifest) -> str:
    """What enabling a network source means, in a sentence."""
    return (
        f"{manifest.display_name} sends what a search asks (names, addresses, phones and "
        "whatever else the source needs) off this computer to its server. Enable it only if "
        "your company has an agreement with this source."
    )


def confirm_network_source(parent: QWidget, manifest: Manifest) -> bool:
    """Ask before a source that sends data off this computer is switched on."""
    answer = QMessageBox.warning(
        parent,
        f"Enable {manifest.display_name}?",
        off_machine_warning(manifest),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes


class _Relay(QObject):
    tested = Signal(object)  # Health, emitted from the testing thread


class ConnectorDetails(QGroupBox):
    """Edits one connector's own settings; tests its connection off the GUI thread."""

    tested = Signal(object)  # Health, on the GUI thread
    changed = Signal()

    def __init__(
        self, setup: ConnectorSetup, registry: ConnectorRegistry, parent: QWidget | None = None
    ) -> None:
        super().__init__("Connector settings", parent)
        self._setup = setup
        self._registry = registry
        self.manifest: Manifest | None = None
        self.edits: dict[str, QLineEdit | QPlainTextEdit] = {}
        self._relay = _Relay()
        self._relay.tested.connect(self._show_health)
        self.where = QLabel()
        self.where.setWordWrap(True)
        self.form = QFormLayout()
        self.save_button = QPushButton("Save Settings")
        self.save_button.clicked.connect(self.save)
        self.test_button = QPushButton("Test Connection")
        self.test_button.clicked.connect(self.test_connection)
        self.result = QLabel()
        self.result.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.result, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.test_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.where)
        layout.addLayout(self.form)
        layout.addLayout(buttons)
        self.show_connector(None)

    def show_connector(self, manifest: Manifest | None) -> None:
        """Show this connector's own settings (None: ask to select one)."""
        self.manifest = manifest
        while self.form.rowCount():
            self.form.removeRow(0)
        self.edits.clear()
        self.result.setText("")
        if manifest is None:
            self.where.setText("Select a connector to see its own settings.")
            self.save_button.setEnabled(False)
            self.test_button.setEnabled(False)
            return
        self.where.setText(
            "⚠ " + off_machine_warning(manifest)
            if manifest.network
            else f"{manifest.display_name} works on this computer: nothing is sent elsewhere."
        )
        for key, value in self._setup.own_settings(manifest).items():
            edit: QLineEdit | QPlainTextEdit
            if any(word in key for word in _LONG):
                edit = QPlainTextEdit(value)
                edit.setFixedHeight(64)
            else:
                edit = QLineEdit(value)
            edit.setAccessibleName(f"{manifest.display_name} {key}")
            self.edits[key] = edit
            self.form.addRow(f"{_LABELS.get(key) or key.replace('_', ' ').capitalize()}:", edit)
        self.save_button.setEnabled(bool(self.edits))
        self.test_button.setEnabled(True)

    def _text(self, key: str) -> str:
        edit = self.edits[key]
        return edit.toPlainText() if isinstance(edit, QPlainTextEdit) else edit.text()

    def save(self) -> bool:
        """Store every changed setting (checked and logged by the core)."""
        if self.manifest is None:
            return False
        current = self._setup.own_settings(self.manifest)
        try:
            for key in self.edits:
                if self._text(key) != current.get(key, ""):
                    self._setup.change(self.manifest, key, self._text(key))
        except SettingError as exc:
            self.result.setText(f"<span style='color:{WARNING_COLOUR}'>{exc}</span>")
            return False
        self.result.setText("Saved.")
        self.changed.emit()
        return True

    def test_connection(self) -> None:
        """Save, then run the connector's health check in a thread; ``tested`` reports."""
        manifest = self.manifest
        if manifest is None or (self.edits and not self.save()):
            return
        self.test_button.setEnabled(False)
        self.result.setText("Testing…")
        setup, registry, relay = self._setup, self._registry, self._relay

        def run() -> None:
            try:
                health = setup.test_connection(registry, manifest)
            except Exception as exc:  # a broken connector: say so, never crash the dialog
                health = Health(Status.ERROR, f"the test failed: {type(exc).__name__}")
            relay.tested.emit(health)

        threading.Thread(target=run, name="connector-test", daemon=True).start()

    def _show_health(self, health: Health) -> None:
        self.test_button.setEnabled(self.manifest is not None)
        colour = "#1b5e20" if health.ok else WARNING_COLOUR
        word = "Connected" if health.ok else health.status.value.replace("_", " ").capitalize()
        self.result.setText(
            f"<span style='color:{colour}'><b>{word}</b>: {escape(health.message)}</span>"
        )
        self.tested.emit(health)
