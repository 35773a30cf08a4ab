"""An administrator sets up a team; another desktop joins with the key bundle."""

from __future__ import annotations

import json
from pathlib import Path

import keyring
import pytest

from skiptrace.keychain import SERVICE
from tests.helpers import pg
from tests.helpers.cli import run_cli
from tests.helpers.memkeyring import MemoryKeyring

pytestmark = pytest.mark.postgres

PASS = "a long team passphrase"


@pytest.fixture
def fast_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    """Bundles sealed in tests use the cheapest cost the reader accepts."""
    import skiptrace.team.keybundle as kb

    monkeypatch.setattr(kb, "SCRYPT_N", 2**14)


def _init_with_bundle(cli, url: str, user: str, bundle: Path):  # type: ignore[no-untyped-def]
    """``team init`` at ``url`` as ``user``, writing a key bundle sealed with ``PASS``."""
    args = ["--workspace", url, "--user", user, "team", "init", "--bundle", str(bundle)]
    return cli(*args, "--passphrase-stdin", stdin=PASS + "\n")


def _join(cli, options: list[str], bundle: str, stdin: str):  # type: ignore[no-untyped-def]
    """``team join --bundle BUNDLE --passphrase-stdin`` after the global ``options``."""
    return cli(*options, "team", "join", "--bundle", bundle, "--passphrase-stdin", stdin=stdin)


def test_setup_init_join_and_roles_end_to_end(
    team_url, app_role, tmp_path: Path, capsys, monkeypatch, memory_keyring, fast_scrypt
) -> None:
    def cli(*args: str, stdin: str = ""):  # type: ignore[no-untyped-def]
        return run_cli(capsys, monkeypatch, *args, stdin=stdin)

    setup = cli("team", "setup-db", "--admin-url", team_url, "--app-role", app_role)
    assert setup.code == 0, setup.err
    app_url = setup.out.split("team database ready: ")[1].split()[0]
    assert app_url.startswith(f"postgresql://{app_role}@") and ":" not in app_url.split("@")[0][13:]
    assert "password" not in setup.out.split("\n")[0]
    bundle = tmp_path / "team-keys.json"
    init = _init_with_bundle(cli, app_url, "dana", bundle)
    assert init.code == 0, init.err
    assert "dana is its administrator" in init.out
    sealed = bundle.read_text()
    assert all(v not in sealed for v in memory_keyring.secrets.values())
    assert oct(bundle.stat().st_mode & 0o777) == "0o600"

    # a second desktop: its own, empty keychain
    keyring.set_keyring(MemoryKeyring())
    refused = cli("--workspace", app_url, "--user", "carla", "accounts")
    assert refused.code == 1 and "team join" in refused.err
    wrong = _join(cli, ["--user", "carla"], str(bundle), "not the passphrase\n")
    assert wrong.code == 1 and "wrong passphrase" in wrong.err
    joined = _join(cli, ["--user", "carla"], "-", PASS + "\n" + sealed)
    assert joined.code == 0, joined.err
    assert "carla is not a member yet" in joined.out
    stored = keyring.get_keyring()
    assert isinstance(stored, MemoryKeyring)
    assert any(k[1].startswith("db:") for k in stored.secrets), "DB password joined too"
    assert cli("--workspace", app_url, "--user", "carla", "log", "verify").code == 0
    denied = cli(
        "--workspace",
        app_url,
        "--user",
        "carla",
        "team",
        "add-user",
        "carla",
        "--role",
        "administrator",
    )
    assert denied.code == 1 and "(no role in this workspace) may not manage the team" in denied.err

    added = cli(
        "--workspace",
        app_url,
        "--user",
        "dana",
        "team",
        "add-user",
        "carla",
        "--role",
        "collector",
        "--display-name",
        "Carla Diaz",
    )
    assert added.code == 0, added.err
    listing = cli("--workspace", app_url, "team", "users", "--json")
    assert [(m["name"], m["role"]) for m in json.loads(listing.out)] == [
        ("carla", "collector"),
        ("dana", "administrator"),
    ]
    still = cli(
        "--workspace", app_url, "--user", "carla", "team", "add-user", "eve", "--role", "reviewer"
    )
    assert still.code == 1 and "'carla' (collector) may not manage the team" in still.err
    assert SERVICE == "skiptrace"


def test_a_bundle_of_another_team_is_refused(
    team_url, tmp_path: Path, capsys, monkeypatch, fast_scrypt
) -> None:
    def cli(*args: str, stdin: str = ""):  # type: ignore[no-untyped-def]
        return run_cli(capsys, monkeypatch, *args, stdin=stdin)

    assert cli("--workspace", team_url, "--user", "dana", "team", "init").code == 0
    with pg.fresh_database() as other_db:
        other_url = pg.url_for(other_db)
        other_bundle = tmp_path / "other.json"
        made = _init_with_bundle(cli, other_url, "olga", other_bundle)
        assert made.code == 0, made.err
        keyring.set_keyring(MemoryKeyring())
        run = _join(cli, ["--workspace", team_url], str(other_bundle), PASS + "\n")
    assert run.code == 1
    assert "belongs to another team workspace" in run.err


def _setup_db(capsys, monkeypatch, admin_url: str, role: str, *extra: str):  # type: ignore[no-untyped-def]
    """``team setup-db --admin-url ADMIN_URL --app-role ROLE`` plus ``extra`` options."""
    args = ["team", "setup-db", "--admin-url", admin_url, "--app-role", role, *extra]
    return run_cli(capsys, monkeypatch, *args)


def test_setup_db_as_an_ordinary_role_says_what_is_missing(
    team_url, app_role, capsys, monkeypatch
) -> None:
    assert _setup_db(capsys, monkeypatch, team_url, app_role).code == 0
    app_url = pg.url_for(sa_db(team_url), user=app_role)
    run = _setup_db(capsys, monkeypatch, app_url, app_role + "_x")
    assert run.code == 1
    assert "database owner or a superuser" in run.err


def sa_db(url: str) -> str:
    import sqlalchemy as sa

    return sa.engine.make_url(url).database or ""


def test_setup_db_creates_a_missing_database(app_role, capsys, monkeypatch) -> None:
    import secrets

    name = f"skiptrace_test_{secrets.token_hex(6)}"
    try:
        run = _setup_db(capsys, monkeypatch, pg.url_for(name), app_role, "--show-password")
        assert run.code == 0, run.err
        assert f"password for {app_role} (shown once" in run.out
        assert pg.run_admin("SELECT 1 FROM pg_database WHERE datname = :n", n=name)
    finally:
        if pg.run_admin("SELECT 1 FROM pg_database WHERE datname = :n", n=name):
            pg.drop_role(app_role, name)
            pg.run_admin(f'DROP DATABASE "{name}" WITH (FORCE)')
