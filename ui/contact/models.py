"""Qt table models over the contact desk's values: phones with their check, and calls."""

from __future__ import annotations

from datetime import UTC
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from skiptrace.contact.attempts import ContactAttempt
from skiptrace.contact.desk import CallablePhone

_Index = QModelIndex | QPersistentModelIndex
_NO = QBrush(QColor("#b3261e"))
_YES = QBrush(QColor("#1e6b34"))


def verdict_text(phone: CallablePhone) -> str:
    """ "Callable now", or "Not now" with from when, or "Do not call"."""
    v = phone.verdict
    if v.allowed:
        return "Callable now"
    if v.next_allowed is not None:
        zone = ZoneInfo(v.hours.local_times[0][0]) if v.hours.local_times else UTC
        return f"Not now: from {v.next_allowed.astimezone(zone):%a %H:%M %Z} there"
    return "Do not call"


class PhonesModel(QAbstractTableModel):
    """An account's phones: number, where from, local time there, callable now."""

    HEADERS = ("Phone", "From", "Local time", "Callable")

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[CallablePhone] = []

    def set_rows(self, rows: list[CallablePhone]) -> None:
        """Replace the rows."""
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            values = (row.number, row.source, row.verdict.hours.local_text(), verdict_text(row))
            return values[col]
        if role == Qt.ItemDataRole.ForegroundRole and col == 3:
            return _YES if row.verdict.allowed else _NO
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [r.text for r in row.verdict.reasons] + list(row.verdict.notes)
            return "\n".join(lines) or "No rule stands in the way"
        return None


class CallsModel(QAbstractTableModel):
    """The calls recorded on an account, newest first."""

    HEADERS = ("When (UTC)", "Dir", "Phone", "Outcome", "Spoke with", "By")

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[ContactAttempt] = []

    def set_rows(self, rows: list[ContactAttempt]) -> None:
        """Replace the rows (given oldest first; shown newest first)."""
        self.beginResetModel()
        self.rows = list(reversed(rows))
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        a = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            values = (f"{a.called_at.astimezone(UTC):%Y-%m-%d %H:%M}", a.direction.value,
                      a.phone, a.outcome.value, a.third_party, a.user)  # fmt: skip
            return values[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            parts = [a.note, f"went ahead against the check: {a.override_reason}"
                     if a.override_reason else "", f"exception: {a.exception.value}"
                     if a.exception.value else "", f"recorded {a.recorded_at}"]  # fmt: skip
            return "\n".join(p for p in parts if p)
        return None
