"""A small bar chart of a batch report: per source, accounts with a new phone, a new
address, both, neither."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

SERIES = (
    ("new_phone", "new phone", "#2e7d32"),
    ("new_address", "new address", "#1976d2"),
    ("both", "both", "#7b1fa2"),
    ("neither", "neither", "#9e9e9e"),
)


class ReportChart(QWidget):
    """Grouped bars, one group per source and one for all sources."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.groups: list[tuple[str, dict[str, int]]] = []
        self.setAccessibleName("Batch report chart")
        self.setMinimumHeight(160)

    def set_groups(self, groups: list[tuple[str, dict[str, int]]]) -> None:
        """Show these (name, {series key: accounts}) groups."""
        self.groups = groups
        self.setToolTip(
            "\n".join(
                f"{name}: " + ", ".join(f"{label} {values.get(key, 0)}" for key, label, _ in SERIES)
                for name, values in groups
            )
        )
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(520, 200)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = self.width(), self.height()
        legend, label = 34, 18
        plot_h = max(10, h - legend - label - 8)
        top = max([1, *(v.get(k, 0) for _n, v in self.groups for k, _l, _c in SERIES)])
        n = max(1, len(self.groups))
        group_w = w / n
        bar_w = max(4.0, min(28.0, (group_w - 16) / len(SERIES)))
        text = self.palette().text().color()
        for i, (name, values) in enumerate(self.groups):
            x0 = i * group_w + (group_w - bar_w * len(SERIES)) / 2
            for j, (key, _lbl, colour) in enumerate(SERIES):
                value = values.get(key, 0)
                bh = plot_h * value / top
                rect = QRectF(x0 + j * bar_w, legend + plot_h - bh, bar_w - 2, bh)
                painter.fillRect(rect, QColor(colour))
                painter.setPen(self.palette().text().color())
                painter.drawText(
                    QRectF(rect.x() - 6, rect.y() - 14, bar_w + 10, 14),
                    Qt.AlignmentFlag.AlignCenter,
                    str(value),
                )
            painter.setPen(text)
            painter.drawText(
                QRectF(i * group_w, legend + plot_h + 4, group_w, label),
                Qt.AlignmentFlag.AlignCenter,
                name,
            )
        x = 4.0
        for _key, lbl, colour in SERIES:
            painter.fillRect(QRectF(x, 4, 10, 10), QColor(colour))
            painter.setPen(text)
            painter.drawText(QRectF(x + 14, 0, 90, 18), Qt.AlignmentFlag.AlignVCenter, lbl)
            x += 110
        painter.end()
