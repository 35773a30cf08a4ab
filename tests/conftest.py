"""Session-wide test setup: headless Qt, an in-memory keychain, private user folders."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # without it Qt aborts: no display

import keyring
import pytest

from tests.helpers.memkeyring import MemoryKeyring
from tests.helpers.workspaces import new_workspace


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Every test gets an empty in-memory keychain."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def private_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Per-user data, state, log and config folders inside the test's temp folder."""
    home = tmp_path_factory.mktemp("home")
    for var in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, str(home / var.lower()))
    monkeypatch.delenv("SKIPTRACE_WORKSPACE", raising=False)
    return home


@pytest.fixture
def workspace(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A fresh SQLite workspace."""
    ws = new_workspace(tmp_path / "ws.sqlite")
    yield ws
    ws.close()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """PostgreSQL tests skip with a reason unless a server URL is given and reachable."""
    url = os.environ.get("SKIPTRACE_TEST_PG_URL")
    reason = None
    if not url:
        reason = "no PostgreSQL server: set SKIPTRACE_TEST_PG_URL=postgresql://... to run"
    elif os.environ.get("SKIPTRACE_REQUIRE_PG") != "1":
        import socket

        from sqlalchemy.engine import make_url

        u = make_url(url)
        try:
            socket.create_connection((u.host or "127.0.0.1", u.port or 5432), timeout=2).close()
        except OSError:
            reason = f"PostgreSQL at {u.host}:{u.port or 5432} is not reachable"
    if reason is None:
        return
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=reason))
