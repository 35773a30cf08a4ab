"""What the benchmarks share: a loopback HTTP handler that answers JSON quietly, and a
people source served from another process."""

from __future__ import annotations

import json
import multiprocessing
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


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


class PeopleHandler(JsonHandler):
    """A people-search source: one person per query, named as asked, with a phone made
    from the account number; kept-alive connections, as real sources allow."""

    protocol_version = "HTTP/1.1"  # keep-alive (bodies are sized)
    disable_nagle_algorithm = True  # headers and body go out apart: no 40 ms delayed ACK

    def do_GET(self) -> None:
        q = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
        n = int("".join(ch for ch in q.get("account", "0") if ch.isdigit()) or 0)
        person = {
            "id": f"{self.path[1:6]}-{n}",
            "first_name": q.get("first", ""),
            "last_name": q.get("last", ""),
            "ssn_last4": q.get("ssn4", ""),
            "phone": f"(704) 5{n % 100:02d}-{n % 10000:04d}",
        }
        self.send_json(json.dumps({"people": [person]}).encode())


def _serve(port: Any) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), PeopleHandler)
    server.daemon_threads = True
    port.value = server.server_address[1]
    server.serve_forever()


def people_server() -> tuple[multiprocessing.Process, str]:
    """Start the people source in another process (its work is not the bench's); its
    process (``terminate`` it) and base URL."""
    port = multiprocessing.Value("i", 0)
    process = multiprocessing.Process(target=_serve, args=(port,), daemon=True)
    process.start()
    while not port.value:
        time.sleep(0.01)
    return process, f"http://127.0.0.1:{port.value}"
