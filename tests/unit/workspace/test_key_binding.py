"""Keys belong to one workspace: another workspace's keys are refused before anything
is read or written, ``init`` never reuses them, and ``log verify`` says which it is."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from skiptrace.cli import main
from skiptrace.store.engine import to_url
from skiptrace.workspace.key_binding import FINGERPRINT, KeysMismatch
from skiptrace.workspace.workspace import open_workspace
from tests.helpers.workspaces import ACTOR


def _init(tmp_path: Path, name: str) -> tuple[Path, Path]:
    ws, keys = tmp_path / f"{name}.sqlite", tmp_path / f"{name}.keys"
    assert main(["--workspace", str(ws), "--key-file", str(keys), "init"]) == 0
    return ws, keys


def _log_rows(ws: Path) -> int:
    with sqlite3.connect(ws) as conn:
        return conn.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]


def _workspace_id(ws: Path) -> str:
    with sqlite3.connect(ws) as conn:
        return conn.execute("SELECT value FROM meta WHERE key='workspace_id'").fetchone()[0]


@pytest.fixture(autouse=True)
def no_keychain() -> None:
    keyring.set_keyring(fail.Keyring())


def test_another_workspaces_key_file_is_refused_and_nothing_is_written(tmp_path, capsys):
    a, a_keys = _init(tmp_path, "a")
    b, b_keys = _init(tmp_path, "b")
    portfolio = tmp_path / "p.csv"
    portfolio.write_text("account_id,first_name,last_name,ssn\nX-1,Ann,Lee,123-45-6789\n")
    before = _log_rows(a)
    capsys.readouterr()
    code = main(["--workspace", str(a), "--key-file", str(b_keys), "import", str(portfolio)])
    err = capsys.readouterr().err
    assert code == 1
    assert "does not belong to this workspace" in err
    assert f"workspace {_workspace_id(b)}" in err  # says whose keys they are
    assert _log_rows(a) == before
    with sqlite3.connect(a) as conn:
        assert conn.execute("SELECT COUNT(*) FROM accounts").fetchone()[0] == 0
    # with its own keys the workspace is whole
    assert main(["--workspace", str(a), "--key-file", str(a_keys), "log", "verify"]) == 0


def test_log_verify_with_a_wrong_key_says_so_and_cannot_check(tmp_path, capsys):
    a, _ = _init(tmp_path, "a")
    _, b_keys = _init(tmp_path, "b")
    capsys.readouterr()
    code = main(["--workspace", str(a), "--key-file", str(b_keys), "log", "verify"])
    err = capsys.readouterr().err
    assert code == 2
    assert "the key does not belong to this workspace" in err
    assert "altered" not in err


def test_keys_that_belong_to_no_workspace_are_refused(tmp_path, capsys):
    a, a_keys = _init(tmp_path, "a")
    stranger = tmp_path / "stranger.keys"
    data = json.loads(a_keys.read_text())
    data["log-key"], data["pii-key"] = data["pii-key"], data["log-key"]
    del data["workspace_id"]
    stranger.write_text(json.dumps(data))
    capsys.readouterr()
    assert main(["--workspace", str(a), "--key-file", str(stranger), "log", "verify"]) == 2
    assert "belong to no workspace" in capsys.readouterr().err


def test_init_never_reuses_another_workspaces_key_file(tmp_path, capsys):
    _, a_keys = _init(tmp_path, "a")
    held = a_keys.read_text()
    capsys.readouterr()
    code = main(["--workspace", str(tmp_path / "new.sqlite"), "--key-file", str(a_keys), "init"])
    assert code == 1
    assert "already holds the keys of workspace" in capsys.readouterr().err
    assert a_keys.read_text() == held
    assert not (tmp_path / "new.sqlite").exists() or _log_rows(tmp_path / "new.sqlite") == 0


def test_a_workspace_made_before_fingerprints_is_bound_on_first_open(tmp_path):
    a, a_keys = _init(tmp_path, "a")
    _, b_keys = _init(tmp_path, "b")
    with sqlite3.connect(a) as conn:
        conn.execute("DELETE FROM meta WHERE key = ?", (FINGERPRINT,))
    # the wrong keys do not verify the log's first entry: refused, and nothing recorded
    with pytest.raises(KeysMismatch):
        open_workspace(to_url(str(a)), actor=ACTOR, key_file=b_keys)
    with sqlite3.connect(a) as conn:
        assert conn.execute("SELECT value FROM meta WHERE key=?", (FINGERPRINT,)).fetchone() is None
    # its own keys do: the fingerprint is recorded and checked from then on
    open_workspace(to_url(str(a)), actor=ACTOR, key_file=a_keys).close()
    with sqlite3.connect(a) as conn:
        assert conn.execute("SELECT value FROM meta WHERE key=?", (FINGERPRINT,)).fetchone()
    with pytest.raises(KeysMismatch):
        open_workspace(to_url(str(a)), actor=ACTOR, key_file=b_keys)


@pytest.mark.parametrize(
    "content, says",
    [
        ("{not json", "not valid JSON (line 1, column 2)"),
        ('["a list"]', "holds no key names"),
        (b"\xff\xfe\x00bad", "it is not text"),
    ],
)
def test_a_bad_key_file_is_named_with_what_is_wrong(tmp_path, capsys, content, says):
    a, a_keys = _init(tmp_path, "a")
    if isinstance(content, bytes):
        a_keys.write_bytes(content)
    else:
        a_keys.write_text(content)
    capsys.readouterr()
    assert main(["--workspace", str(a), "--key-file", str(a_keys), "accounts"]) == 1
    err = capsys.readouterr().err
    assert str(a_keys) in err and says in err
    assert "unexpected" not in err


def test_a_key_file_that_is_a_folder_is_named(tmp_path, capsys):
    a, _ = _init(tmp_path, "a")
    folder = tmp_path / "keys-folder"
    folder.mkdir()
    capsys.readouterr()
    assert main(["--workspace", str(a), "--key-file", str(folder), "accounts"]) == 1
    assert f"the key file {folder} is a folder" in capsys.readouterr().err
