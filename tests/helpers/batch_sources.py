"""Loopback HTTP sources for batch tests: one slow that finds the debtor's new phone, one
that answers 429, one that fails; each counts what it was asked, per account."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from skiptrace.sources.registry import ConnectorRegistry
from skiptrace.sources.settings import set_setting
from skiptrace.workspace.workspace import Workspace
from tests.helpers.fake_connectors import person_source
from tests.helpers.loopback import threaded_server

SOURCES = ("slow", "limited", "failing")


def new_phone_for(account_id: str) -> str:
    """The phone the slow source reports for an account (a valid NANP number)."""
    digits = "".join(ch for ch in account_id if ch.isdigit())[-4:].rjust(4, "0")
    return f"(704) 547-{digits}"


SLOW, LIMITED, FAILING = (person_source(c) for c in SOURCES)


@dataclass
class Counts:
    """What the loopback sources were asked."""

    asked: dict[str, Counter[str]] = field(default_factory=lambda: {c: Counter() for c in SOURCES})
    in_flight: int = 0
    most_in_flight: int = 0
    slow_times: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _serve(server: HTTPServer, counts: Counts, delay: float) -> None:
    def slow(request: Request) -> Response:
        args = request.args
        with counts.lock:
            counts.asked["slow"][args["account"]] += 1
            counts.in_flight += 1
            counts.most_in_flight = max(counts.most_in_flight, counts.in_flight)
            counts.slow_times.append(time.monotonic())
        try:
            time.sleep(delay)
            person = {
                "id": f"S-{args['account']}",
                "first_name": args["first"],
                "last_name": args["last"],
                "ssn_last4": args["ssn4"],
                "phone": new_phone_for(args["account"]),
            }
            return Response(json.dumps({"people": [person]}), content_type="application/json")
        finally:
            with counts.lock:
                counts.in_flight -= 1

    def limited(request: Request) -> Response:
        with counts.lock:
            counts.asked["limited"][request.args["account"]] += 1
        body = json.dumps({"error": "rate limit exceeded"})
        return Response(body, 429, {"Retry-After": "30"}, content_type="application/json")

    def failing(request: Request) -> Response:
        with counts.lock:
            counts.asked["failing"][request.args["account"]] += 1
        return Response("upstream exploded", 500)

    server.expect_request("/slow").respond_with_handler(slow)
    server.expect_request("/limited").respond_with_handler(limited)
    server.expect_request("/failing").respond_with_handler(failing)


@contextmanager
def loopback_sources(delay: float = 0.02) -> Iterator[tuple[str, Counts]]:
    """The three sources on one loopback server: its base URL and what they were asked."""
    counts = Counts()
    with threaded_server() as server:
        _serve(server, counts, delay)
        yield server.url_for("").rstrip("/"), counts


def configure(ws: Workspace, base_url: str, **slow_settings: str) -> None:
    """Point the three connectors at the loopback server (and set the slow one's limits)."""
    for cls in (SLOW, LIMITED, FAILING):
        set_setting(ws.engine, ws.log, cls.manifest, "base_url", base_url)
    for key, value in slow_settings.items():
        set_setting(ws.engine, ws.log, SLOW.manifest, key, value)


def registry(*extra: type[Any]) -> ConnectorRegistry:
    """The loopback sources (plus any others) as a registry."""
    return ConnectorRegistry.of(SLOW, LIMITED, FAILING, *extra)
