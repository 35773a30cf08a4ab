"""Building menu actions with shortcuts in one line each."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu


def action(
    parent: QObject,
    text: str,
    slot: Callable[[], object] | None = None,
    shortcut: str | QKeySequence.StandardKey | None = None,
    tip: str = "",
    menu: QMenu | None = None,
) -> QAction:
    """A QAction with its shortcut and tooltip, added to ``menu`` when given."""
    act = QAction(text, parent)
    if shortcut is not None:
        act.setShortcut(QKeySequence(shortcut))
        act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    if tip:
        act.setToolTip(tip)
        act.setStatusTip(tip)
    if slot is not None:
        act.triggered.connect(lambda _checked=False: slot())
    if menu is not None:
        menu.addAction(act)
    return act


def shortcut_table(menus: list[QMenu]) -> list[tuple[str, str, str]]:
    """(menu, action, shortcut) for every action with a shortcut: the shortcuts help page."""
    rows = []
    for menu in menus:
        for act in menu.actions():
            keys = ", ".join(
                k.toString(QKeySequence.SequenceFormat.NativeText) for k in act.shortcuts()
            )
            if keys and not act.isSeparator():
                rows.append((menu.title().replace("&", ""), act.text().replace("&", ""), keys))
    return rows
