"""The team's member list: administrators enrol people; every change is logged."""

from __future__ import annotations

import json

import pytest

from skiptrace.gate.roles import (
    MAY_ADMINISTER,
    MAY_REVIEW,
    MAY_SEARCH,
    Role,
    RoleRefused,
    add_member,
    remove_member,
    require_role,
    role_of,
)
from skiptrace.model import Workstation
from skiptrace.searchlog.events import MEMBER_ADDED, MEMBER_CHANGED, MEMBER_REMOVED
from skiptrace.workspace.workspace import open_workspace
from tests.helpers.cli import run_cli


def as_user(workspace, user: str):  # type: ignore[no-untyped-def]
    return open_workspace(workspace.url, actor=Workstation(user, "desk", "0.1.0"))


def test_enrolled_members_get_their_role_and_strangers_none(workspace):
    add_member(workspace, "tester", Role.ADMINISTRATOR)
    add_member(workspace, "carla", Role.COLLECTOR, "Carla Diaz")
    add_member(workspace, "rui", Role.REVIEWER)
    assert require_role(workspace.engine, "carla", MAY_SEARCH, "search") is Role.COLLECTOR
    with pytest.raises(RoleRefused, match="carla"):
        require_role(workspace.engine, "carla", MAY_REVIEW, "review the search log")
    assert require_role(workspace.engine, "rui", MAY_REVIEW, "review") is Role.REVIEWER
    assert role_of(workspace.engine, "stranger") is None
    with as_user(workspace, "carla") as carla, pytest.raises(RoleRefused, match="manage the team"):
        add_member(carla, "carla", Role.ADMINISTRATOR)


def test_membership_changes_are_logged_with_the_change(workspace):
    add_member(workspace, "tester", Role.ADMINISTRATOR)
    add_member(workspace, "carla", Role.COLLECTOR)
    add_member(workspace, "carla", Role.REVIEWER)
    remove_member(workspace, "carla")
    events = [(e.event, dict(e.details)) for e in workspace.log.entries()][-4:]
    assert events == [
        (MEMBER_ADDED, {"member": "tester", "role": "administrator"}),
        (MEMBER_ADDED, {"member": "carla", "role": "collector"}),
        (MEMBER_CHANGED, {"member": "carla", "role": "reviewer", "was": "collector"}),
        (MEMBER_REMOVED, {"member": "carla", "role": "reviewer"}),
    ]
    assert all(e.user == "tester" for e in workspace.log.entries(2))
    assert workspace.log.verify().ok
    assert role_of(workspace.engine, "carla") is None


def test_a_team_always_keeps_an_administrator(workspace):
    with pytest.raises(RoleRefused, match="first member of a team must be an administrator"):
        add_member(workspace, "carla", Role.COLLECTOR)
    add_member(workspace, "tester", Role.ADMINISTRATOR)
    before = workspace.log.count()
    with pytest.raises(RoleRefused, match="last administrator"):
        add_member(workspace, "tester", Role.COLLECTOR)
    with pytest.raises(RoleRefused, match="last administrator"):
        remove_member(workspace, "tester")
    assert require_role(workspace.engine, "tester", MAY_ADMINISTER, "x") is Role.ADMINISTRATOR
    assert workspace.log.count() == before


@pytest.mark.parametrize("bad", ["", "two words", "x" * 129, "tab\there"])
def test_bad_user_names_are_refused(workspace, bad):
    with pytest.raises(ValueError, match="user name"):
        add_member(workspace, bad, Role.COLLECTOR)


def test_team_commands_on_a_single_user_workspace(workspace, capsys, monkeypatch):
    where = str(workspace.path)

    def cli(*args: str):  # type: ignore[no-untyped-def]
        return run_cli(capsys, monkeypatch, "--workspace", where, *args)

    empty = cli("team", "users")
    assert empty.code == 0 and "its sole user is its administrator" in empty.out
    assert cli("--user", "tester", "team", "add-user", "tester", "--role", "admin").code == 0
    assert cli("--user", "tester", "team", "add-user", "kim", "--role", "collector").code == 0
    bad = cli("--user", "tester", "team", "add-user", "kim", "--role", "boss")
    assert bad.code == 1 and "unknown role" in bad.err
    refused = cli("--user", "kim", "team", "remove-user", "tester")
    assert refused.code == 1 and "manage the team" in refused.err
    listing = json.loads(cli("team", "users", "--json").out)
    assert [(m["name"], m["role"]) for m in listing] == [
        ("kim", "collector"),
        ("tester", "administrator"),
    ]
    assert cli("--user", "tester", "team", "remove-user", "kim").code == 0
    gone = cli("--user", "tester", "team", "remove-user", "kim")
    assert gone.code == 1 and "not a member" in gone.err
