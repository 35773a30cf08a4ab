"""Roles are enforced by the core: collector < reviewer < administrator."""

from __future__ import annotations

import pytest

from skiptrace.model import Workstation
from skiptrace.roles import (
    MEMBER_ADDED,
    MEMBER_CHANGED,
    MEMBER_REMOVED,
    Role,
    RoleRefused,
    add_member,
    parse_role,
    remove_member,
    require_role,
    role_of,
)
from skiptrace.workspace import open_workspace


def as_user(workspace, user: str):  # type: ignore[no-untyped-def]
    return open_workspace(workspace.url, actor=Workstation(user, "desk", "0.1.0"))


def test_the_sole_user_of_a_workspace_without_members_is_its_administrator(workspace):
    assert role_of(workspace) is Role.ADMINISTRATOR
    assert require_role(workspace, Role.REVIEWER) is Role.ADMINISTRATOR
    with as_user(workspace, "anyone") as other:
        assert require_role(other, Role.ADMINISTRATOR) is Role.ADMINISTRATOR


def test_members_get_what_their_role_allows_and_no_more(workspace):
    add_member(workspace, "tester", Role.ADMINISTRATOR)
    add_member(workspace, "carla", Role.COLLECTOR, "Carla Diaz")
    add_member(workspace, "rui", Role.REVIEWER)
    with as_user(workspace, "carla") as carla:
        assert require_role(carla, Role.COLLECTOR) is Role.COLLECTOR
        with pytest.raises(RoleRefused, match="carla is a collector; it takes a reviewer"):
            require_role(carla, Role.REVIEWER, "sign off searches")
        with pytest.raises(RoleRefused, match="administrator"):
            add_member(carla, "carla", Role.ADMINISTRATOR)
    with as_user(workspace, "rui") as rui:
        assert require_role(rui, Role.REVIEWER) is Role.REVIEWER
        with pytest.raises(RoleRefused):
            require_role(rui, Role.ADMINISTRATOR)
    with (
        as_user(workspace, "stranger") as stranger,
        pytest.raises(RoleRefused, match=r"stranger is not a member.*team add-user stranger"),
    ):
        require_role(stranger, Role.COLLECTOR)


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
    assert role_of(workspace, "carla") is None


def test_a_team_always_keeps_an_administrator(workspace):
    with pytest.raises(RoleRefused, match="first member of a team must be an administrator"):
        add_member(workspace, "carla", Role.COLLECTOR)
    add_member(workspace, "tester", Role.ADMINISTRATOR)
    with pytest.raises(RoleRefused, match="last administrator"):
        add_member(workspace, "tester", Role.COLLECTOR)
    with pytest.raises(RoleRefused, match="last administrator"):
        remove_member(workspace, "tester")
    before = workspace.log.count()
    assert role_of(workspace) is Role.ADMINISTRATOR
    assert workspace.log.count() == before


@pytest.mark.parametrize("bad", ["", "two words", "x" * 129, "tab\there"])
def test_bad_user_names_are_refused(workspace, bad):
    with pytest.raises(ValueError, match="user name"):
        add_member(workspace, bad, Role.COLLECTOR)


def test_roles_parse_by_name():
    assert parse_role(" Reviewer ") is Role.REVIEWER
    with pytest.raises(ValueError, match="collector, reviewer, administrator"):
        parse_role("boss")


def test_a_collector_cannot_export_the_search_log(workspace, tmp_path, capsys, monkeypatch):
    from tests.helpers.cli import run_cli

    add_member(workspace, "tester", Role.ADMINISTRATOR)
    add_member(workspace, "carla", Role.COLLECTOR)
    out = tmp_path / "log.jsonl"
    where = str(workspace.path)
    run = run_cli(
        capsys,
        monkeypatch,
        "--workspace",
        where,
        "--user",
        "carla",
        "log",
        "export",
        "--out",
        str(out),
    )
    assert run.code == 1
    assert "carla is a collector; it takes a reviewer or above to export the search log" in run.err
    assert not out.exists()
    ok = run_cli(
        capsys,
        monkeypatch,
        "--workspace",
        where,
        "--user",
        "tester",
        "log",
        "export",
        "--out",
        str(out),
    )
    assert ok.code == 0 and out.exists()
