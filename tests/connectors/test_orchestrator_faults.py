"""Faults through the orchestrator, each with three connectors at once.

Every fault yields its own status and message; the two healthy connectors' results
arrive intact (and first, when the fault is slow); the log holds both entries.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from skiptrace.connector_api import Credentials, Outcome, Status
from skiptrace.gate.request import SearchRequest
from skiptrace.searchlog.events import SEARCH_COMPLETED, SEARCH_STARTED
from skiptrace.sources.orchestrator import Orchestrator
from skiptrace.sources.registry import ConnectorRegistry
from tests.helpers.fake_connectors import Exploding, Hanging, people_connector, steady_connector
from tests.helpers.loopback import resetting_server
from tests.helpers.workspaces import sample_debtor

GOOD = "Mail returned undeliverable; need a current address"
KEY = "k3y-must-never-appear"
MB = 1024 * 1024


def drip(request: Request) -> Response:
    def body() -> Iterator[bytes]:
        yield b'{"people": ['
        for _ in range(40):
            time.sleep(0.05)
            yield b" "
        yield b"]}"

    return Response(body(), mimetype="application/json")


def fifty_megabytes(request: Request) -> Response:
    def body() -> Iterator[bytes]:
        yield b'{"people": ["'
        for _ in range(50):
            yield b"x" * MB
        yield b'"]}'

    return Response(body(), mimetype="application/json")


def sleepy(request: Request) -> Response:
    time.sleep(1.0)
    return Response('{"people": []}', mimetype="application/json")


def answer(body: str, status: int = 200, **kw: Any) -> Callable[[Request], Response]:
    """A handler answering every request with ``body`` (``kw``: headers, mimetype)."""
    return lambda request: Response(body, status=status, **kw)


@dataclass
class Fault:
    name: str
    status: Status
    says: str
    handler: Callable[[Request], Response] | None = None
    settings: dict[str, str] | None = None
    field: str = ""  # the field a bad response names
    check: Callable[[Outcome], Any] | None = None


FAULTS = [
    Fault("timeout", Status.TIMEOUT, "within", sleepy, {"timeout": "0.4"}),
    Fault("slow drip", Status.TIMEOUT, "still sending", drip, {"timeout": "0.5"}),
    Fault(
        "429 with Retry-After",
        Status.RATE_LIMITED,
        "NOT empty",
        answer("{}", 429, headers={"Retry-After": "120"}),
        check=lambda o: o.retry_after == 120,
    ),
    Fault(
        "401",
        Status.AUTH_FAILED,
        "refused our credential",
        answer('{"detail": "Invalid token."}', 401),
    ),
    Fault("500", Status.UNAVAILABLE, "HTTP 500", answer("oops", 500)),
    Fault(
        "invalid JSON",
        Status.BAD_RESPONSE,
        "not valid JSON",
        answer("<html>maintenance</html>", mimetype="text/html"),
        field="(body)",
    ),
    Fault(
        "valid JSON of the wrong shape",
        Status.BAD_RESPONSE,
        "'people'",
        answer('{"people": {"id": "1"}}', mimetype="application/json"),
        field="people",
    ),
    Fault(
        "50 MB body",
        Status.BAD_RESPONSE,
        "cut off unread",
        fifty_megabytes,
        check=lambda o: o.elapsed_ms < 3000,
    ),
    Fault("connection reset", Status.UNAVAILABLE, "reset"),
    Fault("connector raises", Status.ERROR, "RuntimeError"),
    Fault("missing credential", Status.AUTH_FAILED, "set-secret"),
    Fault("connector hangs", Status.TIMEOUT, "no answer within 0.3 s"),
]


def make_orchestrator(workspace, registry, settings, secrets=None, **kw) -> Orchestrator:
    return Orchestrator(
        registry,
        workspace.log,
        engine=workspace.engine,
        cipher=workspace.cipher,
        settings=lambda cid: settings.get(cid, {}),
        credentials=lambda cid, names: Credentials(
            {n: v for n, v in (secrets or {}).get(cid, {}).items() if n in names}
        ),
        **kw,
    )


@pytest.fixture
def server(loopback_http: HTTPServer) -> Iterator[HTTPServer]:
    loopback_http.clear()
    loopback_http.expect_request("/good").respond_with_json({"people": [{"id": "g1"}]})
    yield loopback_http
    loopback_http.clear()


@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
def test_one_fault_among_three_connectors(workspace, server, fault):
    base = server.url_for("").rstrip("/")
    settings: dict[str, dict[str, str]] = {"good": {"base_url": base, "path": "/good"}}
    secrets: dict[str, dict[str, str]] = {}
    if fault.name == "connector raises":
        faulty: type[Any] = Exploding
        secrets["exploding"] = {"key": KEY}
    elif fault.name == "connector hangs":
        faulty = Hanging
        Hanging.release.clear()
    elif fault.name == "missing credential":
        faulty = people_connector("fault", credentials=("key",))
        server.expect_request("/fault").respond_with_json({"people": [{"id": "x"}]})
        settings["fault"] = {"base_url": base, "path": "/fault"}
    else:
        faulty = people_connector("fault")
        settings["fault"] = {
            "base_url": base,
            "path": "/fault",
            "retries": "1",
            **(fault.settings or {}),
        }
        if fault.handler:
            server.expect_request("/fault").respond_with_handler(fault.handler)
    fault_id = faulty.manifest.id
    registry = ConnectorRegistry.of(faulty, steady_connector(), people_connector("good"))
    orchestrator = make_orchestrator(workspace, registry, settings, secrets)
    request = SearchRequest(sample_debtor(), ("fcra-604a3a",), GOOD)
    arrived: list[str] = []
    t0 = time.monotonic()
    if fault.name == "connection reset":
        with resetting_server() as url:
            settings["fault"]["base_url"] = url
            result = orchestrator.run(request, on_outcome=lambda o: arrived.append(o.connector_id))
    else:
        result = orchestrator.run(request, on_outcome=lambda o: arrived.append(o.connector_id))
    elapsed = time.monotonic() - t0
    Hanging.release.set()

    bad = result.outcome(fault_id)
    assert bad.status is fault.status, bad.message
    assert fault.says in bad.message
    if fault.field:
        assert bad.field == fault.field, bad
    if fault.check:
        assert fault.check(bad), bad
    for healthy, record in (("steady", "steady-1"), ("good", "g1")):
        out = result.outcome(healthy)
        assert out.status is Status.OK, out.message
        assert [c.record_id for c in out.candidates] == [record]
    if fault.status is Status.TIMEOUT:
        assert arrived[-1] == fault_id, "slow sources never hold back the others"
    assert elapsed < 3.0

    entries = list(workspace.log.entries())
    started, completed = entries[-2], entries[-1]
    assert (started.event, completed.event) == (SEARCH_STARTED, SEARCH_COMPLETED)
    assert set(started.details["connectors"]) == {fault_id, "steady", "good"}
    logged = completed.details["outcomes"]
    assert logged[fault_id]["status"] == fault.status.value
    assert logged["good"] == {**logged["good"], "status": "ok", "count": 1}
    text = "".join(e.details_json + e.justification for e in entries)
    assert KEY not in text and "123456789" not in text
    assert KEY not in bad.message and "123-45-6789" not in bad.message
    if fault.name == "missing credential":
        assert all(req.path != "/fault" for req, _ in server.log), "nothing sent without the key"
