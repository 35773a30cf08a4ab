"""Team-mode fixtures: each test gets its own database on the test PostgreSQL server."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest

from skiptrace.model import Workstation
from skiptrace.workspace.workspace import Workspace, create_workspace
from tests.helpers import pg


@pytest.fixture
def team_db() -> Iterator[str]:
    """The name of a fresh, empty database, dropped after the test."""
    with pg.fresh_database() as name:
        yield name


@pytest.fixture
def team_url(team_db: str) -> str:
    """A superuser ``postgresql://`` URL of the test's own database."""
    return pg.url_for(team_db)


@pytest.fixture
def app_role(team_db: str) -> Iterator[str]:
    """A unique name for the application role; the role is dropped after the test."""
    name = f"skiptrace_app_{secrets.token_hex(4)}"
    yield name
    pg.drop_role(name, team_db)


@pytest.fixture
def pg_workspace(team_url: str) -> Iterator[Workspace]:
    """A team workspace in the test's own database, opened by its owner."""
    ws = create_workspace(team_url, actor=Workstation("admin", "test-host", "0.1.0"))
    yield ws
    ws.close()
