"""Searching from the account: the purpose gate, streaming statuses, cancel, dispositions."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer

from skiptrace.gate.request import PurposeRefused, SearchRequest
from skiptrace.model import DispositionKind
from skiptrace.research.dispositions import dispositions_for
from skiptrace.searchlog.events import LEAD_DISPOSITION, SEARCH_COMPLETED, SEARCH_STARTED
from tests.helpers import sources as S
from tests.helpers.workspaces import sample_debtor
from ui.purpose_dialog import PurposeDialog
from ui.research.leads_model import PROBABILITY_ROLE
from ui.research.mark_dialog import MarkDialog

JUSTIFICATION = "Mail returned undeliverable; need a current address for the validation notice."


def search_events(ws) -> list[str]:
    return [e.event for e in ws.log.entries() if e.event.startswith("search.")]


def fill_dialog(dialog: PurposeDialog, codes=("fcra-604a3a",), text=JUSTIFICATION, keep=False):
    dialog.set_codes(codes)
    dialog.justification.setPlainText(text)
    dialog.keep_default.setChecked(keep)


ALT_CTRL = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


def answer_dialog(window, qtbot, action, kind=PurposeDialog):
    """Run ``action`` on the purpose dialog (or another ``kind``) as soon as it opens."""

    def handle():
        shown = [d for d in window.research.findChildren(kind) if d.isVisible()]
        dialog = shown[0] if shown else None
        if dialog is None:
            QTimer.singleShot(10, handle)
            return
        action(dialog)

    QTimer.singleShot(0, handle)


def test_no_purpose_is_refused_and_nothing_is_logged(make_window, qtbot, demo_ws):
    window = make_window(S.refs(("fast", S.fast)))
    window.open_account("DEMO-10001")
    before = demo_ws.log.count()
    seen = {}

    def try_without_purpose(dialog: PurposeDialog):
        dialog.justification.setPlainText(JUSTIFICATION)
        dialog.ok_button.click()  # no purpose ticked
        seen["error"] = dialog.error.text()
        seen["still_open"] = dialog.isVisible()
        dialog.set_codes(("fcra-604a3a",))
        dialog.justification.setPlainText("because")  # too short
        dialog.ok_button.click()
        seen["short"] = dialog.error.text()
        dialog.reject()

    answer_dialog(window, qtbot, try_without_purpose)
    assert window.research.ask_and_search() is False
    assert "no permissible purpose" in seen["error"]
    assert seen["still_open"]
    assert "at least 20" in seen["short"]
    assert demo_ws.log.count() == before
    assert not window.controller.running
    assert "nothing searched" in window.statusBar().currentMessage()


def test_search_with_purpose_streams_statuses_and_leads(make_window, qtbot, demo_ws):
    window = make_window(
        S.refs(("fast", S.fast), ("slow", S.slow), ("failing", S.failing), ("raising", S.raising))
    )
    window.open_account("DEMO-10001")
    statuses = window.research.statuses
    arrived: list[tuple[str, str]] = []
    window.controller.connector_reported.connect(
        lambda r: arrived.append((r.connector_id, r.state))
    )
    answer_dialog(window, qtbot, lambda d: (fill_dialog(d), d.ok_button.click()))
    with qtbot.waitSignal(window.controller.search_finished, timeout=10000):
        assert window.research.ask_and_search() is True
        qtbot.waitUntil(lambda: statuses.report("fast").state == "ok")
        assert statuses.report("slow").state == "running"  # still out while fast is in
        qtbot.waitUntil(lambda: bool(window.research.leads.leads))  # before the search ends
        assert statuses.report("slow").state == "running"
    finals = {cid: statuses.report(cid).state for cid in ("fast", "slow", "failing", "raising")}
    assert finals == {"fast": "ok", "slow": "ok", "failing": "auth_failed", "raising": "error"}
    assert "keychain" in statuses.report("failing").message
    assert "ConnectionResetError" in statuses.report("raising").message
    assert arrived.index(("fast", "ok")) < arrived.index(("slow", "ok"))
    # the same phone from two sources is one lead listing both
    qtbot.waitUntil(lambda: not window.controller.ranking)
    phones = [lead for lead in window.research.leads.leads if lead.kind == "phone"]
    assert len(phones) == 1 and set(phones[0].sources) == {"fast", "slow"}
    # the view shows the rank score and the identity match side by side, as bars
    model = window.research.leads
    row = model.index_of("phone", phones[0].key)
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Score"
    assert row.siblingAtColumn(1).data(PROBABILITY_ROLE) == phones[0].score
    assert row.siblingAtColumn(2).data(PROBABILITY_ROLE) == phones[0].probability
    assert search_events(demo_ws)[-2:] == [SEARCH_STARTED, SEARCH_COMPLETED]
    started = [e for e in demo_ws.log.entries() if e.event == SEARCH_STARTED][-1]
    assert started.purposes == ("fcra-604a3a",) and started.purpose_source == "chosen"
    completed = [e for e in demo_ws.log.entries() if e.event == SEARCH_COMPLETED][-1]
    assert completed.details["outcomes"]["failing"]["status"] == "auth_failed"
    assert window.account.searches.topLevelItem(0).text(2) == "fcra-604a3a"


def test_cancel_stops_the_rest(make_window, qtbot, demo_ws):
    window = make_window(S.refs(("fast", S.fast), ("very_slow", S.very_slow)))
    window.open_account("DEMO-10001")
    answer_dialog(window, qtbot, lambda d: (fill_dialog(d), d.ok_button.click()))
    window.research.ask_and_search()
    qtbot.waitUntil(lambda: window.research.statuses.report("fast").state == "ok")
    with qtbot.waitSignal(window.controller.search_finished, timeout=5000) as blocker:
        qtbot.mouseClick(window.research.cancel_button, left())
    assert blocker.args[0].cancelled
    assert window.research.statuses.report("very_slow").state == "cancelled"
    completed = [e for e in demo_ws.log.entries() if e.event == SEARCH_COMPLETED][-1]
    assert completed.details["cancelled"] is True
    qtbot.waitUntil(lambda: not window.controller.ranking)
    assert window.research.leads.leads  # what arrived before the cancel is kept


def test_session_default_is_prefilled_and_logged_as_default(make_window, qtbot, demo_ws):
    window = make_window(S.refs(("fast", S.fast)))
    window.open_account("DEMO-10001")
    answer_dialog(window, qtbot, lambda d: (fill_dialog(d, keep=True), d.ok_button.click()))
    with qtbot.waitSignal(window.controller.search_finished, timeout=5000):
        window.research.ask_and_search()
    window.open_account("DEMO-10002")
    seen = {}

    def accept_prefilled(d: PurposeDialog):
        seen["codes"] = d.chosen_codes()
        seen["justification"] = d.justification.toPlainText()
        d.ok_button.click()  # the justification is written for each account: refused
        seen["refused"] = d.error.text()
        d.justification.setPlainText(
            "Second notice to this account came back unclaimed; need a current address."
        )
        d.ok_button.click()

    answer_dialog(window, qtbot, accept_prefilled)
    with qtbot.waitSignal(window.controller.search_finished, timeout=5000):
        window.research.ask_and_search()
    assert seen["codes"] == ("fcra-604a3a",)
    assert seen["justification"] == ""  # not the text written for the other debtor
    assert "justification" in seen["refused"]
    started = [e for e in demo_ws.log.entries() if e.event == SEARCH_STARTED]
    assert [e.purpose_source for e in started[-2:]] == ["chosen", "default"]
    assert started[-1].account_id == "DEMO-10002"


def test_cancel_in_dialog_logs_nothing(make_window, qtbot, demo_ws):
    window = make_window(S.refs(("fast", S.fast)))
    window.open_account("DEMO-10001")
    before = demo_ws.log.count()
    answer_dialog(window, qtbot, lambda d: (fill_dialog(d), d.reject()))
    assert window.research.ask_and_search() is False
    assert demo_ws.log.count() == before


def test_disposition_is_stored_logged_and_reranks(make_window, qtbot, demo_ws):
    window = make_window(S.refs(("fast", S.fast), ("slow", S.slow)))
    window.open_account("DEMO-10001")
    answer_dialog(window, qtbot, lambda d: (fill_dialog(d), d.ok_button.click()))
    with qtbot.waitSignal(window.controller.search_finished, timeout=5000):
        window.research.ask_and_search()
    qtbot.waitUntil(lambda: not window.controller.ranking)
    window.activateWindow()  # the offscreen platform does not hand activation back
    qtbot.waitActive(window)
    research = window.research
    lead = next(lead for lead in research.leads.leads if lead.value.endswith("7045471596"))
    phone = research.leads.index_of("phone", lead.key)
    assert phone.isValid()
    research.lead_view.setCurrentIndex(phone)
    research.lead_view.setFocus()
    assert "fast" in research.why.toPlainText()
    answer_dialog(window, qtbot, lambda d: d.ok_button.click(), MarkDialog)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # shortcuts fire only in the active window
    research.lead_view.setFocus()
    with qtbot.waitSignal(window.controller.disposition_recorded, timeout=5000):
        qtbot.keyClick(research.lead_view, "D", ALT_CTRL)  # Disconnected
    marked = next(m for m in research.leads.leads if m.key == lead.key)
    assert marked.disposition is DispositionKind.DISCONNECTED  # shown at once
    qtbot.waitUntil(lambda: not window.controller.ranking)
    marked = next(m for m in research.leads.leads if m.key == lead.key)
    assert marked.score < lead.score  # and re-ranked
    with demo_ws.engine.connect() as conn:
        stored = dispositions_for(conn, "DEMO-10001")
    assert [(d.lead_kind, d.kind) for d in stored] == [("phone", DispositionKind.DISCONNECTED)]
    entry = list(demo_ws.log.entries())[-1]
    assert entry.event == LEAD_DISPOSITION and entry.details["disposition"] == "disconnected"
    # the selection stays on the lead and the account pane lists it as worked
    assert research.current_lead().key == lead.key
    assert window.account.worked.topLevelItem(0).text(1) == "Disconnected"
    assert window.account.worked.topLevelItem(0).text(0) == "(704) 547-1596"


def left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_escape_cancels_a_running_search(make_window, qtbot, demo_ws):
    window = make_window(S.refs(("very_slow", S.very_slow)))
    window.open_account("DEMO-10001")
    assert not window.cancel_action.isEnabled()
    answer_dialog(window, qtbot, lambda d: (fill_dialog(d), d.ok_button.click()))
    window.research.ask_and_search()
    assert window.cancel_action.isEnabled() and not window.search_action.isEnabled()
    with qtbot.waitSignal(window.controller.search_finished, timeout=5000) as done:
        window.cancel_action.trigger()  # what Esc or Ctrl+. does
    assert done.args[0].cancelled
    assert window.search_action.isEnabled() and not window.cancel_action.isEnabled()


def test_ranking_in_its_own_process_gives_the_same_leads(make_window, qtbot, demo_ws):
    from tests.ui.test_research_http import request_for
    from ui.research.rank_pool import RankPool

    window = make_window(S.refs(("fast", S.fast), ("slow", S.slow)))
    window.open_account("DEMO-10001")
    with qtbot.waitSignal(window.controller.search_finished, timeout=10000):
        window.controller.start(request_for(demo_ws))
    qtbot.waitUntil(lambda: not window.controller.ranking)
    in_thread = [(lead.kind, lead.value, lead.score) for lead in window.controller.leads]
    assert in_thread
    pool = RankPool()
    window.controller.rank_pool = pool
    try:
        window.controller._rank()  # what every report and disposition does
        qtbot.waitUntil(lambda: not window.controller.ranking, timeout=20000)
        in_process = [(lead.kind, lead.value, lead.score) for lead in window.controller.leads]
    finally:
        pool.close()
    assert in_process == in_thread


def test_junk_justification_is_refused_in_the_dialog_with_the_gates_words(
    make_window, qtbot, demo_ws
):
    window = make_window(S.refs(("fast", S.fast)))
    window.open_account("DEMO-10001")
    before = demo_ws.log.count()
    seen = {}

    def try_junk(dialog: PurposeDialog):
        dialog.set_codes(("fcra-604a3a",))
        dialog.justification.setPlainText("x" * 25)
        dialog.ok_button.click()
        seen["junk"] = dialog.error.text()
        seen["still_open"] = dialog.isVisible()
        dialog.reject()

    answer_dialog(window, qtbot, try_junk)
    assert window.research.ask_and_search() is False
    with pytest.raises(PurposeRefused) as gate:
        SearchRequest(sample_debtor(), ("fcra-604a3a",), "x" * 25)
    assert str(gate.value) in seen["junk"]  # the same sentence as the CLI prints
    assert seen["still_open"]
    assert demo_ws.log.count() == before
