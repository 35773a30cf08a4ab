"""Starting the app: first run, the demo, the command line, the screenshot."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage

from ui.app import build_parser
from ui.first_run import FirstRunChoice, FirstRunDialog
from ui.screenshot import take_screenshot
from ui.session import AppSession


def test_command_line_options():
    args = build_parser().parse_args(["--workspace", "w.sqlite", "--user", "dana"])
    assert (args.workspace, args.user, args.demo) == ("w.sqlite", "dana", False)
    args = build_parser().parse_args(["--screenshot", "x.png", "--view", "research"])
    assert (args.screenshot, args.view) == ("x.png", "research")


def test_first_run_offers_the_demo_and_opens_it(qtbot, qsettings):
    session = AppSession(user="dana", settings=qsettings)

    def choose_demo():
        from PySide6.QtWidgets import QApplication

        dialogs = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, FirstRunDialog) and w.isVisible()
        ]
        if not dialogs:
            QTimer.singleShot(10, choose_demo)
            return
        assert "demo" in dialogs[0].demo_button.text().lower()
        dialogs[0].demo_button.click()

    QTimer.singleShot(0, choose_demo)
    assert session.start()
    window = session.window
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.portfolio.model.rowCount() == 300, timeout=10000)
    assert window.workspace.actor.user == "dana"
    window.close()
    session.workspace.close()


def test_first_run_choices():
    assert {c.value for c in FirstRunChoice} == {"demo", "create", "open", "quit"}


def test_window_geometry_is_remembered(make_window, qsettings):
    window = make_window()
    window.resize(790, 590)  # within the offscreen screen, above the minimum size
    size = window.size()
    window.close()
    assert qsettings.value("window/geometry") is not None
    again = make_window()
    assert again.size() == size


def test_screenshot_of_the_portfolio(qapp, tmp_path: Path):
    out = tmp_path / "portfolio.png"
    assert take_screenshot(out, "portfolio") == 0
    image = QImage(str(out))
    assert image.width() >= 1000 and image.height() >= 600


def test_compliance_review_opens_from_the_tools_menu(make_window, qtbot):
    from PySide6.QtWidgets import QApplication

    from ui.review.window import ReviewWindow

    window = make_window()
    assert window.review_action.isEnabled()  # the review window is in this build
    window.review_action.trigger()  # the demo's only user administers it
    reviews = [w for w in QApplication.topLevelWidgets() if isinstance(w, ReviewWindow)]
    assert reviews and reviews[0].isVisible()
    for review in reviews:
        review.close()


def test_a_postgresql_password_never_reaches_the_settings_file():
    from ui.session import without_password

    url = "postgresql+psycopg://dana:s3cret@db.example:5432/collections"
    assert without_password(url) == "postgresql+psycopg://dana@db.example:5432/collections"
