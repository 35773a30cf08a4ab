"""Keys live in the keychain; without one the app says so plainly; key files are opt-in."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from skiptrace.cli import main
from skiptrace.keychain import NoKeychain, keychain_available
from skiptrace.store.engine import to_url
from skiptrace.store.migrations import SCHEMA_VERSION, STEPS, WorkspaceTooNew
from skiptrace.workspace.workspace import create_workspace, open_workspace
from tests.helpers.workspaces import ACTOR


def test_no_keychain_refuses_to_create_a_workspace(tmp_path: Path, capsys):
    keyring.set_keyring(fail.Keyring())
    assert not keychain_available()
    with pytest.raises(NoKeychain, match="No secure keychain"):
        create_workspace(to_url(str(tmp_path / "w.sqlite")), actor=ACTOR)
    assert main(["--workspace", str(tmp_path / "w.sqlite"), "init"]) == 1
    assert "No secure keychain is available" in capsys.readouterr().err
    assert not list(tmp_path.glob("*.keys"))


def test_key_file_is_explicit_and_named_in_every_report(tmp_path: Path, capsys):
    keyring.set_keyring(fail.Keyring())
    ws = tmp_path / "w.sqlite"
    keys = tmp_path / "w.keys"
    assert main(["--workspace", str(ws), "--key-file", str(keys), "init"]) == 0
    assert keys.stat().st_mode & 0o077 == 0  # readable by its owner only
    assert main(["--workspace", str(ws), "log", "verify"]) == 0
    assert f"key file {keys}" in capsys.readouterr().out


def test_keys_are_in_the_keychain_not_the_database(workspace, memory_keyring):
    names = sorted(user.split(":")[1] for _, user in memory_keyring.secrets)
    assert names == ["log-key", "pii-key"]
    workspace.engine.dispose()
    blob = Path(workspace.path).read_bytes()
    for value in memory_keyring.secrets.values():
        assert value.encode() not in blob


def test_a_desktop_without_the_key_cannot_open_the_workspace(workspace, memory_keyring):
    memory_keyring.secrets.clear()
    with pytest.raises(Exception, match="not in the OS keychain"):
        open_workspace(workspace.url, actor=ACTOR)


def test_honours_python_keyring_backend(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    import keyring.core

    keyring.core.init_backend()
    assert not keychain_available()


def test_workspace_env_var_and_default_location(tmp_path: Path, monkeypatch, capsys):
    target = tmp_path / "env.sqlite"
    monkeypatch.setenv("SKIPTRACE_WORKSPACE", str(target))
    assert main(["init"]) == 0
    assert target.exists()
    monkeypatch.delenv("SKIPTRACE_WORKSPACE")
    assert main(["init"]) == 0  # default: the per-user data folder
    assert "skiptrace/workspace.sqlite" in capsys.readouterr().out


def test_workspace_made_by_a_newer_version_is_refused(workspace):
    workspace.engine.dispose()
    con = sqlite3.connect(workspace.path)
    con.execute(
        "UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),)
    )
    con.commit()
    con.close()
    with pytest.raises(WorkspaceTooNew, match="update skiptrace"):
        open_workspace(workspace.url, actor=ACTOR)


def test_older_workspace_is_migrated_step_by_step(workspace, monkeypatch):
    import skiptrace.store.migrations as migrations

    ran: list[int] = []

    def step(conn):  # type: ignore[no-untyped-def]
        conn.exec_driver_sql("CREATE TABLE IF NOT EXISTS future_notes (id INTEGER)")
        ran.append(SCHEMA_VERSION + 1)

    monkeypatch.setattr(migrations, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setitem(STEPS, SCHEMA_VERSION + 1, step)
    workspace.close()
    ws = open_workspace(workspace.url, actor=ACTOR)
    assert ran == [SCHEMA_VERSION + 1]
    assert ws.log.verify().ok  # the log survives a migration untouched
