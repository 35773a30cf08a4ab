"""The contact window: local time and callable now per phone, recording a call (a reason
against a "not allowed"), the third-party script and the once-only rule, as a user sees."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from skiptrace.contact.attempts import AttemptOutcome, ContactAttempt, SecondContact
from skiptrace.contact.desk import ContactDesk
from skiptrace.searchlog.events import CONTACT_ATTEMPT
from skiptrace.workspace.workspace import Workspace
from ui.contact.panel import ContactPanel
from ui.contact.record_dialog import RecordCallDialog
from ui.tasks import TaskRunner

ACCOUNT = "DEMO-10001"
AFTERNOON = datetime(2026, 6, 3, 18, 0, tzinfo=UTC)  # 14:00 in New York, 08:00 in Honolulu
DAWN = datetime(2026, 6, 3, 10, 0, tzinfo=UTC)  # 06:00 in New York: too early everywhere


def panel_at(qtbot, ws: Workspace, moment: datetime) -> ContactPanel:  # type: ignore[no-untyped-def]
    tasks = TaskRunner()
    panel = ContactPanel(ContactDesk(ws), tasks, clock=lambda: moment)
    qtbot.addWidget(panel)
    panel.show_account(ACCOUNT)
    qtbot.waitUntil(lambda: panel.phones.rowCount() > 0, timeout=5000)
    return panel


def cell(model, row: int, col: int, role=Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
    return model.data(model.index(row, col), role)


def test_phones_show_local_time_and_callable_now(qtbot, demo_ws) -> None:
    panel = panel_at(qtbot, demo_ws, AFTERNOON)
    assert cell(panel.phones, 0, 1) == "account"
    assert "Wed" in cell(panel.phones, 0, 2) and "(America/" in cell(panel.phones, 0, 2)
    assert cell(panel.phones, 0, 3) == "Callable now"
    assert (
        "At the address (ZIP" in panel.facts.text() and "within 08:00-21:00" in panel.facts.text()
    )
    assert "SCRA: no check on file" in panel.facts.text()
    early = panel_at(qtbot, demo_ws, DAWN)
    text = cell(early.phones, 0, 3)
    assert text.startswith("Not now: from Wed 08:00") and text.endswith("there")
    assert "is outside 08:00-21:00" in cell(early.phones, 0, 0, Qt.ItemDataRole.ToolTipRole)
    assert "Allowed from" in early.detail.text()


def test_recording_against_the_check_needs_a_reason(qtbot, demo_ws) -> None:
    panel = panel_at(qtbot, demo_ws, DAWN)
    phone = panel.current_phone()
    assert phone is not None and not phone.verdict.allowed
    dialog = RecordCallDialog(
        ACCOUNT,
        phone.number,
        phone.verdict,
        lambda tp, ex: panel.desk.check(ACCOUNT, phone.number, DAWN, tp, ex),
    )
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert "Not allowed" in dialog.reasons.text() and not ok.isEnabled()
    qtbot.keyClicks(dialog.reason, "consumer asked for an early call before work")
    assert ok.isEnabled()
    before = demo_ws.log.count()
    with qtbot.waitSignal(panel.recorded, timeout=5000):
        panel.save(dialog.attempt())
    qtbot.waitUntil(lambda: panel.calls.rowCount() == 1, timeout=5000)
    entry = demo_ws.log.get(before + 1)
    assert entry is not None and entry.event == CONTACT_ATTEMPT
    assert entry.justification == "consumer asked for an early call before work"
    assert "went ahead against the check" in cell(panel.calls, 0, 0, Qt.ItemDataRole.ToolTipRole)


def test_script_names_the_collector(qtbot, demo_ws) -> None:
    panel = panel_at(qtbot, demo_ws, AFTERNOON)
    qtbot.mouseClick(panel.script_button, Qt.MouseButton.LeftButton)
    text = panel.script_dialog.text.toPlainText()
    assert "my name is tester" in text and "owes any debt" in text


def test_second_location_call_is_held_back_until_an_exception(qtbot, demo_ws) -> None:
    panel = panel_at(qtbot, demo_ws, AFTERNOON)
    phone = panel.current_phone()
    assert phone is not None
    panel.desk.record(
        ContactAttempt(
            ACCOUNT,
            "+12125550177",
            AttemptOutcome.SPOKE_THIRD_PARTY,
            AFTERNOON.replace(day=1),
            third_party="Ann Lee",
        )
    )
    dialog = RecordCallDialog(
        ACCOUNT,
        "+12125550177",
        phone.verdict,
        lambda tp, ex: panel.desk.check(ACCOUNT, "+12125550177", AFTERNOON, tp, ex),
    )
    qtbot.addWidget(dialog)
    dialog.outcome.setCurrentIndex(dialog.outcome.findData(AttemptOutcome.SPOKE_THIRD_PARTY))
    dialog.third_party.setText("Ann Lee")
    dialog.third_party.editingFinished.emit()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert "already contacted for location information" in dialog.reasons.text()
    assert not ok.isEnabled()
    dialog.exception.setCurrentIndex(dialog.exception.findData(SecondContact.PERSON_ASKED))
    assert dialog.reasons.text() == "Allowed" and ok.isEnabled()
    assert dialog.attempt().exception is SecondContact.PERSON_ASKED


def test_ctrl_k_opens_the_contact_window(make_window, qtbot) -> None:
    window = make_window()
    window.open_account(ACCOUNT)
    window.contact_action.trigger()
    qtbot.waitUntil(lambda: window.contact_window.panel.phones.rowCount() > 0, timeout=5000)
    assert window.contact_action.shortcut().toString() == "Ctrl+K"
    assert ACCOUNT in window.contact_window.windowTitle()
