"""The reviewer's workflow in the review window: sign-off with its scope in view, anomalies
worked to closure, readable details, the chain verified, the dashboard; on the seeded demo
workspace and on the planted review workspace."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QGuiApplication

from skiptrace.searchlog.events import ANOMALY_RESOLVED, SEARCH_COMPLETED
from skiptrace.store.engine import to_url
from skiptrace.workspace.workspace import Workspace, open_workspace
from tests.helpers.loggen import Planned, bulk_append
from tests.helpers.reviewdata import review_workspace
from tests.ui.conftest import ACTOR
from ui.review.window import ReviewWindow


def _open(qtbot, ws: Workspace) -> ReviewWindow:  # type: ignore[no-untyped-def]
    win = ReviewWindow(ws)
    qtbot.addWidget(win)
    qtbot.waitUntil(lambda: "matching entries" in win.count_label.text())
    win.confirm = lambda scope: pytest.fail(f"asked to confirm a refused sign-off: {scope}")
    return win


def _whole_month(win: ReviewWindow) -> None:
    today = date.today()
    start = today - timedelta(days=31)
    win.filters.use_from.setChecked(True)
    win.filters.date_from.setDate(QDate(start.year, start.month, start.day))
    win.filters.use_to.setChecked(True)
    win.filters.date_to.setDate(QDate(today.year, today.month, today.day))


@pytest.fixture
def demo_window(qtbot, demo_ws: Workspace) -> ReviewWindow:  # type: ignore[no-untyped-def]
    return _open(qtbot, demo_ws)


def test_sign_off_of_a_period_without_dates_is_refused(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    review_workspace(workspace)
    win = _open(qtbot, workspace)
    before = workspace.log.count()
    qtbot.keyClicks(win.note, "Reviewed the month")
    qtbot.mouseClick(win.signoff_period, Qt.MouseButton.LeftButton)  # no dates ticked
    assert "needs both a From and a To date" in win.status.text()
    win.filters.use_from.setChecked(True)  # one end is still not a period
    qtbot.mouseClick(win.signoff_period, Qt.MouseButton.LeftButton)
    assert "needs both a From and a To date" in win.status.text()
    assert workspace.log.count() == before


def test_a_reviewer_may_not_sign_off_their_own_entries(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    review_workspace(workspace)  # tester is a reviewer there
    bulk_append(workspace, [Planned("2026-03-31T10:00:00.000000Z", "tester", event="log.exported",
                                    subject_type="", purposes="", purpose_source="",
                                    justification="")])  # fmt: skip
    own = workspace.log.count()
    win = _open(qtbot, workspace)
    assert win.log_model.seq_at(0) == own and win.log_model.index(0, 2).data() == "tester"
    win.log_view.selectRow(0)
    win.log_view.selectionModel().select(
        win.log_model.index(1, 0), win.log_view.selectionModel().SelectionFlag.Select
        | win.log_view.selectionModel().SelectionFlag.Rows,
    )  # fmt: skip
    qtbot.keyClicks(win.note, "Reviewed the last two entries")
    qtbot.mouseClick(win.signoff_rows, Qt.MouseButton.LeftButton)
    assert "a reviewer may not sign off their own entries" in win.status.text()
    assert workspace.log.count() == own


def test_an_anomaly_resolved_with_a_note_is_logged_and_shows_as_resolved(
    qtbot, demo_window, demo_ws
) -> None:  # type: ignore[no-untyped-def]
    win = demo_window
    _whole_month(win)
    with qtbot.waitSignal(win.anomalies_ready, timeout=20_000):
        qtbot.mouseClick(win.find_button, Qt.MouseButton.LeftButton)
    model = win.anomaly_model
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "open")
    anomaly = model.anomaly_at(row)
    assert anomaly is not None
    win.anomaly_view.selectRow(row)
    before = demo_ws.log.count()
    qtbot.mouseClick(win.anomalies.buttons["resolve"], Qt.MouseButton.LeftButton)
    assert "write a note" in win.status.text() and demo_ws.log.count() == before
    qtbot.keyClicks(win.anomalies.note, "Collector had the debtor's consent on file; fine.")
    qtbot.mouseClick(win.anomalies.buttons["resolve"], Qt.MouseButton.LeftButton)
    assert demo_ws.log.count() == before + 1
    entry = demo_ws.log.get(before + 1)
    assert entry is not None and entry.event == ANOMALY_RESOLVED
    assert entry.details["anomaly_id"] == anomaly.id
    assert entry.details["seqs"] == list(anomaly.seqs)
    assert entry.justification == "Collector had the debtor's consent on file; fine."
    row = model.row_of(anomaly.id)
    assert model.index(row, 0).data() == "resolved"
    assert "resolved" in win.details.plain_text() and "consent on file" in win.details.plain_text()
    win.anomalies.show_combo.setCurrentText("open")
    assert model.row_of(anomaly.id) == -1 and model.rowCount() > 0
    win.anomalies.show_combo.setCurrentText("resolved")
    assert model.row_of(anomaly.id) >= 0
    # opening it lists its entries in the log
    win.open_anomaly(model.index(model.row_of(anomaly.id), 0))
    qtbot.waitUntil(lambda: "entries of anomaly" in win.count_label.text())
    assert win.tabs.currentIndex() == 0
    assert [win.log_model.seq_at(r) for r in range(win.log_model.rowCount())] == sorted(
        anomaly.seqs, reverse=True
    )


def test_the_details_pane_never_shows_a_json_document(qtbot, demo_window) -> None:  # type: ignore[no-untyped-def]
    win = demo_window
    model = win.log_model
    seen: set[str] = set()
    for row in range(min(model.rowCount(), 300)):
        entry = model.entry_at(row)
        assert entry is not None
        if entry.event in seen:
            continue
        seen.add(entry.event)
        win.log_view.selectRow(row)
        text = win.details.plain_text()
        assert text.startswith(f"Entry {entry.seq}: {entry.event}")
        assert '{"' not in text and "{'" not in text and not text.lstrip().startswith("{")
        if entry.event == SEARCH_COMPLETED:
            assert "What each source answered" in text and "phone_info" in text
        with pytest.raises(ValueError):
            json.loads(text)
    assert {"search.started", "search.completed", "lead.disposition", "pii.revealed"} <= seen
    win.details.copy_button.click()  # the raw entry is one click away
    copied = json.loads(QGuiApplication.clipboard().text())
    assert copied["seq"] == model.seq_at(win.log_view.currentIndex().row())


def test_details_are_cleared_when_the_entry_leaves_the_view(qtbot, demo_window) -> None:  # type: ignore[no-untyped-def]
    win = demo_window
    win.log_view.selectRow(0)
    assert win.details.plain_text()
    who = win.log_model.index(0, 2).data()
    other = next(u for u in ("alice", "bruno", "chen", "dana") if u != who)
    win.filters.users.setText(other)
    win.apply_filters()
    qtbot.waitUntil(lambda: "matching" in win.count_label.text())
    assert win.details.plain_text() == ""


def test_verify_reports_intact_and_a_tampered_copys_first_bad_entry(
    qtbot, demo_window, demo_ws, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(demo_window.verified, timeout=20_000) as got:
        qtbot.mouseClick(demo_window.verify_button, Qt.MouseButton.LeftButton)
    assert got.args[0].ok
    n = demo_ws.log.count()
    assert demo_window.status.text().startswith(f"chain intact: {n} entries, head ")
    assert demo_window.verify_button.isEnabled() and demo_window.verify_progress.isHidden()

    copy = tmp_path / "tampered.sqlite"
    demo_ws.engine.dispose()
    shutil.copy(demo_ws.path, copy)  # type: ignore[arg-type]
    con = sqlite3.connect(copy)
    con.execute("DROP TRIGGER audit_log_no_update")
    con.execute("UPDATE audit_log SET justification = justification || '!' WHERE seq = 40")
    con.commit()
    con.close()
    tampered = open_workspace(to_url(str(copy)), actor=ACTOR)
    try:
        win = _open(qtbot, tampered)
        with qtbot.waitSignal(win.verified, timeout=20_000) as got:
            qtbot.mouseClick(win.verify_button, Qt.MouseButton.LeftButton)
        assert not got.args[0].ok and got.args[0].first_bad == 40
        assert win.status.text().startswith("chain broken at entry 40: entry 40 was altered")
    finally:
        tampered.close()


def test_signed_off_entries_are_marked_and_filterable(qtbot, demo_window, demo_ws) -> None:  # type: ignore[no-untyped-def]
    win = demo_window
    signoffs = win.review.signoffs()
    assert signoffs  # the demo's reviewer signed off the first week
    win.filters.signed.setCurrentIndex(win.filters.signed.findText("signed off"))
    win.apply_filters()
    qtbot.waitUntil(lambda: "matching" in win.count_label.text())
    assert int(win.count_label.text().split()[0]) == sum(s.count for s in signoffs)
    column = win.log_model.SIGNED_COLUMN
    assert {win.log_model.index(r, column).data() for r in range(win.log_model.rowCount())} == {
        "\u2713 signed off"
    }
    win.filters.signed.setCurrentIndex(win.filters.signed.findText("not signed off"))
    win.apply_filters()
    qtbot.waitUntil(lambda: "matching" in win.count_label.text())
    assert "\u2713 signed off" not in {
        win.log_model.index(r, column).data() for r in range(win.log_model.rowCount())
    }


def test_the_dashboard_charts_the_month(qtbot, demo_window) -> None:  # type: ignore[no-untyped-def]
    win = demo_window
    _whole_month(win)
    with qtbot.waitSignal(win.anomalies_ready, timeout=20_000):
        win.find_anomalies()
    qtbot.waitUntil(lambda: win.dashboard.figures is not None and bool(
        win.dashboard.figures.anomalies_by_rule))  # fmt: skip
    fig = win.dashboard.figures
    assert fig is not None
    assert [name for name, _ in fig.searches] == ["alice", "bruno", "chen", "dana"]
    assert all(sum(per_day) > 50 for _, per_day in fig.searches)
    assert len(fig.anomalies_by_rule) >= 5 and sum(fig.reveals) > 0
    assert win.dashboard.searches.series == list(fig.searches)
    win.tabs.setCurrentIndex(2)
    assert win.dashboard.rules.grab().width() > 0
