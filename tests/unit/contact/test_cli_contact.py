"""``skiptrace-cli contact``: exit 0 allowed, 4 not allowed with reasons; --at; record; list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from skiptrace.cli import main
from skiptrace.model import Address, Phone
from skiptrace.searchlog.events import CONTACT_ATTEMPT, CONTACT_PROFILE
from skiptrace.store.accounts import save_debtors
from skiptrace.store.engine import to_url, write_connection
from skiptrace.workspace.workspace import open_workspace
from tests.helpers.cli import run_cli
from tests.helpers.workspaces import new_workspace, sample_debtor


@pytest.fixture
def ws_args(tmp_path: Path) -> list[str]:
    path = tmp_path / "ws.sqlite"
    ws = new_workspace(path)
    debtor = sample_debtor(
        "H-1",
        addresses=(Address("1 Ala Moana Blvd", "", "Honolulu", "HI", "96815"),),
        phones=(Phone("+18085550100"),),
    )
    with write_connection(ws.engine) as conn, conn.begin():
        save_debtors(conn, [debtor], ws.cipher, "test")
    ws.close()
    return ["--workspace", str(path), "--user", "carla"]


def test_check_exit_codes_and_reasons(ws_args, capsys, monkeypatch) -> None:
    early = run_cli(
        capsys,
        monkeypatch,
        *ws_args,
        "contact",
        "check",
        "H-1",
        "--phone",
        "808-555-0100",
        "--at",
        "2026-07-15T07:59:00-10:00",
    )
    assert early.code == 4
    assert "NOT ALLOWED" in early.out and "07:59 in Pacific/Honolulu is outside" in early.out
    assert "allowed from: 2026-07-15 18:00 UTC" in early.out
    ok = run_cli(
        capsys,
        monkeypatch,
        *ws_args,
        "contact",
        "check",
        "H-1",
        "--phone",
        "808-555-0100",
        "--at",
        "2026-07-15T08:00:00-10:00",
        "--json",
    )
    assert ok.code == 0
    data = json.loads(ok.out)
    assert data["allowed"] is True and data["zones"] == ["Pacific/Honolulu"]


def test_record_refuses_without_reason_then_records_with_one(ws_args, capsys, monkeypatch) -> None:
    late = (
        "contact",
        "record",
        "H-1",
        "--phone",
        "808-555-0100",
        "--outcome",
        "no-answer",
        "--at",
        "2026-07-15T21:30:00-10:00",
    )
    refused = run_cli(capsys, monkeypatch, *ws_args, *late)
    assert refused.code == 4 and "Nothing was recorded" in refused.err
    done = run_cli(capsys, monkeypatch, *ws_args, *late, "--reason", "consumer asked for 9:30pm")
    assert done.code == 0 and "against the check (reason logged)" in done.out
    listed = run_cli(capsys, monkeypatch, *ws_args, "contact", "list", "H-1", "--json")
    rows = json.loads(listed.out)
    assert [(r["outcome"], r["override_reason"]) for r in rows] == [
        ("no-answer", "consumer asked for 9:30pm")
    ]
    assert rows[0]["called_at"] == "2026-07-16T07:30:00+00:00"


def test_set_profile_and_script(ws_args, capsys, monkeypatch) -> None:
    bad = run_cli(capsys, monkeypatch, *ws_args, "contact", "set", "H-1", "--inconvenient", "later")
    assert bad.code == 1 and "nothing was changed" in bad.err
    assert main([*ws_args, "contact", "set", "H-1", "--inconvenient", "Mon-Fri 08:00-12:00"]) == 0
    check = run_cli(
        capsys,
        monkeypatch,
        *ws_args,
        "contact",
        "check",
        "H-1",
        "--phone",
        "808-555-0100",
        "--at",
        "2026-07-15T09:00:00-10:00",
    )
    assert check.code == 4 and "stated inconvenient time Mon-Fri 08:00-12:00" in check.out
    script = run_cli(capsys, monkeypatch, *ws_args, "contact", "script", "H-1")
    assert script.code == 0 and "my name is carla" in script.out
    assert "say or suggest that the consumer owes any debt" in script.out
    with open_workspace(to_url(ws_args[1])) as ws:
        events = [e.event for e in ws.log.entries()]
    assert events.count(CONTACT_PROFILE) == 1 and CONTACT_ATTEMPT not in events
