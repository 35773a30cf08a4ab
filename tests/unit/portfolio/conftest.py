"""Import tests run the command a person types, on real files in a temp folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers.cli import CliRun, run_cli

Cli = Callable[..., CliRun]


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    """``cli("import", FILE, ...)`` on a fresh workspace file; returns code and output."""
    ws = tmp_path / "ws.sqlite"
    assert run_cli(capsys, monkeypatch, "--workspace", str(ws), "init").code == 0

    def run(*args: str) -> CliRun:
        return run_cli(capsys, monkeypatch, "--workspace", str(ws), *args)

    return run
