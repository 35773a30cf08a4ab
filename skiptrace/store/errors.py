"""A database error as a sentence a person can act on: never its SQL or parameters.

A driver error's text carries the statement and its parameters (which hold PII); the
first line of the driver's own message names the cause without them.
"""

from __future__ import annotations

import sqlalchemy as sa


def driver_reason(exc: BaseException) -> str:
    """The first line of the driver's message (refused, timeout, bad password, ...).

    Falls back to the error's type name when the driver says nothing.
    """
    orig = getattr(exc, "orig", None) or exc
    first = str(orig).strip().splitlines()
    return first[0] if first else type(orig).__name__


def connection_lost(exc: BaseException) -> bool:
    """Whether the error means the server could not be reached or dropped the connection."""
    if isinstance(exc, sa.exc.DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(exc, sa.exc.OperationalError)


def database_problem(exc: sa.exc.SQLAlchemyError) -> str:
    """Why a statement failed, for a person: unreachable or refused, and the error's kind."""
    cause = type(getattr(exc, "orig", None) or exc).__name__
    if connection_lost(exc):
        return f"the database could not be reached or the connection was lost ({cause})"
    return f"the database refused the entry ({cause})"
