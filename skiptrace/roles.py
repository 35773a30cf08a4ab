"""Who may do what: roles from the ``users`` table, checked by the core, not by buttons.

A workspace whose ``users`` table is empty is a single person's desktop: that person is
its administrator. Once users are listed, someone missing from the list has no role.
"""

from __future__ import annotations

import enum

import sqlalchemy as sa

from skiptrace.store import schema


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


def role_of(engine: sa.Engine, user: str) -> Role | None:
    """The user's role; administrator on a workspace with no users listed; else None."""
    users = schema.users
    with engine.connect() as conn:
        row = conn.execute(sa.select(users.c.role).where(users.c.name == user)).first()
        if row is not None:
            return parse_role(row[0])
        anyone = conn.execute(sa.select(users.c.name).limit(1)).first()
    return Role.ADMINISTRATOR if anyone is None else None


def require_role(engine: sa.Engine, user: str, allowed: frozenset[Role], action: str) -> Role:
    """The user's role if it is one of ``allowed``; ``RoleRefused`` naming the action if not."""
    role = role_of(engine, user)
    if role is None or role not in allowed:
        who = f"{user!r} ({role.value})" if role else f"{user!r} (no role in this workspace)"
        needed = " or ".join(sorted(r.value for r in allowed))
        raise RoleRefused(f"{who} may not {action}: that needs the {needed} role")
    return role
