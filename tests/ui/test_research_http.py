"""The research view over the real orchestrator and real HTTP connectors on 127.0.0.1:
a fast source, a slow one, one refusing the key and one over quota, all at once."""

from __future__ import annotations

import json
import time
from dataclasses import replace

import pytest
from werkzeug import Request, Response

from connectors.rest_json import RestJson
from skiptrace.gate.request import SearchRequest
from skiptrace.model import Disposition, DispositionKind, SubjectType
from skiptrace.research.dispositions import record_disposition
from skiptrace.searchlog.events import SEARCH_COMPLETED
from skiptrace.sources.registry import ConnectorRegistry
from skiptrace.sources.settings import secret_key, set_setting
from skiptrace.store.accounts import load_debtor
from tests.helpers.loopback import threaded_server
from tests.helpers.rest_vendor import FIELDS, vendor_person
from ui.main_window import MainWindow
from ui.research.orchestrated import OrchestratorBackend


def vendor(cid: str) -> type:
    """rest_json registered under another id: one generic connector per vendor API."""
    manifest = replace(
        RestJson.manifest,
        id=cid,
        display_name=f"Vendor {cid}",
        credentials=("api_key",),
        enabled_by_default=True,
    )
    return type(f"Rest_{cid}", (RestJson,), {"manifest": manifest})


IDS = ("fast", "slow", "badkey", "quota")
REGISTRY = ConnectorRegistry.of(*(vendor(cid) for cid in IDS))


def person_json(record_id: str) -> dict:
    return vendor_person(
        record_id,
        ("Linda", "Sanchez"),
        "1991-01-03",
        ("9363 Pine Ln", "Phoenix", "AZ", "85040"),
        "2026-10-01",
        "704-547-1596",
    )


@pytest.fixture
def server():
    with threaded_server() as srv:
        srv.expect_request("/fast").respond_with_json({"people": [person_json("F-1")]})

        def slow(_request: Request) -> Response:
            time.sleep(0.8)
            return Response(
                json.dumps({"people": [person_json("S-1")]}), content_type="application/json"
            )

        srv.expect_request("/slow").respond_with_handler(slow)
        srv.expect_request("/badkey").respond_with_json({"error": "invalid key"}, status=401)
        srv.expect_request("/quota").respond_with_json(
            {"error": "quota"}, status=429, headers={"Retry-After": "120"}
        )
        yield srv


@pytest.fixture
def http_window(qtbot, demo_ws, qsettings, server):
    for cid in IDS:
        manifest = REGISTRY.manifest(cid)
        for key, value in (
            ("url", server.url_for(f"/{cid}")),
            ("results_path", "people"),
            ("fields", json.dumps(FIELDS)),
            ("auth_header", "X-Key"),
            ("timeout", "5"),
        ):
            set_setting(demo_ws.engine, demo_ws.log, manifest, key, value)
        demo_ws.keys.set(secret_key(cid, "api_key"), "k-" + cid)
    window = MainWindow(demo_ws, backend=OrchestratorBackend(demo_ws, REGISTRY), settings=qsettings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.portfolio.model.rowCount() > 0)
    yield window
    window.controller.cancel()
    window.tasks.wait()


def request_for(ws, account_id="DEMO-10001"):
    with ws.engine.connect() as conn:
        debtor = load_debtor(conn, account_id, ws.cipher)
    return SearchRequest(
        debtor=debtor,
        purpose_codes=("fcra-604a3a",),
        justification="Mail returned; need a current address to write to.",
        subject=SubjectType.DEBTOR,
    )


def test_statuses_stream_from_loopback_connectors(http_window, qtbot, demo_ws):
    window = http_window
    window.open_account("DEMO-10001")
    statuses = window.research.statuses
    with qtbot.waitSignal(window.controller.search_finished, timeout=15000):
        window.controller.start(request_for(demo_ws))
        names = [statuses.data(statuses.index(r, 0)) for r in range(4)]
        assert names == ["Vendor badkey", "Vendor fast", "Vendor quota", "Vendor slow"]
        qtbot.waitUntil(lambda: statuses.report("fast").state == "ok", timeout=5000)
        assert statuses.report("slow").state == "running"
        qtbot.waitUntil(lambda: any(lead.kind == "phone" for lead in window.research.leads.leads))
    states = {cid: statuses.report(cid).state for cid in IDS}
    assert states == {"fast": "ok", "slow": "ok", "badkey": "auth_failed", "quota": "rate_limited"}
    assert "120" in statuses.report("quota").message
    assert statuses.data(statuses.index(0, 1)) == "auth failed"
    qtbot.waitUntil(lambda: not window.controller.ranking)
    merged = [lead for lead in window.research.leads.leads if lead.kind == "address"]
    assert any(set(lead.sources) == {"rest_json"} for lead in merged)
    completed = [e for e in demo_ws.log.entries() if e.event == SEARCH_COMPLETED][-1]
    assert completed.details["outcomes"]["quota"]["status"] == "rate_limited"


def test_cancel_stops_the_slow_connector(http_window, qtbot, demo_ws):
    window = http_window
    window.open_account("DEMO-10001")
    statuses = window.research.statuses
    window.controller.start(request_for(demo_ws))
    # while sources are still out, the lead area says so rather than "press Search"
    assert window.research.lead_empty.title.text() == "Searching…"
    qtbot.waitUntil(lambda: statuses.report("fast").state == "ok", timeout=5000)
    t0 = time.monotonic()
    with qtbot.waitSignal(window.controller.search_finished, timeout=5000) as done:
        window.research.cancel_button.click()
    assert time.monotonic() - t0 < 0.6  # did not wait for the slow source
    assert done.args[0].cancelled
    assert statuses.report("slow").state == "cancelled"


def test_stored_leads_come_back_with_verdicts_recorded_elsewhere(http_window, qtbot, demo_ws):
    window = http_window
    window.open_account("DEMO-10001")
    with qtbot.waitSignal(window.controller.search_finished, timeout=15000):
        window.controller.start(request_for(demo_ws))
    qtbot.waitUntil(lambda: not window.controller.ranking)
    phone = next(lead for lead in window.research.leads.leads if lead.kind == "phone")
    # another collector marks the number, through the core rather than this window
    record_disposition(
        demo_ws,
        Disposition("DEMO-10001", "phone", phone.value, DispositionKind.WRONG_PARTY, "maria"),
    )
    window.open_account("DEMO-10002")
    assert not window.research.leads.leads
    window.open_account("DEMO-10001")  # the stored search's leads, with today's verdicts
    qtbot.waitUntil(lambda: not window.controller.ranking and bool(window.research.leads.leads))
    again = next(lead for lead in window.research.leads.leads if lead.key == phone.key)
    assert again.disposition is DispositionKind.WRONG_PARTY
    assert again.score < phone.score
    assert window.account.worked.topLevelItem(0).text(2) == "maria"
    assert "Leads from the search of" in window.research.purpose_label.text()
