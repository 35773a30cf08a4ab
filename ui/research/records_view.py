"""The records-found view: every record each source returned for the search, with
matching's verdict ("is the debtor", "is not", "too close to call") and why."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from skiptrace.research.lead_rows import display_value
from skiptrace.research.records_found import VERDICTS, RecordRow

_VERDICT_COLOURS = {
    VERDICTS["match"]: QColor("#1e7b3a"),
    VERDICTS["ambiguous"]: QColor("#9a6700"),
    VERDICTS["below_floor"]: QColor("#6b6b6b"),
}
RECORD_ROLE = Qt.ItemDataRole.UserRole + 3


def _carried(item: str) -> str:
    kind, _, value = item.partition(" ")
    if kind in ("address", "phone"):
        return f"{kind} {display_value(kind, value)}"
    return item


class RecordsView(QTreeWidget):
    """Sources, then their records; under each record why it is or is not the debtor,
    and what it carries."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderLabels(["Record", "Verdict", "Match"])
        self.setAccessibleName("Records found")
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.rows: list[RecordRow] = []

    def set_records(self, rows: list[RecordRow]) -> None:
        """Show these records, grouped by source in the order they came."""
        self.rows = list(rows)
        self.clear()
        by_source: dict[str, list[RecordRow]] = {}
        for row in rows:
            by_source.setdefault(row.source, []).append(row)
        for source, records in by_source.items():
            matched = sum(r.verdict == VERDICTS["match"] for r in records)
            head = QTreeWidgetItem([f"{source}: {len(records)} record(s), {matched} the debtor"])
            font = QFont(head.font(0))
            font.setBold(True)
            head.setFont(0, font)
            head.setFirstColumnSpanned(True)
            self.addTopLevelItem(head)
            for record in records:
                head.addChild(self._record_item(record))
        self.expandAll()

    @staticmethod
    def _record_item(record: RecordRow) -> QTreeWidgetItem:
        match = f"{record.probability:.0%}" if record.probability is not None else ""
        item = QTreeWidgetItem([f"{record.record_id}  {record.summary}", record.verdict, match])
        item.setData(0, RECORD_ROLE, record)
        item.setToolTip(0, record.summary)
        colour = _VERDICT_COLOURS.get(record.verdict)
        if colour is not None:
            item.setForeground(1, colour)
        if record.why:
            why = QTreeWidgetItem([f"Why: {record.why}"])
            why.setFirstColumnSpanned(True)
            why.setToolTip(0, record.why)
            item.addChild(why)
        for carried in record.carries:
            child = QTreeWidgetItem([_carried(carried)])
            child.setFirstColumnSpanned(True)
            item.addChild(child)
        return item

    def record_items(self) -> list[QTreeWidgetItem]:
        """The record rows (not the source headings or the lines under a record)."""
        items = []
        for i in range(self.topLevelItemCount()):
            head = self.topLevelItem(i)
            if head is not None:
                items += [c for j in range(head.childCount()) if (c := head.child(j))]
        return items
