"""A single user's SQLite workspace moves into the team database, log and all."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from skiptrace.gate.request import SearchRequest
from skiptrace.gate.roles import Role, role_of
from skiptrace.gate.search_entries import run_search
from skiptrace.model import Workstation
from skiptrace.searchlog.events import WORKSPACE_MIGRATED
from skiptrace.store.accounts import history, load_debtor, save_debtors
from skiptrace.store.engine import write_connection
from skiptrace.team.database import setup_database
from skiptrace.workspace.workspace import open_workspace
from tests.helpers.cli import run_cli
from tests.helpers.workspaces import new_workspace, sample_debtor

pytestmark = pytest.mark.postgres

WHY = "Account 90 days past due; mail returned, phone disconnected."


def _fill(ws) -> None:  # type: ignore[no-untyped-def]
    debtors = [sample_debtor("A-1"), sample_debtor("A-2", first_name="Dana", ssn="987654321")]
    with write_connection(ws.engine) as conn, conn.begin():
        save_debtors(conn, debtors, ws.cipher, source="first.csv")
    with write_connection(ws.engine) as conn, conn.begin():
        save_debtors(conn, [replace(debtors[0], employer="Beta Freight")], ws.cipher, "second.csv")
    run_search(ws.log, SearchRequest(debtors[0], ("fcra-604a3a",), WHY), [])


def _migrate(capsys, monkeypatch, user: str, source: Path, target: str):  # type: ignore[no-untyped-def]
    """``skiptrace-cli --user USER workspace migrate --from SOURCE --to TARGET``."""
    args = ["--user", user, "workspace", "migrate", "--from", str(source), "--to", target]
    return run_cli(capsys, monkeypatch, *args)


def test_migrate_moves_log_accounts_and_history_and_the_chain_verifies(
    tmp_path: Path, team_url: str, app_role: str, capsys, monkeypatch
) -> None:
    source_file = tmp_path / "mine.sqlite"
    source = new_workspace(source_file, user="sam")
    _fill(source)
    old_entries = list(source.log.entries())
    source.close()
    app_url = setup_database(team_url, app_role).app_url

    run = _migrate(capsys, monkeypatch, "sam", source_file, app_url)

    assert run.code == 0, run.err
    assert "chain intact" in run.out
    assert "accounts                  2 row(s)" in run.out
    with open_workspace(app_url, actor=Workstation("sam", "h", "0.1.0")) as team:
        moved = list(team.log.entries())
        assert moved[: len(old_entries)] == old_entries  # verbatim, hashes included
        assert moved[-1].event == WORKSPACE_MIGRATED
        assert moved[-1].details["entries"] == len(old_entries)
        assert moved[-1].prev_hash == old_entries[-1].hash
        assert team.log.verify().ok
        assert role_of(team.engine, "sam") is Role.ADMINISTRATOR
        with team.engine.connect() as conn:
            a2 = load_debtor(conn, "A-2", team.cipher)
            assert a2 is not None and a2.ssn == "987654321" and a2.dob is not None
            assert [h["source"] for h in history(conn, "A-1")] == ["second.csv"]
        # id sequences continue after the copied rows
        with write_connection(team.engine) as conn, conn.begin():
            save_debtors(
                conn, [sample_debtor("A-1", employer="Gamma Ltd")], team.cipher, "third.csv"
            )
        with team.engine.connect() as conn:
            assert [h["source"] for h in history(conn, "A-1")] == ["second.csv", "third.csv"]

    again = _migrate(capsys, monkeypatch, "sam", source_file, app_url)
    assert again.code == 1
    assert "already holds a workspace" in again.err


def test_only_the_administrator_may_move_a_workspace(
    tmp_path: Path, team_url: str, capsys, monkeypatch
) -> None:
    from skiptrace.gate.roles import add_member

    source_file = tmp_path / "mine.sqlite"
    with new_workspace(source_file, user="sam") as source:
        add_member(source, "sam", Role.ADMINISTRATOR)
        add_member(source, "kim", Role.COLLECTOR)
    run = _migrate(capsys, monkeypatch, "kim", source_file, team_url)
    assert run.code == 1
    assert "'kim' (collector) may not move this workspace" in run.err
