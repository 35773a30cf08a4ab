"""Control characters in stored values never reach a reviewer's terminal raw, whichever
command prints them, while the search log keeps exactly what was given."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from skiptrace.cli import main
from skiptrace.cli.terminal import shown
from skiptrace.model import Debtor
from skiptrace.store.accounts import save_debtors
from skiptrace.store.engine import to_url, write_connection
from skiptrace.workspace.workspace import open_workspace
from tests.helpers.workspaces import ACTOR

ESC_CLEAR = "\x1b[2J\x1b[H"
HIDDEN = "ok\rfine"
BIDI = "\u202eevil"
RAW = ("\x1b", "\r", "\u202e", "\x9b")


@pytest.fixture
def ws_args(tmp_path: Path) -> list[str]:
    path = tmp_path / "demo.sqlite"
    assert main(["demo", "--workspace", str(path)]) == 0
    keys = path.with_name(path.name + ".keys")
    ws = open_workspace(to_url(str(path)), actor=ACTOR, key_file=keys)
    with write_connection(ws.engine) as conn, conn.begin():
        save_debtors(
            conn,
            [Debtor(account_id=f"X-{ESC_CLEAR}1", first_name=HIDDEN, last_name=f"Lee{BIDI}\x9b")],
            ws.cipher,
            "test",
        )
    ws.close()
    return ["--workspace", str(path)]


def _assert_escaped(text: str) -> None:
    for raw in RAW:
        assert raw not in text
    assert "\\u001b[2J" in text


def test_accounts_shows_escapes_not_control_characters(ws_args, capsys):
    capsys.readouterr()
    assert main([*ws_args, "accounts", "--query", "X-"]) == 0
    out = capsys.readouterr().out
    _assert_escaped(out)
    assert "ok\\u000dfine" in out and "\\u202eevil" in out


def test_json_output_stays_valid_json_with_the_same_values(ws_args, capsys):
    capsys.readouterr()
    assert main([*ws_args, "accounts", "--query", "X-", "--json"]) == 0
    out = capsys.readouterr().out
    for raw in RAW:
        assert raw not in out
    rows = json.loads(out)
    assert rows[0]["account_id"] == f"X-{ESC_CLEAR}1"  # the value itself is unchanged


def test_search_and_log_review_escape_the_justification_the_log_keeps_it(ws_args, capsys, tmp_path):
    justification = f"Mail returned undeliverable on the account {ESC_CLEAR}; new address needed"
    args = [*ws_args, "search", "DEMO-10001", "--purpose", "fcra-604a3a",
            "--justification", justification]  # fmt: skip
    capsys.readouterr()
    assert main(args) == 0
    searched = capsys.readouterr()
    for raw in RAW:
        assert raw not in searched.out + searched.err
    assert main([*ws_args, "log", "review", "--account", "DEMO-10001"]) == 0
    _assert_escaped(capsys.readouterr().out)
    export = tmp_path / "log.jsonl"
    assert main([*ws_args, "log", "export", "--format", "jsonl", "--out", str(export)]) == 0
    stored = [json.loads(line) for line in export.read_text().splitlines() if line]
    assert any(e.get("justification") == justification for e in stored)


def test_shown_escapes_every_c0_c1_and_bidi_control_but_newline_and_tab():
    for code in [*range(0x20), 0x7F, *range(0x80, 0xA0), 0x202E, 0x2066]:
        ch = chr(code)
        if ch in "\n\t":
            assert shown(ch) == ch
        else:
            assert shown(ch) == f"\\u{code:04x}"
    assert shown("Kowalski, Robert — Columbus OH") == "Kowalski, Robert — Columbus OH"
