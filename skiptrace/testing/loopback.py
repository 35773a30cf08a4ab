"""Real HTTP on 127.0.0.1 for connector tests, and the context a connector is called with.

Needs ``pytest-httpserver`` (imported only when a server is started), so that having
skiptrace installed never burdens a pytest run that does not test connectors.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import requests

from skiptrace.sources.context import Context, Credentials
from skiptrace.sources.model import CancelToken

if TYPE_CHECKING:
    from pytest_httpserver import HTTPServer


@contextmanager
def threaded_server() -> Iterator[HTTPServer]:
    """An HTTP server answering concurrent requests (slow handlers block nobody else)."""
    from pytest_httpserver import HTTPServer

    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    try:
        yield server
    finally:
        server.clear()
        if server.is_running():
            server.stop()


def make_context(
    connector_id: str,
    settings: dict[str, str] | None = None,
    secrets: dict[str, str] | None = None,
    timeout: float = 5.0,
    cancel: CancelToken | None = None,
    **kw: object,
) -> Context:
    """A context as the orchestrator would build it, for calling a connector directly."""
    return Context(
        connector_id=connector_id,
        session=requests.Session(),
        credentials=Credentials(secrets or {}),
        deadline=time.monotonic() + timeout,
        cancel=cancel or CancelToken(),
        settings=settings or {},
        **kw,  # type: ignore[arg-type]
    )
