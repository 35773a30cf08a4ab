"""Each connector's live state during a search, as a table model."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor

from ui.research.search_backend import RUNNING, WAITING, ConnectorRef, ConnectorReport
from ui.table_model import ROOT, HeadedTableModel, Index
from ui.widgets import WARNING_COLOUR

HEADERS = ("Source", "Status", "Found", "Time", "Message")

LABELS = {
    WAITING: "waiting",
    RUNNING: "running…",
    "ok": "ok",
    "no_hit": "no hit",
    "auth_failed": "auth failed",
    "rate_limited": "rate limited",
    "timeout": "timed out",
    "bad_response": "bad response",
    "unavailable": "unavailable",
    "error": "error",
    "cancelled": "cancelled",
}
_PROBLEM = {"auth_failed", "rate_limited", "timeout", "bad_response", "unavailable", "error"}


def state_label(state: str) -> str:
    """What a person reads for a connector state."""
    return LABELS.get(state, state.replace("_", " "))


def elapsed_text(ms: float) -> str:
    """12 ms, or 3.4 s."""
    return f"{ms:.0f} ms" if ms < 1000 else f"{ms / 1000:.1f} s"


class ConnectorStatusModel(HeadedTableModel):
    """One row per connector asked; updated as reports stream in."""

    HEADERS = HEADERS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._refs: list[ConnectorRef] = []
        self._reports: dict[str, ConnectorReport] = {}

    def reset(self, refs: list[ConnectorRef]) -> None:
        """A new search: every connector waiting."""
        self.beginResetModel()
        self._refs = list(refs)
        self._reports = {r.id: ConnectorReport(r.id, WAITING) for r in refs}
        self.endResetModel()

    def update(self, report: ConnectorReport) -> None:
        """A connector's state changed."""
        if report.connector_id not in self._reports:
            self.beginInsertRows(ROOT, len(self._refs), len(self._refs))
            self._refs.append(ConnectorRef(report.connector_id, report.connector_id))
            self._reports[report.connector_id] = report
            self.endInsertRows()
            return
        self._reports[report.connector_id] = report
        row = next(i for i, r in enumerate(self._refs) if r.id == report.connector_id)
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.last_column()))

    def report(self, connector_id: str) -> ConnectorReport | None:
        """The latest report of a connector."""
        return self._reports.get(connector_id)

    def all_finished(self) -> bool:
        """Whether no connector is still waiting or running."""
        return all(r.state not in (WAITING, RUNNING) for r in self._reports.values())

    def row_count(self) -> int:
        return len(self._refs)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        ref = self._refs[index.row()]
        rep = self._reports[ref.id]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            finished = rep.state not in (WAITING, RUNNING)
            return (
                ref.name,
                state_label(rep.state),
                str(rep.count) if finished and rep.state == "ok" else "",
                elapsed_text(rep.elapsed_ms) if finished and rep.elapsed_ms else "",
                rep.message,
            )[col]
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return ref.name
        if role == Qt.ItemDataRole.ToolTipRole and col in (1, 4):
            return rep.message or state_label(rep.state)
        if role == Qt.ItemDataRole.ForegroundRole and col == 1:
            if rep.state in _PROBLEM:
                return QColor(WARNING_COLOUR)
            if rep.state == "ok":
                return QColor("#1b7f3b")
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (2, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
