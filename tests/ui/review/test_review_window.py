"""The review window, driven as a reviewer would: filter, read, find anomalies, sign off, export."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QPushButton

from skiptrace.gate.roles import RoleRefused
from skiptrace.review.log_review import LogReview
from tests.helpers.reviewdata import END, START, review_workspace
from ui.review.models import AnomalyTableModel, LogTableModel, cell_value
from ui.review.window import ReviewWindow


@pytest.fixture
def review_ws(workspace):  # type: ignore[no-untyped-def]
    review_workspace(workspace)
    return workspace


@pytest.fixture
def window(qtbot, review_ws):  # type: ignore[no-untyped-def]
    win = ReviewWindow(review_ws)
    qtbot.addWidget(win)
    # not shown: the offscreen platform warns about size hints, and nothing here needs it
    qtbot.waitUntil(lambda: "matching entries" in win.count_label.text())
    return win


def _set_range(win: ReviewWindow) -> None:
    win.filters.use_from.setChecked(True)
    win.filters.date_from.setDate(QDate(START.year, START.month, START.day))
    win.filters.use_to.setChecked(True)
    win.filters.date_to.setDate(QDate(END.year, END.month, END.day))


def test_collectors_cannot_open_it(qtbot, review_ws) -> None:  # type: ignore[no-untyped-def]
    review_ws.actor = review_ws.actor.__class__("alice", "host", "0.1.0")
    with pytest.raises(RoleRefused, match="may not open the review window"):
        ReviewWindow(review_ws)


def test_it_offers_no_search(window) -> None:  # type: ignore[no-untyped-def]
    labels = [b.text().replace("&", "").lower() for b in window.findChildren(QPushButton)]
    assert labels and not any("search" in label for label in labels)


def test_filter_flows_into_the_table_and_details(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    model = window.log_model
    total = int(window.count_label.text().split()[0])
    assert model.rowCount() == min(total, LogTableModel.CHUNK)
    qtbot.keyClicks(window.filters.users, "bob")
    qtbot.keyClick(window.filters.users, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "matching" in window.count_label.text())
    assert 0 < model.rowCount() < total
    assert {model.index(r, 2).data() for r in range(model.rowCount())} == {"bob"}
    window.log_view.selectRow(0)
    text = window.details.plain_text()
    assert text.startswith(f"Entry {model.seq_at(0)}") and "Not yet signed off." in text


def test_find_anomalies(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    _set_range(window)
    with qtbot.waitSignal(window.anomalies_ready, timeout=10_000) as got:
        qtbot.mouseClick(window.find_button, Qt.MouseButton.LeftButton)
    assert got.args[0] == window.anomaly_model.rowCount() > 0
    column = AnomalyTableModel.REASON_COLUMN
    reasons = [window.anomaly_model.index(r, column).data() for r in range(got.args[0])]
    assert any("not in the portfolio" in r for r in reasons)
    window.anomaly_view.selectRow(0)
    assert "Entries" in window.details.plain_text()


def test_sign_off_selected_rows(qtbot, window, review_ws) -> None:  # type: ignore[no-untyped-def]
    before = review_ws.log.count()
    old = review_ws.log.get(before)
    window.log_view.selectRow(1)
    seq = window.log_model.seq_at(1)
    qtbot.mouseClick(window.signoff_rows, Qt.MouseButton.LeftButton)
    assert "needs a note" in window.status.text() and review_ws.log.count() == before
    qtbot.keyClicks(window.note, "Spot check of bob's week")
    asked = []
    window.confirm = lambda scope: (asked.append(scope.confirmation()), (True, ""))[1]
    qtbot.mouseClick(window.signoff_rows, Qt.MouseButton.LeftButton)
    assert asked and asked[0].startswith(f"Sign off 1 entries ({seq} to {seq}) by ")
    assert "signed off 1 entries" in window.status.text()
    assert review_ws.log.count() == before + 1 and review_ws.log.get(before) == old
    qtbot.waitUntil(lambda: window.log_model.rowCount() > 0)
    row = next(r for r in range(window.log_model.rowCount()) if window.log_model.seq_at(r) == seq)
    window.log_view.selectRow(row)
    assert "Spot check of bob's week" in window.details.plain_text()


def test_export_csv_of_the_filtered_set(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    purpose = window.filters.purpose
    purpose.setCurrentIndex(purpose.findData("dppa-2721b4"))
    assert purpose.currentText().startswith("dppa-2721b4: Court proceedings")  # named, not bare
    window.apply_filters()
    out = tmp_path / "b4.csv"
    with qtbot.waitSignal(window.exported, timeout=10_000):
        window.export_to(out, "csv")
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 2 and {r["purposes"] for r in rows} == {"dppa-2721b4"}


def test_model_fetches_more_as_the_view_scrolls(qtbot, review_ws) -> None:  # type: ignore[no-untyped-def]
    model = LogTableModel(LogReview(review_ws))
    model.CHUNK, model.PAGE = 100, 30
    model.reload()
    assert model.rowCount() == 100 and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 200
    seqs = [model.seq_at(r) for r in range(200)]
    assert seqs == sorted(seqs, reverse=True)
    assert model.index(150, 0).data() == seqs[150]


def test_columns_fit_their_values_and_details_follow_the_tab(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    view, model = window.log_view, window.log_model
    metrics = view.fontMetrics()
    for col in (1, 3):  # time and event were cut short ("2026-11-22 ...", "search.compl...")
        longest = max(metrics.horizontalAdvance(str(model.index(r, col).data())) for r in
                      range(min(model.rowCount(), 200)))  # fmt: skip
        assert view.columnWidth(col) >= longest
    long = "Letters returned undeliverable from the last known address; need a current one & more."
    tip = cell_value(long, Qt.ItemDataRole.ToolTipRole)
    assert tip == f"<p>{long.replace('&', '&amp;')}</p>"  # rich text: Qt wraps it, in full
    assert cell_value(long, Qt.ItemDataRole.DisplayRole) == long
    window.log_view.selectRow(0)
    assert window.details.plain_text().startswith("Entry ")
    window.tabs.setCurrentIndex(1)  # no anomalies run yet: no log entry under that tab
    assert window.details.plain_text() == ""
    window.tabs.setCurrentIndex(0)
    assert window.details.plain_text().startswith("Entry ")


def test_the_outcome_filter_offers_every_outcome_a_search_records(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from skiptrace.sources.model import Status

    combo = window.filters.outcome
    offered = [combo.itemText(i) for i in range(combo.count())]
    assert offered == ["", *(s.value for s in Status)]  # "unavailable" was missing
    combo.setCurrentText("unavailable")
    assert window.filters.current().outcome == "unavailable"
