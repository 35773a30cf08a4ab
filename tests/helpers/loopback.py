"""Real servers on 127.0.0.1 for connector tests: HTTP (pytest-httpserver) and a resetter."""

from __future__ import annotations

import socket
import struct
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress

import requests
from pytest_httpserver import HTTPServer

from skiptrace.sources.context import Context, Credentials
from skiptrace.sources.model import CancelToken


@contextmanager
def threaded_server() -> Iterator[HTTPServer]:
    """An HTTP server answering concurrent requests (slow handlers block nobody else)."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    try:
        yield server
    finally:
        server.clear()
        if server.is_running():
            server.stop()


@contextmanager
def resetting_server() -> Iterator[str]:
    """A TCP server that reads the request then resets the connection; yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            conn.settimeout(1.0)
            with suppress(OSError):
                conn.recv(65536)
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            conn.close()  # linger 0: the peer sees a reset, not a clean close

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(2)
        sock.close()


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
