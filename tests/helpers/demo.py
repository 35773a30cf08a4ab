"""The demo workspace made once per test session, for the fixtures that copy it."""

from __future__ import annotations

from pathlib import Path

import pytest

from skiptrace.workspace.demo import create_demo
from tests.helpers.workspaces import ACTOR


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo workspace, made once per session (closed, so its file is whole)."""
    path = tmp_path_factory.mktemp("demo-template") / "demo.sqlite"
    ws, _ = create_demo(path, ACTOR)
    ws.close()
    return path
