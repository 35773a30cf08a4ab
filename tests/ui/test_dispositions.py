"""Working leads: dispositions that typing cannot trigger, that fit the lead, confirmed
with the lead named, with a note, undone by a new entry; the "why?" and records found."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from skiptrace.model import DispositionKind
from skiptrace.research.dispositions import dispositions_for
from skiptrace.searchlog.events import LEAD_DISPOSITION
from tests.helpers import sources as S
from tests.ui.test_search import ALT_CTRL, answer_dialog, fill_dialog
from ui.research.mark_dialog import MarkDialog


def searched(make_window, qtbot, *sources):
    window = make_window(S.refs(*sources))
    window.open_account("DEMO-10001")
    answer_dialog(window, qtbot, lambda d: (fill_dialog(d), d.ok_button.click()))
    with qtbot.waitSignal(window.controller.search_finished, timeout=10000):
        window.research.ask_and_search()
    qtbot.waitUntil(lambda: not window.controller.ranking, timeout=20000)
    activate(window, qtbot)
    return window


def activate(window, qtbot):
    """Shortcuts fire only in the active window; the offscreen platform does not hand
    activation back after a dialog closes."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def select(window, qtbot, kind: str, predicate=lambda lead: True):
    research = window.research
    lead = next(x for x in research.leads.leads if x.kind == kind and predicate(x))
    research.lead_view.setCurrentIndex(research.leads.index_of(kind, lead.key))
    activate(window, qtbot)
    research.lead_view.setFocus()
    return lead


def press(window, qtbot, key, modifiers=ALT_CTRL):
    """A key pressed in the leads list of the active window."""
    activate(window, qtbot)
    window.research.lead_view.setFocus()
    qtbot.keyClick(window.research.lead_view, key, modifiers)


def watch_for_marks(window, qtbot, opened: list, action):
    """Run ``action`` and reject (and record) any mark dialog it opens: a test that
    expects none must not hang on one, nor leave a timer polling a closed window."""
    done = []

    def poll(left: int):
        shown = [d for d in window.research.findChildren(MarkDialog) if d.isVisible()]
        for d in shown:
            opened.append(d.windowTitle())
            d.reject()
        if left and not shown:
            QTimer.singleShot(10, lambda: poll(left - 1))
        else:
            done.append(True)

    QTimer.singleShot(0, lambda: poll(30))
    action()
    qtbot.waitUntil(lambda: bool(done), timeout=10000)


def marks(ws):
    # the account these tests work (the demo's seeded month marks leads on others)
    return [
        e for e in ws.log.entries()
        if e.event == LEAD_DISPOSITION and e.account_id == "DEMO-10001"
    ]  # fmt: skip


def test_typing_into_the_leads_list_marks_nothing(make_window, qtbot, demo_ws):
    window = searched(make_window, qtbot, ("crowded", S.crowded))
    select(window, qtbot, "employer")
    opened = []
    watch_for_marks(
        window, qtbot, opened,
        lambda: qtbot.keyClicks(window.research.lead_view, "NEW-vwdnbmg VWDNBMG?"),
    )  # fmt: skip
    assert window.isActiveWindow()  # where a shortcut would have fired
    assert not opened
    assert marks(demo_ws) == []
    assert all(lead.disposition is None for lead in window.research.leads.leads)


def test_dispositions_fit_the_lead_kind(make_window, qtbot):
    window = searched(make_window, qtbot, ("crowded", S.crowded))
    shown = window.research.actions_by_kind

    def offered():
        return {k for k, a in shown.items() if a.isVisible() and a.isEnabled()}

    select(window, qtbot, "phone")
    assert offered() == {
        DispositionKind.VERIFIED,
        DispositionKind.WRONG_PARTY,
        DispositionKind.DISCONNECTED,
        DispositionKind.DO_NOT_CONTACT,
    }
    assert shown[DispositionKind.WRONG_PARTY].text() == "Wrong number"
    assert shown[DispositionKind.DO_NOT_CONTACT].text() == "Do not call"
    select(window, qtbot, "address")
    assert offered() == {
        DispositionKind.VERIFIED,
        DispositionKind.BAD_ADDRESS,
        DispositionKind.MOVED,
    }
    select(window, qtbot, "employer")
    assert DispositionKind.DISCONNECTED not in offered()
    assert DispositionKind.NO_LONGER_THERE in offered()
    # and a shortcut for what does not fit does nothing
    opened = []
    watch_for_marks(window, qtbot, opened, lambda: press(window, qtbot, "D"))
    assert not opened


def test_do_not_contact_is_confirmed_with_the_lead_named(make_window, qtbot, demo_ws):
    window = searched(make_window, qtbot, ("crowded", S.crowded))
    lead = select(window, qtbot, "employer")
    seen = {}

    def press_enter(d: MarkDialog):  # a stray Enter does not set a legal flag
        seen["question"] = d.question.text()
        seen["default_is_cancel"] = d.cancel_button.isDefault() and not d.ok_button.isDefault()
        qtbot.keyClick(d, Qt.Key.Key_Return)

    answer_dialog(window, qtbot, press_enter, MarkDialog)
    press(window, qtbot, "N")
    assert "Acme Logistics" in seen["question"] and "Do not contact" in seen["question"]
    assert seen["default_is_cancel"]
    assert marks(demo_ws) == []

    def confirm(d: MarkDialog):
        d.note_edit.setPlainText("HR asked us not to call the office again")
        d.ok_button.click()

    answer_dialog(window, qtbot, confirm, MarkDialog)
    with qtbot.waitSignal(window.controller.disposition_recorded, timeout=5000):
        press(window, qtbot, "N")
    entry = marks(demo_ws)[-1]
    assert entry.details["disposition"] == "do-not-contact"
    assert entry.details["note"] == "HR asked us not to call the office again"
    assert next(x for x in window.research.leads.leads if x.key == lead.key).disposition == (
        DispositionKind.DO_NOT_CONTACT
    )


