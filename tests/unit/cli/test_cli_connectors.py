"""``skiptrace-cli connectors`` and ``search``: what an administrator and a collector type."""

from __future__ import annotations

import io
import json

import pytest

from skiptrace.cli import main
from skiptrace.store.accounts import save_debtors
from tests.helpers.workspaces import sample_debtor

GOOD = "Mail returned undeliverable; need a current address"


@pytest.fixture
def ws_args(workspace):
    with workspace.engine.begin() as conn:
        save_debtors(conn, [sample_debtor()], workspace.cipher, "test")
    return ["--workspace", str(workspace.path)]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _search(capsys, ws_args, purpose: str, *extra: str) -> tuple[int, str, str]:
    """``search A-1`` under ``purpose`` with a good justification, plus ``extra`` options."""
    return run(capsys, *ws_args, "search", "A-1", "--purpose", purpose, "--justification", GOOD,
               *extra)  # fmt: skip


def test_list_shows_every_builtin_with_credentials_present_or_missing(ws_args, capsys):
    code, out, _ = run(capsys, *ws_args, "connectors", "list", "--json")
    assert code == 0
    rows = {r["id"]: r for r in json.loads(out)}
    assert {
        "demo",
        "census_geocoder",
        "phone_info",
        "courtlistener",
        "vendor_file",
        "rest_json",
        "workspace_history",
    } <= set(rows)
    assert rows["demo"]["enabled"] is True
    assert rows["courtlistener"]["credentials"] == {"token": False}


def test_set_validates_and_stores_a_setting(ws_args, capsys, workspace):
    code, out, _ = run(
        capsys,
        *ws_args,
        "connectors",
        "set",
        "census_geocoder",
        "base_url",
        "http://127.0.0.1:8080/",
    )
    assert code == 0 and "http://127.0.0.1:8080" in out
    code, _, err = run(capsys, *ws_args, "connectors", "set", "demo", "timeout", "soon")
    assert code == 2 and "number" in err
    code, _, err = run(capsys, *ws_args, "connectors", "set", "demo", "colour", "red")
    assert code == 2 and "known settings" in err
    code, out, _ = run(capsys, *ws_args, "connectors", "list", "--json")
    rows = {r["id"]: r for r in json.loads(out)}
    assert rows["census_geocoder"]["settings"]["base_url"] == "http://127.0.0.1:8080"
    assert workspace.log.verify().ok


def test_set_secret_reads_stdin_and_never_shows_the_value(ws_args, capsys, monkeypatch, workspace):
    monkeypatch.setattr("sys.stdin", io.StringIO("tok-12345-secret\n"))
    code, out, _ = run(capsys, *ws_args, "connectors", "set-secret", "courtlistener", "token")
    assert code == 0 and "tok-12345-secret" not in out
    code, out, _ = run(capsys, *ws_args, "connectors", "list", "--json")
    rows = {r["id"]: r for r in json.loads(out)}
    assert rows["courtlistener"]["credentials"] == {"token": True}
    assert "tok-12345-secret" not in out
    assert all("tok-12345-secret" not in e.details_json for e in workspace.log.entries())


def test_search_prints_each_outcome_and_logs_it(ws_args, capsys, workspace):
    code, out, _ = _search(
        capsys, ws_args, "fcra-604a3a", "--connector", "phone_info", "--connector", "courtlistener",
        "--json",
    )  # fmt: skip
    assert code == 0
    doc = json.loads(out)
    outcomes = {o["connector"]: o for o in doc["outcomes"]}
    assert outcomes["phone_info"]["status"] == "ok"
    assert outcomes["courtlistener"]["status"] == "skipped"  # disabled until configured
    assert doc["candidates"][0]["phones"][0]["number"] == "+16145550134"
    events = [e.event for e in workspace.log.entries()]
    assert events[-2:] == ["search.started", "search.completed"]
    assert "123456789" not in out and "1979-04-12" not in out


def test_a_refused_search_exits_non_zero_and_logs_nothing(ws_args, capsys, workspace):
    before = workspace.log.count()
    code, _, err = _search(capsys, ws_args, "dppa-2721b3", "--subject", "third-party")
    assert code == 1 and "does not cover" in err
    assert workspace.log.count() == before


def test_text_output_streams_outcome_lines(ws_args, capsys):
    code, out, _ = _search(capsys, ws_args, "fcra-604a3a", "--connector", "demo")
    assert code == 0
    assert "demo" in out and "candidate(s)" in out and "logged as entries" in out
