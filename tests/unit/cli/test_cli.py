"""The command line: exit codes, one-line reasons, JSON output."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest

from skiptrace.cli import build_parser, main


@pytest.fixture
def demo(tmp_path: Path) -> list[str]:
    path = tmp_path / "demo.sqlite"
    assert main(["demo", "--workspace", str(path)]) == 0
    return ["--workspace", str(path)]


def test_every_command_has_help(capsys):
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name in sub.choices:  # type: ignore[union-attr]
        with pytest.raises(SystemExit) as exit_:
            main([name, "--help"])
        assert exit_.value.code == 0
    assert "usage:" in capsys.readouterr().out


def test_demo_is_idempotent_and_has_hundreds_of_accounts(demo, capsys):
    assert main(["demo", "--workspace", demo[1]]) == 0
    assert "already exists" in capsys.readouterr().out
    assert main([*demo, "accounts", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) >= 200
    assert {"account_id", "name", "status", "ssn_last4"} <= set(rows[0])
    assert not any(len(str(r.get("ssn_last4", ""))) > 4 for r in rows)


def test_accounts_query(demo, capsys):
    assert main([*demo, "accounts", "--query", "DEMO-10001"]) == 0
    out = capsys.readouterr().out
    assert "DEMO-10001" in out and out.strip().endswith("1 account(s)")


def test_purposes_json_lists_the_public_codes(capsys):
    assert main(["purposes", "--json"]) == 0
    ids = {p["id"] for p in json.loads(capsys.readouterr().out)}
    assert {
        "fcra-604a3a",
        "glba-6802e1",
        "glba-6802e3b",
        "glba-6802e8",
        "dppa-2721b3",
        "dppa-2721b4",
        "dppa-2721b8",
    } <= ids


def test_log_verify_and_export(demo, tmp_path, capsys):
    out = tmp_path / "log.csv"
    assert main([*demo, "log", "export", "--format", "csv", "--out", str(out)]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    # the workspace, its portfolio, then the demo's seeded month of work to review
    assert [r["event"] for r in rows[:2]] == ["workspace.created", "portfolio.imported"]
    assert {"search.started", "search.completed", "review.signoff"} <= {r["event"] for r in rows}
    capsys.readouterr()
    assert main([*demo, "log", "verify"]) == 0
    assert capsys.readouterr().out.startswith(f"chain intact: {len(rows)} entries, head ")
    jl = tmp_path / "log.jsonl"
    assert main([*demo, "log", "export", "--out", str(jl)]) == 0
    seqs = [json.loads(line)["seq"] for line in jl.read_text().splitlines()]
    assert seqs == list(range(1, len(rows) + 1))


def test_log_verify_fails_with_a_reason_on_tampering(demo, capsys):
    con = sqlite3.connect(demo[1])
    con.execute("DROP TRIGGER audit_log_no_update")
    con.execute("UPDATE audit_log SET user_name = 'someone' WHERE seq = 2")
    con.commit()
    con.close()
    assert main([*demo, "log", "verify"]) == 3
    err = capsys.readouterr().err
    assert err.startswith("skiptrace-cli: chain broken at entry 2: entry 2 was altered")
    assert len(err.strip().splitlines()) == 1


def test_missing_workspace_is_a_one_line_reason(tmp_path, capsys):
    assert main(["--workspace", str(tmp_path / "none.sqlite"), "accounts"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("skiptrace-cli: no workspace at ") and "\n" not in err


def test_import_of_a_missing_file(demo, tmp_path, capsys):
    assert main([*demo, "import", str(tmp_path / "nope.csv")]) == 1
    assert "no such file" in capsys.readouterr().err
