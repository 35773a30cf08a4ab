"""Settings: who you are, which workspace, and the connectors with their credentials."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from skiptrace.gate.roles import my_role
from skiptrace.sources.connector_setup import ConnectorSetup
from skiptrace.sources.registry import ConnectorRegistry
from skiptrace.sources.settings import SettingError
from skiptrace.workspace.workspace import Workspace
from ui.settings.connector_details import ConnectorDetails, confirm_network_source
from ui.settings.connectors_model import ConnectorSettingsModel
from ui.widgets import ok_cancel, warning_label


class SettingsDialog(QDialog):
    """Connector edits are saved as they are made; identity and workspace on OK."""

    def __init__(
        self,
        workspace: Workspace,
        registry: ConnectorRegistry,
        settings: QSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self._workspace = workspace
        self._settings = settings
        self.identity_changed = False
        self.location_changed = False
        self.location = ""

        self.user_edit = QLineEdit(workspace.actor.user)
        self.user_edit.setAccessibleName("Your user name")
        # on a team database the name is the member's database login: not a free choice
        self.team = workspace.path is None
        self.user_edit.setReadOnly(self.team)
        role = my_role(workspace)
        self.role_label = QLabel(role.value if role else "no role assigned")
        you = QWidget()
        form = QFormLayout(you)
        form.addRow("User name:", self.user_edit)
        form.addRow("Role:", self.role_label)
        note = QLabel(
            ("Your team login, set by the team's administrator; " if self.team else "")
            + "stamped on every search-log entry with this computer's name "
            f"({workspace.actor.host}). A team's administrator assigns roles."
        )
        note.setWordWrap(True)
        form.addRow(note)

        self.location_edit = QLineEdit(workspace.display_url)
        self.location_edit.setPlaceholderText("a workspace file, or postgresql://user@host/db")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.location_edit, 1)
        row.addWidget(browse)
        where = QWidget()
        wform = QFormLayout(where)
        wform.addRow("Now open:", QLabel(workspace.display_url))
        wform.addRow("Workspace:", row)
        hint = QLabel(
            "A file for one collector, or a PostgreSQL URL for a team; the password, if any, "
            "belongs in the URL's keychain entry or a .pgpass file, not here."
        )
        hint.setWordWrap(True)
        wform.addRow(hint)

        self.connectors = ConnectorSettingsModel(ConnectorSetup(workspace), registry, self)
        self.table = QTableView()
        self.table.setModel(self.connectors)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        for col, w in enumerate((140, 70, 220, 90)):
            self.table.setColumnWidth(col, w)
        self.credential_location = self.connectors.setup.credential_location()
        self.credential_button = QPushButton("Set Credential…")
        self.credential_button.setToolTip(f"Store a key or password in {self.credential_location}")
        self.connectors.confirm_enable = lambda m: confirm_network_source(self, m)
        self.details = ConnectorDetails(self.connectors.setup, registry, self)
        self.details.changed.connect(self.connectors.reload)
        self.table.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self.details.show_connector(
                self.connectors.manifests[cur.row()] if cur.isValid() else None
            )
        )
        self.credentials_where = QLabel(f"Credentials are kept in {self.credential_location}.")
        self.credentials_where.setWordWrap(True)
        self.credential_button.clicked.connect(self.set_credential)
        self.problem = warning_label()
        self.problem.setWordWrap(True)
        self.connectors.rejected.connect(self.problem.setText)
        conn_page = QWidget()
        cl = QVBoxLayout(conn_page)
        if not self.connectors.manifests:
            cl.addWidget(QLabel("No connectors are installed in this build."))
        for info in self.connectors.broken:
            broken = QLabel(f"{info.id} could not be loaded: {info.error}")
            broken.setWordWrap(True)
            cl.addWidget(broken)
        self.table.setMinimumHeight(200)  # every connector in view, without scrolling
        details_scroll = QScrollArea()
        details_scroll.setWidgetResizable(True)
        details_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        details_scroll.setWidget(self.details)
        cl.addWidget(self.table, 1)
        cl.addWidget(details_scroll, 2)
        cl.addWidget(self.problem)
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(self.credentials_where, 1)
        buttons_row.addWidget(self.credential_button)
        cl.addLayout(buttons_row)

        self.tabs = QTabWidget()
        self.tabs.addTab(you, "&You")
        self.tabs.addTab(where, "&Workspace")
        self.tabs.addTab(conn_page, "&Connectors")
        box, _ok = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(box)
        self.resize(820, 640)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Workspace File",
            self.location_edit.text(),
            "Workspaces (*.sqlite)",
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            self.location_edit.setText(path)

    def set_credential(self, name: str = "", value: str | None = None) -> bool:
        """Ask for a credential of the selected connector and put it in the keychain."""
        index = self.table.currentIndex()
        if not index.isValid():
            self.problem.setText("Select a connector first.")
            return False
        manifest = self.connectors.manifests[index.row()]
        if not manifest.credentials:
            self.problem.setText(f"{manifest.display_name} needs no credentials.")
            return False
        if not name:
            name = manifest.credentials[0]
            if len(manifest.credentials) > 1:
                name, ok = QInputDialog.getItem(
                    self, "Credential", "Which credential:", list(manifest.credentials), 0, False
                )
                if not ok:
                    return False
        if value is None:
            value, ok = QInputDialog.getText(
                self,
                f"{manifest.display_name}: {name}",
                f"Enter {name} (stored in {self.credential_location}, never shown again):",
                QLineEdit.EchoMode.Password,
            )
            if not ok:
                return False
        try:
            self.connectors.setup.set_credential(manifest.id, name, value)
        except SettingError as exc:
            self.problem.setText(str(exc))
            return False
        self.connectors.reload()
        self.problem.setText("")
        return True

    def accept(self) -> None:
        user = self.user_edit.text().strip()
        if not user:
            self.tabs.setCurrentIndex(0)
            self.problem.setText("A user name is required.")
            return
        if user != self._workspace.actor.user:
            self._settings.setValue("identity/user", user)
            self.identity_changed = True
        location = self.location_edit.text().strip()
        if location and location not in (self._workspace.url, self._workspace.display_url):
            self.location = location
            self.location_changed = True
        super().accept()