def test_undo_is_a_new_entry_and_the_lead_is_unmarked(make_window, qtbot, demo_ws):
    window = searched(make_window, qtbot, ("fast", S.fast))
    lead = select(window, qtbot, "phone")
    answer_dialog(window, qtbot, lambda d: d.ok_button.click(), MarkDialog)
    with qtbot.waitSignal(window.controller.disposition_recorded, timeout=5000):
        press(window, qtbot, "V")
    qtbot.waitUntil(lambda: not window.controller.ranking, timeout=20000)
    assert window.research.undo_action.isEnabled()
    first = marks(demo_ws)
    with qtbot.waitSignal(window.controller.disposition_recorded, timeout=5000):
        press(window, qtbot, "Z", Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.controller.ranking, timeout=20000)
    after = marks(demo_ws)
    assert after[: len(first)] == first  # the verified entry is still there, unchanged
    assert [e.details["disposition"] for e in after] == ["verified", "undone"]
    unmarked = next(x for x in window.research.leads.leads if x.key == lead.key)
    assert unmarked.disposition is None
    assert abs(unmarked.score - lead.score) < 1e-9  # ranked as before the mark
    with demo_ws.engine.connect() as conn:
        stored = [d.kind for d in dispositions_for(conn, "DEMO-10001")]
    assert stored == [DispositionKind.VERIFIED, DispositionKind.UNDONE]
    assert not window.research.undo_action.isEnabled()


def test_a_wrong_party_lead_shows_the_conflict(make_window, qtbot):
    window = searched(make_window, qtbot, ("fast", S.fast))
    lead = select(window, qtbot, "phone")
    assert "Why the records are the debtor" in window.research.why.toPlainText()

    def confirm(d: MarkDialog):
        assert "(704) 547-1596" in d.question.text() and "Wrong number" in d.question.text()
        d.ok_button.click()

    answer_dialog(window, qtbot, confirm, MarkDialog)
    with qtbot.waitSignal(window.controller.disposition_recorded, timeout=5000):
        press(window, qtbot, "W")
    qtbot.waitUntil(lambda: not window.controller.ranking, timeout=20000)
    why = window.research.why.toPlainText()
    assert "Conflict:" in why and "Why the records are the debtor" not in why
    assert "100% match" not in why
    index = window.research.leads.index_of("phone", lead.key)
    assert index.siblingAtColumn(2).data() == "disputed"
    assert index.siblingAtColumn(6).data() == "Wrong number"


def test_why_shortcut_shows_the_panel_and_never_hides_it(make_window, qtbot):
    window = searched(make_window, qtbot, ("fast", S.fast))
    select(window, qtbot, "phone")
    research = window.research
    research.tabs.setCurrentIndex(research.records_tab)
    for _ in range(2):  # pressed twice: still shown (a Qt "ambiguous" warning fails the test)
        press(window, qtbot, "?", Qt.KeyboardModifier.NoModifier)
        assert research.tabs.currentIndex() == 0 and research.why.isVisible()
    research.why_action.trigger()
    assert research.why.isVisible()


def test_lead_row_shows_seen_line_and_local_time_and_copies(make_window, qtbot):
    window = searched(make_window, qtbot, ("fast", S.fast))
    lead = select(window, qtbot, "address")
    index = window.research.leads.index_of("address", lead.key)
    assert index.data() == "9363 Pine Ln, Phoenix, AZ 85040"  # normal case, whole in its tooltip
    assert index.data(Qt.ItemDataRole.ToolTipRole) == index.data()
    assert index.siblingAtColumn(3).data() == "2025-09–2026-10"
    assert index.siblingAtColumn(4).data().endswith("MST")  # Phoenix keeps standard time
    assert lead.time_zone == "America/Phoenix"
    phone = select(window, qtbot, "phone")
    pindex = window.research.leads.index_of("phone", phone.key)
    assert pindex.data() == "(704) 547-1596"
    assert pindex.siblingAtColumn(4).data().startswith("mobile · ")
    assert "Score:" in window.research.legend.text() and "Match:" in window.research.legend.text()
    press(window, qtbot, "C", Qt.KeyboardModifier.ControlModifier)
    copied = QApplication.clipboard().text()
    assert copied.startswith("(704) 547-1596; phone; mobile; score ")
    assert "sources fast" in copied


def test_records_found_lists_the_rejected_namesake_and_the_relative_with_why(make_window, qtbot):
    window = searched(make_window, qtbot, ("crowded", S.crowded))
    research = window.research
    assert research.tabs.tabText(research.records_tab) == "Records &found (3)"
    shown = research.records_view.toPlainText()
    paragraphs: dict[str, str] = {}  # record id -> its lines
    key = ""
    for line in shown.splitlines():
        if line[:1] == "C" and line[1:2].isdigit():
            key = line.split()[0]
        if key and line.strip():
            paragraphs[key] = paragraphs.get(key, "") + line + "\n"
    assert set(paragraphs) == {"C1", "C2", "C3"}
    assert "— is the debtor (" in paragraphs["C1"].splitlines()[0]
    namesake = paragraphs["C2"].splitlines()
    assert namesake[0].endswith("— is not (0%)")
    assert "born 1948" in namesake[0] and "SSN ***-**-0000" in namesake[0]
    assert namesake[1].startswith("Why: ") and "SSN differs" in namesake[1] and "→" in namesake[1]
    relative = paragraphs["C3"].splitlines()
    assert "listed as the subject's relative" in relative[0]
    assert "address 9363 Pine Ln, Phoenix, AZ 85040" in relative[-1]  # at the debtor's address
