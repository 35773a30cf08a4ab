"""A workspace that cannot be used says why in a sentence naming the path: a folder, a
file that is not a workspace, a damaged one, one locked by another process; and a
database failure never puts statement parameters (names, SSNs) in a log or message."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from skiptrace.applog import log_path
from skiptrace.cli import main
from skiptrace.store import engine as engine_module
from skiptrace.store.engine import WorkspaceBusy, to_url
from skiptrace.workspace.workspace import open_workspace
from tests.helpers.workspaces import ACTOR

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def no_keychain() -> None:
    keyring.set_keyring(fail.Keyring())


def _init(tmp_path: Path) -> tuple[Path, Path]:
    ws, keys = tmp_path / "w.sqlite", tmp_path / "w.keys"
    assert main(["--workspace", str(ws), "--key-file", str(keys), "init"]) == 0
    return ws, keys


@pytest.mark.parametrize(
    "make, says",
    [
        (lambda p: p.mkdir(), "is a folder, not a workspace file"),
        (lambda p: p.write_text("account_id,name\nA-1,x\n"), "is not a skiptrace workspace"),
        (lambda p: p.write_bytes(b"SQLite format 3\x00" + b"\x07" * 4000), "may be damaged"),
    ],
    ids=["folder", "not-sqlite", "damaged"],
)
def test_a_workspace_that_is_not_one_is_named(tmp_path, capsys, make, says):
    ws = tmp_path / "w.sqlite"
    make(ws)
    for command in (["accounts"], ["log", "verify"]):
        capsys.readouterr()
        code = main(["--workspace", str(ws), "--key-file", str(tmp_path / "k"), *command])
        err = capsys.readouterr().err
        assert str(ws) in err and says in err, err
        assert "unexpected" not in err
        assert code == (2 if command[0] == "log" else 1)  # verify: "cannot check"


def test_log_verify_on_a_database_damaged_under_the_log_cannot_check(tmp_path, capsys):
    ws, keys = _init(tmp_path)
    for i in range(300):  # enough pages that the log's own pages can be hit
        assert main(["--workspace", str(ws), "--key-file", str(keys), "connectors", "set",
                     "demo", "timeout", str(10 + i % 5)]) == 0  # fmt: skip
    raw = bytearray(ws.read_bytes())
    page = 4096
    for start in range(page * 3, len(raw) - page, page):  # keep the schema pages
        raw[start + 8 : start + 200] = b"\xee" * 192
    ws.write_bytes(bytes(raw))
    capsys.readouterr()
    code = main(["--workspace", str(ws), "--key-file", str(keys), "log", "verify"])
    err = capsys.readouterr().err
    assert code in (2, 3), err
    if code == 2:
        assert "cannot check the log" in err
    else:
        assert "entry" in err  # a damaged page read back as an altered entry
    assert "unexpected" not in err


def test_a_database_failure_keeps_statement_parameters_out_of_logs(tmp_path, capsys):
    ws, keys = _init(tmp_path)
    import sqlite3

    with sqlite3.connect(ws) as conn:  # a disk that fails on the next write to accounts
        conn.execute(
            "CREATE TRIGGER full BEFORE INSERT ON accounts "
            "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
        )
    portfolio = tmp_path / "p.csv"
    portfolio.write_text(
        "account_id,first_name,last_name,dob,ssn,address1,city,state,zip,phone\n"
        "Q-77,Zebulon,Quagmire,1961-03-04,219-09-9999,77 Larkspur Way,Dayton,OH,45402,"
        "937-555-0187\n"
    )
    capsys.readouterr()
    code = main(["--workspace", str(ws), "--key-file", str(keys), "import", str(portfolio)])
    captured = capsys.readouterr()
    assert code != 0
    logged = log_path().read_text(encoding="utf-8") if log_path().exists() else ""
    for shown in (captured.out, captured.err, logged):
        for pii in ("Zebulon", "Quagmire", "Larkspur", "219-09-9999", "219099999", "9999",
                    "1961", "937-555-0187", "9375550187"):  # fmt: skip
            assert pii not in shown, (pii, shown[-400:])


HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from skiptrace.model import Workstation
    from skiptrace.store.engine import to_url, write_connection
    from skiptrace.workspace.workspace import open_workspace
    ws = open_workspace(to_url(sys.argv[1]), actor=Workstation("alice", "h", "0"),
                        key_file=Path(sys.argv[2]))
    with write_connection(ws.engine) as conn, conn.begin():
        print("holding", flush=True)
        time.sleep(float(sys.argv[3]))
    """
)


def test_a_locked_workspace_says_whom_it_waits_for_and_gives_up(tmp_path, monkeypatch, caplog):
    ws, keys = _init(tmp_path)
    monkeypatch.setattr(engine_module, "LOCK_WAIT_SECONDS", 2.0)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(ws), str(keys), "20"],
        stdout=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        opened = open_workspace(to_url(str(ws)), actor=ACTOR, key_file=keys)
        started = time.monotonic()
        with (
            caplog.at_level("WARNING", logger="skiptrace.wait"),
            pytest.raises(WorkspaceBusy) as refused,
        ):
            opened.log.append("test.event")
        waited = time.monotonic() - started
        opened.close()
    finally:
        holder.kill()
        holder.wait()
    assert 1.5 < waited < 10
    message = str(refused.value)
    assert "alice's python" in message or "alice's" in message
    assert f"pid {holder.pid}" in message
    assert "Nothing was written" in message
    assert any("waiting up to" in r.getMessage() and "alice" in r.getMessage()
               for r in caplog.records)  # fmt: skip
