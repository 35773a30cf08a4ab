"""The batch window: start over the portfolio's filter, progress, pause, resume, cancel,
and the report with its chart, as a collector uses them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from connectors.demo import DemoRecords
from skiptrace.batch.desk import BatchDesk
from skiptrace.batch.selection import Selection
from skiptrace.demo.workspace import create_demo
from skiptrace.sources.registry import ConnectorRegistry
from tests.helpers.fake_connectors import steady_connector
from tests.helpers.workspaces import ACTOR
from ui.batch.window import BatchWindow

WHY = "New placement from Valley Medical: mail returned, need current phones and addresses"
STEADY = steady_connector("steady", delay=0.03)


@pytest.fixture
def window(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    ws, _ = create_demo(tmp_path / "demo.sqlite", ACTOR)
    desk = BatchDesk(ws, ConnectorRegistry.of(DemoRecords, STEADY))
    w = BatchWindow(desk, Selection(query="demo-10"), "the filter demo-10", ["demo", "steady"])
    qtbot.addWidget(w)
    w.show()
    yield w
    if w.control is not None:
        w.control.cancel()
        qtbot.waitUntil(lambda: w.control is None, timeout=30_000)
    ws.close()


def test_pause_resume_and_the_report_with_its_chart(qtbot, window: BatchWindow):  # type: ignore[no-untyped-def]
    window.justification.setText(WHY)
    qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
    assert not window.start_button.isEnabled() and window.pause_button.isEnabled()
    qtbot.waitUntil(lambda: window.bar.value() >= 10, timeout=30_000)
    assert "left" in window.status.text() and "accounts/s" in window.status.text()
    assert "time left" in window.status.text() and "demo" in window.status.text()
    with qtbot.waitSignal(window.state_changed, timeout=30_000) as paused:
        qtbot.mouseClick(window.pause_button, Qt.MouseButton.LeftButton)
    assert paused.args == ["paused"]
    assert window.resume_button.isEnabled() and not window.pause_button.isEnabled()
    assert window.bar.value() < window.bar.maximum()

    states: list[str] = []
    window.state_changed.connect(states.append)
    qtbot.mouseClick(window.resume_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: states[-1:] == ["done"], timeout=60_000)
    assert states == ["running", "done"]
    assert window.bar.value() == window.bar.maximum() == 248
    rows = {window.table.item(r, 0).text(): r for r in range(window.table.rowCount())}
    assert set(rows) == {"demo", "steady", "all sources"}
    accounts = window.table.item(rows["all sources"], 1).text()
    assert accounts == "248"
    names = [name for name, _values in window.chart.groups]
    assert names == ["demo", "steady", "all sources"]
    assert window.chart.groups[0][1]["new_phone"] > 0
    assert "suppressed" in window.summary.text()
    assert not window.cancel_button.isEnabled() and not window.resume_button.isEnabled()


def test_a_refused_purpose_queues_nothing_and_cancel_ends_the_batch(qtbot, window: BatchWindow):  # type: ignore[no-untyped-def]
    window.justification.setText("because")
    qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
    assert window.batch is None and window.start_button.isEnabled()
    assert "justification" in window.status.text()

    window.justification.setText(WHY)
    qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.bar.value() >= 5, timeout=30_000)
    with qtbot.waitSignal(window.state_changed, timeout=30_000) as ended:
        qtbot.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)
    assert ended.args == ["cancelled"]
    assert window.bar.value() < 248
    assert not window.resume_button.isEnabled() and not window.cancel_button.isEnabled()
    assert window.table.rowCount() == 3


def test_the_collector_chooses_the_sources(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    ws, _ = create_demo(tmp_path / "demo.sqlite", ACTOR)
    desk = BatchDesk(ws, ConnectorRegistry.of(DemoRecords, STEADY))
    w = BatchWindow(desk, Selection(query="demo-10"), "the filter demo-10")
    qtbot.addWidget(w)
    # every enabled source is offered, ticked, under the name a collector reads
    assert [w.sources.item(i).text() for i in range(w.sources.count())] == [
        "Demo public records (synthetic, offline)",
        "Steady (steady)",
    ]
    assert w.sources.chosen() == ["demo", "steady"]
    w.justification.setText(WHY)
    w.sources.choose([])
    qtbot.mouseClick(w.start_button, Qt.MouseButton.LeftButton)
    assert w.batch is None and "at least one source" in w.status.text()

    w.sources.item(1).setCheckState(Qt.CheckState.Checked)  # steady only
    states: list[str] = []
    w.state_changed.connect(states.append)
    qtbot.mouseClick(w.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: states[-1:] == ["done"], timeout=60_000)
    rows = {w.table.item(r, 0).text() for r in range(w.table.rowCount())}
    assert rows == {"steady", "all sources"}
    ws.close()
