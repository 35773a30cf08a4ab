"""The main window: no shortcut shared by two actions (Qt's "ambiguous shortcut"), no
single-key shortcut that typing could trigger, and a title without the name twice."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence

from ui.main_window import workspace_title


def test_no_two_actions_share_a_shortcut_and_marks_need_modifiers(make_window):
    window = make_window()
    seen: dict[str, str] = {}
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            text = key.toString(QKeySequence.SequenceFormat.PortableText)
            assert text not in seen, f"{text}: {seen.get(text)} and {action.text()}"
            seen[text] = action.text()
    for kind, action in window.research.actions_by_kind.items():
        key = action.shortcut().toString(QKeySequence.SequenceFormat.PortableText)
        assert key.startswith("Ctrl+Alt+"), (kind, key)
    assert window.research.why_action.shortcuts() == [QKeySequence("?")]


def test_window_title_names_the_workspace_once(make_window, demo_ws):
    window = make_window()
    assert window.windowTitle() == "demo.sqlite"  # Qt adds " — skiptrace" itself
    assert "skiptrace" not in window.windowTitle()
    assert workspace_title("postgresql://db.example/collections") == "collections"
