"""The pytest plugin skiptrace installs (entry point ``pytest11``): fixtures for connectors.

Loaded by pytest wherever skiptrace is installed, so a third-party connector's tests get
``loopback_http`` and ``other_origin_http`` (which the contract suite uses) without a
conftest of their own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from skiptrace.testing.loopback import threaded_server

if TYPE_CHECKING:
    from pytest_httpserver import HTTPServer


@pytest.fixture(scope="session")
def loopback_http() -> Iterator[HTTPServer]:
    """One threaded HTTP server on 127.0.0.1 for the session (stopping one takes 0.5 s)."""
    with threaded_server() as server:
        yield server


@pytest.fixture(scope="session")
def other_origin_http() -> Iterator[HTTPServer]:
    """A second loopback server on another port: where no request of a search may go."""
    with threaded_server() as server:
        yield server
