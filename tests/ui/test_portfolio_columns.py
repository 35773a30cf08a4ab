"""Portfolio columns a skip tracer scans (skip status, last searched, last worked) and
the keyboard path from the filter into the table."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt

from skiptrace.gate.request import SearchRequest
from skiptrace.model import DispositionKind, SubjectType
from ui.main_window import MainWindow
from ui.portfolio.model import COLUMNS

ACCOUNT = "DEMO-10029"  # the demo source has records of this debtor
JUSTIFICATION = "Letters returned undeliverable from the last known address; need a current one."

HEADERS = [c.title for c in COLUMNS]


def row_text(panel, account_id: str) -> dict[str, str]:
    row = panel.model.row_of(account_id)
    return {h: panel.model.data(panel.model.index(row, c)) for c, h in enumerate(HEADERS)}


def test_skip_status_last_searched_and_last_worked(qtbot, demo_ws, qsettings):
    # the app's own search path (the demo source, leads stored), as a collector runs it
    window = MainWindow(demo_ws, settings=qsettings)
    qtbot.addWidget(window)
    window.show()
    panel = window.portfolio
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0)
    assert row_text(panel, ACCOUNT)["Skip Status"] == "never searched"
    assert row_text(panel, ACCOUNT)["Last Search"] == ""
    window.open_account(ACCOUNT)
    debtor = window.controller.debtor
    request = SearchRequest(
        debtor=debtor,
        purpose_codes=("fcra-604a3a",),
        justification=JUSTIFICATION,
        subject=SubjectType.DEBTOR,
        connector_ids=tuple(r.id for r in window.controller.backend.connectors()),
    )
    with qtbot.waitSignal(window.controller.search_finished, timeout=20000):
        window.controller.start(request)
    qtbot.waitUntil(lambda: not window.controller.ranking, timeout=20000)
    today = datetime.now(UTC).date().isoformat()
    panel.reload()
    qtbot.waitUntil(lambda: row_text(panel, ACCOUNT)["Skip Status"] == "leads found")
    shown = row_text(panel, ACCOUNT)
    assert (shown["Last Search"], shown["Last Worked"]) == (today, "")
    lead = window.controller.leads[0]
    with qtbot.waitSignal(window.controller.disposition_recorded, timeout=5000):
        window.controller.mark(lead, DispositionKind.VERIFIED)
    panel.reload()
    qtbot.waitUntil(lambda: row_text(panel, ACCOUNT)["Skip Status"] == "verified")
    assert row_text(panel, ACCOUNT)["Last Worked"] == today
    assert row_text(panel, "DEMO-10002")["Skip Status"] == "never searched"
    # sorted by skip status, descending: the verified account comes first
    with qtbot.waitSignal(panel.loaded, timeout=5000):
        panel.table.sortByColumn(HEADERS.index("Skip Status"), Qt.SortOrder.DescendingOrder)
    assert panel.model.account_id(0) == ACCOUNT
    window.controller.cancel()
    window.tasks.wait()


def test_enter_or_down_in_the_filter_moves_to_the_first_row(make_window, qtbot):
    window = make_window()
    panel = window.portfolio
    panel.focus_filter()
    qtbot.keyClicks(panel.filter_edit, "sanchez")
    qtbot.keyClick(panel.filter_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.table.hasFocus())
    first = panel.model.account_id(0)
    names = panel.model.data(panel.model.index(0, 1))
    assert "sanchez" in names.lower()
    assert panel.table.currentIndex().row() == 0
    assert window.portfolio.model.account_id(panel.table.currentIndex().row()) == first
    panel.focus_filter()
    qtbot.keyClick(panel.filter_edit, Qt.Key.Key_Down)
    assert panel.table.hasFocus() and panel.table.currentIndex().row() == 0


def test_the_demo_workspace_is_marked_as_demo(make_window, tmp_path):
    from skiptrace.demo.workspace import create_demo
    from skiptrace.model import Workstation
    from tests.helpers.workspaces import new_workspace

    demo, _ = create_demo(tmp_path / "demo" / "demo.sqlite", Workstation("t", "h", "0"))
    window = make_window(workspace=demo)
    assert window.windowTitle() == "demo.sqlite (demo workspace)"
    assert window.demo_banner.isVisible()
    assert "synthetic" in window.demo_banner.text()
    real = new_workspace(tmp_path / "collections.sqlite")
    other = make_window(workspace=real)
    assert other.windowTitle() == "collections.sqlite"  # Qt adds " — skiptrace" once
    assert not other.demo_banner.isVisible()
    real.close()
    demo.close()
