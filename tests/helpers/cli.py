"""Running ``skiptrace-cli`` in-process, as a person would type it."""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass

import pytest

from skiptrace.cli import main


@dataclass(frozen=True)
class CliRun:
    """Exit code and what the command printed."""

    code: int
    out: str
    err: str


def run_cli(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *args: str,
    stdin: str = "",
) -> CliRun:
    """Run one command with ``stdin`` as standard input."""
    capsys.readouterr()
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(args))
    captured = capsys.readouterr()
    return CliRun(code, captured.out, captured.err)
