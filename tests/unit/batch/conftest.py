"""Batch fixtures: a copy of the demo workspace (300 synthetic accounts) per test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from skiptrace.demo.workspace import create_demo, demo_key_file
from skiptrace.store.engine import to_url
from skiptrace.workspace.workspace import Workspace, open_workspace
from tests.helpers.workspaces import ACTOR

WHY = "New placement from Valley Medical: skip trace for current contact details"


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo workspace, made once per session (closed, so its file is whole)."""
    path = tmp_path_factory.mktemp("demo-template") / "demo.sqlite"
    # without the demo's seeded month: these tests count every search the log holds
    ws, _ = create_demo(path, ACTOR, activity=False)
    ws.close()
    return path


@pytest.fixture
def demo_path(demo_template: Path, tmp_path: Path) -> Path:
    """This test's own copy of the demo workspace file (keys beside it)."""
    path = tmp_path / "demo.sqlite"
    shutil.copy(demo_template, path)
    shutil.copy(demo_key_file(demo_template), demo_key_file(path))
    return path


@pytest.fixture
def demo(demo_path: Path) -> Iterator[Workspace]:
    """The test's demo workspace, open."""
    ws = open_workspace(to_url(str(demo_path)), actor=ACTOR, key_file=demo_key_file(demo_path))
    yield ws
    ws.close()
