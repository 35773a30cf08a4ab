"""The main window's menus: every action, with its shortcut and a status tip."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu

from skiptrace.portfolio.reveal import PiiField
from ui.actions import action

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def build_menus(w: MainWindow) -> list[QMenu]:
    """File, View, Account, Lead, Tools and Help, wired to the window's slots."""
    bar = w.menuBar()
    f = bar.addMenu("&File")
    action(
        w,
        "&Open Workspace…",
        lambda: w.open_workspace_requested.emit(""),
        QKeySequence.StandardKey.Open,
        "Open another workspace file",
        f,
    )
    action(
        w,
        "Open &Demo Workspace",
        w.open_demo_requested.emit,
        None,
        "Open the demo workspace: synthetic accounts and the offline demo source",
        f,
    )
    f.addSeparator()
    w.import_action = action(
        w,
        "&Import Portfolio…",
        w.import_portfolio,
        "Ctrl+I",
        "Import accounts from a CSV or XLSX file",
        f,
    )
    f.addSeparator()
    action(
        w,
        "&Settings…",
        w.settings_requested.emit,
        "Ctrl+,",
        "Identity, workspace, connectors and credentials",
        f,
    )
    f.addSeparator()
    action(w, "&Quit", w.close, "Ctrl+Q", "Quit skiptrace", f)

    v = bar.addMenu("&View")
    action(w, "&Portfolio", lambda: w.tabs.setCurrentIndex(0), "Ctrl+1", "", v)
    action(w, "&Account", lambda: w.tabs.setCurrentIndex(1), "Ctrl+2", "", v)
    action(
        w,
        "&Filter Accounts",
        w.focus_filter,
        QKeySequence.StandardKey.Find,
        "Type to filter by name, account, phone, ZIP or status",
        v,
    )
    action(w, "&Refresh", w.refresh, QKeySequence.StandardKey.Refresh, "", v)

    a = bar.addMenu("&Account")
    action(
        w,
        "&Open Selected Account",
        w.open_selected,
        "Ctrl+Return",
        "Open the account selected in the portfolio",
        a,
    )
    w.search_action = action(
        w,
        "&Search…",
        w.search,
        "Ctrl+R",
        "State a purpose and search the data sources",
        a,
    )
    w.cancel_action = action(
        w,
        "&Cancel Search",
        w.controller.cancel,
        "Ctrl+.",
        "Stop waiting for the sources still running",
        a,
    )
    # Esc cancels too, but only while a search runs: otherwise it clears the filter
    w.cancel_action.setShortcuts([QKeySequence("Ctrl+."), QKeySequence("Esc")])
    w.cancel_action.setEnabled(False)
    w.contact_action = action(
        w,
        "C&ontact…",
        w.open_contact,
        "Ctrl+K",
        "May this account's phones be called now? Record a call; the location-call script",
        a,
    )
    a.addSeparator()
    action(
        w,
        "Reveal &SSN",
        lambda: w.reveal(PiiField.SSN),
        "Ctrl+Shift+S",
        "Show the full SSN (recorded in the search log)",
        a,
    )
    action(
        w,
        "Reveal &Date of Birth",
        lambda: w.reveal(PiiField.DOB),
        "Ctrl+Shift+B",
        "Show the full date of birth (recorded in the search log)",
        a,
    )

    lead = bar.addMenu("&Lead")  # the dispositions that fit the selected lead are shown
    for act in w.research.actions_by_kind.values():
        lead.addAction(act)
    lead.addAction(w.research.undo_action)
    lead.addSeparator()
    lead.addAction(w.research.copy_action)
    lead.addAction(w.research.why_action)

    tools = bar.addMenu("&Tools")
    w.review_action = action(
        w,
        "&Compliance Review…",
        w.open_review,
        "Ctrl+Shift+L",
        "Review the search log",
        tools,
    )
    w.batch_action = action(
        w,
        "&Batch Skip Trace…",
        w.open_batch,
        "Ctrl+Shift+T",
        "Search every account of the portfolio's filter under one purpose",
        tools,
    )
    tools.setToolTipsVisible(True)

    h = bar.addMenu("&Help")
    action(
        w,
        "&Keyboard Shortcuts",
        w.show_shortcuts,
        QKeySequence.StandardKey.HelpContents,
        "",
        h,
    )
    action(w, "&About skiptrace", w.about, None, "", h)
    return [f, v, a, lead, tools, h]
