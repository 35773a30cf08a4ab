"""rest_json's API key, the whole path an administrator and a collector take, over real HTTP.

``connectors set`` configures the auth header, ``connectors set-secret`` stores the key
from standard input, ``search`` sends it: the loopback vendor receives the header with
the secret, and nothing is sent while the key is missing.
"""

from __future__ import annotations

import json

import pytest

from skiptrace.store.accounts import save_debtors
from tests.helpers.cli import run_cli
from tests.helpers.workspaces import sample_debtor

GOOD = "Mail returned undeliverable; need a current address"
SECRET = "vendor-k3y-8c1f"
FIELDS = {"record_id": "id", "first_name": "name.first", "last_name": "name.last"}
SEARCH = ("search", "A-1", "--purpose", "fcra-604a3a", "--justification", GOOD)
PEOPLE = {"data": {"people": [{"id": "P-9", "name": {"first": "Bob", "last": "Kowalski"}}]}}


@pytest.fixture
def cli(workspace, capsys, monkeypatch):
    with workspace.engine.begin() as conn:
        save_debtors(conn, [sample_debtor()], workspace.cipher, "test")

    def run(*args: str, stdin: str = ""):
        return run_cli(capsys, monkeypatch, "--workspace", str(workspace.path), *args, stdin=stdin)

    return run


@pytest.fixture
def vendor(loopback_http):
    loopback_http.clear()
    loopback_http.expect_request("/v2/people/Kowalski").respond_with_json(PEOPLE)
    yield loopback_http
    loopback_http.clear()


def configure(cli, vendor, auth_header: str) -> None:
    settings = {
        "enabled": "true",
        "url": vendor.url_for("/v2/people/{last_name}"),
        "results_path": "data.people",
        "fields": json.dumps(FIELDS),
        "auth_header": auth_header,
        "auth_prefix": "Key ",
    }
    for key, value in settings.items():
        result = cli("connectors", "set", "rest_json", key, value)
        assert result.code == 0, result.err


def search(cli) -> dict:
    result = cli(*SEARCH, "--connector", "rest_json", "--json")
    assert result.code == 0, result.err
    assert SECRET not in result.out + result.err
    (outcome,) = json.loads(result.out)["outcomes"]
    return outcome


def test_the_configured_key_is_sent_in_the_configured_header(cli, vendor):
    configure(cli, vendor, "X-Api-Key")
    listed = {r["id"]: r for r in json.loads(cli("connectors", "list", "--json").out)}
    assert listed["rest_json"]["credentials"] == {"api_key": False}

    missing = search(cli)
    assert missing["status"] == "auth_failed"
    assert "no 'api_key' credential" in missing["message"]
    assert vendor.log == [], "nothing is sent without the key"

    stored = cli("connectors", "set-secret", "rest_json", "api_key", stdin=f"{SECRET}\n")
    assert stored.code == 0 and SECRET not in stored.out
    assert "not a credential it declares" not in stored.out
    listed = {r["id"]: r for r in json.loads(cli("connectors", "list", "--json").out)}
    assert listed["rest_json"]["credentials"] == {"api_key": True}

    found = search(cli)
    assert found["status"] == "ok", found["message"]
    assert found["count"] == 1
    ((request, _),) = vendor.log
    assert request.headers["X-Api-Key"] == f"Key {SECRET}"


def test_without_an_auth_header_no_key_is_needed_or_sent(cli, vendor):
    configure(cli, vendor, "")
    found = search(cli)
    assert found["status"] == "ok", found["message"]
    ((request, _),) = vendor.log
    assert "X-Api-Key" not in request.headers and "Authorization" not in request.headers
