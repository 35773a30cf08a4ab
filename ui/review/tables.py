"""The review window's tables: whole-row selection, columns sized from samples."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView


def review_table(model: QAbstractItemModel) -> QTableView:
    """A read-only table of whole rows, as the review window shows its models."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(22)
    view.horizontalHeader().setStretchLastSection(True)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    return view


def fit_columns(view: QTableView, samples: tuple[str, ...], stretch: int) -> None:
    """Columns as wide as their longest likely value (measured on a sample, never by
    reading a million rows), the ``stretch`` column taking the rest; all resizable."""
    header = view.horizontalHeader()
    metrics = view.fontMetrics()
    head_metrics = header.fontMetrics()
    model = view.model()
    for column, sample in enumerate(samples):
        if column == stretch:
            continue
        title = str(model.headerData(column, Qt.Orientation.Horizontal))
        # room for the cell margins and the header's sort arrow
        width = max(metrics.horizontalAdvance(sample) + 16,
                    head_metrics.horizontalAdvance(title) + 28)  # fmt: skip
        header.resizeSection(column, width)
    header.setStretchLastSection(stretch == len(samples) - 1)
    if stretch != len(samples) - 1:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
