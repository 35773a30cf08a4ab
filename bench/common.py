"""What the benchmarks share: a loopback HTTP handler that answers JSON quietly."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler
from typing import Any


class JsonHandler(BaseHTTPRequestHandler):
    """A loopback source's handler: ``send_json`` answers 200 with a JSON body; no
    request lines on stderr (they would drown the figures)."""

    def send_json(self, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass
