"""Real servers on 127.0.0.1 for connector tests: HTTP (the shipped ``skiptrace.testing``
one, re-exported) and a server that resets every connection."""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from skiptrace.testing.loopback import make_context, threaded_server

__all__ = ["make_context", "resetting_server", "threaded_server"]


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
