"""Connector settings as an editable table: edits go straight to the workspace settings
(checked and logged by the core); credentials show only as present or absent."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from skiptrace.sources.connector_setup import ConnectorSetup
from skiptrace.sources.model import Manifest
from skiptrace.sources.registry import ConnectorRegistry
from skiptrace.sources.settings import SettingError, is_enabled
from ui.table_model import HeadedTableModel, Index

HEADERS = ("Connector", "Enabled", "Base URL", "Timeout (s)", "Credentials")
_KEYS = {1: "enabled", 2: "base_url", 3: "timeout"}


class ConnectorSettingsModel(HeadedTableModel):
    """One row per installed connector; Enabled, Base URL and Timeout are editable."""

    HEADERS = HEADERS

    rejected = Signal(str)  # a value the core refused, with its reason

    def __init__(
        self, setup: ConnectorSetup, registry: ConnectorRegistry, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.setup = setup
        self.manifests: list[Manifest] = [
            info.manifest for info in registry.describe() if info.manifest is not None
        ]
        self.broken = [info for info in registry.describe() if info.manifest is None]
        self.rows: list[dict[str, str]] = []
        # asked before a source that sends data off this computer is switched on
        self.confirm_enable: Callable[[Manifest], bool] = lambda _m: True
        self.reload()

    def reload(self) -> None:
        """Read every connector's settings from the workspace."""
        self.beginResetModel()
        self.rows = self.setup.settings_of(self.manifests)
        self.endResetModel()

    def credential_present(self, row: int, name: str) -> bool:
        """Whether the key store holds this credential (its value never leaves the store)."""
        return self.setup.credential_present(self.manifests[row].id, name)

    def credentials_text(self, row: int) -> str:
        """present / absent for each credential the connector needs; never a value."""
        names = self.manifests[row].credentials
        if not names:
            return "none needed"
        return ", ".join(
            f"{n}: {'present' if self.credential_present(row, n) else 'absent'}" for n in names
        )

    def row_count(self) -> int:
        return len(self.manifests)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 1:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        if index.column() in (2, 3):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        s, m = self.rows[row], self.manifests[row]
        if role == Qt.ItemDataRole.CheckStateRole and col == 1:
            return Qt.CheckState.Checked if is_enabled(s) else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return m.description or m.display_name
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == 0:
                return m.display_name
            if col == 2:
                url = s.get("base_url", "")
                return url if url or role == Qt.ItemDataRole.EditRole else "(none: offline)"
            if col == 3:
                return s.get("timeout", "")
            if col == 4:
                return self.credentials_text(row)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        key = _KEYS.get(index.column()) if index.isValid() else None
        if key is None:
            return False
        if key == "enabled":
            if role != Qt.ItemDataRole.CheckStateRole:
                return False
            text = "true" if Qt.CheckState(value) == Qt.CheckState.Checked else "false"
            manifest = self.manifests[index.row()]
            if text == "true" and manifest.network and not self.confirm_enable(manifest):
                return False
        elif role == Qt.ItemDataRole.EditRole:
            text = str(value)
        else:
            return False
        row = index.row()
        manifest = self.manifests[row]
        try:
            self.rows[row] = self.setup.change(manifest, key, text)
        except SettingError as exc:
            self.rejected.emit(f"{manifest.display_name}: {exc}")
            return False
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.last_column()))
        return True
