"""The portfolio as a collector uses it: filter, status counts, sort, open an account."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from skiptrace.store.accounts import account_ids
from skiptrace.workspace.workspace import Workspace
from tests.helpers.workspaces import new_workspace


def shown_ids(window) -> list[str]:
    model = window.portfolio.model
    return [model.account_id(r) for r in range(model.rowCount())]


def test_demo_workspace_lists_every_account(make_window, demo_ws: Workspace):
    window = make_window()
    with demo_ws.engine.connect() as conn:
        expected = account_ids(conn)
    assert shown_ids(window) == expected
    assert window.portfolio.count_label.text() == f"{len(expected)} accounts"
    assert window.portfolio.model.data(window.portfolio.model.index(0, 0)) == expected[0]


def test_filter_as_you_type_by_name_phone_and_zip(make_window, qtbot):
    window = make_window()
    panel = window.portfolio
    qtbot.keyClicks(panel.filter_edit, "sanchez")
    qtbot.waitUntil(lambda: panel.model.rowCount() < 300)
    names = [panel.model.data(panel.model.index(r, 1)) for r in range(panel.model.rowCount())]
    assert names and all("sanchez" in n.lower() for n in names)
    assert panel.count_label.text().endswith("of 300 accounts")

    panel.filter_edit.clear()
    qtbot.keyClicks(panel.filter_edit, "(615) 807-9264")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    assert panel.model.account_id(0) == "DEMO-10001"

    panel.filter_edit.clear()
    qtbot.keyClicks(panel.filter_edit, "zzzz-nobody")
    qtbot.waitUntil(lambda: panel.stack.currentWidget() is panel.no_match)
    qtbot.keyClick(panel.filter_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 300)


def test_status_filter_shows_counts(make_window, qtbot):
    window = make_window()
    combo = window.portfolio.status_combo
    texts = [combo.itemText(i) for i in range(combo.count())]
    assert texts[0] == "All statuses (300)"
    closed = combo.findData("closed")
    n = int(combo.itemText(closed).split("(")[1].rstrip(")"))
    combo.setCurrentIndex(closed)
    combo.activated.emit(closed)
    qtbot.waitUntil(lambda: window.portfolio.model.rowCount() == n)
    statuses = {window.portfolio.model.summary(r).status for r in range(n)}
    assert statuses == {"closed"}


def test_header_click_sorts_by_name(make_window, qtbot):
    window = make_window()
    table = window.portfolio.table
    table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: window.portfolio.model.account_id(0) != "DEMO-10001")
    lasts = [window.portfolio.model.summary(r).name.split()[-1] for r in range(20)]
    assert lasts == sorted(lasts)


def test_enter_opens_the_account(make_window, qtbot):
    window = make_window()
    window.portfolio.select_account("DEMO-10002")
    window.portfolio.table.setFocus()
    qtbot.keyClick(window.portfolio.table, Qt.Key.Key_Return)
    assert window.tabs.currentIndex() == 1
    assert window.account.debtor is not None
    assert window.account.debtor.account_id == "DEMO-10002"
    assert window.controller.debtor.account_id == "DEMO-10002"


def test_empty_workspace_says_what_to_do(make_window, tmp_path: Path):
    ws = new_workspace(tmp_path / "empty.sqlite")
    window = make_window(workspace=ws)
    assert window.portfolio.stack.currentWidget() is window.portfolio.empty
    assert "Import" in window.portfolio.empty.text.text()
    window.close()
    ws.close()
