"""``accounts`` with a header, ``note add`` (a logged entry) and ``account --timeline``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from skiptrace.cli import main
from skiptrace.searchlog.events import ACCOUNT_NOTE
from skiptrace.store.engine import to_url
from skiptrace.workspace.workspace import open_workspace

JUSTIFICATION = "Mail returned undeliverable; need a current address for the validation notice."


@pytest.fixture
def demo(tmp_path: Path) -> list[str]:
    path = tmp_path / "demo.sqlite"
    assert main(["demo", "--workspace", str(path)]) == 0
    return ["--workspace", str(path)]


def test_accounts_prints_a_header_row(demo, capsys):
    capsys.readouterr()
    assert main([*demo, "accounts", "--limit", "3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["ACCOUNT", "NAME", "CITY,"]
    assert "STATUS" in lines[0] and "BALANCE" in lines[0] and "ASSIGNED TO" in lines[0]
    assert lines[1].startswith("DEMO-")  # then the accounts
    assert lines[-1] == "3 account(s)"


def test_note_add_is_a_logged_entry_shown_in_the_timeline(demo, capsys):
    text = "Called employer, left message with HR"
    assert main([*demo, "note", "add", "DEMO-10001", "--text", text]) == 0
    assert "logged as entry" in capsys.readouterr().out
    assert main([*demo, "search", "DEMO-10001", "--purpose", "fcra-604a3a",
                 "--justification", JUSTIFICATION, "--connector", "demo"]) == 0  # fmt: skip
    searched = capsys.readouterr().out
    assert "-> is the debtor (" in searched  # the verdicts the records-found view shows
    assert main([*demo, "account", "DEMO-10001", "--timeline"]) == 0
    out = capsys.readouterr().out
    assert "***-**-5992" in out and "549-13-5992" not in out  # masked
    lines = [line for line in out.splitlines() if line.startswith("  20")]
    kinds = [line.split()[3] for line in lines]
    assert kinds[:3] == ["note", "search", "search"]  # oldest first: the note, then the search
    assert f"Note: {text}" in lines[0]
    assert "Searched under fcra-604a3a" in lines[1] and JUSTIFICATION in lines[1]
    assert main([*demo, "account", "DEMO-10001", "--timeline", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["ssn"] == "***-**-5992"
    assert doc["timeline"][0]["event"] == ACCOUNT_NOTE
    assert doc["timeline"][0]["text"] == f"Note: {text}"
    ws = open_workspace(to_url(demo[1]))
    try:
        # the demo's seeded month has notes of its own, on other accounts
        notes = [e for e in ws.log.entries() if e.event == ACCOUNT_NOTE]
    finally:
        ws.close()
    mine = [(n.account_id, n.details["text"]) for n in notes if n.account_id == "DEMO-10001"]
    assert mine == [("DEMO-10001", text)]
    assert text not in [n.details["text"] for n in notes if n.account_id != "DEMO-10001"]


def test_empty_note_and_unknown_account_are_refused_and_log_nothing(demo, capsys):
    assert main([*demo, "note", "add", "DEMO-10001", "--text", "   "]) == 1
    assert "a note needs some text" in capsys.readouterr().err
    assert main([*demo, "note", "add", "NO-SUCH", "--text", "Called the number"]) == 1
    assert "no account 'NO-SUCH'" in capsys.readouterr().err
    ws = open_workspace(to_url(demo[1]))
    try:
        named = {"DEMO-10001", "NO-SUCH"}  # the seeded month's notes are on other accounts
        assert not [
            e for e in ws.log.entries() if e.event == ACCOUNT_NOTE and e.account_id in named
        ]  # fmt: skip
    finally:
        ws.close()
