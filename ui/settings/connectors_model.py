"""Connector settings as an editable table: edits go straight to the workspace settings."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from skiptrace.connector_config import (
    BadSetting,
    ConnectorSettings,
    credential_present,
    load_settings,
    save_setting,
)
from skiptrace.workspace import Workspace
from ui.research.backend import ConnectorRef

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Connector", "Enabled", "Base URL", "Timeout (s)", "Credentials")


class ConnectorSettingsModel(QAbstractTableModel):
    """One row per connector; Enabled, Base URL and Timeout are editable."""

    rejected = Signal(str)  # a value the core refused, with its reason

    def __init__(self, workspace: Workspace, refs: list[ConnectorRef], parent: Any = None):
        super().__init__(parent)
        self._workspace = workspace
        self.refs = list(refs)
        self.rows: list[ConnectorSettings] = []
        self.reload()

    def reload(self) -> None:
        """Read every connector's settings from the workspace."""
        self.beginResetModel()
        with self._workspace.engine.connect() as conn:
            self.rows = [load_settings(conn, r.id) for r in self.refs]
        self.endResetModel()

    def credentials_text(self, row: int) -> str:
        """present / absent for each credential the connector needs; never a value."""
        ref = self.refs[row]
        if not ref.credentials:
            return "none needed"
        return ", ".join(
            f"{name}: {'present' if credential_present(ref.id, name) else 'absent'}"
            for name in ref.credentials
        )

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.refs)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

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
        s = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and col == 1:
            return Qt.CheckState.Checked if s.enabled else Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == 0:
                return self.refs[index.row()].name
            if col == 2:
                return s.base_url or ("" if role == Qt.ItemDataRole.EditRole else "(default)")
            if col == 3:
                return f"{s.timeout:g}"
            if col == 4:
                return self.credentials_text(index.row())
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        col = index.column()
        key = {1: "enabled", 2: "base_url", 3: "timeout"}.get(col)
        if key is None:
            return False
        if col == 1:
            if role != Qt.ItemDataRole.CheckStateRole:
                return False
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            text = "true" if checked else "false"
        elif role == Qt.ItemDataRole.EditRole:
            text = str(value)
        else:
            return False
        ref = self.refs[index.row()]
        try:
            save_setting(self._workspace.engine, ref.id, key, text)
        except BadSetting as exc:
            self.rejected.emit(f"{ref.name}: {exc}")
            return False
        with self._workspace.engine.connect() as conn:
            self.rows[index.row()] = load_settings(conn, ref.id)
        self.dataChanged.emit(index.siblingAtColumn(0), index.siblingAtColumn(len(HEADERS) - 1))
        return True

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None
