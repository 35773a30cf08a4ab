"""The sources a batch asks: every enabled connector, each ticked or not by the collector."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

_ID_ROLE = Qt.ItemDataRole.UserRole


class SourcePicker(QListWidget):
    """A checkable list of ``(connector id, display name)``; ``ticked`` ids start ticked
    (every source when none are named)."""

    def __init__(
        self,
        sources: Sequence[tuple[str, str]],
        ticked: Sequence[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName("Sources")
        for cid, name in sources:
            item = QListWidgetItem(name)
            item.setData(_ID_ROLE, cid)
            item.setToolTip(f"connector id: {cid}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            on = not ticked or cid in ticked
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.addItem(item)
        rows = max(1, min(self.count(), 5))
        self.setMaximumHeight(self.sizeHintForRow(0) * rows + 2 * self.frameWidth() + 4)

    def chosen(self) -> list[str]:
        """The ticked connector ids, in list order."""
        items = (self.item(i) for i in range(self.count()))
        return [str(it.data(_ID_ROLE)) for it in items if it.checkState() == Qt.CheckState.Checked]

    def choose(self, ids: Sequence[str]) -> None:
        """Tick exactly these connectors."""
        for i in range(self.count()):
            item = self.item(i)
            on = item.data(_ID_ROLE) in ids
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
