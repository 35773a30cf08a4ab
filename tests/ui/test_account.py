"""The account pane: masked PII, a reveal that is logged, and earlier searches."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer

from skiptrace.portfolio.reveal import REVEAL_REASONS, PiiField, RevealRefused, reveal_pii
from skiptrace.searchlog.events import ACCOUNT_NOTE, PII_REVEALED
from skiptrace.workspace.workspace import Workspace
from ui.account.reveal_dialog import OTHER, RevealReasonDialog

REASON = REVEAL_REASONS[0]


def answer_reveal(window, action):
    """Run ``action`` on the reveal-reason dialog as soon as it opens."""

    def handle():
        shown = [d for d in window.account.findChildren(RevealReasonDialog) if d.isVisible()]
        if not shown:
            QTimer.singleShot(10, handle)
            return
        action(shown[0])

    QTimer.singleShot(0, handle)


def pick_first(dialog: RevealReasonDialog) -> None:
    dialog.choice.setCurrentIndex(0)
    dialog.ok_button.click()


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

    answer_reveal(window, pick_first)
    with qtbot.waitSignal(pane.revealed, timeout=5000):
        qtbot.mouseClick(pane.ssn.button, qtbot_button())
    assert pane.ssn.value.text() == "549-13-5992"
    entries = list(demo_ws.log.entries(before + 1))
    assert [e.event for e in entries] == [PII_REVEALED]
    assert entries[0].account_id == "DEMO-10001"
    assert entries[0].details["field"] == "ssn"
    assert entries[0].details["reason"] == REASON
    assert "549135992" not in entries[0].details_json and "5491" not in entries[0].details_json
    assert "revealed" in window.statusBar().currentMessage()

    qtbot.mouseClick(pane.ssn.button, qtbot_button())  # Hide
    assert pane.ssn.value.text() == masked
    assert demo_ws.log.count() == before + 1  # hiding is not a reveal


def test_reveal_shortcut_reveals_dob(make_window, qtbot, demo_ws):
    window = make_window()
    window.open_account("DEMO-10001")
    answer_reveal(window, pick_first)
    with qtbot.waitSignal(window.account.revealed, timeout=5000):
        window.reveal(PiiField.DOB)
    assert window.account.dob.value.text() == "1991-01-03"
    assert events(demo_ws)[-1] == PII_REVEALED


def test_switching_accounts_masks_again(make_window, qtbot):
    window = make_window()
    window.open_account("DEMO-10001")
    answer_reveal(window, pick_first)
    with qtbot.waitSignal(window.account.revealed, timeout=5000):
        window.reveal(PiiField.SSN)
    window.open_account("DEMO-10002")
    assert window.account.ssn.value.text().startswith("***-**-")
    assert not window.account.ssn.revealed


def test_core_reveal_logs_before_it_shows(demo_ws):
    revealed = reveal_pii(demo_ws, "DEMO-10001", PiiField.SSN, REASON)
    assert revealed.value == "549-13-5992"
    assert demo_ws.log.get(revealed.log_seq).event == PII_REVEALED
    assert "549" not in repr(revealed)


def qtbot_button():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_reveal_asks_a_reason_first_and_cancel_reveals_nothing(make_window, qtbot, demo_ws):
    window = make_window()
    window.open_account("DEMO-10001")
    pane = window.account
    before = demo_ws.log.count()
    seen = {}

    def try_without_reason(d: RevealReasonDialog):
        seen["preselected"] = d.choice.currentIndex()
        d.ok_button.click()  # nothing chosen: refused
        seen["none_chosen"] = d.error.isVisible()
        d.choice.setCurrentText(OTHER)
        d.written.setText("ok")
        d.ok_button.click()  # too short: refused in the dialog, nothing decrypted
        seen["error"] = d.error.text()
        seen["masked"] = pane.ssn.value.text()
        seen["logged"] = demo_ws.log.count()
        d.reject()

    answer_reveal(window, try_without_reason)
    qtbot.mouseClick(pane.ssn.button, qtbot_button())
    assert seen["preselected"] == -1 and seen["none_chosen"]
    assert "Choose a reason, or write one" in seen["error"]
    assert seen["masked"] == "***-**-5992" and seen["logged"] == before
    assert pane.ssn.value.text() == "***-**-5992" and pane.ssn.button.isEnabled()
    assert demo_ws.log.count() == before

    written = "Consumer disputes identity on the phone; comparing to the ID they sent"

    def write_reason(d: RevealReasonDialog):
        d.choice.setCurrentText(OTHER)
        d.written.setText(written)
        d.ok_button.click()

    answer_reveal(window, write_reason)
    with qtbot.waitSignal(pane.revealed, timeout=5000):
        qtbot.mouseClick(pane.ssn.button, qtbot_button())
    entry = next(iter(demo_ws.log.entries(before + 1)))
    assert entry.event == PII_REVEALED and entry.details["reason"] == written


def test_core_refuses_a_reveal_without_a_reason_and_logs_nothing(demo_ws):
    before = demo_ws.log.count()
    with pytest.raises(RevealRefused, match="say why"):
        reveal_pii(demo_ws, "DEMO-10001", PiiField.SSN, "  ")
    assert demo_ws.log.count() == before


def test_note_in_the_account_pane_is_logged_and_shown_in_the_timeline(make_window, qtbot, demo_ws):
    window = make_window()
    window.open_account("DEMO-10001")
    pane = window.account
    pane.history_tabs.setCurrentIndex(2)
    assert "Nothing logged" in pane.timeline.topLevelItem(0).text(0)
    qtbot.keyClicks(pane.note_edit, "Called employer, left message with HR")
    with qtbot.waitSignal(pane.note_added, timeout=5000):
        qtbot.mouseClick(pane.note_button, qtbot_button())
    assert pane.note_edit.text() == ""
    top = pane.timeline.topLevelItem(0)
    assert top.text(1) == "tester"
    assert " ".join(top.text(2).split()) == "Note: Called employer, left message with HR"
    last = list(demo_ws.log.entries())[-1]
    assert last.event == ACCOUNT_NOTE and last.account_id == "DEMO-10001"
