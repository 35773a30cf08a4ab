"""UI test fixtures: a demo workspace per test (copied from one made per session),
a main window with the sources a test wants, and QSettings kept in the test folder."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from skiptrace.demo.workspace import create_demo
from skiptrace.model import Workstation
from skiptrace.research.lead_rows import warm_up_ranking
from skiptrace.store.engine import to_url
from skiptrace.workspace.workspace import Workspace, open_workspace
from tests.helpers.sources import SourcesBackend
from ui.main_window import MainWindow

ACTOR = Workstation("tester", "test-host", "0.1.0")


@pytest.fixture(scope="session", autouse=True)
def warmed_up() -> None:
    """What the app does in the background as its window opens, done once before the
    tests: the matcher's model, the numbering plan and the ZIP table loaded (about 1 s),
    so a test's first search is timed like a collector's, not like a cold start."""
    warm_up_ranking()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo-template") / "demo.sqlite"
    ws, _ = create_demo(path, ACTOR)
    ws.close()
    return path


@pytest.fixture
def demo_ws(demo_template: Path, tmp_path: Path) -> Iterator[Workspace]:
    """A private copy of the demo workspace (its keys stay in the template's key file)."""
    copy = tmp_path / "demo.sqlite"
    shutil.copy(demo_template, copy)
    ws = open_workspace(to_url(str(copy)), actor=ACTOR)
    yield ws
    ws.close()


@pytest.fixture
def qsettings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(
    qtbot, demo_ws: Workspace, qsettings: QSettings
) -> Iterator[Callable[..., MainWindow]]:
    windows: list[MainWindow] = []

    def make(sources: list | None = None, workspace: Workspace | None = None) -> MainWindow:
        ws = workspace or demo_ws
        window = MainWindow(ws, backend=SourcesBackend(ws, sources or []), settings=qsettings)
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()  # shortcuts only fire in the active window
        qtbot.waitActive(window)
        qtbot.waitUntil(
            lambda: (
                window.portfolio.model.rowCount() > 0
                or window.portfolio.stack.currentWidget() is window.portfolio.empty
            )
        )
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.controller.cancel()
        window.tasks.wait()
