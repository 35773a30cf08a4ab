"""The account pane: masked PII, a reveal that is logged, and earlier searches."""

from __future__ import annotations

from skiptrace.portfolio.reveal import PiiField, reveal_pii
from skiptrace.searchlog.events import PII_REVEALED
from skiptrace.workspace.workspace import Workspace


def events(ws: Workspace) -> list[str]:
    return [e.event for e in ws.log.entries()]


def test_ssn_is_masked_until_revealed_and_the_reveal_is_logged(make_window, qtbot, demo_ws):
    window = make_window()
    window.open_account("DEMO-10001")
    pane = window.account
    masked = pane.ssn.value.text()
    assert masked == "***-**-5992"
    assert pane.dob.value.text() == "**/**/1991"
    before = demo_ws.log.count()

    with qtbot.waitSignal(pane.revealed, timeout=5000):
        qtbot.mouseClick(pane.ssn.button, qtbot_button())
    assert pane.ssn.value.text() == "549-13-5992"
    entries = list(demo_ws.log.entries(before + 1))
    assert [e.event for e in entries] == [PII_REVEALED]
    assert entries[0].account_id == "DEMO-10001"
    assert entries[0].details["field"] == "ssn"
    assert "549135992" not in entries[0].details_json and "5491" not in entries[0].details_json
    assert "revealed" in window.statusBar().currentMessage()

    qtbot.mouseClick(pane.ssn.button, qtbot_button())  # Hide
    assert pane.ssn.value.text() == masked
    assert demo_ws.log.count() == before + 1  # hiding is not a reveal


def test_reveal_shortcut_reveals_dob(make_window, qtbot, demo_ws):
    window = make_window()
    window.open_account("DEMO-10001")
    with qtbot.waitSignal(window.account.revealed, timeout=5000):
        window.reveal(PiiField.DOB)
    assert window.account.dob.value.text() == "1991-01-03"
    assert events(demo_ws)[-1] == PII_REVEALED


def test_switching_accounts_masks_again(make_window, qtbot):
    window = make_window()
    window.open_account("DEMO-10001")
    with qtbot.waitSignal(window.account.revealed, timeout=5000):
        window.reveal(PiiField.SSN)
    window.open_account("DEMO-10002")
    assert window.account.ssn.value.text().startswith("***-**-")
    assert not window.account.ssn.revealed


def test_core_reveal_logs_before_it_shows(demo_ws):
    revealed = reveal_pii(demo_ws, "DEMO-10001", PiiField.SSN)
    assert revealed.value == "549-13-5992"
    assert demo_ws.log.get(revealed.log_seq).event == PII_REVEALED
    assert "549" not in repr(revealed)


def qtbot_button():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
