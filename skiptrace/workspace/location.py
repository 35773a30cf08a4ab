"""Where a workspace is: the forms of its location that the app shows, stores and opens.

A location is a file path or a database URL; ``to_url`` turns either into the URL the
store opens. ``display_url`` is safe to show; ``without_password`` is safe to keep in a
settings file. (The store defines all but the last; the app reaches them here.)
"""

from __future__ import annotations

import sqlalchemy as sa

from skiptrace.store.engine import display_url, resolve_workspace, sqlite_path, to_url

__all__ = ["display_url", "resolve_workspace", "sqlite_path", "to_url", "without_password"]


def without_password(url: str) -> str:
    """A workspace URL fit for a settings file: a PostgreSQL password stays out (libpq
    finds it in ~/.pgpass or PGPASSWORD instead)."""
    u = sa.engine.make_url(url)
    bare = sa.engine.URL.create(u.drivername, u.username, None, u.host, u.port, u.database, u.query)
    return bare.render_as_string(hide_password=False)
