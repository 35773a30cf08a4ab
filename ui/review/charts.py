"""Charts drawn with QPainter for the review dashboard: stacked bars per day, and one
labelled bar per row. They draw the core's ``Dashboard`` figures and nothing else."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

# the same palette as the evidence pack's charts
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
           "#7f7f7f")  # fmt: skip


class DayChart(QWidget):
    """Bars per day, stacked by series, with a title and a legend."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.days: tuple[date, ...] = ()
        self.series: list[tuple[str, Sequence[int]]] = []
        self.setMinimumHeight(150)

    def set_data(self, days: Sequence[date], series: Sequence[tuple[str, Sequence[int]]]) -> None:
        self.days, self.series = tuple(days), list(series)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(520, 190)

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        pal = self.palette()
        fm = p.fontMetrics()
        p.setPen(pal.text().color())
        p.drawText(4, fm.ascent() + 2, self.title)
        legend_h = fm.height() + 4 if len(self.series) > 1 else 0
        left, top = 30.0, fm.height() + 8.0
        w = self.width() - left - 8
        h = self.height() - top - fm.height() - 6 - legend_h
        if not self.days or h < 20 or w < 20:
            p.drawText(int(left), int(top + fm.height()), "nothing in this scope")
            p.end()
            return
        totals = [sum(v[i] for _, v in self.series) for i in range(len(self.days))]
        peak = max(max(totals, default=0), 1)
        p.setPen(QColor("#999999"))
        p.drawLine(int(left), int(top + h), int(left + w), int(top + h))
        p.setPen(pal.text().color())
        p.drawText(QRectF(0, top - fm.height() / 2, left - 4, fm.height()),
                   Qt.AlignmentFlag.AlignRight, str(peak))  # fmt: skip
        slot = w / len(self.days)
        bar = max(slot * 0.75, 1.0)
        for i in range(len(self.days)):
            base = top + h
            for k, (_, values) in enumerate(self.series):
                if not values[i]:
                    continue
                bh = h * values[i] / peak
                p.fillRect(QRectF(left + i * slot + (slot - bar) / 2, base - bh, bar, bh),
                           QColor(PALETTE[k % len(PALETTE)]))  # fmt: skip
                base -= bh
        step = max(1, len(self.days) // 6)
        for i in range(0, len(self.days), step):
            label = self.days[i].strftime("%m-%d")
            p.drawText(QRectF(left + i * slot - 20, top + h + 2, slot + 40, fm.height()),
                       Qt.AlignmentFlag.AlignHCenter, label)  # fmt: skip
        if legend_h:
            x = left
            y = self.height() - fm.height() - 2
            for k, (name, _) in enumerate(self.series):
                p.fillRect(QRectF(x, y + 3, 10, 10), QColor(PALETTE[k % len(PALETTE)]))
                p.drawText(int(x + 14), int(y + fm.ascent()), name)
                x += 24 + fm.horizontalAdvance(name)
        p.end()


class BarList(QWidget):
    """One labelled horizontal bar per row (e.g. anomalies per rule)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.rows: list[tuple[str, int]] = []
        self.setMinimumHeight(120)

    def set_data(self, rows: Sequence[tuple[str, int]]) -> None:
        self.rows = list(rows)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, 190)

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        pal = self.palette()
        fm = p.fontMetrics()
        p.setPen(pal.text().color())
        p.drawText(4, fm.ascent() + 2, self.title)
        top = fm.height() + 8
        if not self.rows:
            p.drawText(4, top + fm.ascent(), "none in this scope")
            p.end()
            return
        label_w = max(fm.horizontalAdvance(name) for name, _ in self.rows) + 10
        row_h = min(22, max(12, (self.height() - top) // len(self.rows)))
        peak = max(n for _, n in self.rows) or 1
        room = self.width() - label_w - 40
        for i, (name, n) in enumerate(self.rows):
            y = top + i * row_h
            p.setPen(pal.text().color())
            p.drawText(QRectF(4, y, label_w, row_h), Qt.AlignmentFlag.AlignVCenter, name)
            bw = max(room * n / peak, 2)
            p.fillRect(QRectF(label_w, y + 3, bw, row_h - 6), QColor(PALETTE[i % len(PALETTE)]))
            p.drawText(QRectF(label_w + bw + 4, y, 40, row_h), Qt.AlignmentFlag.AlignVCenter,
                       str(n))  # fmt: skip
        p.end()
