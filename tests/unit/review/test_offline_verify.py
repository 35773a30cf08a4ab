"""The stand-alone verifier agrees with ``log verify`` on intact and tampered exports."""

from __future__ import annotations

import ast
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from skiptrace import verify
from skiptrace.cli import main
from tests.helpers.loggen import bulk_append, search


@pytest.fixture
def ws_args(workspace, tmp_path: Path) -> list[str]:  # type: ignore[no-untyped-def]
    bulk_append(
        workspace,
        [
            search(f"2026-03-02T10:{m:02d}:00.000000Z", "alice", f"A-{m}", "Zoë Ünal")
            for m in range(30)
        ],
    )
    workspace.close()
    key = tmp_path / "log.key"
    args = ["--workspace", str(workspace.path), "--user", "tester"]
    assert main([*args, "log", "export-key", "--out", str(key)]) == 0
    return args


def _export(args: list[str], out: Path) -> None:
    assert main([*args, "log", "export", "--format", "jsonl", "--out", str(out)]) == 0


def _tamper(db: Path, sql: str) -> None:
    con = sqlite3.connect(db)
    con.execute("DROP TRIGGER audit_log_no_update")
    con.execute("DROP TRIGGER audit_log_no_delete")
    con.execute(sql)
    con.commit()
    con.close()


def _log_verify(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    code = main([*args, "log", "verify"])
    captured = capsys.readouterr()
    return code, (captured.out + captured.err).strip()


def _offline(export: Path, key: Path, *extra: str) -> tuple[int, str]:
    # run as an auditor would: the single file, outside the project, isolated mode
    run = subprocess.run(
        [sys.executable, "-I", str(export.parent / "verify.py"), str(export),
         "--key-file", str(key), *extra],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    return run.returncode, (run.stdout + run.stderr).strip()


@pytest.fixture(autouse=True)
def standalone_copy(tmp_path: Path) -> None:
    shutil.copy(verify.__file__, tmp_path / "verify.py")


def test_verifier_imports_only_the_standard_library() -> None:
    tree = ast.parse(Path(verify.__file__).read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    assert names <= set(sys.stdlib_module_names) | {"__future__"}


def test_intact_export_agrees(ws_args, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "log.jsonl"
    _export(ws_args, out)
    code, text = _log_verify(ws_args, capsys)
    off_code, off_text = _offline(out, tmp_path / "log.key")
    assert code == off_code == 0
    assert text.startswith("chain intact: 32 entries, head ")
    assert off_text.split(" (seq")[0] == text.split(" (seq")[0]


@pytest.mark.parametrize(
    ("sql", "bad"),
    [
        ("UPDATE audit_log SET justification = 'edited later' WHERE seq = 7", 7),
        ("UPDATE audit_log SET details = replace(details, 'Zoë', 'Zoe') WHERE seq = 12", 12),
        ("DELETE FROM audit_log WHERE seq = 20", 20),
        ("UPDATE audit_log SET seq = 1000 WHERE seq = 15", 15),
    ],
)
def test_tampered_export_agrees(ws_args, tmp_path, capsys, sql: str, bad: int) -> None:  # type: ignore[no-untyped-def]
    _tamper(Path(ws_args[1]), sql)
    out = tmp_path / "log.jsonl"
    _export(ws_args, out)
    code, text = _log_verify(ws_args, capsys)
    off_code, off_text = _offline(out, tmp_path / "log.key")
    assert code == off_code == 3
    assert f"chain broken at entry {bad}:" in text
    assert off_text.startswith(f"chain broken at entry {bad}:")
    # the same problem in the same words
    assert text.split(f"entry {bad}: ")[1].split(" (key")[0] in off_text


def test_edited_export_file_is_caught(ws_args, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "log.jsonl"
    _export(ws_args, out)
    lines = out.read_text(encoding="utf-8").splitlines()
    rec = json.loads(lines[9])
    rec["user"] = "mallory"
    lines[9] = json.dumps(rec)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, text = _offline(out, tmp_path / "log.key")
    assert code == 3 and text.startswith("chain broken at entry 10: entry 10 was altered")


def test_wrong_key_and_unreadable_input(ws_args, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "log.jsonl"
    _export(ws_args, out)
    other = tmp_path / "other.key"
    other.write_text("A" * 43 + "=\n")
    assert _offline(out, other)[0] == 3
    bad = tmp_path / "bad.key"
    bad.write_text("not a key")
    code, text = _offline(out, bad)
    assert code == 2 and "no base64 log key" in text


def test_filtered_export_checks_with_partial(ws_args, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "part.jsonl"
    assert main([*ws_args, "log", "export", "--account", "A-5", "--out", str(out)]) == 0
    assert _offline(out, tmp_path / "log.key")[0] == 3
    code, text = _offline(out, tmp_path / "log.key", "--partial")
    assert code == 0 and "partial export" in text


def test_key_export_is_logged_and_private(ws_args, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    key = tmp_path / "log.key"
    assert key.stat().st_mode & 0o077 == 0
    doc = json.loads(key.read_text())
    assert doc["format"] == "skiptrace-log-key" and len(verify.load_key(key)) == 32
    capsys.readouterr()
    assert main([*ws_args, "log", "review", "--event", "log.key_exported", "--json"]) == 0
    entries = json.loads(capsys.readouterr().out)["entries"]
    assert entries[0]["details"]["fingerprint"] == doc["fingerprint"]
    assert doc["key"] not in json.dumps(entries)
