"""The database itself keeps the team log append-only; tampering shows in `log verify`."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from skiptrace.model import Workstation
from skiptrace.team.database import init_team, setup_database
from skiptrace.workspace.workspace import open_workspace
from tests.helpers import pg
from tests.helpers.cli import run_cli

pytestmark = pytest.mark.postgres

ADMIN = Workstation("dana", "admin-desk", "0.1.0")


def _raw(url: str, sql: str) -> None:
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(sql)
    finally:
        engine.dispose()


@pytest.fixture
def team(team_db: str, team_url: str, app_role: str):  # type: ignore[no-untyped-def]
    """A team database prepared by setup-db, with a workspace holding a few entries."""
    setup = setup_database(team_url, app_role)
    ws = init_team(setup.app_url, ADMIN)
    for n in range(5):
        ws.log.append("test.entry", details={"n": n})
    yield setup.app_url
    ws.close()


def test_a_workspace_lives_in_postgresql_and_reopens(pg_workspace, team_url) -> None:
    pg_workspace.log.append("test.entry", justification="ssn 123-45-6789 on file")
    with open_workspace(team_url, actor=ADMIN) as again:
        assert again.workspace_id == pg_workspace.workspace_id
        assert again.log.count() == 2
        assert again.log.get(2).justification == "ssn ***-**-6789 on file"
        assert again.log.verify().ok


@pytest.mark.parametrize(
    ("sql", "says"),
    [
        ("UPDATE audit_log SET justification = 'edited' WHERE seq = 1", "cannot be changed"),
        ("DELETE FROM audit_log WHERE seq = 1", "cannot be deleted"),
        ("TRUNCATE audit_log", "cannot be truncated"),
    ],
)
def test_triggers_refuse_changes_even_to_the_tables_owner(pg_workspace, team_url, sql, says):
    with pytest.raises(sa.exc.DBAPIError, match=says):
        _raw(team_url, sql)
    assert pg_workspace.log.verify().ok


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_log SET justification = 'edited' WHERE seq = 2",
        "DELETE FROM audit_log WHERE seq = 2",
        "TRUNCATE audit_log",
        "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only",
        "DROP TRIGGER audit_log_append_only ON audit_log",
        "INSERT INTO log_head (id, seq, hash) VALUES (2, 0, '')",
        "UPDATE meta SET value = 'x' WHERE key = 'workspace_id'",
    ],
)
def test_the_application_role_cannot_change_the_log(team, sql) -> None:
    with pytest.raises(sa.exc.ProgrammingError, match=r"permission denied|must be owner"):
        _raw(team, sql)
    with open_workspace(team, actor=ADMIN) as ws:
        assert ws.log.verify().ok


def test_the_application_role_can_do_its_work(team, app_role) -> None:
    config = pg.run_admin("SELECT rolconfig FROM pg_roles WHERE rolname = :r", r=app_role)
    assert "idle_in_transaction_session_timeout=60s" in config[0][0]
    with open_workspace(team, actor=ADMIN) as ws:
        entry = ws.log.append("test.entry", details={"more": True})
        assert entry.seq == ws.log.count()
        assert ws.log.verify().ok


@pytest.mark.parametrize(
    ("tamper", "says"),
    [
        (
            "UPDATE audit_log SET justification = 'nothing to see' WHERE seq = 3",
            "entry 3 was altered",
        ),
        ("DELETE FROM audit_log WHERE seq = 4", "entry 4 is missing"),
        ("DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)", "missing"),
    ],
)
def test_a_superuser_can_tamper_but_log_verify_names_the_entry(
    team, team_url, capsys, monkeypatch, tamper, says
) -> None:
    assert (
        run_cli(capsys, monkeypatch, "--workspace", team, "--user", "dana", "log", "verify").code
        == 0
    )
    _raw(
        team_url,
        "ALTER TABLE audit_log DISABLE TRIGGER USER; "
        f"{tamper}; ALTER TABLE audit_log ENABLE TRIGGER USER",
    )
    run = run_cli(capsys, monkeypatch, "--workspace", team, "--user", "dana", "log", "verify")
    assert run.code == 3
    assert says in run.err


def test_a_schema_upgrade_the_app_role_may_not_make_says_who_can(
    team, team_url, monkeypatch
) -> None:
    from skiptrace.store import migrations
    from skiptrace.workspace.workspace import UpgradeNeedsOwner

    later = migrations.SCHEMA_VERSION + 1
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", later)
    monkeypatch.setitem(
        migrations.STEPS, later, lambda conn: conn.exec_driver_sql("CREATE TABLE later (id int)")
    )
    with pytest.raises(UpgradeNeedsOwner, match="team setup-db"):
        open_workspace(team, actor=ADMIN)
    with open_workspace(team_url, actor=ADMIN) as upgraded:  # the owner may
        assert upgraded.log.verify().ok
