"""What every table model of the app shares: fixed column headers over rows it keeps."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
K = TypeVar("K")


class HeadedTableModel(QAbstractTableModel):
    """A flat table under fixed column headers (``HEADERS``); a subclass counts its rows."""

    HEADERS: tuple[str, ...] = ()

    def row_count(self) -> int:
        """How many rows the model holds now."""
        raise NotImplementedError

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else self.row_count()

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def last_column(self) -> int:
        """The index of the rightmost column (for a whole-row ``dataChanged``)."""
        return len(self.HEADERS) - 1


def row_in(keys: Sequence[K], key: K) -> int:
    """The row showing ``key`` among ``keys``, or -1."""
    try:
        return keys.index(key)
    except ValueError:
        return -1
