"""Collector profiles: the surname and home address a review compares subjects with."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from skiptrace.clock import utc_now
from skiptrace.store import schema
from skiptrace.store.engine import write_connection

U = schema.users


@dataclass(frozen=True, slots=True)
class CollectorProfile:
    """What the review knows of a person who searches."""

    name: str
    last_name: str = ""
    address: str = ""


def profiles(engine: sa.Engine) -> dict[str, CollectorProfile]:
    """Every listed user's profile, by user name."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(U.c.name, U.c.last_name, U.c.address)).all()
    return {r[0]: CollectorProfile(r[0], r[1] or "", r[2] or "") for r in rows}


def set_profile(
    engine: sa.Engine, name: str, last_name: str, address: str, role: str = "collector"
) -> None:
    """Record a user's surname and address; a user not yet listed is added with ``role``."""
    with write_connection(engine) as conn, conn.begin():
        found = conn.execute(sa.select(U.c.name).where(U.c.name == name)).first()
        if found:
            conn.execute(
                U.update().where(U.c.name == name).values(last_name=last_name, address=address)
            )
        else:
            conn.execute(
                U.insert().values(
                    name=name,
                    role=role,
                    display_name=name,
                    created_at=utc_now(),
                    last_name=last_name,
                    address=address,
                )
            )
