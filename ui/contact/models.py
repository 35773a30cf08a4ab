"""Qt table models over the contact desk's values: phones with their check, and calls."""

from __future__ import annotations

from datetime import UTC
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from skiptrace.contact.attempts import ContactAttempt
from skiptrace.contact.desk import CallablePhone
from ui.table_model import HeadedTableModel, Index

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


class _RowsModel(HeadedTableModel):
    """A read-only table of rows under fixed column headers."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Any] = []

    def row_count(self) -> int:
        return len(self.rows)


class PhonesModel(_RowsModel):
    """An account's phones: number, where from, local time there, callable now."""

    HEADERS = ("Phone", "From", "Local time", "Callable")

    def set_rows(self, rows: list[CallablePhone]) -> None:
        """Replace the rows."""
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
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


class CallsModel(_RowsModel):
    """The calls recorded on an account, newest first."""

    HEADERS = ("When (UTC)", "Dir", "Phone", "Outcome", "Spoke with", "By")

    def set_rows(self, rows: list[ContactAttempt]) -> None:
        """Replace the rows (given oldest first; shown newest first)."""
        self.beginResetModel()
        self.rows = list(reversed(rows))
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
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
