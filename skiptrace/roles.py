"""Who may do what: collector, reviewer, administrator, kept in the workspace database.

The core checks roles itself (``require_role``) before work a role does not allow, so a
button hidden in the UI is a courtesy, never the only guard. Roles rank: a reviewer may
do what a collector may, an administrator what a reviewer may.

Who the user is comes from the workspace's actor (``--user`` or the OS login name);
authentication is the OS login plus the database credentials of the desktop. A
workspace with no members yet (every single-user SQLite workspace) has one user, and
that user is its administrator.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

import sqlalchemy as sa

from skiptrace.audit import utc_now
from skiptrace.store import schema
from skiptrace.store.engine import write_connection
from skiptrace.workspace import Workspace

MEMBER_ADDED = "team.member_added"
MEMBER_CHANGED = "team.member_changed"
MEMBER_REMOVED = "team.member_removed"

_NAME = re.compile(r"^[^\s\x00-\x1f\x7f]{1,128}$")


class Role(enum.Enum):
    """A person's role on the team, lowest first."""

    COLLECTOR = "collector"
    REVIEWER = "reviewer"
    ADMINISTRATOR = "administrator"

    @property
    def rank(self) -> int:
        """Position in the order collector < reviewer < administrator."""
        return list(Role).index(self)

    def allows(self, needed: Role) -> bool:
        """Whether this role may do what ``needed`` may."""
        return self.rank >= needed.rank


class RoleRefused(PermissionError):
    """The user's role does not allow what was asked (or the user is not on the team)."""


@dataclass(frozen=True, slots=True)
class TeamMember:
    """One row of the team's member list."""

    name: str
    role: Role
    display_name: str
    created_at: str


def parse_role(text: str) -> Role:
    """A role from its name (``collector``, ``reviewer``, ``administrator``)."""
    try:
        return Role(text.strip().lower())
    except ValueError:
        names = ", ".join(r.value for r in Role)
        raise ValueError(f"unknown role {text!r}; choose one of {names}") from None


def members(conn: sa.Connection) -> list[TeamMember]:
    """Everyone on the team, by name."""
    U = schema.users
    rows = conn.execute(sa.select(U).order_by(U.c.name))
    return [TeamMember(r.name, Role(r.role), r.display_name, r.created_at) for r in rows]


def _role_in(conn: sa.Connection, user: str) -> Role | None:
    U = schema.users
    if conn.execute(sa.select(sa.func.count()).select_from(U)).scalar_one() == 0:
        return Role.ADMINISTRATOR  # nobody enrolled yet: the sole user runs the workspace
    row = conn.execute(sa.select(U.c.role).where(U.c.name == user)).first()
    return Role(row[0]) if row else None


def role_of(workspace: Workspace, user: str | None = None) -> Role | None:
    """The role of ``user`` (default: the workspace's actor); None when not on the team."""
    with workspace.engine.connect() as conn:
        return _role_in(conn, user or workspace.actor.user)


def require_role(workspace: Workspace, needed: Role, action: str = "") -> Role:
    """The actor's role if it allows ``needed``; else ``RoleRefused`` saying who may."""
    who = workspace.actor.user
    role = role_of(workspace, who)
    doing = f" to {action}" if action else ""
    if role is None:
        raise RoleRefused(
            f"{who} is not a member of this team{doing}; an administrator adds members "
            f"with 'skiptrace-cli team add-user {who} --role collector'"
        )
    if not role.allows(needed):
        raise RoleRefused(f"{who} is a {role.value}; it takes a {needed.value} or above{doing}")
    return role


def _administrators(conn: sa.Connection) -> int:
    U = schema.users
    return int(
        conn.execute(
            sa.select(sa.func.count()).select_from(U).where(U.c.role == Role.ADMINISTRATOR.value)
        ).scalar_one()
    )


def add_member(workspace: Workspace, name: str, role: Role, display_name: str = "") -> TeamMember:
    """Enrol ``name`` with ``role``, or change the role of a member (administrators only).

    The change and its search-log entry commit together. The first member added to a
    workspace without members must be an administrator, and the last administrator
    cannot be demoted, so a team always has someone who can manage it.
    """
    name = name.strip()
    if not _NAME.match(name):
        raise ValueError("a user name is 1 to 128 characters with no spaces")
    require_role(workspace, Role.ADMINISTRATOR, "manage the team")
    U = schema.users
    with write_connection(workspace.engine) as conn, conn.begin():
        old = conn.execute(sa.select(U).where(U.c.name == name)).first()
        enrolled = conn.execute(sa.select(sa.func.count()).select_from(U)).scalar_one()
        if enrolled == 0 and role is not Role.ADMINISTRATOR:
            raise RoleRefused(
                "the first member of a team must be an administrator: add yourself first "
                f"('team add-user {workspace.actor.user} --role administrator')"
            )
        if (
            old is not None
            and old.role == Role.ADMINISTRATOR.value
            and role is not Role.ADMINISTRATOR
            and _administrators(conn) == 1
        ):
            raise RoleRefused(f"{name} is the team's last administrator; add another first")
        now = utc_now()
        if old is None:
            conn.execute(
                U.insert().values(
                    name=name, role=role.value, display_name=display_name, created_at=now
                )
            )
            event, details = MEMBER_ADDED, {"member": name, "role": role.value}
        else:
            values = {"role": role.value}
            if display_name:
                values["display_name"] = display_name
            conn.execute(U.update().where(U.c.name == name).values(**values))
            event, details = MEMBER_CHANGED, {"member": name, "role": role.value, "was": old.role}
        workspace.log.append(event, details=details, conn=conn)
        created = old.created_at if old is not None else now
        shown = display_name or (old.display_name if old is not None else "")
    return TeamMember(name, role, shown, created)


def remove_member(workspace: Workspace, name: str) -> None:
    """Take ``name`` off the team (administrators only; never the last administrator)."""
    require_role(workspace, Role.ADMINISTRATOR, "manage the team")
    U = schema.users
    with write_connection(workspace.engine) as conn, conn.begin():
        old = conn.execute(sa.select(U).where(U.c.name == name)).first()
        if old is None:
            raise LookupError(f"{name} is not a member of this team")
        if old.role == Role.ADMINISTRATOR.value and _administrators(conn) == 1:
            raise RoleRefused(f"{name} is the team's last administrator; add another first")
        conn.execute(U.delete().where(U.c.name == name))
        workspace.log.append(MEMBER_REMOVED, details={"member": name, "role": old.role}, conn=conn)
