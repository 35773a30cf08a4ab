"""Who may do what: roles from the ``users`` table, checked by the core, not by buttons.

A workspace whose ``users`` table is empty is a single person's desktop: that person is
its administrator. Once users are listed, someone missing from the list has no role.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from skiptrace.clock import utc_now
from skiptrace.searchlog.events import MEMBER_ADDED, MEMBER_CHANGED, MEMBER_REMOVED
from skiptrace.store import schema
from skiptrace.store.engine import write_connection
from skiptrace.store.transaction_memo import recall

if TYPE_CHECKING:
    from skiptrace.workspace.workspace import Workspace


class Role(enum.StrEnum):
    """What a person does in a workspace."""

    COLLECTOR = "collector"
    REVIEWER = "reviewer"
    ADMINISTRATOR = "administrator"


_ALIASES = {"admin": Role.ADMINISTRATOR}

# The actions the core guards, and who may take them.
MAY_SEARCH = frozenset({Role.COLLECTOR, Role.ADMINISTRATOR})
MAY_REVIEW = frozenset({Role.REVIEWER, Role.ADMINISTRATOR})
MAY_ADMINISTER = frozenset({Role.ADMINISTRATOR})


class RoleRefused(PermissionError):
    """The user's role does not allow what was asked."""


def parse_role(text: str) -> Role:
    """A role from its stored name (``admin`` is accepted for administrator)."""
    value = text.strip().lower()
    if value in _ALIASES:
        return _ALIASES[value]
    try:
        return Role(value)
    except ValueError:
        valid = ", ".join(r.value for r in Role)
        raise ValueError(f"unknown role {text!r}; valid roles: {valid}") from None


_ROLE = sa.select(schema.users.c.role).where(schema.users.c.name == sa.bindparam("user"))
_ANYONE = sa.select(schema.users.c.name).limit(1)


def role_of(engine: sa.Engine, user: str) -> Role | None:
    """The user's role; administrator on a workspace with no users listed; else None."""
    with engine.connect() as conn:
        return role_in(conn, user)


def role_in(conn: sa.Connection, user: str) -> Role | None:
    """``role_of`` read through a connection the caller holds (inside its transaction:
    read once per transaction)."""
    return recall(conn, f"role of {user}", lambda: _read_role(conn, user))


def _read_role(conn: sa.Connection, user: str) -> Role | None:
    row = conn.execute(_ROLE, {"user": user}).first()
    if row is not None:
        return parse_role(row[0])
    anyone = conn.execute(_ANYONE).first()
    return Role.ADMINISTRATOR if anyone is None else None


def my_role(workspace: Workspace) -> Role | None:
    """The role of whoever is working in this workspace (None: none assigned)."""
    return role_of(workspace.engine, workspace.actor.user)


def require_role(
    engine: sa.Engine | sa.Connection, user: str, allowed: frozenset[Role], action: str
) -> Role:
    """The user's role if it is one of ``allowed``; ``RoleRefused`` naming the action if not
    (read through ``engine``, or a connection's open transaction)."""
    role = role_in(engine, user) if isinstance(engine, sa.Connection) else role_of(engine, user)
    if role is None or role not in allowed:
        who = f"{user!r} ({role.value})" if role else f"{user!r} (no role in this workspace)"
        needed = " or ".join(sorted(r.value for r in allowed))
        raise RoleRefused(f"{who} may not {action}: that needs the {needed} role")
    return role


# -- the team's member list (team mode: ``skiptrace-cli team add-user``) ----------------
#
# Who the user is comes from the workspace's actor (``--user`` or the OS login name);
# authentication is the OS login plus the database credentials of the desktop. Every
# change is logged in the same transaction as the change itself.


_NAME = re.compile(r"^[^\s\x00-\x1f\x7f]{1,128}$")


@dataclass(frozen=True, slots=True)
class TeamMember:
    """One row of the team's member list."""

    name: str
    role: Role
    display_name: str
    created_at: str


def members(conn: sa.Connection) -> list[TeamMember]:
    """Everyone listed in the workspace, by name."""
    U = schema.users
    rows = conn.execute(sa.select(U.c.name, U.c.role, U.c.display_name, U.c.created_at))
    found = [TeamMember(r[0], parse_role(r[1]), r[2], r[3]) for r in rows]
    return sorted(found, key=lambda m: m.name)


def _administrators(conn: sa.Connection) -> int:
    U = schema.users
    return int(
        conn.execute(
            sa.select(sa.func.count()).select_from(U).where(U.c.role == Role.ADMINISTRATOR.value)
        ).scalar_one()
    )


def add_member(workspace: Workspace, name: str, role: Role, display_name: str = "") -> TeamMember:
    """Enrol ``name`` with ``role``, or change a member's role (administrators only).

    The first member of a workspace must be an administrator and the last administrator
    cannot be demoted, so a team always has someone who can manage it.
    """
    name = name.strip()
    if not _NAME.match(name):
        raise ValueError("a user name is 1 to 128 characters with no spaces")
    require_role(workspace.engine, workspace.actor.user, MAY_ADMINISTER, "manage the team")
    U = schema.users
    with write_connection(workspace.engine) as conn, conn.begin():
        old = conn.execute(sa.select(U.c.role, U.c.display_name, U.c.created_at).where(
            U.c.name == name
        )).first()  # fmt: skip
        enrolled = conn.execute(sa.select(sa.func.count()).select_from(U)).scalar_one()
        if enrolled == 0 and role is not Role.ADMINISTRATOR:
            raise RoleRefused(
                "the first member of a team must be an administrator: add yourself first "
                f"('team add-user {workspace.actor.user} --role administrator')"
            )
        if (
            old is not None
            and parse_role(old.role) is Role.ADMINISTRATOR
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
            event = MEMBER_CHANGED
            details = {"member": name, "role": role.value, "was": parse_role(old.role).value}
        workspace.log.append(event, details=details, conn=conn)
    return TeamMember(
        name,
        role,
        display_name or (old.display_name if old is not None else ""),
        old.created_at if old is not None else now,
    )


def remove_member(workspace: Workspace, name: str) -> None:
    """Take ``name`` off the team (administrators only; never the last administrator)."""
    require_role(workspace.engine, workspace.actor.user, MAY_ADMINISTER, "manage the team")
    U = schema.users
    with write_connection(workspace.engine) as conn, conn.begin():
        old = conn.execute(sa.select(U.c.role).where(U.c.name == name)).first()
        if old is None:
            raise LookupError(f"{name} is not a member of this team")
        if parse_role(old.role) is Role.ADMINISTRATOR and _administrators(conn) == 1:
            raise RoleRefused(f"{name} is the team's last administrator; add another first")
        conn.execute(U.delete().where(U.c.name == name))
        workspace.log.append(MEMBER_REMOVED, details={"member": name, "role": old.role}, conn=conn)
