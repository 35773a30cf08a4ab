"""Drawing a match probability as a bar with its percentage."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ui.research.leads_model import PROBABILITY_ROLE


def bar_colour(p: float) -> QColor:
    """Green for likely, amber for unsure, red for unlikely."""
    if p >= 0.8:
        return QColor("#2e9d4f")
    if p >= 0.5:
        return QColor("#d79b00")
    return QColor("#c0392b")


class ProbabilityDelegate(QStyledItemDelegate):
    """Paints a horizontal bar filled to the probability, with the figure beside it."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        p = index.data(PROBABILITY_ROLE)
        if not isinstance(p, float):
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        text = option.text
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        rect: QRect = option.rect
        metrics = option.fontMetrics
        text_w = metrics.horizontalAdvance("100%") + 6
        bar = QRect(rect.left() + 4, rect.top() + rect.height() // 4, 0, rect.height() // 2)
        bar.setWidth(max(10, rect.width() - text_w - 10))
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(option.palette.color(QPalette.ColorRole.Mid))
        painter.setBrush(option.palette.color(QPalette.ColorRole.Base))
        painter.drawRect(bar.adjusted(0, 0, -1, -1))
        filled = QRect(bar)
        filled.setWidth(max(1, round(bar.width() * max(0.0, min(1.0, p)))))
        painter.fillRect(filled.adjusted(1, 1, -1, -1), bar_colour(p))
        painter.setPen(option.palette.color(QPalette.ColorRole.Text))
        painter.drawText(
            QRect(bar.right() + 6, rect.top(), text_w, rect.height()),
            int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
            text,
        )
        painter.restore()
