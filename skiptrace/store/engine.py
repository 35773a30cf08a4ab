"""Database engines for a workspace: SQLite (WAL) on a desktop, PostgreSQL for a team."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import platformdirs
import sqlalchemy as sa
from sqlalchemy import event

APP_NAME = "skiptrace"


def default_workspace_path() -> Path:
    """The single user's workspace file in the per-user data folder."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "workspace.sqlite"


def resolve_workspace(arg: str | None) -> str:
    """A database URL from ``--workspace``, else ``SKIPTRACE_WORKSPACE``, else the default file."""
    chosen = arg or os.environ.get("SKIPTRACE_WORKSPACE") or str(default_workspace_path())
    return to_url(chosen)


def to_url(chosen: str) -> str:
    """A file path becomes a ``sqlite:///`` URL; URLs pass through."""
    if "://" in chosen:
        if chosen.startswith("postgresql://"):
            return "postgresql+psycopg://" + chosen[len("postgresql://") :]
        if chosen.startswith("postgres://"):
            return "postgresql+psycopg://" + chosen[len("postgres://") :]
        return chosen
    return f"sqlite:///{Path(chosen).expanduser().resolve()}"


def is_sqlite(url: str) -> bool:
    """Whether a workspace URL names an embedded SQLite file."""
    return url.startswith("sqlite")


def sqlite_path(url: str) -> Path | None:
    """The file behind a ``sqlite:///`` URL, or None for other databases."""
    if not is_sqlite(url):
        return None
    return Path(sa.engine.make_url(url).database or "")


def display_url(url: str) -> str:
    """A workspace URL safe to show: no password."""
    return sa.engine.make_url(url).render_as_string(hide_password=True)


def make_engine(url: str, **kwargs: Any) -> sa.Engine:
    """An engine with the connection settings skiptrace relies on."""
    if is_sqlite(url):
        path = sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(
            url, connect_args={"timeout": 60, "check_same_thread": False}, **kwargs
        )
        _sqlite_pragmas(engine)
        return engine
    # A server that is gone fails a connect within seconds, and keepalives notice a dead
    # connection that no packet will ever close; the name shows desktops in pg_stat_activity.
    connect_args = {
        "connect_timeout": 10,
        "keepalives": 1,
        "keepalives_idle": 30,
        "keepalives_interval": 10,
        "keepalives_count": 3,
        "application_name": APP_NAME,
        **kwargs.pop("connect_args", {}),
    }
    return sa.create_engine(
        _with_password(url), pool_pre_ping=True, connect_args=connect_args, **kwargs
    )


def _with_password(url: str) -> sa.engine.URL | str:
    """A server URL given without a password gets the one kept in the keychain, if any."""
    from skiptrace.workspace.keys import database_password

    parsed = sa.engine.make_url(url)
    if parsed.password is not None:
        return url
    password = database_password(url)
    return parsed.set(password=password) if password else url


def _sqlite_pragmas(engine: sa.Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # We issue BEGIN ourselves so that writers can ask for IMMEDIATE locks.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=60000")
        cur.close()

    # Writers of this process queue on a lock of their own before BEGIN IMMEDIATE: SQLite's
    # busy handler sleeps in growing steps (up to 100 ms), so threads left to it collapse
    # a busy process (a batch's workers) to a few writes a second. Only other processes
    # still meet the busy handler.
    writers = threading.RLock()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        if conn.get_execution_options().get("sqlite_immediate"):
            writers.acquire()
            conn.info["skiptrace_writer"] = conn.info.get("skiptrace_writer", 0) + 1
            try:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            except BaseException:
                _release(conn)
                raise
        else:
            conn.exec_driver_sql("BEGIN")

    def _release(conn: sa.Connection) -> None:
        held = conn.info.get("skiptrace_writer", 0)
        if held:
            conn.info["skiptrace_writer"] = held - 1
            writers.release()

    @event.listens_for(engine, "commit")
    def _on_commit(conn: sa.Connection) -> None:
        _release(conn)

    @event.listens_for(engine, "rollback")
    def _on_rollback(conn: sa.Connection) -> None:
        _release(conn)


def write_connection(engine: sa.Engine) -> sa.Connection:
    """A connection whose transactions take the write lock at once (SQLite IMMEDIATE)."""
    return engine.connect().execution_options(sqlite_immediate=True)
